//! The linfa face of the model: quotes as a linfa record set, [`TrainParams`] as a linfa
//! [`Fit`] algorithm and [`StanceModel`] as a linfa predictor, so quotestance composes with
//! code written against linfa's traits.
//!
//! ```
//! use linfa::prelude::*;
//! use quotestance::model::{Quotes, Regularization, TrainParams};
//! use quotestance::{QuoteInput, Stance};
//! let texts = [
//!     ("We will build the new line by May.", Stance::Commitment),
//!     ("We guarantee every job at the plant.", Stance::Commitment),
//!     ("It may take years before the line opens.", Stance::Caution),
//!     ("The plan could fail if costs rise.", Stance::Caution),
//!     ("We reject the offer outright.", Stance::Refusal),
//!     ("We will never sign that deal.", Stance::Refusal),
//! ];
//! let records = Quotes(texts.iter().map(|(t, _)| QuoteInput::new(t)).collect());
//! let targets: Vec<Stance> = texts.iter().map(|(_, l)| *l).collect();
//! let dataset = DatasetBase::new(records, targets);
//! let params = TrainParams::default().c(Regularization::Fixed(10.0)).folds(2);
//! let model = Fit::fit(&params, &dataset).unwrap();
//! let predicted: Vec<Stance> = Predict::predict(&model, &dataset);
//! assert_eq!(predicted.len(), 6);
//! ```

use linfa::dataset::{DatasetBase, Records};
use linfa::traits::{Fit, PredictInplace};

use super::{Example, ModelError, StanceModel, TrainParams, TrainingSet};
use crate::{QuoteInput, Stance};

/// Quotes as a linfa record set, one sample per quote. Features are extracted inside the
/// model, so the record set reports no feature count of its own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Quotes<'a>(pub Vec<QuoteInput<'a>>);

impl Records for Quotes<'_> {
    type Elem = ();

    fn nsamples(&self) -> usize {
        self.0.len()
    }

    fn nfeatures(&self) -> usize {
        0
    }
}

impl From<linfa::error::Error> for ModelError {
    fn from(e: linfa::error::Error) -> Self {
        ModelError::BadParameter(e.to_string())
    }
}

impl<'a> Fit<Quotes<'a>, Vec<Stance>, ModelError> for TrainParams {
    type Object = StanceModel;

    /// Trains on a linfa dataset of quotes and stances (no dev set: `C` auto uses
    /// cross-validation).
    fn fit(
        &self,
        dataset: &DatasetBase<Quotes<'a>, Vec<Stance>>,
    ) -> Result<StanceModel, ModelError> {
        if dataset.records.0.len() != dataset.targets.len() {
            return Err(ModelError::BadParameter(format!(
                "{} quotes but {} labels",
                dataset.records.0.len(),
                dataset.targets.len()
            )));
        }
        let examples = dataset
            .records
            .0
            .iter()
            .zip(&dataset.targets)
            .map(|(input, label)| Example {
                input: *input,
                label: *label,
            })
            .collect();
        let set = TrainingSet {
            examples,
            source_name: String::new(),
            source_sha256: String::new(),
        };
        TrainParams::fit(self, &set, None)
    }
}

impl<'a> PredictInplace<Quotes<'a>, Vec<Stance>> for StanceModel {
    /// Fills `y` with the predicted stance of each quote.
    fn predict_inplace<'b>(&'b self, x: &'b Quotes<'a>, y: &mut Vec<Stance>) {
        y.clear();
        y.extend(x.0.iter().map(|q| self.predict(*q).label));
    }

    fn default_target(&self, x: &Quotes<'a>) -> Vec<Stance> {
        Vec::with_capacity(x.0.len())
    }
}
