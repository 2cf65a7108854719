//! The stance model: a linear model per label over the sparse features, softmax probabilities.
//!
//! - [`TrainParams`] configures training and [`TrainParams::fit`] returns a [`StanceModel`];
//! - [`StanceModel::predict`] classifies one quote: features, sparse dot products, softmax,
//!   with no dense matrix per quote; [`StanceModel::explain`] lists the features that pushed
//!   the prediction;
//! - [`Quotes`] makes a linfa record set of quotes: [`TrainParams`] is then a linfa `Fit`
//!   algorithm and [`StanceModel`] a linfa predictor;
//! - [`StanceModel::load`] / [`StanceModel::save`] read and atomically write the versioned
//!   model file (see [`mod@file`]), and [`StanceModel::default_model`] is the model shipped in
//!   `models/default.json`, embedded in the binary.
//!
//! ```
//! use quotestance::{StanceModel, QuoteInput, Stance};
//! let model = StanceModel::default_model();
//! let p = model.predict(QuoteInput::with_cue("whether the bank would cut rates", "declined to say"));
//! let total: f64 = p.probabilities.iter().map(|(_, p)| p).sum();
//! assert!((total - 1.0).abs() < 1e-9);
//! ```

pub mod file;
mod linfa_traits;
mod train;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use linfa_traits::Quotes;
pub use train::{C_GRID, Example, Regularization, TrainParams, TrainingSet};

use crate::Stance;
use crate::features::{
    FeatureConfig, FeatureExtractor, IndexSink, QuoteInput, SparseVector, Vocabulary,
};

/// What can go wrong when training, loading or saving a model.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The model file could not be read.
    #[error("cannot read model file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The model file could not be written.
    #[error("cannot write model file {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a quotestance model, or is damaged.
    #[error(
        "{path} is not a valid quotestance model ({reason}); retrain it with `quotestance train`"
    )]
    Damaged {
        /// The file (or `<embedded default model>`).
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The file is a model of another format version.
    #[error(
        "{path} is a model of format version {found}, this quotestance reads version {expected}; \
         retrain it with `quotestance train`"
    )]
    Version {
        /// The file.
        path: String,
        /// The version in the file.
        found: u64,
        /// The version this build reads.
        expected: u64,
    },
    /// Training was given no rows.
    #[error("the training data has no rows")]
    NoData,
    /// Training data with one label only.
    #[error("the training data has only one label ({0}); a classifier needs at least two")]
    SingleClass(Stance),
    /// A training parameter is out of range.
    #[error("invalid training parameter: {0}")]
    BadParameter(String),
    /// The optimiser failed.
    #[error("the optimiser failed: {0}; try a smaller --c")]
    Solver(String),
}

/// A `Result` with a [`ModelError`].
pub type Result<T, E = ModelError> = std::result::Result<T, E>;

/// Cross-validated (or dev-set) scores at one regularisation strength.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CvScores {
    /// The regularisation strength `C`.
    pub c: f64,
    /// Accuracy of the pooled out-of-fold predictions.
    pub accuracy: f64,
    /// Macro-F1 of the pooled out-of-fold predictions.
    pub macro_f1: f64,
}

/// How a model was trained: recorded in its file so anyone can tell what it learned from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingInfo {
    /// Name of the training CSV (without folder).
    pub data_file: String,
    /// SHA-256 of the training CSV.
    pub data_sha256: String,
    /// Name of the dev CSV used to choose `C`, if any.
    pub dev_file: Option<String>,
    /// Number of training rows.
    pub rows: usize,
    /// Training rows per label.
    pub rows_per_label: BTreeMap<Stance, usize>,
    /// Training rows that had a reporting cue.
    pub rows_with_cue: usize,
    /// Whether the cues were given to the model.
    pub used_cues: bool,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// The regularisation strength used.
    pub c: f64,
    /// Number of cross-validation folds.
    pub folds: usize,
    /// Scores of each `C` tried by `--c auto` (empty for a fixed `C`).
    pub c_search: Vec<CvScores>,
    /// Cross-validated scores at the chosen `C` (none when cross-validation was turned off).
    pub cross_validation: Option<CvScores>,
}

/// The label a model predicts for a quote, with its probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The most probable label.
    pub label: Stance,
    /// The probability of every label of the model, in the model's label order.
    pub probabilities: Vec<(Stance, f64)>,
}

impl Prediction {
    /// The probability of the predicted label.
    pub fn confidence(&self) -> f64 {
        self.probabilities
            .iter()
            .find(|(l, _)| *l == self.label)
            .map_or(0.0, |(_, p)| *p)
    }
}

/// One feature's share in a prediction (see [`StanceModel::explain`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// The feature's readable name.
    pub feature: String,
    /// Its TF-IDF value in the quote.
    pub value: f64,
    /// Its weight for the label.
    pub weight: f64,
    /// `value × weight`: how much it raised (or lowered) the label's score.
    pub contribution: f64,
}

/// A trained stance model: everything needed to classify a quote the way it was trained.
#[derive(Debug)]
pub struct StanceModel {
    labels: Vec<Stance>,
    extractor: FeatureExtractor,
    vocabulary: Vocabulary,
    /// Feature-major weights: `weights[j * n_labels + k]`, so one feature's weights are adjacent.
    weights: Vec<f64>,
    bias: Vec<f64>,
    info: TrainingInfo,
}

thread_local! {
    /// The reused vector of the prediction path.
    static PREDICT_SCRATCH: RefCell<SparseVector> = RefCell::default();
}

const DEFAULT_MODEL_JSON: &[u8] = include_bytes!("../../models/default.json");

impl StanceModel {
    /// Assembles a model from its learned parts, checking that their shapes agree.
    pub fn from_parts(
        labels: Vec<Stance>,
        features: FeatureConfig,
        vocabulary: Vocabulary,
        weights_per_label: Vec<Vec<f64>>,
        bias: Vec<f64>,
        info: TrainingInfo,
    ) -> Result<Self> {
        let damaged = |reason: String| ModelError::Damaged {
            path: "<model>".into(),
            reason,
        };
        if labels.len() < 2 || weights_per_label.len() != labels.len() || bias.len() != labels.len()
        {
            return Err(damaged(format!(
                "{} labels, {} weight rows and {} biases do not match",
                labels.len(),
                weights_per_label.len(),
                bias.len()
            )));
        }
        let mut unique = labels.clone();
        unique.sort();
        unique.dedup();
        if unique.len() != labels.len() {
            return Err(damaged("a label appears twice".into()));
        }
        let n = vocabulary.len();
        if let Some((k, row)) = weights_per_label
            .iter()
            .enumerate()
            .find(|(_, r)| r.len() != n)
        {
            return Err(damaged(format!(
                "label {} has {} weights for {n} features",
                labels[k],
                row.len()
            )));
        }
        if weights_per_label
            .iter()
            .flatten()
            .chain(&bias)
            .any(|w| !w.is_finite())
        {
            return Err(damaged("a weight is not a finite number".into()));
        }
        let k = labels.len();
        let mut weights = vec![0.0; n * k];
        for (c, row) in weights_per_label.iter().enumerate() {
            for (j, w) in row.iter().enumerate() {
                weights[j * k + c] = *w;
            }
        }
        Ok(StanceModel {
            labels,
            extractor: FeatureExtractor::new(features),
            vocabulary,
            weights,
            bias,
            info,
        })
    }

    /// The model shipped with quotestance (`models/default.json`), parsed once.
    pub fn default_model() -> &'static StanceModel {
        static MODEL: OnceLock<StanceModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            file::from_json(DEFAULT_MODEL_JSON, "<embedded default model>")
                .expect("the embedded default model is checked by the test suite")
        })
    }

    /// The labels this model predicts, in its order.
    pub fn labels(&self) -> &[Stance] {
        &self.labels
    }

    /// The feature configuration the model was trained with.
    pub fn feature_config(&self) -> &FeatureConfig {
        self.extractor.config()
    }

    /// The learned vocabulary and IDF weights.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// How the model was trained.
    pub fn training_info(&self) -> &TrainingInfo {
        &self.info
    }

    /// The weight of feature `j` for label number `k`.
    fn weight(&self, j: usize, k: usize) -> f64 {
        self.weights[j * self.labels.len() + k]
    }

    /// Classifies one quote.
    pub fn predict(&self, input: QuoteInput<'_>) -> Prediction {
        self.predict_with(&self.extractor, input)
    }

    fn predict_with(&self, extractor: &FeatureExtractor, input: QuoteInput<'_>) -> Prediction {
        PREDICT_SCRATCH.with_borrow_mut(|vector| {
            vector.indices.clear();
            let vocabulary = &self.vocabulary;
            extractor.extract(input, &mut IndexSink { vocabulary, vector });
            vocabulary.weigh(vector);
            self.predict_vector(vector)
        })
    }

    /// Classifies an already vectorised quote.
    pub fn predict_vector(&self, vector: &SparseVector) -> Prediction {
        let k = self.labels.len();
        // At most three labels (one per stance): scores live on the stack.
        let mut buf = [0.0; Stance::ALL.len()];
        let scores = &mut buf[..k];
        scores.copy_from_slice(&self.bias);
        for (j, v) in vector.iter() {
            for (s, w) in scores.iter_mut().zip(&self.weights[j * k..(j + 1) * k]) {
                *s += v * w;
            }
        }
        let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut total = 0.0;
        for s in scores.iter_mut() {
            *s = (*s - max).exp();
            total += *s;
        }
        scores.iter_mut().for_each(|s| *s /= total);
        // The first of equally probable labels wins, so ties resolve the same way every time.
        let best = (1..k).fold(0, |best, c| if scores[c] > scores[best] { c } else { best });
        Prediction {
            label: self.labels[best],
            probabilities: self
                .labels
                .iter()
                .copied()
                .zip(scores.iter().copied())
                .collect(),
        }
    }

    /// The `top_k` features that raised the score of the predicted label most, with the
    /// prediction itself.
    pub fn explain(&self, input: QuoteInput<'_>, top_k: usize) -> (Prediction, Vec<Contribution>) {
        let mut keys = Vec::new();
        self.extractor.extract(input, &mut keys);
        let mut vector = SparseVector::default();
        self.vocabulary.vectorize_into(&keys, &mut vector);
        let prediction = self.predict_vector(&vector);
        let k = self
            .labels
            .iter()
            .position(|l| *l == prediction.label)
            .expect("label of this model");
        let mut contributions: Vec<Contribution> = vector
            .iter()
            .map(|(j, value)| {
                let weight = self.weight(j, k);
                Contribution {
                    feature: self.vocabulary.entry(j).name.clone(),
                    value,
                    weight,
                    contribution: value * weight,
                }
            })
            .collect();
        contributions.sort_by(|a, b| {
            b.contribution
                .total_cmp(&a.contribution)
                .then_with(|| a.feature.cmp(&b.feature))
        });
        contributions.truncate(top_k);
        (prediction, contributions)
    }
}
