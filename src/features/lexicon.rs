//! Cue lexicons written by the quotestance team: words and phrases that signal each stance.
//!
//! The lists are phrases in plain English; they are normalised and stemmed with the same
//! stages as quote text, so `pledged`, `pledges` and `pledging` all match `pledge`. Matching
//! takes the longest phrase at each position, so `refuse to rule out` (a hedge) wins over
//! `refuse` (a refusal), and `will not` (a refusal) over `will` (a commitment).

use rustc_hash::FxHashMap;

/// The class of a lexicon phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueClass {
    /// Promises, resolve, endorsement: `pledge`, `guarantee`, `stand with`.
    Commissive,
    /// Conditions, uncertainty, warnings: `if`, `may`, `not yet`, `difficult`.
    Hedging,
    /// Declining, rejecting, denying: `refuse`, `rule out`, `out of the question`.
    Refusing,
    /// Criticism and negative judgement of others: `disgrace`, `a stunt`, `contempt`. In news
    /// these mark attacks and complaints, which the guidelines label caution.
    Critical,
}

impl CueClass {
    /// The lower-case name used in feature names.
    pub fn as_str(self) -> &'static str {
        match self {
            CueClass::Commissive => "commissive",
            CueClass::Hedging => "hedging",
            CueClass::Refusing => "refusing",
            CueClass::Critical => "critical",
        }
    }
}

#[rustfmt::skip]
const COMMISSIVE: &[&str] = &[
    "will", "shall", "we'll", "pledge", "promise", "vow", "commit", "committed to", "guarantee",
    "ensure", "assure", "make sure", "stand with", "stand by", "stand firm", "determined",
    "intend to", "going to", "ready to", "fully support", "support", "back", "endorse", "welcome",
    "confirm", "reaffirm", "deliver", "on track", "firmly", "absolutely", "certainly", "must",
    "need to", "call for", "urge", "insist", "proud", "milestone", "agree", "approve", "invest",
    "keep", "continue to", "remain committed", "fully", "always", "resolute", "definitely",
    "no doubt", "without doubt", "full confidence", "confident", "look forward", "delighted",
    "step forward", "breakthrough", "put ink on paper", "as long as it takes", "whatever it takes",
    "not a single", "on schedule",
];

#[rustfmt::skip]
const HEDGING: &[&str] = &[
    "if", "only if", "unless", "provided that", "as long as", "on condition", "depend",
    "depends on", "subject to", "may", "might", "could", "would", "perhaps", "possibly", "probably",
    "likely", "unlikely", "uncertain", "uncertainty", "not yet", "yet to", "remain", "remains",
    "remain to be seen", "difficult", "hard", "challenge", "challenging", "risk", "concern",
    "concerned", "worry", "worried", "warn", "caution", "cautious", "careful", "fragile",
    "too early", "premature", "we will see", "wait and see", "question", "doubt", "unclear", "fear",
    "threat", "delay", "problem", "fail", "fall short", "struggle", "however", "but", "still",
    "not ready", "not showing", "not convinced", "not enough", "too slow", "too little", "too late",
    "refuse to rule out", "not rule out", "would not rule out", "cannot rule out",
    "can not rule out", "hope", "expect", "seem", "appear", "suggest", "serious", "danger",
    "damage", "crisis", "weak", "slow", "pressure", "criticise", "criticize", "accuse", "blame",
    "irresponsible", "reckless", "mistake", "failure", "flaw", "badly", "costly", "vulnerable",
    "volatile", "headwind", "downturn",
];

#[rustfmt::skip]
const REFUSING: &[&str] = &[
    "refuse", "reject", "rule out", "never", "out of the question", "no intention", "will not",
    "would not", "not going to", "decline", "deny", "oppose", "veto", "block", "not accept",
    "can not accept", "under no circumstances", "no way", "dismiss", "rebuff", "turn down",
    "not sign", "not negotiate", "no comment", "not comment", "refute", "false", "untrue",
    "baseless", "categorically", "not true", "nonsense", "vote against", "count us out",
    "walk away", "not on the table", "off the table", "not support", "not back", "not agree",
    "not allow", "not tolerate", "not be", "not do", "no plan", "no plans", "have no",
    "not prepared to", "not willing", "unwilling", "not in a position", "won't", "stop short",
    "not for sale", "not budge", "not back down", "stand against", "against", "scrap", "withdraw",
    "not pay", "not resign", "not step down", "not say", "not confirm", "not discuss", "wrongdoing",
    "mislead", "smear", "fabricate", "not happen", "not cooperate",
];

#[rustfmt::skip]
const CRITICAL: &[&str] = &[
    "disgrace", "disgraceful", "shocking", "shameful", "scandal", "scandalous", "outrage",
    "outrageous", "appalling", "contempt", "stunt", "farce", "insult", "insulting", "betrayal",
    "betray", "cynical", "incompetent", "incompetence", "chaos", "chaotic", "shambles", "mess",
    "fiasco", "debacle", "blow", "let down", "lied", "lies", "dishonest", "arrogant", "arrogance",
    "unacceptable", "unfair", "unjust", "cruel", "callous", "heartless", "ridiculous", "absurd",
    "pathetic", "hypocrisy", "hypocritical", "negligence", "negligent", "neglect", "failed",
    "failing", "broken promise", "shambolic", "botched", "bungled", "sham", "whitewash",
    "cover-up", "smokescreen", "grab", "gimmick", "sweetener", "warehouse", "at war with",
    "waste", "wasted", "squandered", "abandoned", "ignored", "silence", "culture of", "deeply sorry",
    "apologise", "apologize", "regret", "sorry", "too little", "disappointed", "disappointing",
    "angry", "furious", "frustrated", "worse", "worst", "damning", "devastating", "toxic",
];

/// The four lists, each with its class.
pub const LISTS: [(CueClass, &[&str]); 4] = [
    (CueClass::Commissive, COMMISSIVE),
    (CueClass::Hedging, HEDGING),
    (CueClass::Refusing, REFUSING),
    (CueClass::Critical, CRITICAL),
];

/// A compiled lexicon: phrases as sequences of stem hashes, indexed by their first stem.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    by_first: FxHashMap<u64, Vec<(Vec<u64>, CueClass)>>,
    /// One bit per possible first stem (by hash): most words start no phrase, and this
    /// answers that without a map lookup.
    heads: Vec<u64>,
}

const HEAD_BITS: u64 = 4096;

fn head_bit(hash: u64) -> (usize, u64) {
    let bit = hash % HEAD_BITS;
    ((bit / 64) as usize, 1 << (bit % 64))
}

impl Lexicon {
    /// Builds a lexicon; `stems` turns a phrase into the stem hashes of its words, using the
    /// same normalisation and stemming as the text it will be matched against.
    pub fn build(lists: &[(CueClass, &[&str])], mut stems: impl FnMut(&str) -> Vec<u64>) -> Self {
        let mut by_first: FxHashMap<u64, Vec<(Vec<u64>, CueClass)>> = FxHashMap::default();
        for (class, phrases) in lists {
            for phrase in *phrases {
                let seq = stems(phrase);
                if let Some(&first) = seq.first() {
                    let entries = by_first.entry(first).or_default();
                    if !entries.iter().any(|(s, _)| *s == seq) {
                        entries.push((seq, *class));
                    }
                }
            }
        }
        // Longest first, so the first match found at a position is the longest one.
        for entries in by_first.values_mut() {
            entries.sort_by_key(|(seq, _)| std::cmp::Reverse(seq.len()));
        }
        let mut heads = vec![0; (HEAD_BITS / 64) as usize];
        for first in by_first.keys() {
            let (word, bit) = head_bit(*first);
            heads[word] |= bit;
        }
        Lexicon { by_first, heads }
    }

    /// The longest phrase starting at `stems[at]`: its length in words and its class.
    pub fn longest_match(&self, stems: &[u64], at: usize) -> Option<(usize, CueClass)> {
        let rest = &stems[at..];
        let (word, bit) = head_bit(*rest.first()?);
        if self.heads.get(word).is_none_or(|w| w & bit == 0) {
            return None;
        }
        let entries = self.by_first.get(&rest[0])?;
        entries
            .iter()
            .find(|(seq, _)| rest.starts_with(seq))
            .map(|(seq, class)| (seq.len(), *class))
    }
}
