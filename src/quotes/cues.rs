//! The cue lexicon: verbs and phrases that attribute speech or thought.
//!
//! Written by the quotestance team. Beside the usual speech verbs it has the verbs that carry
//! stance and that common lists miss (reiterate, vow, pledge, promise, reject, refuse,
//! decline, deny, threaten, caution, warn, rule out, insist). Each cue says what may follow
//! it: a clause (`said that …`, `said the deal …`), an infinitive (`pledged to …`), or an
//! object (`ruled out new taxes`).

/// What may follow a cue as its reported content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Complement {
    /// A clause, with or without `that`.
    pub clause: bool,
    /// A `to`-infinitive.
    pub infinitive: bool,
    /// A noun phrase.
    pub object: bool,
}

const CLAUSE: Complement = Complement {
    clause: true,
    infinitive: false,
    object: false,
};
const CLAUSE_TO: Complement = Complement {
    clause: true,
    infinitive: true,
    object: false,
};
const CLAUSE_OBJ: Complement = Complement {
    clause: true,
    infinitive: false,
    object: true,
};
const ALL: Complement = Complement {
    clause: true,
    infinitive: true,
    object: true,
};
const TO_OBJ: Complement = Complement {
    clause: false,
    infinitive: true,
    object: true,
};
const OBJ: Complement = Complement {
    clause: false,
    infinitive: false,
    object: true,
};
/// Verbs that attribute a quotation (`called it “…”`) but report no clause of their own.
const QUOTE_ONLY: Complement = Complement {
    clause: false,
    infinitive: false,
    object: false,
};

/// How a cue works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueEntry {
    /// The words of the cue, lower case (`ruled out`).
    pub words: &'static [&'static str],
    /// The dictionary form (`rule out`).
    pub lemma: &'static str,
    /// What may follow it.
    pub complement: Complement,
    /// A thought rather than a statement (`believes`), reported only with a clear clause.
    pub cognition: bool,
}

macro_rules! verb {
    ($lemma:literal, $complement:expr, [$($form:literal),+]) => {
        [$(CueEntry { words: &[$form], lemma: $lemma, complement: $complement, cognition: false }),+]
    };
}

/// Multi-word cues, matched before single words.
#[rustfmt::skip]
pub const PHRASES: &[CueEntry] = &[
    CueEntry { words: &["according", "to"], lemma: "according to", complement: OBJ, cognition: false },
    CueEntry { words: &["ruled", "out"], lemma: "rule out", complement: OBJ, cognition: false },
    CueEntry { words: &["rules", "out"], lemma: "rule out", complement: OBJ, cognition: false },
    CueEntry { words: &["rule", "out"], lemma: "rule out", complement: OBJ, cognition: false },
    CueEntry { words: &["ruling", "out"], lemma: "rule out", complement: OBJ, cognition: false },
    CueEntry { words: &["pointed", "out"], lemma: "point out", complement: CLAUSE, cognition: false },
    CueEntry { words: &["points", "out"], lemma: "point out", complement: CLAUSE, cognition: false },
    CueEntry { words: &["called", "for"], lemma: "call for", complement: OBJ, cognition: false },
    CueEntry { words: &["calls", "for"], lemma: "call for", complement: OBJ, cognition: false },
    CueEntry { words: &["called", "on"], lemma: "call on", complement: OBJ, cognition: false },
    CueEntry { words: &["calls", "on"], lemma: "call on", complement: OBJ, cognition: false },
    CueEntry { words: &["went", "on"], lemma: "go on", complement: CLAUSE, cognition: false },
    CueEntry { words: &["goes", "on"], lemma: "go on", complement: CLAUSE, cognition: false },
    CueEntry { words: &["made", "clear"], lemma: "make clear", complement: CLAUSE, cognition: false },
    CueEntry { words: &["makes", "clear"], lemma: "make clear", complement: CLAUSE, cognition: false },
    CueEntry { words: &["stopped", "short", "of"], lemma: "stop short of", complement: OBJ, cognition: false },
];

/// Single-word cues: every inflected form, so no stemming is needed to match.
#[rustfmt::skip]
pub const WORDS: &[[CueEntry; 4]] = &[
    verb!("say", CLAUSE, ["say", "says", "said", "saying"]),
    verb!("tell", CLAUSE_OBJ, ["tell", "tells", "told", "telling"]),
    verb!("add", CLAUSE, ["add", "adds", "added", "adding"]),
    verb!("confirm", CLAUSE_OBJ, ["confirm", "confirms", "confirmed", "confirming"]),
    verb!("reiterate", CLAUSE_OBJ, ["reiterate", "reiterates", "reiterated", "reiterating"]),
    verb!("insist", CLAUSE, ["insist", "insists", "insisted", "insisting"]),
    verb!("warn", CLAUSE_TO, ["warn", "warns", "warned", "warning"]),
    verb!("acknowledge", CLAUSE_OBJ, ["acknowledge", "acknowledges", "acknowledged", "acknowledging"]),
    verb!("pledge", ALL, ["pledge", "pledges", "pledged", "pledging"]),
    verb!("vow", CLAUSE_TO, ["vow", "vows", "vowed", "vowing"]),
    verb!("promise", ALL, ["promise", "promises", "promised", "promising"]),
    verb!("deny", CLAUSE_OBJ, ["deny", "denies", "denied", "denying"]),
    verb!("argue", CLAUSE, ["argue", "argues", "argued", "arguing"]),
    verb!("claim", CLAUSE_TO, ["claim", "claims", "claimed", "claiming"]),
    verb!("note", CLAUSE, ["note", "notes", "noted", "noting"]),
    verb!("stress", CLAUSE, ["stress", "stresses", "stressed", "stressing"]),
    verb!("emphasise", CLAUSE, ["emphasise", "emphasises", "emphasised", "emphasising"]),
    verb!("emphasize", CLAUSE, ["emphasize", "emphasizes", "emphasized", "emphasizing"]),
    verb!("announce", CLAUSE_OBJ, ["announce", "announces", "announced", "announcing"]),
    verb!("admit", CLAUSE_OBJ, ["admit", "admits", "admitted", "admitting"]),
    verb!("concede", CLAUSE, ["concede", "concedes", "conceded", "conceding"]),
    verb!("reject", OBJ, ["reject", "rejects", "rejected", "rejecting"]),
    verb!("refuse", TO_OBJ, ["refuse", "refuses", "refused", "refusing"]),
    verb!("decline", TO_OBJ, ["decline", "declines", "declined", "declining"]),
    verb!("threaten", CLAUSE_TO, ["threaten", "threatens", "threatened", "threatening"]),
    verb!("caution", CLAUSE, ["caution", "cautions", "cautioned", "cautioning"]),
    verb!("predict", CLAUSE, ["predict", "predicts", "predicted", "predicting"]),
    verb!("urge", TO_OBJ, ["urge", "urges", "urged", "urging"]),
    verb!("explain", CLAUSE, ["explain", "explains", "explained", "explaining"]),
    verb!("suggest", CLAUSE, ["suggest", "suggests", "suggested", "suggesting"]),
    verb!("state", CLAUSE, ["state", "states", "stated", "stating"]),
    verb!("declare", CLAUSE, ["declare", "declares", "declared", "declaring"]),
    verb!("report", CLAUSE, ["report", "reports", "reported", "reporting"]),
    verb!("write", CLAUSE, ["write", "writes", "wrote", "writing"]),
    verb!("tweet", CLAUSE, ["tweet", "tweets", "tweeted", "tweeting"]),
    verb!("maintain", CLAUSE, ["maintain", "maintains", "maintained", "maintaining"]),
    verb!("repeat", CLAUSE, ["repeat", "repeats", "repeated", "repeating"]),
    verb!("recall", CLAUSE, ["recall", "recalls", "recalled", "recalling"]),
    verb!("reply", CLAUSE, ["reply", "replies", "replied", "replying"]),
    verb!("respond", CLAUSE, ["respond", "responds", "responded", "responding"]),
    verb!("agree", CLAUSE_TO, ["agree", "agrees", "agreed", "agreeing"]),
    verb!("accuse", OBJ, ["accuse", "accuses", "accused", "accusing"]),
    verb!("complain", CLAUSE, ["complain", "complains", "complained", "complaining"]),
    verb!("assert", CLAUSE, ["assert", "asserts", "asserted", "asserting"]),
    verb!("contend", CLAUSE, ["contend", "contends", "contended", "contending"]),
    verb!("continue", QUOTE_ONLY, ["continue", "continues", "continued", "continuing"]),
    verb!("call", QUOTE_ONLY, ["call", "calls", "called", "calling"]),
    verb!("describe", QUOTE_ONLY, ["describe", "describes", "described", "describing"]),
    verb!("dismiss", OBJ, ["dismiss", "dismisses", "dismissed", "dismissing"]),
    verb!("guarantee", CLAUSE_OBJ, ["guarantee", "guarantees", "guaranteed", "guaranteeing"]),
    verb!("signal", CLAUSE, ["signal", "signals", "signalled", "signaled"]),
    verb!("hint", CLAUSE, ["hint", "hints", "hinted", "hinting"]),
    verb!("ask", QUOTE_ONLY, ["ask", "asks", "asked", "asking"]),
];

/// Cognition verbs: reported only before a clause, with a named or pronoun subject.
#[rustfmt::skip]
pub const THOUGHTS: &[[CueEntry; 4]] = &[
    verb!("believe", CLAUSE, ["believe", "believes", "believed", "believing"]),
    verb!("think", CLAUSE, ["think", "thinks", "thought", "thinking"]),
    verb!("expect", CLAUSE_TO, ["expect", "expects", "expected", "expecting"]),
    verb!("fear", CLAUSE, ["fear", "fears", "feared", "fearing"]),
];

/// A compiled cue lexicon.
#[derive(Debug)]
pub struct Cues {
    /// First word (lower case) → entries starting with it, longest first.
    by_first: rustc_hash::FxHashMap<&'static str, Vec<CueEntry>>,
}

impl Default for Cues {
    fn default() -> Self {
        let mut by_first: rustc_hash::FxHashMap<&'static str, Vec<CueEntry>> = Default::default();
        let singles = WORDS.iter().flatten().copied();
        let thoughts = THOUGHTS.iter().flatten().map(|e| CueEntry {
            cognition: true,
            ..*e
        });
        for entry in PHRASES.iter().copied().chain(singles).chain(thoughts) {
            by_first.entry(entry.words[0]).or_default().push(entry);
        }
        for entries in by_first.values_mut() {
            entries.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
        }
        Cues { by_first }
    }
}

impl Cues {
    /// The longest cue whose words, compared case-insensitively, start `words`.
    pub fn match_at(&self, words: &[&str]) -> Option<CueEntry> {
        let first = words.first()?;
        // Cue words are short ASCII words: lower-case into a stack buffer, no allocation.
        let mut buf = [0u8; 16];
        if first.len() > buf.len() || !first.is_ascii() {
            return None;
        }
        buf[..first.len()].copy_from_slice(first.as_bytes());
        buf[..first.len()].make_ascii_lowercase();
        let lower = std::str::from_utf8(&buf[..first.len()]).ok()?;
        let entries = self.by_first.get(lower)?;
        entries
            .iter()
            .find(|e| {
                e.words.len() <= words.len()
                    && e.words
                        .iter()
                        .zip(words)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b))
            })
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_longest_phrase_and_inflections() {
        let cues = Cues::default();
        assert_eq!(
            cues.match_at(&["Ruled", "out", "taxes"]).unwrap().lemma,
            "rule out"
        );
        assert_eq!(
            cues.match_at(&["reiterated", "that"]).unwrap().lemma,
            "reiterate"
        );
        assert!(cues.match_at(&["believes"]).unwrap().cognition);
        assert!(cues.match_at(&["table"]).is_none());
    }
}
