//! Pairing quotation marks into quoted passages.
//!
//! Marks are paired paragraph by paragraph with a stack, so nested quotations (‘…’ inside
//! “…”, or the other way round) stay inside the outer passage. Straight `"` marks open and
//! close in turn; a curly or straight single closing mark must not be an apostrophe
//! (`don’t`, `players’ union`). A passage still open at the end of its paragraph either
//! continues into the next paragraph, when that one opens with a mark of the same kind (the
//! news convention for a quote over several paragraphs), or ends with its paragraph, so an
//! unclosed mark never swallows the rest of an article.

use crate::text::segment::Span;

/// The kinds of quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// “…”, „…“ or «…»
    CurlyDouble,
    /// "…"
    StraightDouble,
    /// ‘…’
    CurlySingle,
    /// '…'
    StraightSingle,
}

/// The deepest nesting followed; past it, marks are treated as text (a defence against
/// pathological input such as thousands of alternating marks).
const MAX_DEPTH: usize = 16;

/// One top-level quoted passage within one paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage {
    /// The opening mark.
    pub open: Span,
    /// The closing mark, if the passage is closed in this paragraph.
    pub close: Option<Span>,
    /// The text between the marks (trimmed).
    pub content: Span,
    /// The passage is unclosed and the next paragraph reopens it.
    pub continues: bool,
}

impl Passage {
    /// The passage with its marks.
    pub fn outer(&self) -> Span {
        Span::new(
            self.open.start,
            self.close.map_or(self.content.end, |c| c.end),
        )
    }
}

struct Open {
    style: Style,
    mark: Span,
}

/// Finds the top-level quoted passages of one paragraph. `next_paragraph` is the text of the
/// following paragraph, if any, to tell whether an unclosed passage continues.
pub fn passages(text: &str, paragraph: Span, next_paragraph: Option<&str>) -> Vec<Passage> {
    let mut out = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let para = paragraph.text(text);
    let bytes = para.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Only `"`, `'`, `&` and the lead bytes of “ ” ‘ ’ „ « » can start a mark: skip the rest
        // without decoding characters.
        if !matches!(bytes[i], b'"' | b'\'' | b'&' | 0xE2 | 0xC2) {
            i += 1;
            continue;
        }
        // An HTML entity left in scraped text (`&ldquo;`, `&#8220;`) is the mark it stands for.
        let (c, mut len) = match bytes[i] {
            b'&' => match html_mark(&para[i..]) {
                Some(found) => found,
                None => {
                    i += 1;
                    continue;
                }
            },
            _ => match para[i..].chars().next() {
                Some(c) => (c, c.len_utf8()),
                None => break,
            },
        };
        let prev = para[..i].chars().next_back();
        let mut next = para[i + len..].chars().next();
        // Two straight apostrophes, as some archives write double quotation marks ('').
        let c = if c == '\'' && next == Some('\'') {
            len += 1;
            next = para[i + len..].chars().next();
            '"'
        } else {
            c
        };
        let mark = Span::new(paragraph.start + i, paragraph.start + i + len);
        let after = i + len;
        i = after;
        let action = classify(c, prev, next, stack.last().map(|o| o.style), || {
            later_closer(para, after)
        });
        match action {
            Action::Text => {}
            Action::Open(style) => {
                if stack.len() < MAX_DEPTH {
                    stack.push(Open { style, mark });
                }
            }
            Action::Close(style) => {
                let Some(depth) = stack.iter().rposition(|o| o.style == style) else {
                    continue;
                };
                if depth == 0 {
                    let open = stack[0].mark;
                    let content = crate::text::segment::trim(text, Span::new(open.end, mark.start));
                    // 'n' in rock 'n' roll is not a quotation.
                    let too_short = style == Style::StraightSingle
                        && content.is_some_and(|c| c.end - c.start < 3);
                    if let Some(content) = content.filter(|_| !too_short) {
                        out.push(Passage {
                            open,
                            close: Some(mark),
                            content,
                            continues: false,
                        });
                    }
                }
                stack.truncate(depth);
            }
        }
    }
    // A passage left open at the paragraph's end.
    if let Some(first) = stack.first() {
        let reopens = next_paragraph
            .and_then(|n| n.trim_start().chars().next())
            .is_some_and(|c| opens_style(c, first.style));
        // A straight single mark left open is far more often an apostrophe ('90s, rock 'n'
        // roll) than a quotation: drop it rather than quote the rest of the paragraph.
        if first.style != Style::StraightSingle || reopens {
            if let Some(content) =
                crate::text::segment::trim(text, Span::new(first.mark.end, paragraph.end))
            {
                out.push(Passage {
                    open: first.mark,
                    close: None,
                    content,
                    continues: reopens,
                });
            }
        }
    }
    out
}

/// The quotation mark an HTML entity at the start of `s` stands for, and the entity's length.
fn html_mark(s: &str) -> Option<(char, usize)> {
    const ENTITIES: &[(&str, char)] = &[
        ("&ldquo;", '“'),
        ("&rdquo;", '”'),
        ("&lsquo;", '‘'),
        ("&rsquo;", '’'),
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&laquo;", '«'),
        ("&raquo;", '»'),
        ("&#8220;", '“'),
        ("&#8221;", '”'),
        ("&#8216;", '‘'),
        ("&#8217;", '’'),
        ("&#34;", '"'),
        ("&#39;", '\''),
        ("&#x201c;", '“'),
        ("&#x201d;", '”'),
        ("&#x2018;", '‘'),
        ("&#x2019;", '’'),
    ];
    // Compare bytes: the entities are ASCII, and `s` may go on with any character.
    let b = s.as_bytes();
    ENTITIES
        .iter()
        .find(|(e, _)| b.len() >= e.len() && b[..e.len()].eq_ignore_ascii_case(e.as_bytes()))
        .map(|(e, c)| (*c, e.len()))
}

enum Action {
    Text,
    Open(Style),
    Close(Style),
}

fn opens_style(c: char, style: Style) -> bool {
    match style {
        Style::CurlyDouble => matches!(c, '“' | '„' | '«'),
        Style::StraightDouble => c == '"',
        Style::CurlySingle => c == '‘',
        Style::StraightSingle => c == '\'',
    }
}

/// Decides what a character is, given its neighbours and the innermost open passage.
fn classify(
    c: char,
    prev: Option<char>,
    next: Option<char>,
    top: Option<Style>,
    later_closer: impl Fn() -> bool,
) -> Action {
    let letter_before = prev.is_some_and(char::is_alphanumeric);
    let letter_after = next.is_some_and(char::is_alphanumeric);
    match c {
        '“' | '„' | '«' => Action::Open(Style::CurlyDouble),
        '”' | '»' => Action::Close(Style::CurlyDouble),
        // Straight double marks open and close in turn.
        '"' if top == Some(Style::StraightDouble) => Action::Close(Style::StraightDouble),
        '"' => Action::Open(Style::StraightDouble),
        '‘' if !next.is_some_and(|n| n.is_ascii_digit()) => Action::Open(Style::CurlySingle),
        '’' | '\'' => {
            let style = if c == '’' {
                Style::CurlySingle
            } else {
                Style::StraightSingle
            };
            if letter_before && letter_after {
                return Action::Text; // don’t, Macron’s
            }
            if top == Some(style) && !letter_after {
                // `players’ union`: a plural possessive followed by a lower-case word is an
                // apostrophe when a later mark can still close the passage.
                let possessive = prev == Some('s') && next == Some(' ');
                if possessive && later_closer() {
                    return Action::Text;
                }
                return Action::Close(style);
            }
            if c == '\''
                && !letter_before
                && letter_after
                && prev.is_none_or(|p| p.is_whitespace() || "([—–\"“".contains(p))
            {
                return Action::Open(Style::StraightSingle);
            }
            Action::Text
        }
        _ => Action::Text,
    }
}

/// True when a later single closing mark in the paragraph could close a passage: one not
/// between letters.
fn later_closer(para: &str, from: usize) -> bool {
    let rest = &para[from..];
    let mut prev: Option<char> = None;
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '’' | '\'') {
            let after_letter = chars.peek().is_some_and(|n| n.is_alphanumeric());
            let possessive = prev == Some('s') && chars.peek() == Some(&' ');
            if !after_letter && !possessive {
                return true;
            }
        }
        prev = Some(c);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        passages(text, Span::new(0, text.len()), None)
            .iter()
            .map(|p| p.content.text(text))
            .collect()
    }

    #[test]
    fn pairs_curly_straight_and_nested_marks() {
        assert_eq!(
            quoted("“We will,” he said, “stand firm.”"),
            ["We will,", "stand firm."]
        );
        assert_eq!(quoted("\"Go,\" she said. \"Now.\""), ["Go,", "Now."]);
        assert_eq!(
            quoted("“He called it ‘a farce’ today,” she said."),
            ["He called it ‘a farce’ today,"]
        );
        assert_eq!(
            quoted("‘He said “no” twice,’ she said."),
            ["He said “no” twice,"]
        );
    }

    #[test]
    fn apostrophes_do_not_close_single_quotes() {
        assert_eq!(
            quoted("‘We don’t back the players’ union on this,’ he said."),
            ["We don’t back the players’ union on this,"]
        );
        assert_eq!(quoted("Macron’s plan is ‘dead’."), ["dead"]);
        assert_eq!(quoted("the ’90s and rock 'n' roll"), Vec::<&str>::new());
    }

    #[test]
    fn html_entities_are_marks() {
        assert_eq!(
            quoted("She said: &ldquo;We will.&rdquo; Then &#8220;no&#8221;."),
            ["We will.", "no"]
        );
    }

    #[test]
    fn unclosed_passage_ends_with_its_paragraph_or_continues() {
        let text = "“First part\n“Second part.”";
        let first = Span::new(0, text.find('\n').unwrap());
        let p = passages(text, first, Some("“Second part.”"));
        assert_eq!(p.len(), 1);
        assert!(p[0].continues && p[0].close.is_none());
        assert_eq!(p[0].content.text(text), "First part");
        let p = passages(text, first, Some("Narration."));
        assert!(!p[0].continues);
    }
}
