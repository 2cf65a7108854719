//! The feature extractor: quote text (and its reporting cue) → feature keys → sparse vector.
//!
//! The stages, in order:
//! 1. [`crate::text::tokens`] splits the text into words and punctuation, with byte offsets;
//! 2. [`normalize::expand_word`] lower-cases, treats `'` and `’` alike and expands
//!    contractions (`won't` → `will not`);
//! 3. negation scope: words after a negator (`not`, `never`, `no`, `without`…) up to the next
//!    clause boundary (punctuation, `but`, `however`…) are marked, so `not ready` and `ready`
//!    are different features;
//! 4. English Snowball stemming (`rust-stemmers`, cached per thread);
//! 5. emitters: stem unigrams (negation-marked), stem bigrams, and counts of the
//!    [`lexicon`] classes (commissive, hedging, refusing, critical); the reporting cue, when
//!    given, gets the same features in a namespace of its own, plus its lexicon class
//!    (`neutral` when it has none);
//! 6. [`Vocabulary::vectorize_into`]: TF-IDF with the IDF learned at training, L2-normalised.
//!
//! [`FeatureConfig`] is the whole configuration; it is plain data, stored in every model file,
//! so a model always extracts features the way it was trained.
//!
//! ```
//! use quotestance::features::{FeatureConfig, FeatureExtractor, QuoteInput};
//! let extractor = FeatureExtractor::new(FeatureConfig::default());
//! let names = extractor.feature_names(QuoteInput::new("We are not ready to sign."));
//! assert!(names.contains(&"w:NOT_readi".to_string()));
//! assert!(names.contains(&"b:not readi".to_string()));
//! let with_cue = extractor.feature_names(QuoteInput::with_cue("whether he backed it", "declined to say"));
//! assert!(with_cue.contains(&"cuelex:refusing".to_string()));
//! ```

mod hashing;
pub mod lexicon;
pub mod normalize;
mod vocabulary;

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

pub use hashing::hash_str;
use hashing::mix;
pub use lexicon::{CueClass, Lexicon};
pub use vocabulary::{IndexSink, SparseVector, Vocabulary, VocabularyEntry, VocabularyError};

use crate::text::{TokenKind, tokens};

/// A quote to featurise: its text and, for reported speech, the reporting cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteInput<'a> {
    /// The quote's words (for reported speech, the content clause).
    pub text: &'a str,
    /// The reporting verb or phrase as written (`said`, `declined to say`), if known.
    pub cue: Option<&'a str>,
}

impl<'a> QuoteInput<'a> {
    /// A quote without a cue.
    pub fn new(text: &'a str) -> Self {
        QuoteInput { text, cue: None }
    }

    /// A quote with its reporting cue; an empty or blank cue counts as none.
    pub fn with_cue(text: &'a str, cue: &'a str) -> Self {
        let cue = Some(cue).filter(|c| !c.trim().is_empty());
        QuoteInput { text, cue }
    }
}

/// How text becomes feature keys. Stored inside every model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureConfig {
    /// Stem words with the English Snowball stemmer. Default: true.
    pub stemming: bool,
    /// Mark words in the scope of a negator. Default: true.
    pub negation_scope: bool,
    /// The longest negation scope, in words (a clause boundary ends it sooner). Default: 8.
    pub negation_window: usize,
    /// Emit stem bigrams within a clause. Default: true.
    pub bigrams: bool,
    /// Emit counts of the team's cue-lexicon classes. Default: true.
    pub lexicon: bool,
    /// Emit features of the reporting cue, in their own namespace. Default: true.
    pub cue_features: bool,
    /// Keep only features seen in at least this many training quotes. Default: 2.
    pub min_df: usize,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            stemming: true,
            negation_scope: true,
            negation_window: 8,
            bigrams: true,
            lexicon: true,
            cue_features: true,
            min_df: 2,
        }
    }
}

/// Receives the features of a quote. Names are built only by sinks that want them, so the
/// inference path never allocates a feature name.
pub trait FeatureSink {
    /// Receives one occurrence of feature `key`; `name` builds its readable name.
    fn emit(&mut self, key: u64, name: impl FnOnce() -> String);
}

impl FeatureSink for Vec<u64> {
    fn emit(&mut self, key: u64, _name: impl FnOnce() -> String) {
        self.push(key);
    }
}

/// A sink that records the keys and the name of every key seen.
#[derive(Debug, Default)]
pub struct NamedFeatures {
    /// Keys in emission order, with repeats.
    pub keys: Vec<u64>,
    /// The name of each distinct key.
    pub names: FxHashMap<u64, String>,
}

impl FeatureSink for NamedFeatures {
    fn emit(&mut self, key: u64, name: impl FnOnce() -> String) {
        self.keys.push(key);
        self.names.entry(key).or_insert_with(name);
    }
}

/// Feature namespaces: a word in the quote and the same word in the cue are different features.
#[derive(Clone, Copy)]
struct Namespace {
    prefix: &'static str,
    word: u64,
    bigram: u64,
    lexicon: u64,
}

const QUOTE_NS: Namespace = Namespace {
    prefix: "",
    word: hash_str("w"),
    bigram: hash_str("b"),
    lexicon: hash_str("lex"),
};
const CUE_NS: Namespace = Namespace {
    prefix: "cue",
    word: hash_str("cue"),
    bigram: hash_str("cueb"),
    lexicon: hash_str("cuelex"),
};
const NEGATED: u64 = hash_str("NOT");
const NEUTRAL: u64 = hash_str("neutral");

const NEGATORS: &[&str] = &[
    "not", "no", "never", "neither", "nor", "without", "none", "nobody", "nothing", "nowhere",
];
const BOUNDARY_WORDS: &[&str] = &[
    "but", "however", "although", "though", "whereas", "while", "unless", "except",
];

/// One analysed word: the hash of its stem and flags.
#[derive(Debug, Clone, Copy)]
struct Word {
    hash: u64,
    negated: bool,
    /// A clause boundary lies between this word and the one before it.
    boundary_before: bool,
}

/// What is known of a lower-cased word once it has been seen.
#[derive(Debug, Clone, Copy)]
struct WordInfo {
    /// Hash of its stem.
    hash: u64,
    /// It opens a negation scope.
    negator: bool,
    /// It starts a new clause.
    boundary: bool,
}

/// The normalised words of one word token: one, or two for a contraction (`won't`).
#[derive(Debug, Clone, Copy)]
struct Expansion {
    words: [WordInfo; 2],
    len: u8,
}

/// Word token (by [`token_key`]) → its analysed words, and stem hash → stem (for feature
/// names). A token seen before costs one hash over its bytes and one lookup, with no copy;
/// a collision between two of the few thousand tokens seen is vanishingly unlikely.
#[derive(Default)]
struct StemCache {
    tokens: hashing::KeyMap<Expansion>,
    stems: hashing::KeyMap<Box<str>>,
}

/// Per-thread scratch space and stem cache, reused between quotes.
#[derive(Default)]
struct Scratch {
    words: Vec<Word>,
    lower: String,
    stems: Vec<u64>,
    /// Lower-cased word → (stem hash, stem), one cache without and one with stemming.
    /// Bounded: cleared when it grows past `CACHE_LIMIT`.
    caches: [StemCache; 2],
}

const CACHE_LIMIT: usize = 200_000;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Turns quotes into feature keys, as configured by a [`FeatureConfig`].
pub struct FeatureExtractor {
    config: FeatureConfig,
    stemmer: rust_stemmers::Stemmer,
    lexicon: Lexicon,
}

impl std::fmt::Debug for FeatureExtractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeatureExtractor")
            .field("config", &self.config)
            .finish()
    }
}

impl FeatureExtractor {
    /// Builds the extractor described by `config`.
    pub fn new(config: FeatureConfig) -> Self {
        let mut extractor = FeatureExtractor {
            config,
            stemmer: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
            lexicon: Lexicon::default(),
        };
        let lexicon = Lexicon::build(&lexicon::LISTS, |phrase| extractor.stem_hashes(phrase));
        extractor.lexicon = lexicon;
        extractor
    }

    /// The configuration this extractor was built from.
    pub fn config(&self) -> &FeatureConfig {
        &self.config
    }

    /// Sends every feature of `input` to `sink`.
    pub fn extract<S: FeatureSink>(&self, input: QuoteInput<'_>, sink: &mut S) {
        SCRATCH.with_borrow_mut(|scratch| {
            self.emit_text(scratch, input.text, QUOTE_NS, sink);
            if self.config.cue_features {
                if let Some(cue) = input.cue {
                    self.emit_text(scratch, cue, CUE_NS, sink);
                }
            }
        });
    }

    /// The readable names of the features of `input`, in emission order, without repeats.
    pub fn feature_names(&self, input: QuoteInput<'_>) -> Vec<String> {
        let mut named = NamedFeatures::default();
        self.extract(input, &mut named);
        let mut seen = rustc_hash::FxHashSet::default();
        named
            .keys
            .iter()
            .filter(|k| seen.insert(**k))
            .map(|k| named.names[k].clone())
            .collect()
    }

    fn stem_hashes(&self, phrase: &str) -> Vec<u64> {
        SCRATCH.with_borrow_mut(|scratch| {
            self.analyse(scratch, phrase);
            scratch.words.iter().map(|w| w.hash).collect()
        })
    }

    /// Fills `scratch.words` with the analysed words of `text`.
    fn analyse(&self, scratch: &mut Scratch, text: &str) {
        let Scratch {
            words,
            lower,
            caches,
            ..
        } = scratch;
        let cache = &mut caches[usize::from(self.config.stemming)];
        words.clear();
        if cache.tokens.len() > CACHE_LIMIT {
            *cache = StemCache::default();
        }
        let mut boundary = false;
        let mut scope_left = 0usize;
        for token in tokens(text) {
            let surface = &text[token.start..token.end];
            if token.kind == TokenKind::Punct {
                boundary |= is_clause_punct(surface);
                continue;
            }
            let key = token_key(surface, lower);
            let expansion = match cache.tokens.get(&key) {
                Some(e) => *e,
                None => {
                    let e = self.expand(cache, surface, lower);
                    cache.tokens.insert(key, e);
                    e
                }
            };
            for info in &expansion.words[..usize::from(expansion.len)] {
                boundary |= info.boundary;
                if boundary {
                    scope_left = 0;
                }
                words.push(Word {
                    hash: info.hash,
                    negated: scope_left > 0,
                    boundary_before: std::mem::take(&mut boundary),
                });
                if self.config.negation_scope && info.negator {
                    scope_left = self.config.negation_window;
                } else {
                    scope_left = scope_left.saturating_sub(1);
                }
            }
        }
    }

    /// Normalises and stems a token not seen before.
    fn expand(&self, cache: &mut StemCache, surface: &str, lower: &mut String) -> Expansion {
        let blank = WordInfo {
            hash: 0,
            negator: false,
            boundary: false,
        };
        let mut expansion = Expansion {
            words: [blank; 2],
            len: 0,
        };
        normalize::expand_word(surface, lower, |word| {
            let stem: Box<str> = if self.config.stemming {
                self.stemmer.stem(word).into()
            } else {
                word.into()
            };
            let info = WordInfo {
                hash: hash_str(&stem),
                negator: NEGATORS.contains(&word),
                boundary: BOUNDARY_WORDS.contains(&word),
            };
            cache.stems.entry(info.hash).or_insert(stem);
            // expand_word emits at most two words.
            if let Some(slot) = expansion.words.get_mut(usize::from(expansion.len)) {
                *slot = info;
                expansion.len += 1;
            }
        });
        expansion
    }

    fn emit_text<S: FeatureSink>(
        &self,
        scratch: &mut Scratch,
        text: &str,
        ns: Namespace,
        sink: &mut S,
    ) {
        self.analyse(scratch, text);
        let Scratch {
            words,
            stems,
            caches,
            ..
        } = scratch;
        let names = &caches[usize::from(self.config.stemming)].stems;
        let stem = |w: &Word| &*names[&w.hash];
        let neg_mark = |negated: bool| if negated { "NOT_" } else { "" };
        let word_prefix = if ns.prefix.is_empty() { "w" } else { ns.prefix };
        for (i, w) in words.iter().enumerate() {
            let key = keyed(ns.word, w.negated, w.hash);
            sink.emit(key, || {
                format!("{word_prefix}:{}{}", neg_mark(w.negated), stem(w))
            });
            if self.config.bigrams && i > 0 && !w.boundary_before {
                let prev = &words[i - 1];
                sink.emit(mix(mix(ns.bigram, prev.hash), w.hash), || {
                    format!("{}b:{} {}", ns.prefix, stem(prev), stem(w))
                });
            }
        }
        if !self.config.lexicon {
            return;
        }
        stems.clear();
        stems.extend(words.iter().map(|w| w.hash));
        let mut any = false;
        let mut i = 0;
        while i < stems.len() {
            let Some((len, class)) = self.lexicon.longest_match(stems, i) else {
                i += 1;
                continue;
            };
            any = true;
            let negated = words[i].negated;
            let class_key = hash_str(class.as_str());
            let key = keyed(ns.lexicon, negated, class_key);
            sink.emit(key, || {
                format!("{}lex:{}{}", ns.prefix, neg_mark(negated), class.as_str())
            });
            i += len;
        }
        if !any && !ns.prefix.is_empty() {
            sink.emit(mix(ns.lexicon, NEUTRAL), || {
                format!("{}lex:neutral", ns.prefix)
            });
        }
    }
}

/// A hash of a word token as lower case with `’` read as `'`, computed over its bytes eight
/// at a time and, for ASCII tokens, without copying them. `buf` is scratch for other tokens.
fn token_key(token: &str, buf: &mut String) -> u64 {
    if token.is_ascii() {
        // Word tokens hold only letters, digits and apostrophes; setting bit 0x20 lower-cases
        // the letters and leaves the others as they are.
        return chunked_hash(token.as_bytes(), 0x2020_2020_2020_2020);
    }
    normalize::lowercase_into(token, buf);
    chunked_hash(buf.as_bytes(), 0)
}

/// The key of a feature in namespace `ns`, marked when it lies in a negation scope.
fn keyed(ns: u64, negated: bool, part: u64) -> u64 {
    if negated {
        mix(mix(ns, NEGATED), part)
    } else {
        mix(ns, part)
    }
}

fn chunked_hash(bytes: &[u8], or_mask: u64) -> u64 {
    let mut h = bytes.len() as u64;
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        let mask = if chunk.len() == 8 {
            or_mask
        } else {
            or_mask & ((1u64 << (8 * chunk.len())) - 1)
        };
        h = mix(h, u64::from_le_bytes(word) | mask);
    }
    h
}

fn is_clause_punct(s: &str) -> bool {
    matches!(
        s,
        "," | "." | ";" | ":" | "!" | "?" | "—" | "–" | "(" | ")" | "\"" | "“" | "”"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        FeatureExtractor::new(FeatureConfig::default()).feature_names(QuoteInput::new(text))
    }

    #[test]
    fn negation_scope_ends_at_clause_boundary() {
        let n = names("We will not deploy troops, but we remain ready.");
        assert!(n.contains(&"w:NOT_deploy".into()), "{n:?}");
        assert!(n.contains(&"w:NOT_troop".into()));
        assert!(n.contains(&"w:readi".into()) && !n.contains(&"w:NOT_readi".into()));
        // No bigram spans the comma.
        assert!(!n.iter().any(|f| f == "b:troop but"));
    }

    #[test]
    fn contractions_and_curly_apostrophes_match_plain_forms() {
        let extractor = FeatureExtractor::new(FeatureConfig::default());
        let mut a = Vec::new();
        let mut b = Vec::new();
        extractor.extract(QuoteInput::new("We won’t sign"), &mut a);
        extractor.extract(QuoteInput::new("we will not sign"), &mut b);
        assert_eq!(a, b);
    }

    #[test]
    fn lexicon_prefers_longest_phrase() {
        let n = names("The minister refused to rule out new taxes.");
        assert!(n.contains(&"lex:hedging".into()), "{n:?}");
        assert!(!n.contains(&"lex:refusing".into()), "{n:?}");
        let n = names("We reject this proposal outright.");
        assert!(n.contains(&"lex:refusing".into()));
    }

    #[test]
    fn cue_features_have_their_own_namespace() {
        let extractor = FeatureExtractor::new(FeatureConfig::default());
        let n = extractor.feature_names(QuoteInput::with_cue("he would deny it", "did not deny"));
        assert!(n.contains(&"cue:NOT_deni".into()), "{n:?}");
        assert!(n.contains(&"cuelex:NOT_refusing".into()), "{n:?}");
        assert!(n.contains(&"w:deni".into()));
        let n = extractor.feature_names(QuoteInput::with_cue("the talks took place", "said"));
        assert!(n.contains(&"cuelex:neutral".into()), "{n:?}");
        let none = extractor.feature_names(QuoteInput::with_cue("the talks took place", " "));
        assert!(!none.iter().any(|f| f.starts_with("cue")));
    }

    #[test]
    fn config_switches_turn_stages_off() {
        let config = FeatureConfig {
            stemming: false,
            negation_scope: false,
            bigrams: false,
            lexicon: false,
            ..FeatureConfig::default()
        };
        let n = FeatureExtractor::new(config).feature_names(QuoteInput::new("Not promising"));
        assert_eq!(n, ["w:not", "w:promising"]);
    }
}
