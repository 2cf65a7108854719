//! The learned half of the feature pipeline: which features exist, and their IDF weights.

use rustc_hash::FxHashMap;

use super::hashing::KeyMap;
use serde::{Deserialize, Serialize};

/// A sparse feature vector: parallel lists of feature indices and values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVector {
    /// Indices into the [`Vocabulary`], ascending and unique.
    pub indices: Vec<u32>,
    /// The TF-IDF value of each index, L2-normalised over the vector.
    pub values: Vec<f64>,
}

impl SparseVector {
    /// The number of non-zero entries.
    pub fn len(&self) -> usize {
        self.indices.len()
    }

    /// True when no feature of the vocabulary occurs.
    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    /// Iterates over `(index, value)` pairs.
    pub fn iter(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.indices
            .iter()
            .map(|&i| i as usize)
            .zip(self.values.iter().copied())
    }
}

/// One feature of the vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VocabularyEntry {
    /// Readable name, such as `w:NOT_readi` or `cuelex:refusing` (used by `--explain`).
    pub name: String,
    /// The feature key the extractor computes for this feature.
    pub key: u64,
    /// Inverse document frequency learned at training: `ln((1 + n) / (1 + df)) + 1`.
    pub idf: f64,
}

/// The features kept at training time and their IDF weights, learned once and stored in the
/// model so that one quote alone is weighted exactly as during training.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<VocabularyEntry>", into = "Vec<VocabularyEntry>")]
pub struct Vocabulary {
    entries: Vec<VocabularyEntry>,
    index: KeyMap<u32>,
    /// The entries' IDF weights, apart so the hot path reads a dense array.
    idf: Vec<f64>,
}

/// Why a stored vocabulary cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VocabularyError {
    /// Two entries share a key.
    #[error("feature {name:?} appears twice in the vocabulary")]
    DuplicateKey {
        /// Name of the second entry with the key.
        name: String,
    },
    /// An IDF weight is not a positive finite number.
    #[error("feature {name:?} has an invalid IDF weight {idf}")]
    BadIdf {
        /// The feature's name.
        name: String,
        /// The stored weight.
        idf: f64,
    },
}

impl TryFrom<Vec<VocabularyEntry>> for Vocabulary {
    type Error = VocabularyError;

    fn try_from(entries: Vec<VocabularyEntry>) -> Result<Self, Self::Error> {
        let mut index = KeyMap::default();
        for (i, e) in entries.iter().enumerate() {
            if !(e.idf.is_finite() && e.idf > 0.0) {
                return Err(VocabularyError::BadIdf {
                    name: e.name.clone(),
                    idf: e.idf,
                });
            }
            if index.insert(e.key, i as u32).is_some() {
                return Err(VocabularyError::DuplicateKey {
                    name: e.name.clone(),
                });
            }
        }
        let idf = entries.iter().map(|e| e.idf).collect();
        Ok(Vocabulary {
            entries,
            index,
            idf,
        })
    }
}

impl From<Vocabulary> for Vec<VocabularyEntry> {
    fn from(v: Vocabulary) -> Self {
        v.entries
    }
}

impl Vocabulary {
    /// Learns a vocabulary from the feature keys of each training document.
    ///
    /// Keeps the features that occur in at least `min_df` documents, ordered by name so
    /// that the same data always gives the same indices; `name_of` gives each key's name.
    pub fn fit(docs: &[Vec<u64>], min_df: usize, name_of: impl Fn(u64) -> String) -> Self {
        let mut df: FxHashMap<u64, usize> = FxHashMap::default();
        let mut seen = Vec::new();
        for doc in docs {
            seen.clear();
            seen.extend_from_slice(doc);
            seen.sort_unstable();
            seen.dedup();
            for &k in &seen {
                *df.entry(k).or_default() += 1;
            }
        }
        let n = docs.len() as f64;
        let mut entries: Vec<VocabularyEntry> = df
            .into_iter()
            .filter(|&(_, count)| count >= min_df.max(1))
            .map(|(key, count)| VocabularyEntry {
                name: name_of(key),
                key,
                idf: ((1.0 + n) / (1.0 + count as f64)).ln() + 1.0,
            })
            .collect();
        entries.sort_by(|a, b| a.name.cmp(&b.name).then(a.key.cmp(&b.key)));
        Vocabulary::try_from(entries).expect("keys are unique and IDF weights positive")
    }

    /// The number of features.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the vocabulary has no feature.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry of feature `index`.
    pub fn entry(&self, index: usize) -> &VocabularyEntry {
        &self.entries[index]
    }

    /// The index of feature `key`, if the vocabulary has it.
    pub fn index_of(&self, key: u64) -> Option<u32> {
        self.index.get(&key).copied()
    }

    /// Turns a document's feature keys (with repeats) into its TF-IDF vector, L2-normalised.
    /// Keys outside the vocabulary are ignored.
    pub fn vectorize_into(&self, keys: &[u64], out: &mut SparseVector) {
        out.indices.clear();
        out.indices
            .extend(keys.iter().filter_map(|&k| self.index_of(k)));
        self.weigh(out);
    }

    /// Turns `out.indices`, the vocabulary indices of a document's features with repeats,
    /// into the document's TF-IDF vector, L2-normalised, in place.
    pub fn weigh(&self, out: &mut SparseVector) {
        out.values.clear();
        // Counting in place after a sort is cheaper than a hash map for the few dozen
        // features of a quote.
        out.indices.sort_unstable();
        let mut write = 0;
        let mut read = 0;
        let n = out.indices.len();
        while read < n {
            let idx = out.indices[read];
            let start = read;
            while read < n && out.indices[read] == idx {
                read += 1;
            }
            out.indices[write] = idx;
            out.values
                .push((read - start) as f64 * self.idf[idx as usize]);
            write += 1;
        }
        out.indices.truncate(write);
        let norm = out.values.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm > 0.0 {
            out.values.iter_mut().for_each(|v| *v /= norm);
        }
    }
}

/// A feature sink that keeps the vocabulary index of each feature the vocabulary has: the
/// prediction path's sink, which never stores a key it would only look up later.
#[derive(Debug)]
pub struct IndexSink<'v> {
    /// The vocabulary to look features up in.
    pub vocabulary: &'v Vocabulary,
    /// The vector whose `indices` receive the features (with repeats).
    pub vector: &'v mut SparseVector,
}

impl super::FeatureSink for IndexSink<'_> {
    fn emit(&mut self, key: u64, _name: impl FnOnce() -> String) {
        if let Some(i) = self.vocabulary.index_of(key) {
            self.vector.indices.push(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_prunes_rare_features_and_vectors_are_unit_length() {
        let docs = vec![vec![1, 2, 2], vec![2, 3], vec![1, 2]];
        let vocab = Vocabulary::fit(&docs, 2, |k| format!("f{k}"));
        assert_eq!(vocab.len(), 2); // key 3 occurs once
        let mut v = SparseVector::default();
        vocab.vectorize_into(&[2, 1, 2, 99], &mut v);
        assert_eq!(v.len(), 2);
        let norm: f64 = v.values.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-12);
        // Feature 2 occurs in every document, so its IDF is 1; feature 1 is rarer.
        assert!(vocab.entry(0).idf > vocab.entry(1).idf);
    }

    #[test]
    fn rejects_duplicate_keys_and_bad_idf() {
        let e = |name: &str, key, idf| VocabularyEntry {
            name: name.into(),
            key,
            idf,
        };
        assert!(Vocabulary::try_from(vec![e("a", 1, 1.0), e("b", 1, 1.0)]).is_err());
        assert!(Vocabulary::try_from(vec![e("a", 1, f64::NAN)]).is_err());
    }
}
