//! Training: the sparse multinomial logistic objective, the L-BFGS solver, k-fold CV and the
//! search over the regularisation strength.

use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use ndarray::Array1;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{CvScores, ModelError, Result, StanceModel, TrainingInfo};
use crate::Stance;
use crate::eval::{Report, stratified_folds};
use crate::features::{
    FeatureConfig, FeatureExtractor, NamedFeatures, QuoteInput, SparseVector, Vocabulary,
};

/// The values of `C` tried by `--c auto`.
pub const C_GRID: [f64; 7] = [0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0];

/// The regularisation strength `C` (inverse of the L2 penalty, as in scikit-learn).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Regularization {
    /// A fixed `C`.
    Fixed(f64),
    /// Pick `C` from [`C_GRID`] by macro-F1: on the dev set when one is given, else by
    /// cross-validation on the training data.
    Auto,
}

/// One labelled training example.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Example<'a> {
    /// The quote and its cue.
    pub input: QuoteInput<'a>,
    /// Its gold stance.
    pub label: Stance,
}

/// The data a model is trained on, with where it came from (recorded in the model file).
#[derive(Debug, Clone)]
pub struct TrainingSet<'a> {
    /// The examples.
    pub examples: Vec<Example<'a>>,
    /// The data file's name (without its folder, so the model does not depend on paths).
    pub source_name: String,
    /// SHA-256 of the data file, hex.
    pub source_sha256: String,
}

/// Training settings, built with setters; each setter's doc gives its default.
///
/// ```
/// use quotestance::model::{TrainParams, TrainingSet, Example, Regularization};
/// use quotestance::{QuoteInput, Stance};
/// let rows = [
///     ("We will build the new line by May.", Stance::Commitment),
///     ("We guarantee every job at the plant.", Stance::Commitment),
///     ("It may take years before the line opens.", Stance::Caution),
///     ("The plan could fail if costs rise.", Stance::Caution),
///     ("We reject the offer outright.", Stance::Refusal),
///     ("We will never sign that deal.", Stance::Refusal),
/// ];
/// let set = TrainingSet {
///     examples: rows.iter().map(|(t, l)| Example { input: QuoteInput::new(t), label: *l }).collect(),
///     source_name: "doc.csv".into(),
///     source_sha256: String::new(),
/// };
/// let params = TrainParams::default().c(Regularization::Fixed(10.0)).folds(2).seed(7);
/// let model = params.fit(&set, None).unwrap();
/// assert_eq!(model.labels().len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TrainParams {
    c: Regularization,
    folds: usize,
    seed: u64,
    max_iterations: u64,
    use_cues: bool,
    cross_validate: bool,
    features: FeatureConfig,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            c: Regularization::Fixed(10.0),
            folds: 5,
            seed: 42,
            max_iterations: 300,
            use_cues: true,
            cross_validate: true,
            features: FeatureConfig::default(),
        }
    }
}

impl TrainParams {
    /// The regularisation strength. Default: `Fixed(10.0)`.
    pub fn c(mut self, c: Regularization) -> Self {
        self.c = c;
        self
    }

    /// The number of cross-validation folds (at least 2). Default: 5.
    pub fn folds(mut self, folds: usize) -> Self {
        self.folds = folds;
        self
    }

    /// The seed of the fold assignment. Default: 42.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The most L-BFGS iterations per fit. Default: 300.
    pub fn max_iterations(mut self, n: u64) -> Self {
        self.max_iterations = n;
        self
    }

    /// Learn from the reporting cues given with the examples. Default: true.
    pub fn use_cues(mut self, yes: bool) -> Self {
        self.use_cues = yes;
        self
    }

    /// Cross-validate the chosen `C` and record the scores in the model. Default: true.
    pub fn cross_validate(mut self, yes: bool) -> Self {
        self.cross_validate = yes;
        self
    }

    /// The feature configuration. Default: [`FeatureConfig::default`].
    pub fn features(mut self, config: FeatureConfig) -> Self {
        self.features = config;
        self
    }

    fn check(&self, set: &TrainingSet<'_>) -> Result<Vec<Stance>> {
        if let Regularization::Fixed(c) = self.c {
            if !(c.is_finite() && c > 0.0) {
                return Err(ModelError::BadParameter(format!(
                    "C must be a positive number, got {c}"
                )));
            }
        }
        if self.folds < 2 {
            return Err(ModelError::BadParameter(format!(
                "folds must be at least 2, got {}",
                self.folds
            )));
        }
        if set.examples.is_empty() {
            return Err(ModelError::NoData);
        }
        let mut labels: Vec<Stance> = set.examples.iter().map(|e| e.label).collect();
        labels.sort();
        labels.dedup();
        if labels.len() < 2 {
            return Err(ModelError::SingleClass(labels[0]));
        }
        if self.folds > set.examples.len() {
            return Err(ModelError::BadParameter(format!(
                "{} folds need at least {} rows, the data has {}",
                self.folds,
                self.folds,
                set.examples.len()
            )));
        }
        Ok(labels)
    }

    /// The parameters actually used on `set`: a model trained without cues says so in its
    /// feature configuration, and then ignores cues.
    fn effective(&self) -> TrainParams {
        let cue_features = self.use_cues && self.features.cue_features;
        TrainParams {
            features: FeatureConfig {
                cue_features,
                ..self.features.clone()
            },
            ..self.clone()
        }
    }

    /// Pooled out-of-fold scores of `folds`-fold cross-validation at a fixed `C`.
    pub fn cross_validation(&self, set: &TrainingSet<'_>) -> Result<CvScores> {
        let Regularization::Fixed(c) = self.c else {
            return Err(ModelError::BadParameter(
                "cross-validation needs a fixed C".into(),
            ));
        };
        let labels = self.check(set)?;
        let params = self.effective();
        let docs = Featurised::new(
            &FeatureExtractor::new(params.features.clone()),
            set,
            &labels,
        );
        let folds = stratified_folds(&docs.targets, params.folds, params.seed);
        docs.cross_validate(&labels, &folds, c, &params)
    }

    /// Trains a model on `set`. With [`Regularization::Auto`], `C` is chosen on `dev` when
    /// given, else by cross-validation. Unless turned off, the model's metadata records the
    /// cross-validated scores at the chosen `C`.
    pub fn fit(&self, set: &TrainingSet<'_>, dev: Option<&TrainingSet<'_>>) -> Result<StanceModel> {
        let labels = self.check(set)?;
        let params = &self.effective();
        let extractor = FeatureExtractor::new(params.features.clone());
        let docs = Featurised::new(&extractor, set, &labels);
        let folds = stratified_folds(&docs.targets, params.folds, params.seed);
        let (c, c_search) = match params.c {
            Regularization::Fixed(c) => (c, Vec::new()),
            Regularization::Auto => {
                let scores: Vec<CvScores> = C_GRID
                    .par_iter()
                    .map(|&c| match dev {
                        Some(dev) => docs.score_on(&extractor, &labels, c, dev, params),
                        None => docs.cross_validate(&labels, &folds, c, params),
                    })
                    .collect::<Result<_>>()?;
                // Best macro-F1; on a tie the smaller C (the simpler model) wins.
                let best = scores.iter().fold(&scores[0], |best, s| {
                    if s.macro_f1 > best.macro_f1 { s } else { best }
                });
                (best.c, scores)
            }
        };
        let cross_validation = if !params.cross_validate {
            None
        } else if let Some(s) = c_search.iter().find(|s| s.c == c && dev.is_none()) {
            Some(s.clone())
        } else {
            Some(docs.cross_validate(&labels, &folds, c, params)?)
        };
        let all: Vec<usize> = (0..docs.keys.len()).collect();
        let mut model = docs.fit_subset(&labels, &all, c, params)?;
        let mut rows_per_label = std::collections::BTreeMap::new();
        for e in &set.examples {
            *rows_per_label.entry(e.label).or_insert(0) += 1;
        }
        let info = TrainingInfo {
            data_file: set.source_name.clone(),
            data_sha256: set.source_sha256.clone(),
            dev_file: dev.map(|d| d.source_name.clone()),
            rows: set.examples.len(),
            rows_per_label,
            rows_with_cue: docs.rows_with_cue,
            used_cues: params.use_cues,
            seed: params.seed,
            c,
            folds: params.folds,
            c_search,
            cross_validation,
        };
        model.info = info;
        Ok(model)
    }
}

/// Feature keys of every training example, computed once and shared by all fits.
struct Featurised {
    keys: Vec<Vec<u64>>,
    names: FxHashMap<u64, String>,
    targets: Vec<usize>,
    rows_with_cue: usize,
}

impl Featurised {
    fn new(extractor: &FeatureExtractor, set: &TrainingSet<'_>, labels: &[Stance]) -> Self {
        let named: Vec<NamedFeatures> = set
            .examples
            .par_iter()
            .map(|e| {
                let mut sink = NamedFeatures::default();
                extractor.extract(e.input, &mut sink);
                sink
            })
            .collect();
        let mut names = FxHashMap::default();
        let mut keys = Vec::with_capacity(named.len());
        for n in named {
            names.extend(n.names);
            keys.push(n.keys);
        }
        let targets = set
            .examples
            .iter()
            .map(|e| {
                labels
                    .iter()
                    .position(|l| *l == e.label)
                    .expect("label set comes from the data")
            })
            .collect();
        let rows_with_cue = set
            .examples
            .iter()
            .filter(|e| e.input.cue.is_some())
            .count();
        Featurised {
            keys,
            names,
            targets,
            rows_with_cue,
        }
    }

    /// Learns a vocabulary and weights from the examples in `subset`.
    fn fit_subset(
        &self,
        labels: &[Stance],
        subset: &[usize],
        c: f64,
        params: &TrainParams,
    ) -> Result<StanceModel> {
        let docs: Vec<Vec<u64>> = subset.iter().map(|&i| self.keys[i].clone()).collect();
        let vocabulary = Vocabulary::fit(&docs, params.features.min_df, |k| self.names[&k].clone());
        let rows: Vec<SparseVector> = docs
            .iter()
            .map(|d| {
                let mut v = SparseVector::default();
                vocabulary.vectorize_into(d, &mut v);
                v
            })
            .collect();
        let targets: Vec<usize> = subset.iter().map(|&i| self.targets[i]).collect();
        let problem = SoftmaxProblem {
            rows: &rows,
            targets: &targets,
            n_features: vocabulary.len(),
            n_labels: labels.len(),
            alpha: 1.0 / c,
        };
        let theta = problem.minimize(params.max_iterations)?;
        let (weights, bias) = problem.split(&theta);
        StanceModel::from_parts(
            labels.to_vec(),
            params.features.clone(),
            vocabulary,
            weights,
            bias,
            TrainingInfo::default(),
        )
    }

    /// Pooled out-of-fold scores at regularisation `c`; folds are fitted in parallel.
    fn cross_validate(
        &self,
        labels: &[Stance],
        folds: &[usize],
        c: f64,
        params: &TrainParams,
    ) -> Result<CvScores> {
        let k = folds.iter().max().map_or(0, |m| m + 1);
        let predictions: Vec<Vec<(usize, Stance)>> = (0..k)
            .into_par_iter()
            .map(|fold| {
                let train: Vec<usize> = (0..folds.len()).filter(|&i| folds[i] != fold).collect();
                let model = self.fit_subset(labels, &train, c, params)?;
                let mut v = SparseVector::default();
                Ok((0..folds.len())
                    .filter(|&i| folds[i] == fold)
                    .map(|i| {
                        model.vocabulary().vectorize_into(&self.keys[i], &mut v);
                        (i, model.predict_vector(&v).label)
                    })
                    .collect())
            })
            .collect::<Result<_>>()?;
        let mut predicted = vec![labels[0]; folds.len()];
        for (i, label) in predictions.into_iter().flatten() {
            predicted[i] = label;
        }
        let gold: Vec<Stance> = self.targets.iter().map(|&t| labels[t]).collect();
        let report = Report::new(&gold, &predicted, labels);
        Ok(CvScores {
            c,
            accuracy: report.accuracy,
            macro_f1: report.macro_f1,
        })
    }

    /// Fits on all examples at `c` and scores on a separate dev set.
    fn score_on(
        &self,
        extractor: &FeatureExtractor,
        labels: &[Stance],
        c: f64,
        dev: &TrainingSet<'_>,
        params: &TrainParams,
    ) -> Result<CvScores> {
        let all: Vec<usize> = (0..self.keys.len()).collect();
        let model = self.fit_subset(labels, &all, c, params)?;
        let gold: Vec<Stance> = dev.examples.iter().map(|e| e.label).collect();
        let predicted: Vec<Stance> = dev
            .examples
            .iter()
            .map(|e| model.predict_with(extractor, e.input).label)
            .collect();
        let report = Report::new(&gold, &predicted, labels);
        Ok(CvScores {
            c,
            accuracy: report.accuracy,
            macro_f1: report.macro_f1,
        })
    }
}

/// The multinomial logistic loss of `linfa-logistic`, evaluated on sparse rows:
/// `-Σ log softmax(x·W + b)[y] + α/2 ‖W‖²` (the intercept is not penalised).
///
/// Parameters are laid out as linfa lays them out: an `(n_features + 1) × n_labels` row-major
/// matrix whose last row is the intercept.
pub(crate) struct SoftmaxProblem<'a> {
    pub rows: &'a [SparseVector],
    pub targets: &'a [usize],
    pub n_features: usize,
    pub n_labels: usize,
    pub alpha: f64,
}

impl SoftmaxProblem<'_> {
    /// Loss and, when `grad` is given, its gradient, in one pass over the data.
    pub fn loss_and_grad(&self, theta: &[f64], mut grad: Option<&mut [f64]>) -> f64 {
        let k = self.n_labels;
        let bias = &theta[self.n_features * k..];
        let mut loss = 0.0;
        let mut scores = vec![0.0; k];
        if let Some(g) = grad.as_deref_mut() {
            g.fill(0.0);
        }
        for (row, &y) in self.rows.iter().zip(self.targets) {
            scores.copy_from_slice(bias);
            for (j, v) in row.iter() {
                for (s, w) in scores.iter_mut().zip(&theta[j * k..(j + 1) * k]) {
                    *s += v * w;
                }
            }
            let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let sum: f64 = scores.iter().map(|s| (s - max).exp()).sum();
            let log_z = max + sum.ln();
            loss += log_z - scores[y];
            if let Some(g) = grad.as_deref_mut() {
                for (c, s) in scores.iter_mut().enumerate() {
                    *s = (*s - log_z).exp() - if c == y { 1.0 } else { 0.0 };
                }
                for (j, v) in row.iter() {
                    for (gj, d) in g[j * k..(j + 1) * k].iter_mut().zip(&scores) {
                        *gj += v * d;
                    }
                }
                for (gb, d) in g[self.n_features * k..].iter_mut().zip(&scores) {
                    *gb += d;
                }
            }
        }
        let penalised = &theta[..self.n_features * k];
        loss += 0.5 * self.alpha * penalised.iter().map(|w| w * w).sum::<f64>();
        if let Some(g) = grad {
            for (gj, w) in g.iter_mut().zip(penalised) {
                *gj += self.alpha * w;
            }
        }
        loss
    }

    /// Minimises the loss with L-BFGS (memory 10, Moré–Thuente line search), from zero.
    pub fn minimize(&self, max_iterations: u64) -> Result<Vec<f64>> {
        let n = (self.n_features + 1) * self.n_labels;
        let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
            .with_tolerance_grad(1e-6)
            .and_then(|s| s.with_tolerance_cost(1e-12))
            .map_err(|e| ModelError::Solver(e.to_string()))?;
        let result = Executor::new(Objective(self), solver)
            .configure(|state| state.param(Array1::zeros(n)).max_iters(max_iterations))
            .run()
            .map_err(|e| ModelError::Solver(e.to_string()))?;
        let best = result
            .state()
            .get_best_param()
            .ok_or_else(|| ModelError::Solver("no parameters".into()))?;
        if best.iter().any(|w| !w.is_finite()) {
            return Err(ModelError::Solver(
                "the solver produced non-finite weights".into(),
            ));
        }
        Ok(best.to_vec())
    }

    /// Splits parameters into per-label weight rows and biases.
    pub fn split(&self, theta: &[f64]) -> (Vec<Vec<f64>>, Vec<f64>) {
        let k = self.n_labels;
        let weights = (0..k)
            .map(|c| (0..self.n_features).map(|j| theta[j * k + c]).collect())
            .collect();
        (weights, theta[self.n_features * k..].to_vec())
    }
}

struct Objective<'p, 'a>(&'p SoftmaxProblem<'a>);

impl CostFunction for Objective<'_, '_> {
    type Param = Array1<f64>;
    type Output = f64;

    fn cost(&self, theta: &Array1<f64>) -> std::result::Result<f64, argmin::core::Error> {
        Ok(self
            .0
            .loss_and_grad(theta.as_slice().expect("contiguous"), None))
    }
}

impl Gradient for Objective<'_, '_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;

    fn gradient(
        &self,
        theta: &Array1<f64>,
    ) -> std::result::Result<Array1<f64>, argmin::core::Error> {
        let mut g = Array1::zeros(theta.len());
        self.0
            .loss_and_grad(theta.as_slice().expect("contiguous"), g.as_slice_mut());
        Ok(g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linfa::prelude::*;
    use linfa_logistic::MultiLogisticRegression;
    use ndarray::Array2;

    /// A small 3-class problem with overlapping classes, as dense and sparse rows.
    fn toy_data() -> (Array2<f64>, Vec<usize>) {
        let mut x = Array2::zeros((60, 5));
        let mut y = Vec::new();
        for i in 0..60 {
            let class = i % 3;
            for j in 0..5 {
                // A deterministic pseudo-random pattern with a class-dependent shift.
                let noise = (((i * 7 + j * 13) % 11) as f64 - 5.0) / 5.0;
                x[[i, j]] = noise + if j == class { 1.0 } else { 0.0 };
            }
            y.push(class);
        }
        (x, y)
    }

    #[test]
    fn sparse_objective_reaches_linfa_logistic_loss() {
        let (x, y) = toy_data();
        let alpha = 0.5;
        let rows: Vec<SparseVector> = x
            .rows()
            .into_iter()
            .map(|r| SparseVector {
                indices: (0..5).collect(),
                values: r.to_vec(),
            })
            .collect();
        let problem = SoftmaxProblem {
            rows: &rows,
            targets: &y,
            n_features: 5,
            n_labels: 3,
            alpha,
        };
        let ours = problem.minimize(1000).unwrap();

        let targets = ndarray::Array1::from(y.clone());
        let fitted = MultiLogisticRegression::default()
            .alpha(alpha)
            .max_iterations(1000)
            .gradient_tolerance(1e-8)
            .fit(&Dataset::new(x.clone(), targets))
            .unwrap();
        // linfa orders classes by label value (0, 1, 2), as our targets are.
        let mut theirs = vec![0.0; 18];
        for j in 0..5 {
            for c in 0..3 {
                theirs[j * 3 + c] = fitted.params()[[j, c]];
            }
        }
        for c in 0..3 {
            theirs[15 + c] = fitted.intercept()[c];
        }
        let (l_ours, l_theirs) = (
            problem.loss_and_grad(&ours, None),
            problem.loss_and_grad(&theirs, None),
        );
        assert!(
            (l_ours - l_theirs).abs() < 1e-4,
            "ours {l_ours} linfa {l_theirs}"
        );
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let (x, y) = toy_data();
        let rows: Vec<SparseVector> = x
            .rows()
            .into_iter()
            .map(|r| SparseVector {
                indices: (0..5).collect(),
                values: r.to_vec(),
            })
            .collect();
        let problem = SoftmaxProblem {
            rows: &rows,
            targets: &y,
            n_features: 5,
            n_labels: 3,
            alpha: 0.3,
        };
        let theta: Vec<f64> = (0..18).map(|i| (i as f64 * 0.37).sin() * 0.5).collect();
        let mut grad = vec![0.0; 18];
        problem.loss_and_grad(&theta, Some(&mut grad));
        for i in 0..18 {
            let mut plus = theta.clone();
            let mut minus = theta.clone();
            plus[i] += 1e-6;
            minus[i] -= 1e-6;
            let numeric =
                (problem.loss_and_grad(&plus, None) - problem.loss_and_grad(&minus, None)) / 2e-6;
            assert!(
                (numeric - grad[i]).abs() < 1e-4,
                "param {i}: {numeric} vs {}",
                grad[i]
            );
        }
    }
}
