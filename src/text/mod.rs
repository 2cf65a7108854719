//! Text primitives: a word tokeniser, paragraphs and sentences, all as byte offsets into the
//! original text.
//!
//! Every token is a byte range `start..end` of the text it came from, so `&text[start..end]`
//! always gives the token back; later stages may lower-case or stem a copy of the token, but
//! never move its offsets.
//!
//! ```
//! use quotestance::text::{tokens, TokenKind};
//! let text = "We won’t sign—ever.";
//! let words: Vec<&str> = tokens(text)
//!     .filter(|t| t.kind == TokenKind::Word)
//!     .map(|t| &text[t.start..t.end])
//!     .collect();
//! assert_eq!(words, ["We", "won’t", "sign", "ever"]);
//! ```

pub mod segment;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits, with inner apostrophes (`won't`, `Macron’s`).
    Word,
    /// A single punctuation or symbol character.
    Punct,
}

/// One token: a byte range of the original text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Word or punctuation.
    pub kind: TokenKind,
}

/// Returns true for the apostrophes treated alike: straight `'` and curly `’`.
pub fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Iterates over the tokens of `text`: words and single punctuation characters.
/// White space separates tokens and is never returned.
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, pos: 0 }
}

/// The iterator returned by [`tokens`].
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let bytes = self.text.as_bytes();
        // ASCII fast path over spaces and line ends.
        while self.pos < bytes.len() && bytes[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
        let rest = &self.text[self.pos..];
        let mut chars = rest.char_indices();
        // Skip white space (and invisible format characters such as zero-width spaces).
        let (skip, first) = loop {
            let (i, c) = chars.next()?;
            if !(c.is_whitespace() || is_invisible(c)) {
                break (i, c);
            }
        };
        let start = self.pos + skip;
        if !is_word_char(first) {
            self.pos = start + first.len_utf8();
            return Some(Token {
                start,
                end: self.pos,
                kind: TokenKind::Punct,
            });
        }
        let mut end = start + first.len_utf8();
        loop {
            // ASCII fast path: most news text is ASCII letters.
            while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
                end += 1;
            }
            let Some(c) = self.text[end..].chars().next() else {
                break;
            };
            if is_word_char(c) {
                end += c.len_utf8();
            } else if is_apostrophe(c) {
                // An apostrophe is inside a word only when a letter follows it.
                let after = end + c.len_utf8();
                match self.text[after..].chars().next() {
                    Some(n) if n.is_alphabetic() => end = after,
                    _ => break,
                }
            } else {
                break;
            }
        }
        self.pos = end;
        Some(Token {
            start,
            end,
            kind: TokenKind::Word,
        })
    }
}

/// Zero-width and other format characters that act as white space in scraped text.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text).map(|t| &text[t.start..t.end]).collect()
    }

    #[test]
    fn offsets_give_back_the_token() {
        let text = "Zelenskyy called it “very concrete,” didn't he?";
        for t in tokens(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(t.start < t.end);
        }
        assert_eq!(
            words(text),
            [
                "Zelenskyy",
                "called",
                "it",
                "“",
                "very",
                "concrete",
                ",",
                "”",
                "didn't",
                "he",
                "?"
            ]
        );
    }

    #[test]
    fn apostrophes_inside_words_only() {
        assert_eq!(words("‘Macron’s plan’"), ["‘", "Macron’s", "plan", "’"]);
        assert_eq!(words("players' union"), ["players", "'", "union"]);
    }

    #[test]
    fn invisible_characters_separate_words() {
        assert_eq!(
            words("no\u{200B}deal\u{00A0}today"),
            ["no", "deal", "today"]
        );
    }
}
