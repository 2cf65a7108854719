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

/// Writes one JSON object a line.
fn write_jsonl<T: Serialize>(out: &mut dyn Write, records: &[T]) -> io::Result<()> {
    for r in records {
        serde_json::to_writer(&mut *out, r)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes classified quotes in `format`.
pub fn write_classified(
    out: &mut dyn Write,
    records: &[Classified],
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Jsonl => write_jsonl(out, records)?,
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

/// One output record of `extract`, as written in JSONL and CSV.
///
/// JSONL fields: `article`, `start`, `end` (byte offsets of the quote's content in the
/// article), `quote`, `speaker`, `speaker_mention`, `cue`, `type` (`direct`, `mixed`,
/// `indirect`), `stance`, `confidence`, `probabilities` (the last three `null` with
/// `--no-stance`), `attribution_confidence`, then any fields carried through from a JSONL
/// input line.
#[derive(Debug, Serialize)]
pub struct QuoteRecord<'a> {
    /// The article: file stem, JSONL id, or `stdin`.
    pub article: &'a str,
    /// Byte offset of the quote's start.
    pub start: usize,
    /// Byte offset of the quote's end.
    pub end: usize,
    /// The quote's words.
    pub quote: &'a str,
    /// The resolved speaker.
    pub speaker: Option<&'a str>,
    /// The words naming the speaker.
    pub speaker_mention: Option<&'a str>,
    /// The reporting cue.
    pub cue: Option<&'a str>,
    /// Direct, mixed or indirect.
    #[serde(rename = "type")]
    pub kind: crate::quotes::QuoteKind,
    /// The predicted stance.
    pub stance: Option<Stance>,
    /// Its probability.
    pub confidence: Option<f64>,
    /// The probability of each stance.
    pub probabilities: Option<BTreeMap<Stance, f64>>,
    /// How sure the attribution is.
    pub attribution_confidence: f64,
    /// Fields carried through from the input.
    #[serde(flatten)]
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

impl<'a> QuoteRecord<'a> {
    /// The record of one annotated quote.
    pub fn new(
        article: &'a str,
        a: &'a crate::annotate::Annotated,
        extra: &'a serde_json::Map<String, serde_json::Value>,
    ) -> Self {
        let q = &a.quote;
        QuoteRecord {
            article,
            start: q.start,
            end: q.end,
            quote: &q.text,
            speaker: q.speaker.as_deref(),
            speaker_mention: q.speaker_mention.as_deref(),
            cue: q.cue.as_deref(),
            kind: q.kind,
            stance: a.stance.as_ref().map(|p| p.label),
            confidence: a
                .stance
                .as_ref()
                .map(|p| (p.confidence() * 1e4).round() / 1e4),
            probabilities: a.stance.as_ref().map(|p| {
                p.probabilities
                    .iter()
                    .map(|(l, v)| (*l, (v * 1e4).round() / 1e4))
                    .collect()
            }),
            attribution_confidence: q.attribution_confidence,
            extra,
        }
    }
}

/// The names of the fields `extract` writes, which carried-through fields may not reuse.
pub const QUOTE_FIELDS: [&str; 12] = [
    "article",
    "start",
    "end",
    "quote",
    "speaker",
    "speaker_mention",
    "cue",
    "type",
    "stance",
    "confidence",
    "probabilities",
    "attribution_confidence",
];

/// Writes quote records: JSONL, CSV (`header` once, before the first batch) or a table for
/// people, `width` characters wide.
pub fn write_quotes(
    out: &mut dyn Write,
    records: &[QuoteRecord<'_>],
    format: Format,
    header: bool,
    width: usize,
) -> io::Result<()> {
    match format {
        Format::Jsonl => write_jsonl(out, records)?,
        Format::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut *out);
            if header {
                w.write_record(QUOTE_FIELDS.iter().filter(|f| **f != "probabilities"))?;
            }
            for r in records {
                let opt = |v: Option<&str>| v.unwrap_or_default().to_string();
                w.write_record([
                    r.article.to_string(),
                    r.start.to_string(),
                    r.end.to_string(),
                    r.quote.to_string(),
                    opt(r.speaker),
                    opt(r.speaker_mention),
                    opt(r.cue),
                    r.kind.as_str().to_string(),
                    r.stance.map(|s| s.to_string()).unwrap_or_default(),
                    r.confidence.map(|c| format!("{c:.4}")).unwrap_or_default(),
                    format!("{:.2}", r.attribution_confidence),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => {
            let speaker_w = 24;
            let quote_w = width.saturating_sub(speaker_w + 10 + 4 + 10).max(20);
            if header {
                writeln!(
                    out,
                    "{:<speaker_w$}  {:<10}  {:<8}  QUOTE",
                    "SPEAKER", "STANCE", "TYPE"
                )?;
            }
            for r in records {
                let speaker = shorten(r.speaker.unwrap_or("?"), speaker_w);
                let stance = r.stance.map_or("-", |s| s.as_str());
                writeln!(
                    out,
                    "{speaker:<speaker_w$}  {stance:<10}  {:<8}  {}",
                    r.kind.as_str(),
                    shorten(r.quote, quote_w)
                )?;
            }
        }
    }
    Ok(())
}

/// Quotes per stance for each speaker (`extract --by-speaker`).
#[derive(Debug, Default)]
pub struct BySpeaker {
    counts: BTreeMap<String, [usize; 4]>,
}

impl BySpeaker {
    /// Counts one quote.
    pub fn add(&mut self, speaker: Option<&str>, stance: Option<Stance>) {
        let c = self
            .counts
            .entry(speaker.unwrap_or("(unknown)").to_string())
            .or_default();
        c[0] += 1;
        if let Some(s) = stance {
            c[1 + Stance::ALL.iter().position(|x| *x == s).expect("a stance")] += 1;
        }
    }

    /// Writes the counts, most quoted speaker first.
    pub fn write(&self, out: &mut dyn Write, format: Format) -> io::Result<()> {
        let mut rows: Vec<(&String, &[usize; 4])> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1[0].cmp(&a.1[0]).then(a.0.cmp(b.0)));
        match format {
            Format::Jsonl => {
                for (speaker, c) in rows {
                    let v = serde_json::json!({
                        "speaker": speaker, "quotes": c[0],
                        "commitment": c[1], "caution": c[2], "refusal": c[3],
                    });
                    writeln!(out, "{v}")?;
                }
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut *out);
                w.write_record(["speaker", "quotes", "commitment", "caution", "refusal"])?;
                for (speaker, c) in rows {
                    w.write_record([
                        speaker.clone(),
                        c[0].to_string(),
                        c[1].to_string(),
                        c[2].to_string(),
                        c[3].to_string(),
                    ])?;
                }
                w.flush()?;
            }
            Format::Table => {
                writeln!(
                    out,
                    "{:<32} {:>6} {:>10} {:>8} {:>8}",
                    "SPEAKER", "QUOTES", "COMMITMENT", "CAUTION", "REFUSAL"
                )?;
                for (speaker, c) in rows {
                    writeln!(
                        out,
                        "{:<32} {:>6} {:>10} {:>8} {:>8}",
                        shorten(speaker, 32),
                        c[0],
                        c[1],
                        c[2],
                        c[3]
                    )?;
                }
            }
        }
        Ok(())
    }
}
