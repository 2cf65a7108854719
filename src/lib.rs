//! quotestance finds the quotes in news text, attributes them to their speakers and labels
//! each speaker's stance as `commitment`, `caution` or `refusal`.
//!
//! The pipeline runs one way, one module a stage:
//! 1. [`text`]: paragraphs, sentences and tokens, all byte offsets into the original text;
//! 2. [`quotes`]: quoted passages, reported speech and their speakers;
//! 3. [`features`]: quote text and reporting cue → negation-aware stems, n-grams and cue-lexicon
//!    counts → a TF-IDF sparse vector;
//! 4. [`model`]: [`StanceModel`], a multinomial logistic regression trained with L2 through an
//!    argmin L-BFGS solver (the objective of `linfa-logistic`, evaluated sparsely), stored as a
//!    versioned JSON file;
//! 5. [`eval`]: accuracy, macro-F1, per-class scores, confusion matrix, stratified k-fold
//!    cross-validation, and quote-extraction scores against gold quotes.
//!
//! [`quotes`] finds the quotes of an article and their speakers, and [`annotate`] runs the
//! whole pipeline: quotes → speakers → stance. [`data`] reads labelled and unlabelled CSV
//! files with errors that name the file, line and field; [`report`] renders results.
//!
//! ```
//! use quotestance::{StanceModel, QuoteInput};
//! let model = StanceModel::default_model();
//! let prediction = model.predict(QuoteInput::new("We will never accept this deal."));
//! println!("{} {:.2}", prediction.label, prediction.confidence());
//! ```
#![warn(missing_docs)]

pub mod annotate;
pub mod data;
pub mod eval;
pub mod features;
pub mod model;
pub mod quotes;
pub mod report;
mod stance;
pub mod text;

pub use features::QuoteInput;
pub use model::{Prediction, StanceModel};
pub use stance::{Stance, UnknownStance};
