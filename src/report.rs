//! Output records and reports: the JSON, CSV and table forms the CLI prints.
//!
//! The library builds the records and renders them into any writer; it never prints by itself.
//!
//! JSONL record of `classify` (one per quote):
//! `{"id"?, "text", "cue"?, "label", "probabilities": {label: p}, "explanation"?: [...]}`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::Stance;
use crate::eval::Report;
use crate::model::{Contribution, Prediction};

/// The output formats of `classify` and `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One JSON object a line.
    #[default]
    Jsonl,
    /// RFC 4180 CSV with a header.
    Csv,
    /// Aligned columns for people.
    Table,
}

/// One classified quote.
#[derive(Debug, Clone, Serialize)]
pub struct Classified {
    /// The input's id, when it had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The quote.
    pub text: String,
    /// The reporting cue given with the quote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// The predicted label.
    pub label: Stance,
    /// Probability of each label.
    pub probabilities: BTreeMap<Stance, f64>,
    /// The top features of the predicted label (`--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Vec<Contribution>>,
}

impl Classified {
    /// Builds a record from a prediction.
    pub fn new(
        id: Option<String>,
        text: String,
        cue: Option<String>,
        prediction: &Prediction,
    ) -> Self {
        Classified {
            id,
            text,
            cue,
            label: prediction.label,
            probabilities: prediction.probabilities.iter().copied().collect(),
            explanation: None,
        }
    }
}

/// Writes classified quotes in `format`.
pub fn write_classified(
    out: &mut dyn Write,
    records: &[Classified],
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Jsonl => {
            for r in records {
                serde_json::to_writer(&mut *out, r)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            let labels: Vec<Stance> = records
                .first()
                .map(|r| r.probabilities.keys().copied().collect())
                .unwrap_or_default();
            let mut header = vec![
                "id".to_string(),
                "text".into(),
                "cue".into(),
                "label".into(),
            ];
            header.extend(labels.iter().map(|l| format!("p_{l}")));
            header.push("explanation".into());
            w.write_record(&header)?;
            for r in records {
                let mut row = vec![
                    r.id.clone().unwrap_or_default(),
                    r.text.clone(),
                    r.cue.clone().unwrap_or_default(),
                    r.label.to_string(),
                ];
                row.extend(
                    labels
                        .iter()
                        .map(|l| format!("{:.4}", r.probabilities.get(l).copied().unwrap_or(0.0))),
                );
                row.push(explanation_text(r));
                w.write_record(&row)?;
            }
            w.flush()?;
        }
        Format::Table => {
            for r in records {
                let probs: Vec<String> = r
                    .probabilities
                    .iter()
                    .map(|(l, p)| format!("{l} {p:.2}"))
                    .collect();
                writeln!(
                    out,
                    "{:<10}  [{}]  {}",
                    r.label,
                    probs.join(", "),
                    shorten(&r.text, 90)
                )?;
                if r.explanation.is_some() {
                    writeln!(out, "            because: {}", explanation_text(r))?;
                }
            }
        }
    }
    Ok(())
}

fn explanation_text(r: &Classified) -> String {
    r.explanation
        .as_ref()
        .map(|e| {
            e.iter()
                .map(|c| format!("{} ({:+.3})", c.feature, c.contribution))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

/// Cuts `text` to at most `max` characters, ending with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let mut cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Precision, recall, F1 and support of one class, as printed by `eval --json`.
#[derive(Debug, Serialize)]
pub struct ClassJson {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// Gold rows of the class.
    pub support: usize,
}

/// Accuracy and macro-F1 of a subset or a baseline.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Rows in the subset.
    pub n: usize,
    /// Accuracy.
    pub accuracy: f64,
    /// Macro-F1.
    pub macro_f1: f64,
}

/// The confusion matrix as printed by `eval --json`.
#[derive(Debug, Serialize)]
pub struct ConfusionJson {
    /// Row and column order.
    pub labels: Vec<Stance>,
    /// `matrix[gold][predicted]`.
    pub matrix: Vec<Vec<usize>>,
}

/// The whole `eval` result.
#[derive(Debug, Serialize)]
pub struct EvalReport {
    /// Rows evaluated.
    pub n: usize,
    /// Accuracy.
    pub accuracy: f64,
    /// Macro-F1.
    pub macro_f1: f64,
    /// Scores per class.
    pub per_class: BTreeMap<Stance, ClassJson>,
    /// Confusion matrix.
    pub confusion: ConfusionJson,
    /// Always predicting the most frequent training label.
    pub baseline: Summary,
    /// The label the baseline predicts.
    pub baseline_label: Stance,
    /// Scores on the rows that have a cue.
    pub with_cue: Summary,
    /// Scores on the rows that have no cue.
    pub without_cue: Summary,
    /// Whether cues were ignored (`--ignore-cue`).
    pub cues_ignored: bool,
    /// Rows skipped as invalid.
    pub skipped: usize,
}

impl EvalReport {
    /// Assembles the report from gold labels, predictions and which rows had a cue.
    pub fn new(
        gold: &[Stance],
        predicted: &[Stance],
        has_cue: &[bool],
        labels: &[Stance],
        baseline_label: Stance,
        cues_ignored: bool,
        skipped: usize,
    ) -> Self {
        let report = Report::new(gold, predicted, labels);
        let subset = |keep: bool| {
            let idx: Vec<usize> = (0..gold.len()).filter(|&i| has_cue[i] == keep).collect();
            let g: Vec<Stance> = idx.iter().map(|&i| gold[i]).collect();
            let p: Vec<Stance> = idx.iter().map(|&i| predicted[i]).collect();
            let r = Report::new(&g, &p, labels);
            Summary {
                n: r.n,
                accuracy: r.accuracy,
                macro_f1: r.macro_f1,
            }
        };
        let base = Report::new(gold, &vec![baseline_label; gold.len()], labels);
        EvalReport {
            n: report.n,
            accuracy: report.accuracy,
            macro_f1: report.macro_f1,
            per_class: report
                .per_class
                .iter()
                .map(|c| {
                    (
                        c.label,
                        ClassJson {
                            precision: c.precision,
                            recall: c.recall,
                            f1: c.f1,
                            support: c.support,
                        },
                    )
                })
                .collect(),
            confusion: ConfusionJson {
                labels: report.labels.clone(),
                matrix: report.confusion.clone(),
            },
            baseline: Summary {
                n: base.n,
                accuracy: base.accuracy,
                macro_f1: base.macro_f1,
            },
            baseline_label,
            with_cue: subset(true),
            without_cue: subset(false),
            cues_ignored,
            skipped,
        }
    }

    /// Writes the report for people.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "rows          {}", self.n)?;
        writeln!(
            out,
            "accuracy      {:.3}   (baseline {:.3}: always {})",
            self.accuracy, self.baseline.accuracy, self.baseline_label
        )?;
        writeln!(
            out,
            "macro-F1      {:.3}   (baseline {:.3})",
            self.macro_f1, self.baseline.macro_f1
        )?;
        let cue_note = if self.cues_ignored {
            " (cues ignored)"
        } else {
            ""
        };
        for (name, subset, note) in [
            ("with cue", &self.with_cue, cue_note),
            ("without cue", &self.without_cue, ""),
        ] {
            if subset.n > 0 {
                writeln!(
                    out,
                    "{name:<13} macro-F1 {:.3} on {} rows{note}",
                    subset.macro_f1, subset.n
                )?;
            }
        }
        writeln!(out)?;
        writeln!(
            out,
            "{:<12} {:>9} {:>7} {:>7} {:>8}",
            "label", "precision", "recall", "F1", "support"
        )?;
        for (label, c) in &self.per_class {
            writeln!(
                out,
                "{:<12} {:>9.3} {:>7.3} {:>7.3} {:>8}",
                label, c.precision, c.recall, c.f1, c.support
            )?;
        }
        writeln!(out)?;
        write!(out, "confusion (rows gold, columns predicted)\n{:<12}", "")?;
        for l in &self.confusion.labels {
            write!(out, " {:>11}", l.as_str())?;
        }
        writeln!(out)?;
        for (l, row) in self.confusion.labels.iter().zip(&self.confusion.matrix) {
            write!(out, "{:<12}", l.as_str())?;
            for n in row {
                write!(out, " {n:>11}")?;
            }
            writeln!(out)?;
        }
        if self.skipped > 0 {
            writeln!(out, "\n{} invalid rows skipped", self.skipped)?;
        }
        Ok(())
    }
}
