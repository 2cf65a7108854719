//! Paragraphs and sentences as byte spans of the original text.

/// A byte range `start..end` of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The text of the span.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// True when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when `pos` lies inside this span.
    pub fn covers(&self, pos: usize) -> bool {
        self.start <= pos && pos < self.end
    }
}

/// Splits `text` into paragraphs: runs of lines separated by line ends. Each paragraph is
/// trimmed of surrounding white space; blank lines produce no paragraph. A line end counts as
/// a paragraph break because scraped news puts one paragraph on each line as often as it
/// separates them by blank lines.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A line end, or a paragraph or line-break tag left in scraped HTML.
        let brk = match bytes[i] {
            b'\n' | b'\r' => 1,
            b'<' => html_break(&bytes[i..]),
            _ => 0,
        };
        if brk > 0 {
            push_trimmed(text, start, i, &mut out);
            start = i + brk;
            i += brk;
        } else {
            i += 1;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// The length of a `<p>`, `</p>` or `<br>` tag at the start of `b` (with attributes), or 0.
fn html_break(b: &[u8]) -> usize {
    let lower = |k: usize| b.get(k).map(u8::to_ascii_lowercase);
    let name_at = if lower(1) == Some(b'/') { 2 } else { 1 };
    let is_break = match (lower(name_at), lower(name_at + 1)) {
        (Some(b'p'), Some(b'>' | b' ')) => true,
        (Some(b'b'), Some(b'r')) => matches!(lower(name_at + 2), Some(b'>' | b' ' | b'/')),
        _ => false,
    };
    if !is_break {
        return 0;
    }
    // Up to the closing `>`, within a short tag.
    b.iter()
        .take(64)
        .position(|&c| c == b'>')
        .map_or(0, |p| p + 1)
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    if let Some(span) = trim(text, Span::new(start, end)) {
        out.push(span);
    }
}

/// The span without leading and trailing white space (and invisible characters), or `None`
/// when nothing is left.
pub fn trim(text: &str, span: Span) -> Option<Span> {
    let s = span.text(text);
    let is_space = |c: char| c.is_whitespace() || super::is_invisible(c);
    let trimmed_start = s.len() - s.trim_start_matches(is_space).len();
    let trimmed_end = s.trim_end_matches(is_space).len();
    (trimmed_start < trimmed_end)
        .then(|| Span::new(span.start + trimmed_start, span.start + trimmed_end))
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "prof",
    "jr", "sr", "no", "inc", "ltd", "co", "corp", "vs", "jan", "feb", "mar", "apr", "aug", "sept",
    "sep", "oct", "nov", "dec", "mt", "ft", "rev", "hon", "gov", "supt", "insp", "det", "adm",
    "cmdr", "maj", "pres", "atty", "approx", "est", "fig", "al",
];

/// Splits a paragraph into sentences. A sentence ends at `.`, `!` or `?` (with any closing
/// quotation marks or brackets after it) followed by white space and a capital letter, a digit
/// or an opening mark. Ends inside `protected` spans (quotations, sorted and disjoint) are
/// ignored, so a quoted
/// passage of several sentences stays in the sentence that attributes it, unless it is
/// followed by another sentence after its closing mark.
pub fn sentences(text: &str, paragraph: Span, protected: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = paragraph.start;
    let mut i = paragraph.start;
    while i < paragraph.end {
        let b = bytes[i];
        if !matches!(b, b'.' | b'!' | b'?') || inside(protected, i) {
            i += 1;
            continue;
        }
        // Extend over repeated terminators and closing marks: `?!`, `.”`, `.)`.
        let mut j = i + 1;
        while j < paragraph.end {
            let c = text[j..].chars().next().expect("in bounds");
            if matches!(
                c,
                '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')' | ']' | '»'
            ) {
                j += c.len_utf8();
            } else {
                break;
            }
        }
        let after = &text[j..paragraph.end];
        let rest = after.trim_start();
        let spaced = rest.len() < after.len();
        let next = rest.chars().next();
        let starts_sentence = next.is_some_and(|c| {
            c.is_uppercase()
                || c.is_ascii_digit()
                || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '—' | '–')
        });
        if spaced && starts_sentence && !(b == b'.' && is_abbreviation(text, start, i)) {
            out.push(Span::new(start, j));
            start = j + (after.len() - rest.len());
            i = start;
            continue;
        }
        i = j;
    }
    if let Some(last) = trim(text, Span::new(start, paragraph.end)) {
        out.push(last);
    }
    out
}

/// True when `pos` lies strictly inside one of `spans` (sorted by start, disjoint).
fn inside(spans: &[Span], pos: usize) -> bool {
    let k = spans.partition_point(|p| p.start < pos);
    k > 0 && pos < spans[k - 1].end
}

/// True when the word before the full stop at `dot` is an abbreviation or an initial.
fn is_abbreviation(text: &str, sentence_start: usize, dot: usize) -> bool {
    let before = &text[sentence_start..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = &before[word_start..];
    let last = word.rsplit('.').next().unwrap_or(word);
    if last.chars().count() == 1 && last.chars().all(char::is_uppercase) {
        return true; // an initial: "J. Smith", "U.S."
    }
    if word.contains('.') && last.chars().count() <= 2 {
        return true; // "a.m.", "e.g."
    }
    ABBREVIATIONS.contains(&last.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        let p = paragraphs(text);
        p.iter()
            .flat_map(|p| sentences(text, *p, &[]))
            .map(|s| s.text(text))
            .collect()
    }

    #[test]
    fn paragraphs_split_on_line_ends_and_trim() {
        let text = "  One.\r\n\r\nTwo\nThree  \n\n";
        let p: Vec<&str> = paragraphs(text).iter().map(|s| s.text(text)).collect();
        assert_eq!(p, ["One.", "Two", "Three"]);
    }

    #[test]
    fn html_paragraph_tags_break_paragraphs() {
        let text = "<p>One.</p><p class=\"x\">Two<br/>Three</p>";
        let p: Vec<&str> = paragraphs(text).iter().map(|s| s.text(text)).collect();
        assert_eq!(p, ["One.", "Two", "Three"]);
    }

    #[test]
    fn sentences_respect_abbreviations_and_quotes() {
        assert_eq!(
            sents(
                "Mr. Smith met Dr. Jones in the U.S. on Monday. He left at 5 p.m. Nobody saw him."
            ),
            [
                "Mr. Smith met Dr. Jones in the U.S. on Monday.",
                "He left at 5 p.m. Nobody saw him."
            ]
        );
        assert_eq!(
            sents("“We will.” Then he left!"),
            ["“We will.”", "Then he left!"]
        );
        let text = "“We will. We must,” he said. Done.";
        let protected = [Span::new(0, 23)];
        let s: Vec<&str> = sentences(text, Span::new(0, text.len()), &protected)
            .iter()
            .map(|s| s.text(text))
            .collect();
        assert_eq!(s, ["“We will. We must,” he said.", "Done."]);
    }
}
