//! Evaluation: accuracy, macro-F1, per-class precision/recall/F1, confusion matrix, and the
//! stratified, seeded fold assignment used for cross-validation.
//!
//! Macro-F1 is the mean of the per-class F1 scores over the classes that occur in the gold or
//! the predicted labels (not the harmonic mean of macro-precision and macro-recall).
//!
//! ```
//! use quotestance::{Stance::*, eval::Report};
//! let gold = [Commitment, Caution, Refusal, Caution];
//! let pred = [Commitment, Caution, Caution, Caution];
//! let report = Report::new(&gold, &pred, &[Commitment, Caution, Refusal]);
//! assert_eq!(report.accuracy, 0.75);
//! assert_eq!(report.confusion[2][1], 1); // one refusal predicted as caution
//! ```

pub mod quotes;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use serde::Serialize;

use crate::Stance;

/// Precision, recall, F1 and support of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassScores {
    /// The class.
    #[serde(skip)]
    pub label: Stance,
    /// Correct predictions of the class / all predictions of it (0 when never predicted).
    pub precision: f64,
    /// Correct predictions of the class / gold rows of it (0 when absent).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Gold rows of the class.
    pub support: usize,
}

/// Scores of predictions against gold labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Number of rows.
    pub n: usize,
    /// Share of rows predicted right.
    pub accuracy: f64,
    /// Mean per-class F1 over the classes present in gold or predictions.
    pub macro_f1: f64,
    /// Scores per class, in the order of the label set.
    pub per_class: Vec<ClassScores>,
    /// The label set, the order of the confusion matrix.
    pub labels: Vec<Stance>,
    /// `confusion[gold][predicted]` counts, indexed like `labels`.
    pub confusion: Vec<Vec<usize>>,
}

impl Report {
    /// Scores `predicted` against `gold` (same length) over the label set `labels`; labels
    /// met in the data but missing from `labels` are added at the end.
    pub fn new(gold: &[Stance], predicted: &[Stance], labels: &[Stance]) -> Report {
        assert_eq!(gold.len(), predicted.len(), "one prediction per gold label");
        let mut labels = labels.to_vec();
        for l in gold.iter().chain(predicted) {
            if !labels.contains(l) {
                labels.push(*l);
            }
        }
        let index = |l: &Stance| labels.iter().position(|x| x == l).expect("added above");
        let k = labels.len();
        let mut confusion = vec![vec![0usize; k]; k];
        for (g, p) in gold.iter().zip(predicted) {
            confusion[index(g)][index(p)] += 1;
        }
        let n = gold.len();
        let correct: usize = (0..k).map(|i| confusion[i][i]).sum();
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let per_class: Vec<ClassScores> = (0..k)
            .map(|i| {
                let support: usize = confusion[i].iter().sum();
                let predicted_as: usize = (0..k).map(|g| confusion[g][i]).sum();
                let precision = ratio(confusion[i][i], predicted_as);
                let recall = ratio(confusion[i][i], support);
                let f1 = if precision + recall > 0.0 {
                    2.0 * precision * recall / (precision + recall)
                } else {
                    0.0
                };
                ClassScores {
                    label: labels[i],
                    precision,
                    recall,
                    f1,
                    support,
                }
            })
            .collect();
        let present: Vec<&ClassScores> = per_class
            .iter()
            .enumerate()
            .filter(|(i, c)| c.support > 0 || (0..k).any(|g| confusion[g][*i] > 0))
            .map(|(_, c)| c)
            .collect();
        let macro_f1 = if present.is_empty() {
            0.0
        } else {
            present.iter().map(|c| c.f1).sum::<f64>() / present.len() as f64
        };
        Report {
            n,
            accuracy: ratio(correct, n),
            macro_f1,
            per_class,
            labels,
            confusion,
        }
    }
}

/// Assigns each row to one of `k` folds, stratified by target: the rows of each class are
/// shuffled with `seed` and dealt round-robin, so every fold gets its share of each class.
/// The same targets, `k` and seed always give the same folds.
///
/// ```
/// let folds = quotestance::eval::stratified_folds(&[0, 0, 0, 0, 1, 1], 2, 7);
/// assert_eq!(folds.iter().filter(|&&f| f == 0).count(), 3);
/// ```
pub fn stratified_folds(targets: &[usize], k: usize, seed: u64) -> Vec<usize> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut folds = vec![0; targets.len()];
    let n_classes = targets.iter().max().map_or(0, |m| m + 1);
    let mut next = 0;
    for class in 0..n_classes {
        let mut rows: Vec<usize> = (0..targets.len())
            .filter(|&i| targets[i] == class)
            .collect();
        rows.shuffle(&mut rng);
        for row in rows {
            folds[row] = next % k;
            next += 1;
        }
    }
    folds
}

#[cfg(test)]
mod tests {
    use super::*;
    use Stance::*;

    #[test]
    fn macro_f1_is_the_mean_of_class_f1() {
        let gold = [Commitment, Commitment, Caution, Refusal];
        let pred = [Commitment, Caution, Caution, Caution];
        let r = Report::new(&gold, &pred, &Stance::ALL);
        // commitment: p=1 r=.5 f1=2/3; caution: p=1/3 r=1 f1=.5; refusal: 0
        assert!((r.macro_f1 - (2.0 / 3.0 + 0.5 + 0.0) / 3.0).abs() < 1e-12);
        assert_eq!(r.per_class[2].support, 1);
    }

    #[test]
    fn folds_are_stratified_and_seeded() {
        let targets: Vec<usize> = (0..100).map(|i| usize::from(i % 4 == 0)).collect();
        let a = stratified_folds(&targets, 5, 1);
        assert_eq!(a, stratified_folds(&targets, 5, 1));
        assert_ne!(a, stratified_folds(&targets, 5, 2));
        for f in 0..5 {
            let minority = (0..100).filter(|&i| a[i] == f && targets[i] == 1).count();
            assert_eq!(minority, 5);
        }
    }
}
