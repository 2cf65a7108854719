//! Reading articles: plain-text files, or JSONL with one article a line.

use std::io::BufRead;
use std::path::Path;

use super::DataError;

/// One article to extract quotes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Its id: the file stem, the JSONL `id`, or `stdin`.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Other fields of a JSONL line, carried through to the output.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// A note about the input, such as replaced invalid bytes.
    pub warning: Option<String>,
}

/// Decodes article bytes: valid UTF-8 as is; otherwise an error naming `source` and the
/// byte offset, or, when `lossy`, the text with bad bytes replaced and a warning.
pub fn decode(
    bytes: Vec<u8>,
    source: &str,
    lossy: bool,
) -> Result<(String, Option<String>), DataError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            if !lossy {
                return Err(DataError::Row {
                    path: source.to_string(),
                    line: line_of(e.as_bytes(), offset),
                    problem: format!(
                        "not valid UTF-8 (byte {offset}); convert it to UTF-8, or pass --lossy to replace bad bytes"
                    ),
                });
            }
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Ok((
                text,
                Some(format!(
                    "{source}: invalid UTF-8 from byte {offset} replaced with U+FFFD"
                )),
            ))
        }
    }
}

fn line_of(bytes: &[u8], offset: usize) -> u64 {
    1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64
}

/// Reads a plain-text article file; its id is the file stem.
pub fn read_text_file(path: &Path, lossy: bool) -> Result<Article, DataError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| DataError::Io {
        path: name.clone(),
        source,
    })?;
    let (text, warning) = decode(bytes, &name, lossy)?;
    let id = path
        .file_stem()
        .map_or(name.clone(), |s| s.to_string_lossy().into_owned());
    Ok(Article {
        id,
        text,
        extra: serde_json::Map::new(),
        warning,
    })
}

/// Reads JSONL articles (`{"id": …, "text": …, …}`) one line at a time, so a file of any size
/// streams in bounded memory. Blank lines are skipped; errors name the line.
#[derive(Debug)]
pub struct JsonlArticles<R> {
    reader: R,
    source: String,
    line: u64,
    buf: Vec<u8>,
    reserved: &'static [&'static str],
}

impl<R: BufRead> JsonlArticles<R> {
    /// Reads from `reader`; `source` names it in errors. Fields named in `reserved` are not
    /// carried through (they would clash with output fields).
    pub fn new(reader: R, source: &str, reserved: &'static [&'static str]) -> Self {
        JsonlArticles {
            reader,
            source: source.to_string(),
            line: 0,
            buf: Vec::new(),
            reserved,
        }
    }

    fn error(&self, problem: String) -> DataError {
        DataError::Row {
            path: self.source.clone(),
            line: self.line,
            problem,
        }
    }

    fn parse(&self) -> Result<Article, DataError> {
        let text = std::str::from_utf8(&self.buf).map_err(|e| {
            self.error(format!(
                "not valid UTF-8 (byte {} of the line)",
                e.valid_up_to()
            ))
        })?;
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| self.error(format!("not a JSON object: {e}")))?;
        let serde_json::Value::Object(mut fields) = value else {
            return Err(self.error("not a JSON object: expected {\"id\": …, \"text\": …}".into()));
        };
        let text = match fields.remove("text") {
            Some(serde_json::Value::String(s)) => s,
            Some(other) => {
                return Err(self.error(format!(
                    "field `text` must be a string, found {}",
                    kind_of(&other)
                )));
            }
            None => return Err(self.error("missing field `text`".into())),
        };
        let id = match fields.remove("id") {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(other) => {
                return Err(self.error(format!(
                    "field `id` must be a string or number, found {}",
                    kind_of(&other)
                )));
            }
            None => format!("line-{}", self.line),
        };
        fields.retain(|k, _| !self.reserved.contains(&k.as_str()));
        Ok(Article {
            id,
            text,
            extra: fields,
            warning: None,
        })
    }
}

fn kind_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

impl<R: BufRead> Iterator for JsonlArticles<R> {
    type Item = Result<Article, DataError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            self.line += 1;
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(source) => {
                    return Some(Err(DataError::Io {
                        path: self.source.clone(),
                        source,
                    }));
                }
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(self.parse());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_lines_parse_or_name_their_line() {
        let input = "{\"id\": 7, \"text\": \"A\", \"source\": \"wire\"}\n\n{\"text\": 3}\nnot json\n{\"id\": \"x\"}\n";
        let items: Vec<_> = JsonlArticles::new(input.as_bytes(), "in.jsonl", &[]).collect();
        let first = items[0].as_ref().unwrap();
        assert_eq!((first.id.as_str(), first.text.as_str()), ("7", "A"));
        assert_eq!(first.extra["source"], "wire");
        let errs: Vec<String> = items[1..]
            .iter()
            .map(|r| r.as_ref().unwrap_err().to_string())
            .collect();
        assert!(
            errs[0].starts_with("in.jsonl:3:") && errs[0].contains("must be a string"),
            "{errs:?}"
        );
        assert!(errs[1].starts_with("in.jsonl:4:"), "{errs:?}");
        assert!(errs[2].contains("missing field `text`"), "{errs:?}");
    }

    #[test]
    fn invalid_utf8_is_an_error_or_replaced() {
        let bad = b"ok\nbad \xff".to_vec();
        let e = decode(bad.clone(), "a.txt", false).unwrap_err().to_string();
        assert!(e.contains("a.txt:2") && e.contains("--lossy"), "{e}");
        let (text, warning) = decode(bad, "a.txt", true).unwrap();
        assert!(text.contains('\u{FFFD}') && warning.is_some());
    }
}
