//! Reading quote CSV files into typed rows, with errors that name the file, line and field.
//!
//! A quote CSV has a header row naming its columns (RFC 4180; a UTF-8 byte-order mark and
//! CRLF line ends are accepted). Columns are found by name, in any order, case-insensitively:
//! `text` is required; `label` is required for labelled data; `id` and `cue` are optional and
//! other columns are ignored.
//!
//! ```
//! use quotestance::data::{read_quotes, ReadOptions};
//! let csv = "id,text,label,cue\nq1,\"Italy would not deploy troops\",refusal,reiterated that\n";
//! let table = read_quotes(csv.as_bytes(), "example.csv", &ReadOptions::labelled()).unwrap();
//! assert_eq!(table.rows[0].cue.as_deref(), Some("reiterated that"));
//! assert_eq!(table.rows[0].label, Some(quotestance::Stance::Refusal));
//! ```

pub mod articles;

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::Stance;

/// What went wrong reading a quote file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is empty or has only a header.
    #[error("{path}: no data rows{}", if *.header_only { " (only a header line)" } else { " (the file is empty)" })]
    Empty {
        /// The file.
        path: String,
        /// True when a header was found.
        header_only: bool,
    },
    /// A required column is missing.
    #[error(
        "{path}: missing column `{column}`; the header found is [{found}]. The first line must name \
         the columns, e.g. `id,text,label`"
    )]
    MissingColumn {
        /// The file.
        path: String,
        /// The missing column.
        column: &'static str,
        /// The header as read.
        found: String,
    },
    /// A column name appears twice.
    #[error("{path}: column `{column}` appears twice in the header; rename or remove one")]
    DuplicateColumn {
        /// The file.
        path: String,
        /// The repeated column.
        column: String,
    },
    /// A row is malformed.
    #[error("{path}:{line}: {problem}")]
    Row {
        /// The file.
        path: String,
        /// 1-based line where the row starts.
        line: u64,
        /// What is wrong, naming the field.
        problem: String,
    },
}

impl DataError {
    fn row(path: &str, line: u64, problem: impl Into<String>) -> Self {
        DataError::Row {
            path: path.to_string(),
            line,
            problem: problem.into(),
        }
    }
}

/// A `Result` with a [`DataError`].
pub type Result<T, E = DataError> = std::result::Result<T, E>;

/// One quote row.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteRow {
    /// 1-based line where the row starts in its file.
    pub line: u64,
    /// The `id` column, when present and non-empty.
    pub id: Option<String>,
    /// The quote text.
    pub text: String,
    /// The `cue` column, when present and non-empty.
    pub cue: Option<String>,
    /// The label, for labelled files.
    pub label: Option<Stance>,
}

/// The rows of one file and where they came from.
#[derive(Debug)]
pub struct QuoteTable {
    /// The file name as given.
    pub source: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Whether the file has a `cue` column.
    pub has_cue_column: bool,
    /// The valid rows.
    pub rows: Vec<QuoteRow>,
    /// Rows skipped with `skip_invalid`, each with its reason.
    pub skipped: Vec<DataError>,
}

/// How to read a file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Require a valid `label` column.
    pub require_label: bool,
    /// Skip invalid rows (recording why) instead of failing on the first one.
    pub skip_invalid: bool,
}

impl ReadOptions {
    /// Options for labelled data (`train`, `eval`).
    pub fn labelled() -> Self {
        ReadOptions {
            require_label: true,
            skip_invalid: false,
        }
    }

    /// Options for unlabelled data (`classify --input`).
    pub fn unlabelled() -> Self {
        ReadOptions {
            require_label: false,
            skip_invalid: false,
        }
    }

    /// The same options, skipping invalid rows when `yes`.
    pub fn skip_invalid(mut self, yes: bool) -> Self {
        self.skip_invalid = yes;
        self
    }
}

/// Reads a quote CSV file.
pub fn read_quote_file(path: &Path, options: &ReadOptions) -> Result<QuoteTable> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| DataError::Io {
        path: name.clone(),
        source,
    })?;
    read_quotes(&bytes, &name, options)
}

/// Reads quote CSV data from memory; `source` names it in errors.
pub fn read_quotes(bytes: &[u8], source: &str, options: &ReadOptions) -> Result<QuoteTable> {
    let sha256 = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let header = reader
        .byte_headers()
        .map_err(|e| DataError::row(source, 1, format!("cannot read the header: {e}")))?
        .clone();
    if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
        return Err(DataError::Empty {
            path: source.to_string(),
            header_only: false,
        });
    }
    let names: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let name = std::str::from_utf8(h).map_err(|_| {
                DataError::row(
                    source,
                    1,
                    format!("header field {} is not valid UTF-8", i + 1),
                )
            })?;
            Ok(name
                .trim_start_matches('\u{feff}')
                .trim()
                .to_ascii_lowercase())
        })
        .collect::<Result<_>>()?;
    for (i, n) in names.iter().enumerate() {
        if !n.is_empty() && names[..i].contains(n) {
            return Err(DataError::DuplicateColumn {
                path: source.to_string(),
                column: n.clone(),
            });
        }
    }
    let column = |name: &'static str, required: bool| -> Result<Option<usize>> {
        let found = names.iter().position(|n| n == name);
        if found.is_none() && required {
            return Err(DataError::MissingColumn {
                path: source.to_string(),
                column: name,
                found: names.join(","),
            });
        }
        Ok(found)
    };
    let text_col = column("text", true)?.expect("required");
    let label_col = column("label", options.require_label)?;
    let id_col = column("id", false)?;
    let cue_col = column("cue", false)?;
    let mut table = QuoteTable {
        source: source.to_string(),
        sha256,
        has_cue_column: cue_col.is_some(),
        rows: Vec::new(),
        skipped: Vec::new(),
    };
    let mut record = csv::ByteRecord::new();
    let mut lines = LineCounter::new(bytes);
    loop {
        let line = lines.line_at(reader.position().byte() as usize);
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // A CSV syntax error cannot be resynchronised reliably: stop here.
                return Err(DataError::row(source, line, format!("malformed CSV: {e}")));
            }
        }
        let line = record
            .position()
            .map_or(line, |p| lines.line_at(p.byte() as usize));
        match parse_row(
            &record, line, source, &names, text_col, label_col, id_col, cue_col,
        ) {
            Ok(row) => table.rows.push(row),
            Err(e) if options.skip_invalid => table.skipped.push(e),
            Err(e) => return Err(e),
        }
    }
    if table.rows.is_empty() && table.skipped.is_empty() {
        return Err(DataError::Empty {
            path: source.to_string(),
            header_only: true,
        });
    }
    Ok(table)
}

/// Maps byte offsets to 1-based line numbers. The csv crate's own line count is off by one
/// after CRLF line ends, and users open the file in an editor to find the line.
struct LineCounter<'a> {
    bytes: &'a [u8],
    upto: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            upto: 0,
            line: 1,
        }
    }

    /// The line of the first character at or after `offset` that is not a line end.
    /// Offsets must not decrease between calls.
    fn line_at(&mut self, offset: usize) -> u64 {
        let mut end = offset.min(self.bytes.len());
        while end < self.bytes.len() && matches!(self.bytes[end], b'\r' | b'\n') {
            end += 1;
        }
        if end > self.upto {
            self.line += self.bytes[self.upto..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.upto = end;
        }
        self.line
    }
}

#[allow(clippy::too_many_arguments)]
fn parse_row(
    record: &csv::ByteRecord,
    line: u64,
    source: &str,
    names: &[String],
    text_col: usize,
    label_col: Option<usize>,
    id_col: Option<usize>,
    cue_col: Option<usize>,
) -> Result<QuoteRow> {
    if record.len() != names.len() {
        return Err(DataError::row(
            source,
            line,
            format!(
                "the row has {} fields, the header has {}; quote fields that contain commas",
                record.len(),
                names.len()
            ),
        ));
    }
    let field = |col: usize| -> Result<&str> {
        std::str::from_utf8(&record[col]).map_err(|e| {
            DataError::row(
                source,
                line,
                format!(
                    "field `{}` is not valid UTF-8 (byte {} of the field)",
                    names[col],
                    e.valid_up_to()
                ),
            )
        })
    };
    let optional = |col: Option<usize>| -> Result<Option<String>> {
        Ok(match col {
            Some(c) => Some(field(c)?.trim())
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            None => None,
        })
    };
    let text = field(text_col)?;
    if text.trim().is_empty() {
        return Err(DataError::row(source, line, "field `text` is empty"));
    }
    let label = match label_col {
        Some(c) => {
            let raw = field(c)?;
            Some(
                raw.parse::<Stance>()
                    .map_err(|e| DataError::row(source, line, format!("field `label`: {e}")))?,
            )
        }
        None => None,
    };
    Ok(QuoteRow {
        line,
        id: optional(id_col)?,
        text: text.to_string(),
        cue: optional(cue_col)?,
        label,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str) -> Result<QuoteTable> {
        read_quotes(csv.as_bytes(), "t.csv", &ReadOptions::labelled())
    }

    #[test]
    fn accepts_bom_crlf_reordered_and_extra_columns() {
        let t =
            read("\u{feff}label,Extra,TEXT\r\nCaution,x,\"It may, or may not\"\r\nrefusal,y,No.")
                .unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].text, "It may, or may not");
        assert_eq!(t.rows[1].line, 3);
        assert!(!t.has_cue_column);
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = read("text,label\nfine,caution\n,refusal\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("t.csv:3") && e.contains("`text` is empty"),
            "{e}"
        );
        let e = read("text,label\nfine,maybe\n").unwrap_err().to_string();
        assert!(e.contains("t.csv:2") && e.contains("maybe"), "{e}");
        let e = read("quote,label\nx,caution\n").unwrap_err().to_string();
        assert!(
            e.contains("missing column `text`") && e.contains("quote,label"),
            "{e}"
        );
        let e = read("text,text,label\nx,y,caution\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("twice"), "{e}");
        let e = read("text,label\nx\n").unwrap_err().to_string();
        assert!(e.contains("t.csv:2") && e.contains("1 fields"), "{e}");
        assert!(matches!(
            read(""),
            Err(DataError::Empty {
                header_only: false,
                ..
            })
        ));
        assert!(matches!(
            read("text,label\n"),
            Err(DataError::Empty {
                header_only: true,
                ..
            })
        ));
    }

    #[test]
    fn invalid_utf8_names_the_line_and_can_be_skipped() {
        let mut bytes = b"text,label\nok,caution\nbad \xff here,caution\n".to_vec();
        let e = read_quotes(&bytes, "t.csv", &ReadOptions::labelled())
            .unwrap_err()
            .to_string();
        assert!(e.contains("t.csv:3") && e.contains("UTF-8"), "{e}");
        let t = read_quotes(&bytes, "t.csv", &ReadOptions::labelled().skip_invalid(true)).unwrap();
        assert_eq!((t.rows.len(), t.skipped.len()), (1, 1));
        bytes.clear();
    }
}
