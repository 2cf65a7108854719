//! The whole pipeline on one article: quotes, speakers, and each speaker's stance.

use crate::QuoteInput;
use crate::model::{Prediction, StanceModel};
use crate::quotes::{Quote, extract};

/// A quote with the stance of its speaker.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotated {
    /// The quote and its attribution.
    pub quote: Quote,
    /// The stance, when a model was given.
    pub stance: Option<Prediction>,
}

/// Extracts the quotes of `article` and, with a model, classifies each one's stance, reading
/// the reporting cue with the words (`reiterated that` + `Italy would not deploy troops`).
///
/// ```
/// use quotestance::{annotate::annotate, Stance, StanceModel};
/// let quotes = annotate("Meloni reiterated that Italy would not deploy troops.", Some(StanceModel::default_model()));
/// assert_eq!(quotes[0].stance.as_ref().unwrap().label, Stance::Refusal);
/// ```
pub fn annotate(article: &str, model: Option<&StanceModel>) -> Vec<Annotated> {
    extract(article)
        .into_iter()
        .map(|quote| {
            let stance = model.map(|m| {
                let input = match &quote.cue {
                    Some(cue) => QuoteInput::with_cue(&quote.text, cue),
                    None => QuoteInput::new(&quote.text),
                };
                m.predict(input)
            });
            Annotated { quote, stance }
        })
        .collect()
}
