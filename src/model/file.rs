//! The model file: versioned JSON, written atomically.
//!
//! Layout (format version 1):
//!
//! ```json
//! {
//!   "format": "quotestance-model",
//!   "format_version": 1,
//!   "labels": ["commitment", "caution", "refusal"],
//!   "features": { "stemming": true, "negation_scope": true, ... },
//!   "vocabulary": [ { "name": "w:pledg", "key": 123, "idf": 3.2 }, ... ],
//!   "weights": { "commitment": [ ... one per vocabulary entry ... ], ... },
//!   "bias": { "commitment": 0.1, ... },
//!   "training": { "data_file": "...", "data_sha256": "...", "seed": 42, "c": 10.0, ... }
//! }
//! ```
//!
//! Loading checks the format name and version first, then every shape and number, so a
//! damaged file or one of another version gives an error, never a panic or a silent wrong
//! answer.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{ModelError, Result, StanceModel, TrainingInfo};
use crate::Stance;
use crate::features::{FeatureConfig, Vocabulary};

/// The format name written in every model file.
pub const FORMAT: &str = "quotestance-model";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    format_version: Option<u64>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    format: String,
    format_version: u64,
    labels: Vec<Stance>,
    features: FeatureConfig,
    vocabulary: Vocabulary,
    weights: BTreeMap<Stance, Vec<f64>>,
    bias: BTreeMap<Stance, f64>,
    training: TrainingInfo,
}

/// Parses a model from the bytes of a model file; `source` names it in errors.
pub fn from_json(bytes: &[u8], source: &str) -> Result<StanceModel> {
    let damaged = |reason: String| ModelError::Damaged {
        path: source.to_string(),
        reason,
    };
    let header: Header = serde_json::from_slice(bytes).map_err(|e| damaged(describe(&e)))?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(damaged(format!("no \"format\": \"{FORMAT}\" field")));
    }
    match header.format_version {
        Some(FORMAT_VERSION) => {}
        Some(found) => {
            return Err(ModelError::Version {
                path: source.to_string(),
                found,
                expected: FORMAT_VERSION,
            });
        }
        None => return Err(damaged("no format_version field".into())),
    }
    let file: ModelFile = serde_json::from_slice(bytes).map_err(|e| damaged(describe(&e)))?;
    let mut weights = Vec::with_capacity(file.labels.len());
    let mut bias = Vec::with_capacity(file.labels.len());
    for label in &file.labels {
        let w = file
            .weights
            .get(label)
            .ok_or_else(|| damaged(format!("no weights for label {label}")))?;
        let b = file
            .bias
            .get(label)
            .ok_or_else(|| damaged(format!("no bias for label {label}")))?;
        weights.push(w.clone());
        bias.push(*b);
    }
    if file.weights.len() != file.labels.len() || file.bias.len() != file.labels.len() {
        return Err(damaged(
            "weights or biases for labels outside the label set".into(),
        ));
    }
    StanceModel::from_parts(
        file.labels,
        file.features,
        file.vocabulary,
        weights,
        bias,
        file.training,
    )
    .map_err(|e| match e {
        ModelError::Damaged { reason, .. } => damaged(reason),
        other => other,
    })
}

fn describe(e: &serde_json::Error) -> String {
    if e.is_eof() {
        format!(
            "the file ends early, at line {} column {}: truncated?",
            e.line(),
            e.column()
        )
    } else {
        e.to_string()
    }
}

/// Serialises a model to the bytes of a model file (pretty JSON, one trailing newline).
pub fn to_json(model: &StanceModel) -> Vec<u8> {
    let k = model.labels.len();
    let n = model.vocabulary.len();
    let file = ModelFile {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        labels: model.labels.clone(),
        features: model.extractor.config().clone(),
        vocabulary: model.vocabulary.clone(),
        weights: model
            .labels
            .iter()
            .enumerate()
            .map(|(c, l)| (*l, (0..n).map(|j| model.weights[j * k + c]).collect()))
            .collect(),
        bias: model
            .labels
            .iter()
            .copied()
            .zip(model.bias.iter().copied())
            .collect(),
        training: model.info.clone(),
    };
    let mut bytes = serde_json::to_vec_pretty(&file).expect("a model always serialises");
    bytes.push(b'\n');
    bytes
}

impl StanceModel {
    /// Loads a model file.
    pub fn load(path: &Path) -> Result<StanceModel> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        from_json(&bytes, &path.display().to_string())
    }

    /// Writes the model to `path` atomically: to a temporary file in the same folder, flushed
    /// to disk, then renamed over `path`. An interrupted write never leaves a partial model.
    pub fn save(&self, path: &Path) -> Result<()> {
        write_atomically(path, &to_json(self)).map_err(|source| ModelError::Write {
            path: path.to_path_buf(),
            source,
        })
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(folder)?;
    // A temporary file is private (0600); the model should be as readable as any file the
    // user writes, or keep the permissions of the file it replaces.
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => existing.permissions(),
        Err(_) => default_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(permissions)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions(_file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::VocabularyEntry;

    fn tiny_model() -> StanceModel {
        let vocab = Vocabulary::try_from(vec![VocabularyEntry {
            name: "w:never".into(),
            key: crate::features::hash_str("x"),
            idf: 1.5,
        }])
        .unwrap();
        StanceModel::from_parts(
            vec![Stance::Commitment, Stance::Refusal],
            FeatureConfig::default(),
            vocab,
            vec![vec![-1.0], vec![2.0]],
            vec![0.5, -0.5],
            TrainingInfo::default(),
        )
        .unwrap()
    }

    #[test]
    fn round_trip_is_byte_identical() {
        let bytes = to_json(&tiny_model());
        let again = from_json(&bytes, "t").unwrap();
        assert_eq!(to_json(&again), bytes);
    }

    #[test]
    fn damaged_files_give_errors_not_panics() {
        let good = String::from_utf8(to_json(&tiny_model())).unwrap();
        let cases = [
            String::new(),
            good[..good.len() / 2].to_string(),
            good.replace("\"format_version\": 1", "\"format_version\": 99"),
            good.replace("-1.0", "NaN"),
            good.replace("[\n      2.0\n    ]", "[2.0, 3.0]"),
            good.replace("\"refusal\"\n  ]", "\"refusal\", \"caution\"\n  ]"),
            "{\"hello\": 1}".to_string(),
        ];
        for (i, case) in cases.iter().enumerate() {
            let err = from_json(case.as_bytes(), "m.json")
                .unwrap_err()
                .to_string();
            assert!(err.contains("m.json"), "case {i}: {err}");
        }
        assert!(matches!(
            from_json(cases[2].as_bytes(), "m.json"),
            Err(ModelError::Version { found: 99, .. })
        ));
    }

    #[test]
    fn save_replaces_atomically_and_reports_missing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        tiny_model().save(&path).unwrap();
        assert!(StanceModel::load(&path).is_ok());
        let err = tiny_model()
            .save(&dir.path().join("missing/m.json"))
            .unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
    }
}
