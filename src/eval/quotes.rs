//! Scoring quote extraction against gold annotations.
//!
//! A gold file is JSONL, one quote a line: `{"article", "quote", "speaker", "type", "stance"}`
//! (`start`, `end` and other fields are allowed and ignored). A predicted and a gold quote of
//! the same article match when their word sets overlap by at least 60% of the smaller set;
//! each quote matches at most once, best overlaps first.
//!
//! - per type: recall is the share of gold quotes of that type matched by any prediction,
//!   precision the share of predictions of that type that match a gold quote;
//! - speaker accuracy: over matched pairs whose gold speaker is known, the share whose
//!   speakers agree (see [`same_speaker`]);
//! - end to end: a prediction counts when it matches and its speaker agrees (a gold speaker
//!   of `null` agrees only with no speaker).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::Stance;
use crate::quotes::{Quote, QuoteKind};

/// One gold quote.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GoldQuote {
    /// The article's id (file stem).
    pub article: String,
    /// The quote's words.
    pub quote: String,
    /// The speaker, when a reader can tell.
    pub speaker: Option<String>,
    /// Direct, mixed or indirect.
    #[serde(rename = "type")]
    pub kind: GoldKind,
    /// The speaker's stance, when annotated.
    pub stance: Option<Stance>,
}

/// The `type` of a gold quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GoldKind {
    /// Direct quote.
    Direct,
    /// Mixed quote.
    Mixed,
    /// Reported speech.
    Indirect,
}

impl From<GoldKind> for QuoteKind {
    fn from(k: GoldKind) -> Self {
        match k {
            GoldKind::Direct => QuoteKind::Direct,
            GoldKind::Mixed => QuoteKind::Mixed,
            GoldKind::Indirect => QuoteKind::Indirect,
        }
    }
}

/// Reads a gold JSONL file; errors name the line.
pub fn read_gold(bytes: &[u8], source: &str) -> Result<Vec<GoldQuote>, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("{source}: not valid UTF-8 at byte {}", e.valid_up_to()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("{source}:{}: {e}", i + 1)))
        .collect()
}

/// Precision, recall and F1 with their counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Gold quotes.
    pub gold: usize,
    /// Predicted quotes.
    pub predicted: usize,
    /// Matched gold quotes (recall numerator).
    pub matched_gold: usize,
    /// Matched predictions (precision numerator).
    pub matched_predicted: usize,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    fn new(gold: usize, predicted: usize, matched_gold: usize, matched_predicted: usize) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (precision, recall) = (
            ratio(matched_predicted, predicted),
            ratio(matched_gold, gold),
        );
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            gold,
            predicted,
            matched_gold,
            matched_predicted,
            precision,
            recall,
            f1,
        }
    }
}

/// The scores of an extraction run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteScores {
    /// Articles scored.
    pub articles: usize,
    /// All quotes, any type.
    pub overall: Prf,
    /// Per type (`direct`, `mixed`, `indirect`).
    pub per_type: BTreeMap<&'static str, Prf>,
    /// Share of matched pairs whose types agree.
    pub type_accuracy: f64,
    /// Share of matched pairs with a known gold speaker whose speakers agree.
    pub speaker_accuracy: f64,
    /// Matched pairs with a known gold speaker.
    pub speaker_pairs: usize,
    /// Quote and speaker both right.
    pub end_to_end: Prf,
    /// Share of matched pairs with a gold stance whose predicted stance agrees.
    pub stance_accuracy: Option<f64>,
}

fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn normalise_speaker(s: &str) -> Vec<String> {
    const DROP: &[&str] = &["the", "a", "an", "mr", "mrs", "ms", "dr", "sir", "dame"];
    s.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !DROP.contains(&w.as_str()))
        .collect()
}

/// Two speakers agree when, compared as lower-case words without articles and honorifics,
/// one's words are all among the other's: "Starmer" and "Keir Starmer", "spokesman" and "bank
/// spokesman", "Scott Pruitt" and "Scott Pruitt, the attorney general of Oklahoma" (gold
/// annotations that include the speaker's description).
pub fn same_speaker(gold: Option<&str>, predicted: Option<&str>) -> bool {
    match (gold, predicted) {
        (None, None) => true,
        (Some(g), Some(p)) => {
            let (g, p) = (normalise_speaker(g), normalise_speaker(p));
            if g.is_empty() || p.is_empty() {
                return g == p;
            }
            let subset = |a: &[String], b: &[String]| a.iter().all(|w| b.contains(w));
            subset(&g, &p) || subset(&p, &g)
        }
        _ => false,
    }
}

/// A predicted quote with its article and stance.
#[derive(Debug, Clone)]
pub struct Predicted<'a> {
    /// The article's id.
    pub article: &'a str,
    /// The quote.
    pub quote: &'a Quote,
    /// Its predicted stance, if classified.
    pub stance: Option<Stance>,
}

/// Scores predictions against gold quotes; only articles that have gold quotes or
/// predictions are counted.
pub fn score(gold: &[GoldQuote], predicted: &[Predicted<'_>]) -> QuoteScores {
    let mut by_article: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, g) in gold.iter().enumerate() {
        by_article.entry(g.article.as_str()).or_default().0.push(i);
    }
    for (i, p) in predicted.iter().enumerate() {
        by_article.entry(p.article).or_default().1.push(i);
    }
    let gold_words: Vec<HashSet<String>> = gold.iter().map(|g| words(&g.quote)).collect();
    let pred_words: Vec<HashSet<String>> = predicted.iter().map(|p| words(&p.quote.text)).collect();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (gs, ps) in by_article.values() {
        let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
        for &g in gs {
            for &p in ps {
                let (a, b) = (&gold_words[g], &pred_words[p]);
                let smaller = a.len().min(b.len());
                if smaller == 0 {
                    continue;
                }
                let shared = a.intersection(b).count();
                let overlap = shared as f64 / smaller as f64;
                if overlap >= 0.6 {
                    // Prefer pairs that overlap well relative to both sizes.
                    let jaccard = shared as f64 / (a.len() + b.len() - shared) as f64;
                    candidates.push((jaccard, g, p));
                }
            }
        }
        candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let (mut used_g, mut used_p) = (HashSet::new(), HashSet::new());
        for (_, g, p) in candidates {
            if !used_g.contains(&g) && !used_p.contains(&p) {
                used_g.insert(g);
                used_p.insert(p);
                pairs.push((g, p));
            }
        }
    }
    let matched_gold: HashSet<usize> = pairs.iter().map(|&(g, _)| g).collect();
    let matched_pred: HashSet<usize> = pairs.iter().map(|&(_, p)| p).collect();
    let mut per_type = BTreeMap::new();
    for kind in [QuoteKind::Direct, QuoteKind::Mixed, QuoteKind::Indirect] {
        let g: Vec<usize> = (0..gold.len())
            .filter(|&i| QuoteKind::from(gold[i].kind) == kind)
            .collect();
        let p: Vec<usize> = (0..predicted.len())
            .filter(|&i| predicted[i].quote.kind == kind)
            .collect();
        let mg = g.iter().filter(|i| matched_gold.contains(i)).count();
        let mp = p.iter().filter(|i| matched_pred.contains(i)).count();
        per_type.insert(kind.as_str(), Prf::new(g.len(), p.len(), mg, mp));
    }
    let same_type = pairs
        .iter()
        .filter(|&&(g, p)| QuoteKind::from(gold[g].kind) == predicted[p].quote.kind)
        .count();
    let known: Vec<&(usize, usize)> = pairs
        .iter()
        .filter(|&&(g, _)| gold[g].speaker.is_some())
        .collect();
    let speaker_right = |&(g, p): &(usize, usize)| {
        same_speaker(
            gold[g].speaker.as_deref(),
            predicted[p].quote.speaker.as_deref(),
        )
    };
    let right_known = known.iter().filter(|pair| speaker_right(pair)).count();
    let e2e = pairs.iter().filter(|pair| speaker_right(pair)).count();
    let stance_pairs: Vec<&(usize, usize)> = pairs
        .iter()
        .filter(|&&(g, p)| gold[g].stance.is_some() && predicted[p].stance.is_some())
        .collect();
    let stance_right = stance_pairs
        .iter()
        .filter(|&&&(g, p)| gold[g].stance == predicted[p].stance)
        .count();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    QuoteScores {
        articles: by_article.len(),
        overall: Prf::new(
            gold.len(),
            predicted.len(),
            matched_gold.len(),
            matched_pred.len(),
        ),
        per_type,
        type_accuracy: ratio(same_type, pairs.len()),
        speaker_accuracy: ratio(right_known, known.len()),
        speaker_pairs: known.len(),
        end_to_end: Prf::new(gold.len(), predicted.len(), e2e, e2e),
        stance_accuracy: (!stance_pairs.is_empty())
            .then(|| ratio(stance_right, stance_pairs.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_agree_on_surnames_and_unnamed_heads() {
        assert!(same_speaker(Some("Keir Starmer"), Some("Starmer")));
        assert!(same_speaker(
            Some("bank spokesman"),
            Some("a bank spokesman")
        ));
        assert!(same_speaker(Some("Mr. Dunst"), Some("Rafael Dunst")));
        assert!(!same_speaker(Some("Keir Starmer"), Some("Emmanuel Macron")));
        assert!(!same_speaker(Some("Keir Starmer"), Some("Keir Hardie")));
        assert!(same_speaker(
            Some("Scott Pruitt, the attorney general of Oklahoma,"),
            Some("Scott Pruitt")
        ));
        assert!(!same_speaker(Some("Keir Starmer"), None));
        assert!(same_speaker(None, None));
    }

    #[test]
    fn matching_uses_sixty_percent_of_the_smaller_set() {
        let gold = vec![GoldQuote {
            article: "a".into(),
            quote: "Italy would not deploy troops on Ukrainian soil".into(),
            speaker: Some("Giorgia Meloni".into()),
            kind: GoldKind::Indirect,
            stance: Some(Stance::Refusal),
        }];
        let q = crate::quotes::extract("Meloni reiterated that Italy would not deploy troops.");
        let preds: Vec<Predicted<'_>> = q
            .iter()
            .map(|quote| Predicted {
                article: "a",
                quote,
                stance: Some(Stance::Refusal),
            })
            .collect();
        let s = score(&gold, &preds);
        assert_eq!(s.overall.matched_gold, 1);
        assert_eq!(s.per_type["indirect"].recall, 1.0);
        assert_eq!(s.speaker_accuracy, 1.0);
        assert_eq!(s.stance_accuracy, Some(1.0));
    }
}
