//! Quote extraction and speaker attribution.
//!
//! [`extract`] reads an article and returns every [`Quote`]:
//! 1. paragraphs are split and their quotation marks paired ([`marks`]); a passage left open
//!    at a paragraph's end runs on when the next paragraph reopens it;
//! 2. sentences are split around the passages, so a quoted passage of several sentences
//!    stays with its attribution;
//! 3. each passage is `direct` (the speaker's own utterance: it opens its sentence or follows
//!    a colon or a cue and comma) or `mixed` (a fragment inside the narrator's sentence:
//!    called it “very concrete”); an utterance interrupted by its attribution
//!    (“We will,” he said, “stand firm.”) is one quote;
//! 4. reported speech (`indirect`, in `reported.rs`): a cue from [`cues`] and its content
//!    clause, with or without "that", an infinitive after stance verbs (pledged to …), or an
//!    object after verbs such as "ruled out"; postposed (…, she said.) and "according to"
//!    attributions too;
//! 5. the speaker mention (`mentions.rs`) is the cue's subject (skipping a description between
//!    commas), the name after an inverted cue (said Starmer), a dash or colon attribution; a
//!    passage with none takes the speaker of its paragraph, as a reader would;
//! 6. [`speakers`] resolves mentions to full names, titles to the people who hold them and
//!    pronouns to the most recent compatible speaker.
//!
//! Offsets are byte offsets into the original text; `quote` equals `&text[start..end]`,
//! except for a quote in several parts (interrupted, or over several paragraphs), whose parts
//! are joined with one space.
//!
//! ```
//! let article = "“We will stand firm,” Prime Minister Lena Varga said on Tuesday. \
//!                She called the offer “an insult” and warned that talks could collapse.";
//! let quotes = quotestance::quotes::extract(article);
//! assert_eq!(quotes.len(), 3);
//! assert_eq!(quotes[0].text, "We will stand firm,");
//! assert_eq!(quotes[1].text, "an insult");
//! assert_eq!(quotes[2].text, "talks could collapse");
//! assert!(quotes.iter().all(|q| q.speaker.as_deref() == Some("Lena Varga")));
//! ```

pub mod cues;
pub mod marks;
mod mentions;
mod reported;
pub mod speakers;

use std::sync::OnceLock;

use serde::Serialize;

use crate::text::segment::{self, Span};
use crate::text::{TokenKind, tokens};
use cues::{CueEntry, Cues};
use marks::Passage;
use speakers::Resolver;

/// How a quote is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The speaker's words in quotation marks, standing as their utterance.
    Direct,
    /// Quoted words inside the narrator's sentence.
    Mixed,
    /// Reported speech, without quotation marks.
    Indirect,
}

impl QuoteKind {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Mixed => "mixed",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// How the speaker of a quote was found; each has its own attribution confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// A cue or attribution in the quote's own sentence.
    Sentence,
    /// The speaker of the paragraph around the quote.
    Paragraph,
    /// The speaker of the previous paragraph.
    PreviousParagraph,
    /// Nobody near: the person the article names most (an interview's subject).
    Salient,
}

/// One quote found in an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// Byte offset where the quote's content starts.
    pub start: usize,
    /// Byte offset where the quote's content ends.
    pub end: usize,
    /// The content, without quotation marks (parts of a split quote joined with a space).
    pub text: String,
    /// The byte ranges of the parts of the content: one, or several for a quote interrupted
    /// by its attribution or running over several paragraphs.
    #[serde(skip)]
    pub parts: Vec<Span>,
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// The resolved speaker: full name, organisation, or an unnamed mention ("spokesman").
    pub speaker: Option<String>,
    /// The words that name the speaker where the quote is attributed ("the Prime Minister", "he").
    pub speaker_mention: Option<String>,
    /// The reporting cue as written ("said", "reiterated that", "declined to").
    pub cue: Option<String>,
    /// How sure the attribution is, in [0, 1]: explicit cue in the same sentence highest,
    /// inherited from the paragraph lower, nobody found 0.
    pub attribution_confidence: f64,
}

/// Extracts the quotes of an article, in order of their position.
pub fn extract(text: &str) -> Vec<Quote> {
    static CUES: OnceLock<Cues> = OnceLock::new();
    Article::new(text, CUES.get_or_init(Cues::default)).extract()
}

/// A token of a sentence: a word or punctuation, possibly inside a quoted passage.
#[derive(Debug, Clone, Copy)]
struct Tok {
    span: Span,
    word: bool,
    /// The index of the passage the token lies in (marks included).
    passage: Option<usize>,
}

/// A quoted passage of the article, with the paragraph it is in and the run it belongs to
/// (the passages of one quote over several paragraphs form one run).
#[derive(Debug, Clone)]
struct PassageInfo {
    passage: Passage,
    paragraph: usize,
    run: usize,
}

/// A cue found in a sentence: token range and lexicon entry.
#[derive(Debug, Clone, Copy)]
struct CueHit {
    first: usize,
    end: usize,
    entry: CueEntry,
}

/// A capitalised name seen in the narration.
#[derive(Debug, Clone)]
struct NameSeen {
    at: usize,
    text: String,
    /// Written after "the" or before ", which": most likely an organisation.
    organisation: bool,
    /// It opens its sentence, followed by a verb: a candidate for the next pronoun.
    subject: bool,
}

/// A quote before its speaker is resolved.
#[derive(Debug, Clone)]
struct Candidate {
    kind: QuoteKind,
    parts: Vec<Span>,
    cue: Option<Span>,
    cue_suffix: &'static str,
    mention: Option<Span>,
    found: Option<Found>,
    paragraph: usize,
    /// Passage runs this candidate stands for (direct and mixed only).
    runs: Vec<usize>,
}

struct Article<'t> {
    text: &'t str,
    cues: &'t Cues,
    paragraphs: Vec<Span>,
    passages: Vec<PassageInfo>,
}

/// Words skipped between a cue and its subject: auxiliaries, negation, adverbs.
const SKIPPABLE: &[&str] = &[
    "also",
    "then",
    "later",
    "again",
    "has",
    "have",
    "had",
    "would",
    "will",
    "did",
    "does",
    "do",
    "not",
    "never",
    "once",
    "just",
    "further",
    "separately",
    "publicly",
    "privately",
    "earlier",
    "previously",
    "recently",
    "already",
    "still",
    "only",
    "flatly",
    "repeatedly",
    "bluntly",
    "firmly",
    "simply",
    "openly",
    "strongly",
    "quickly",
    "has",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "had",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "shall",
    "n't",
    "subsequently",
    "since",
    "often",
    "frequently",
    "reportedly",
    "yesterday",
    "today",
    "tonight",
];

/// Words that may stand inside a speaker mention besides capitalised words.
const MENTION_WORDS: &[&str] = &[
    "&", "the", "a", "an", "its", "his", "her", "their", "of", "for", "at", "to", "and", "de",
    "van", "von", "der", "bin", "al", "la", "le", "du", "da", "’s", "'s",
];

/// Prepositions that open a phrase between a cue and its content ("said in a statement that").
const PREPOSITIONS: &[&str] = &[
    "on", "in", "at", "during", "after", "before", "outside", "from", "by", "with", "via", "over",
    "through",
];

/// Time words and adverbs to skip between a cue and its content.
const SETTING_WORDS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "before",
    "last",
    "this",
    "earlier",
    "later",
    "late",
    "yesterday",
    "today",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "morning",
    "afternoon",
    "evening",
    "week",
    "month",
    "year",
    "also",
    "again",
    "repeatedly",
    "privately",
    "publicly",
    "bluntly",
    "firmly",
    "flatly",
    "then",
    "once",
    "recently",
    "separately",
];

impl<'t> Article<'t> {
    fn new(text: &'t str, cues: &'t Cues) -> Self {
        let paragraphs = segment::paragraphs(text);
        let mut passages: Vec<PassageInfo> = Vec::new();
        let mut run = 0;
        let mut continuing = false;
        for (pi, p) in paragraphs.iter().enumerate() {
            let next = paragraphs.get(pi + 1).map(|n| n.text(text));
            for (k, passage) in marks::passages(text, *p, next).into_iter().enumerate() {
                // The first passage of a paragraph continues the run left open before it.
                if !(continuing && k == 0) {
                    run = passages.last().map_or(0, |l: &PassageInfo| l.run + 1);
                }
                continuing = false;
                passages.push(PassageInfo {
                    passage,
                    paragraph: pi,
                    run,
                });
            }
            continuing = passages
                .last()
                .is_some_and(|l| l.paragraph == pi && l.passage.continues);
        }
        Article {
            text,
            cues,
            paragraphs,
            passages,
        }
    }

    fn extract(&self) -> Vec<Quote> {
        let mut candidates = Vec::new();
        let mut names = Vec::new();
        // The subject of each paragraph's last narration sentence ("Vass is careful."), which
        // a quote opening the next paragraph may take as its speaker.
        let mut subjects = vec![None; self.paragraphs.len()];
        for (pi, subject_of_paragraph) in subjects.iter_mut().enumerate() {
            // Passages are in paragraph order.
            let first = self.passages.partition_point(|p| p.paragraph < pi);
            let count = self.passages[first..]
                .iter()
                .take_while(|p| p.paragraph == pi)
                .count();
            let in_para: Vec<usize> = (first..first + count).collect();
            let protected: Vec<Span> = in_para
                .iter()
                .map(|&i| self.passages[i].passage.outer())
                .collect();
            for sentence in segment::sentences(self.text, self.paragraphs[pi], &protected) {
                let toks = self.tokens(sentence, &in_para);
                names.extend(self.capitalised_runs(&toks));
                if toks.iter().all(|t| t.passage.is_none()) {
                    if let Some(subject) = self.sentence_subject(&toks) {
                        *subject_of_paragraph = Some(subject);
                    }
                }
                self.sentence(&toks, pi, &mut candidates);
            }
        }
        self.inherit_speakers(&mut candidates, &subjects);
        self.resolve(candidates, names)
    }

    fn tokens(&self, sentence: Span, in_para: &[usize]) -> Vec<Tok> {
        // The paragraph's passages are sorted and disjoint: find the last one starting at or
        // before the sentence once, then move forward with the tokens.
        let starts_at_or_before =
            |pos: usize| in_para.partition_point(|&i| self.passages[i].passage.open.start <= pos);
        let mut k = starts_at_or_before(sentence.start);
        tokens(sentence.text(self.text))
            .map(|t| {
                let span = Span::new(sentence.start + t.start, sentence.start + t.end);
                while k < in_para.len()
                    && self.passages[in_para[k]].passage.open.start <= span.start
                {
                    k += 1;
                }
                let passage = k
                    .checked_sub(1)
                    .map(|k| in_para[k])
                    .filter(|&i| self.passages[i].passage.outer().contains(span));
                Tok {
                    span,
                    word: t.kind == TokenKind::Word,
                    passage,
                }
            })
            .collect()
    }

    fn word(&self, t: &Tok) -> &'t str {
        t.span.text(self.text)
    }

    fn lower_is(&self, t: &Tok, words: &[&str]) -> bool {
        let w = self.word(t);
        words.iter().any(|x| x.eq_ignore_ascii_case(w))
    }

    /// Cues in the narration of a sentence (never inside quotation marks).
    fn cue_hits(&self, toks: &[Tok]) -> Vec<CueHit> {
        let mut hits = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if toks[i].passage.is_some() || !toks[i].word {
                i += 1;
                continue;
            }
            let mut words = [""; 3];
            let mut n = 0;
            for t in toks[i..]
                .iter()
                .take(3)
                .take_while(|t| t.word && t.passage.is_none())
            {
                words[n] = self.word(t);
                n += 1;
            }
            match self.cues.match_at(&words[..n]) {
                Some(entry) if self.is_reporting_verb(toks, i, words[0]) => {
                    hits.push(CueHit {
                        first: i,
                        end: i + entry.words.len(),
                        entry,
                    });
                    i += entry.words.len();
                }
                _ => i += 1,
            }
        }
        hits
    }

    /// Whether a word that matches a cue is used as a reporting verb where it stands.
    fn is_reporting_verb(&self, toks: &[Tok], i: usize, word: &str) -> bool {
        // A capitalised "Said" inside a sentence is more often a name than a verb; "state" is
        // far more often a noun ("secretary of state", "state taxes") than a reporting verb.
        if is_capitalised_word(word) && i > 0 || word.eq_ignore_ascii_case("state") {
            return false;
        }
        let Some(prev) = i.checked_sub(1).map(|p| &toks[p]) else {
            return true;
        };
        // After "to" the verb is an infinitive inside some other clause ("commitments to
        // respond if …"); after a determiner it is a noun ("the report", "no comment").
        if self.lower_is(
            prev,
            &[
                "to", "the", "a", "an", "this", "that", "his", "her", "its", "their", "our", "my",
                "your", "whose", "every", "each", "no", "any",
            ],
        ) {
            return false;
        }
        // "would add $600,000", "add a third lane": add as arithmetic, not speech.
        if (word.eq_ignore_ascii_case("add") || word.eq_ignore_ascii_case("adds"))
            && toks
                .get(i + 1)
                .is_some_and(|t| !self.lower_is(t, &["that", ","]) && t.passage.is_none())
        {
            return false;
        }
        // "security guarantees", "campaign promises": a plural noun, unless a subject stands
        // before it ("the company promises").
        let bare_s_form =
            word.ends_with('s') && !word.ends_with("ss") && !word.eq_ignore_ascii_case("says");
        let prev_word = self.word(prev);
        let subject_like = !prev.word
            || is_capitalised_word(prev_word)
            || is_role_word(prev_word)
            || speakers::is_plural_noun(prev_word)
            || speakers::PRONOUNS
                .iter()
                .any(|p| p.eq_ignore_ascii_case(prev_word))
            || self.lower_is(prev, SKIPPABLE);
        !bare_s_form || subject_like
    }

    /// Capitalised word runs of the narration (possible names), for the speaker resolver:
    /// position, text, and whether "the" comes before it (a hint of an organisation).
    fn capitalised_runs(&self, toks: &[Tok]) -> Vec<NameSeen> {
        let mut out = Vec::new();
        let mut i = 0;
        let capital = |t: &Tok| t.passage.is_none() && t.word && is_capitalised_word(self.word(t));
        while i < toks.len() {
            // Skip capitalised openers ("At Harrowgate", "After Selene").
            if !capital(&toks[i]) || speakers::is_not_a_name(self.word(&toks[i])) {
                i += 1;
                continue;
            }
            let start = i;
            loop {
                while i < toks.len()
                    && (capital(&toks[i])
                        || toks[i].passage.is_none() && self.is_joiner(toks, &toks[i]))
                {
                    i += 1;
                }
                // "Bank of England", "Department for Borders", "Energy-Intensive".
                let connective = i + 1 < toks.len()
                    && self.lower_is(&toks[i], &["of", "for", "and", "-", "&"])
                    && capital(&toks[i + 1]);
                if !connective {
                    break;
                }
                i += 1;
            }
            while i > start + 1 && !toks[i - 1].word {
                i -= 1; // a trailing joiner ("Selene-")
            }
            let span = Span::new(toks[start].span.start, toks[i - 1].span.end);
            // A headline in title case ("Latinos Share Their Thoughts On …") is not a name.
            let headline = toks[start + 1..i].iter().any(|t| {
                t.word
                    && speakers::is_not_a_name(self.word(t))
                    && !self.lower_is(t, &["and", "of", "for"])
            });
            // Sentence-initial ordinary words ("The", "But") are not names.
            if !headline && (i - start > 1 || start > 0) {
                let the = start > 0 && self.lower_is(&toks[start - 1], &["the"])
                    || toks.get(i + 1).is_some_and(|t| {
                        self.word(&toks[i]) == "," && self.lower_is(t, &["which"])
                    });
                let subject = start == 0
                    && toks.get(i).is_some_and(|t| {
                        t.word && !is_capitalised_word(self.word(t)) || self.word(t) == ","
                    });
                let mut text = span.text(self.text).to_string();
                // "The transport minister, Grace Ellery," and "Anika Holm, chief economist,":
                // a role set off by commas next to the name is its title.
                if let Some(role) = self.adjacent_role(toks, start, i) {
                    text = format!("{} {text}", role.text(self.text).replace(',', " "));
                }
                out.push(NameSeen {
                    at: span.start,
                    text,
                    organisation: the,
                    subject,
                });
            }
        }
        out
    }

    /// A role phrase set off by a comma just before or just after the name in `a..b`.
    fn adjacent_role(&self, toks: &[Tok], a: usize, b: usize) -> Option<Span> {
        let boundary = |i: usize| {
            toks[i].passage.is_some() || matches!(self.word(&toks[i]), "," | ";" | ":" | ".")
        };
        if a > 1 && self.word(&toks[a - 1]) == "," {
            let start = (0..a - 1).rev().find(|&i| boundary(i)).map_or(0, |i| i + 1);
            if self.is_role_phrase(toks, start, a - 1) {
                return Some(Span::new(toks[start].span.start, toks[a - 2].span.end));
            }
        }
        if toks.get(b).is_some_and(|t| self.word(t) == ",") {
            let end = (b + 1..toks.len())
                .find(|&i| boundary(i))
                .unwrap_or(toks.len());
            let lowercase = toks[b + 1..end]
                .iter()
                .all(|t| t.word && !is_capitalised_word(self.word(t)));
            if end > b + 1
                && end - b <= 6
                && lowercase
                && toks[b + 1..end].iter().any(|t| is_role_word(self.word(t)))
            {
                return Some(Span::new(toks[b + 1].span.start, toks[end - 1].span.end));
            }
        }
        None
    }

    /// Finds the quotes of one sentence.
    fn sentence(&self, toks: &[Tok], paragraph: usize, out: &mut Vec<Candidate>) {
        let hits = self.cue_hits(toks);
        // Passages whose opening mark is in this sentence, in order, with their first and
        // last tokens.
        let mut passage_ids: Vec<usize> = Vec::new();
        let mut bounds: Vec<(usize, usize)> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            let Some(p) = t.passage else { continue };
            if passage_ids.last() == Some(&p) {
                bounds.last_mut().expect("pushed with the id").1 = i;
            } else if t.span.start == self.passages[p].passage.open.start {
                passage_ids.push(p);
                bounds.push((i, i));
            }
        }
        let mut used_cues: Vec<usize> = Vec::new();
        let mut last_direct: Option<usize> = None;
        for (k, &p) in passage_ids.iter().enumerate() {
            let info = &self.passages[p];
            let (open_tok, close_tok) = bounds[k];
            let prev_close = k.checked_sub(1).map(|j| bounds[j].1);
            let lead = &toks[prev_close.map_or(0, |c| c + 1)..open_tok];
            let lead_words: Vec<&str> = lead.iter().map(|t| self.word(t)).collect();
            let lead_cue = hits
                .iter()
                .rposition(|h| h.first >= prev_close.map_or(0, |c| c + 1) && h.end <= open_tok);
            let content = info.passage.content.text(self.text);
            let starts_lower = content.chars().next().is_some_and(char::is_lowercase);
            let last_lead = lead_words.last().copied();
            let after_colon = last_lead == Some(":");
            let after_cue_comma = last_lead == Some(",") && lead_cue.is_some();
            // A continuation of a run (the later paragraphs of a long quote) belongs to the
            // candidate already made for the run: runs come in order, so it is the latest
            // candidate made for a passage.
            if out
                .iter()
                .rev()
                .find(|c| !c.runs.is_empty())
                .is_some_and(|c| c.runs.contains(&info.run))
            {
                continue;
            }
            // “We will,” he said, “stand firm.” — one quote.
            if let (Some(d), true) = (last_direct, after_cue_comma && prev_close.is_some()) {
                let c: &mut Candidate = &mut out[d];
                c.parts.push(info.passage.content);
                c.runs.push(info.run);
                continue;
            }
            let direct = lead.is_empty() && !starts_lower
                || after_colon
                || (after_cue_comma && !lead_words.iter().any(|w| w.eq_ignore_ascii_case("that")))
                || (lead.is_empty() && prev_close.is_some());
            let kind = if direct {
                QuoteKind::Direct
            } else {
                QuoteKind::Mixed
            };
            let mut candidate = Candidate {
                kind,
                parts: self.run_parts(info.run),
                cue: None,
                cue_suffix: "",
                mention: None,
                found: None,
                paragraph,
                runs: vec![info.run],
            };
            // The attribution: a cue before the passage in the same clause, or after it.
            let trailing = hits.iter().position(|h| {
                h.first > close_tok
                    && passage_ids.get(k + 1).is_none_or(|&n| {
                        toks[h.first].span.start < self.passages[n].passage.open.start
                    })
            });
            let chosen = if direct {
                trailing.or(lead_cue)
            } else {
                lead_cue
                    .or(trailing)
                    .or_else(|| hits.iter().position(|h| h.first < open_tok))
            };
            candidate.mention = if let Some(h) = chosen {
                let hit = hits[h];
                candidate.cue = Some(self.cue_span(toks, hit));
                used_cues.push(h);
                self.subject(toks, hit)
                    .or_else(|| self.object_mention(toks, hit))
            } else if after_colon {
                // "Starmer: “…”" — a colon attribution without a verb.
                self.mention_before(toks, open_tok.saturating_sub(1))
            } else {
                None
            };
            // "“…” — a ministry spokesman"
            if candidate.mention.is_none()
                && toks
                    .get(close_tok + 1)
                    .is_some_and(|t| matches!(self.word(t), "—" | "–" | "-"))
            {
                candidate.mention = self.rest_of_clause(toks, close_tok + 2);
            }
            candidate.found = candidate.mention.map(|_| Found::Sentence);
            if kind == QuoteKind::Direct {
                last_direct = Some(out.len());
            }
            out.push(candidate);
        }
        // Reported speech.
        for h in 0..hits.len() {
            if let Some(mut c) = self.indirect(toks, &hits, h, used_cues.contains(&h)) {
                c.paragraph = paragraph;
                out.push(c);
            }
        }
    }

    /// The content spans of every passage of a run.
    fn run_parts(&self, run: usize) -> Vec<Span> {
        // Passages are in order and a run's passages are adjacent.
        let first = self.passages.partition_point(|p| p.run < run);
        self.passages[first..]
            .iter()
            .take_while(|p| p.run == run)
            .map(|p| p.passage.content)
            .collect()
    }

    /// The cue as written: the verb with auxiliaries and negation before it ("did not deny").
    fn cue_span(&self, toks: &[Tok], hit: CueHit) -> Span {
        let mut first = hit.first;
        while first > 0
            && toks[first - 1].passage.is_none()
            && self.lower_is(
                &toks[first - 1],
                &[
                    "not", "never", "n't", "did", "does", "do", "would", "will", "could", "has",
                    "have", "had",
                ],
            )
        {
            first -= 1;
        }
        Span::new(toks[first].span.start, toks[hit.end - 1].span.end)
    }

    /// A quote with no attribution of its own takes the speaker of the nearest attributed
    /// quote before it in its paragraph, or after it in the same paragraph, else of the last
    /// quote of the previous paragraph when this paragraph opens with the quote.
    fn inherit_speakers(&self, candidates: &mut [Candidate], subjects: &[Option<Span>]) {
        for i in 0..candidates.len() {
            if candidates[i].mention.is_some() || candidates[i].kind == QuoteKind::Indirect {
                continue;
            }
            let para = candidates[i].paragraph;
            // Candidates come in paragraph order, so a paragraph's candidates are adjacent.
            let before = (0..i)
                .rev()
                .take_while(|&j| candidates[j].paragraph == para);
            let after = (i + 1..candidates.len()).take_while(|&j| candidates[j].paragraph == para);
            let same_para = before.chain(after).find(|&j| {
                candidates[j].mention.is_some() && candidates[j].found == Some(Found::Sentence)
            });
            if let Some(j) = same_para {
                candidates[i].mention = candidates[j].mention;
                candidates[i].found = Some(Found::Paragraph);
                continue;
            }
            let opens_paragraph = candidates[i].parts.first().is_some_and(|p| {
                // A part that began in an earlier paragraph (a long quote) does not open this one.
                let para_start = self.paragraphs[para].start;
                self.text
                    .get(para_start..p.start)
                    .is_some_and(|before| before.chars().all(|c| !c.is_alphanumeric()))
            });
            if !opens_paragraph || para == 0 {
                continue;
            }
            // The latest attribution of the previous paragraph: a quote's speaker or the
            // subject of its narration, whichever comes later.
            let prev_quote = (0..i)
                .rev()
                .take_while(|&j| candidates[j].paragraph + 1 >= para)
                .find(|&j| candidates[j].paragraph == para - 1 && candidates[j].mention.is_some());
            let from_quote = prev_quote.and_then(|j| candidates[j].mention);
            let latest = match (from_quote, subjects[para - 1]) {
                (Some(q), Some(s)) => Some(if s.start > q.start { s } else { q }),
                (q, s) => q.or(s),
            };
            // In a long interview, unattributed answers go on with the last speaker.
            let earlier = || {
                (0..i)
                    .rev()
                    .take_while(|&j| candidates[j].paragraph + 3 >= para)
                    .find(|&j| candidates[j].mention.is_some())
                    .and_then(|j| candidates[j].mention)
            };
            match latest.or_else(earlier) {
                Some(m) => {
                    candidates[i].mention = Some(m);
                    candidates[i].found = Some(Found::PreviousParagraph);
                }
                None if candidates[i].kind == QuoteKind::Direct => {
                    candidates[i].found = Some(Found::Salient)
                }
                None => {}
            }
        }
    }

    /// Resolves mentions to speakers, in reading order, and builds the quotes.
    fn resolve(&self, mut candidates: Vec<Candidate>, names: Vec<NameSeen>) -> Vec<Quote> {
        candidates.sort_by_key(|c| c.parts[0].start);
        let mut resolver = Resolver::default();
        let mut names = names.into_iter().peekable();
        let mut out = Vec::with_capacity(candidates.len());
        for c in candidates {
            let at = c
                .mention
                .map_or(c.parts[0].start, |m| m.start.min(c.parts[0].start));
            while let Some(name) = names.next_if(|n| n.at < at) {
                if name.subject {
                    resolver.observe_subject(&name.text, name.organisation);
                } else {
                    resolver.observe(&name.text, name.organisation);
                }
            }
            let mention = c.mention.map(|m| m.text(self.text).to_string());
            let resolved = match (&mention, c.found) {
                (Some(m), _) => resolver.resolve(m),
                (None, Some(Found::Salient)) => resolver.most_named_person(),
                (None, _) => None,
            };
            let factor = match c.found {
                Some(Found::Sentence) | None => 1.0,
                Some(Found::Paragraph) => 0.7,
                Some(Found::PreviousParagraph) => 0.55,
                Some(Found::Salient) => 0.6,
            };
            let text = c
                .parts
                .iter()
                .map(|p| p.text(self.text))
                .collect::<Vec<_>>()
                .join(" ");
            out.push(Quote {
                start: c.parts[0].start,
                end: c.parts.last().expect("one part at least").end,
                text,
                parts: c.parts.clone(),
                kind: c.kind,
                attribution_confidence: resolved
                    .as_ref()
                    .map_or(0.0, |r| (r.confidence * factor * 100.0).round() / 100.0),
                speaker: resolved.map(|r| r.speaker),
                speaker_mention: mention,
                cue: c
                    .cue
                    .map(|s| format!("{}{}", s.text(self.text), c.cue_suffix)),
            });
        }
        out
    }
}

fn is_capitalised_word(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Lower-case nouns that name a role or group in an unnamed mention.
fn is_role_word(w: &str) -> bool {
    const ROLES: &[&str] = &[
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "officials",
        "minister",
        "secretary",
        "envoy",
        "chief",
        "executive",
        "director",
        "president",
        "governor",
        "chairman",
        "chair",
        "chairwoman",
        "leader",
        "source",
        "sources",
        "diplomat",
        "aide",
        "adviser",
        "advisor",
        "analyst",
        "analysts",
        "economist",
        "economists",
        "lawyer",
        "lawyers",
        "prosecutor",
        "prosecutors",
        "police",
        "officer",
        "officers",
        "spokespeople",
        "representative",
        "government",
        "ministry",
        "company",
        "bank",
        "council",
        "union",
        "party",
        "statement",
        "senior",
        "junior",
        "deputy",
        "former",
        "foreign",
        "finance",
        "defence",
        "defense",
        "opposition",
        "shadow",
        "special",
        "state",
        "prime",
        "coach",
        "manager",
        "board",
        "firm",
        "agency",
        "regulator",
        "commission",
        "committee",
        "judge",
        "court",
        "club",
        "group",
        "campaign",
        "investigators",
        "critics",
        "residents",
        "researchers",
        "scientists",
        "experts",
        "organisers",
        "organizers",
        "authorities",
        "newspaper",
        "paper",
        "report",
        "department",
        "office",
        "team",
        "staff",
        "workers",
        "members",
        "member",
        "mayor",
        "head",
        "boss",
        "doctors",
        "nurses",
        "parents",
        "teachers",
        "students",
        "pupils",
        "farmers",
        "unions",
        "owner",
        "founder",
        "editor",
        "correspondent",
        "reporter",
        "host",
        "broadcaster",
        "network",
        "lender",
        "airline",
        "carrier",
        "operator",
        "retailer",
        "insurer",
        "watchdog",
        "authority",
        "administration",
    ];
    ROLES.contains(&w.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'q>(quotes: &'q [Quote], needle: &str) -> &'q Quote {
        quotes
            .iter()
            .find(|q| q.text.contains(needle))
            .unwrap_or_else(|| panic!("no quote with {needle:?} in {quotes:#?}"))
    }

    #[test]
    fn direct_mixed_and_reported_with_speakers() {
        let text = "Italy’s Prime Minister Giorgia Meloni said the talks advanced but reiterated that Italy would not deploy troops.\n\n\
                    Jared Kushner, attending as a senior US representative, called the agreement “a very big milestone,” Sky News reported.\n\n\
                    “This work is more advanced than ever,” Meloni said.";
        let quotes = extract(text);
        let troops = find(&quotes, "Italy would not deploy troops");
        assert_eq!(
            (
                troops.kind,
                troops.speaker.as_deref(),
                troops.cue.as_deref()
            ),
            (
                QuoteKind::Indirect,
                Some("Giorgia Meloni"),
                Some("reiterated that")
            )
        );
        let talks = find(&quotes, "the talks advanced");
        assert_eq!(talks.speaker.as_deref(), Some("Giorgia Meloni"));
        let milestone = find(&quotes, "a very big milestone");
        assert_eq!(
            (milestone.kind, milestone.speaker.as_deref()),
            (QuoteKind::Mixed, Some("Jared Kushner"))
        );
        let work = find(&quotes, "This work");
        assert_eq!(
            (work.kind, work.speaker.as_deref()),
            (QuoteKind::Direct, Some("Giorgia Meloni"))
        );
        for q in &quotes {
            if q.kind != QuoteKind::Indirect || !q.text.contains(' ') {
                assert_eq!(&text[q.start..q.end], q.text);
            }
        }
    }

    #[test]
    fn interrupted_and_multi_paragraph_quotes_are_one() {
        let text = "“We will,” she said, “stand firm.”\n\n“It rained on the stage,” Castellanos says. “Actual rain.\n\n“It was the best thing.”";
        let quotes = extract(text);
        assert_eq!(find(&quotes, "We will").text, "We will, stand firm.");
        let long = find(&quotes, "Actual rain");
        assert_eq!(long.text, "Actual rain. It was the best thing.");
        assert_eq!(long.speaker.as_deref(), Some("Castellanos"));
    }

    #[test]
    fn postposed_according_to_and_dash_attributions() {
        let text = "The minutes will set out their reasoning, a bank spokesman said.\n\n\
                    Prices rose 3.8 percent, according to the National Statistics Office.\n\n\
                    “We have nothing to add.” — a ministry spokeswoman";
        let quotes = extract(text);
        assert_eq!(
            find(&quotes, "minutes").speaker.as_deref(),
            Some("bank spokesman")
        );
        assert_eq!(
            find(&quotes, "Prices rose").speaker.as_deref(),
            Some("National Statistics Office")
        );
        assert_eq!(
            find(&quotes, "nothing to add").speaker.as_deref(),
            Some("ministry spokeswoman")
        );
    }

    #[test]
    fn fuzz_regressions_do_not_panic() {
        // Found by fuzzing: an attribution whose clause starts after its comma.
        let bytes = [
            0xba, 0x4d, 0x00, 0x74, 0xaf, 0xe2, 0x80, 0xc3, 0x74, 0x58, 0x58, 0x59, 0x0b, 0x2c,
            0x0b, 0x61, 0x64, 0x6d, 0x69, 0x74, 0x2e, 0x4e, 0x2e, 0xcb, 0xa4, 0x0b, 0x2c, 0x0b,
            0x61, 0x4d, 0x00, 0x74, 0xaf, 0xe2, 0x80, 0xc3, 0x74, 0x58, 0x58, 0x59, 0x0b, 0x2c,
            0x0b, 0x61, 0x64, 0x6d, 0x69, 0x74, 0x2e, 0x4e, 0x2e, 0xcb, 0xa4, 0x0b, 0x2c, 0x0b,
            0x61, 0x2c, 0x0b, 0x61, 0x64, 0x6d, 0x69, 0x74, 0x2e, 0x4e, 0x2e, 0xcb, 0xa4, 0x0b,
            0x2c, 0x2c, 0x0b, 0x61, 0x64, 0x6d, 0x69, 0x74, 0x2e, 0x4e, 0x2e, 0xcb, 0xa4, 0x0b,
            0x2c, 0x0b, 0x61, 0x64, 0x6d, 0x69, 0x74, 0x2e, 0xa0, 0xff, 0xff, 0xff, 0x64, 0x6d,
            0x69, 0x74, 0x2e, 0xa0, 0xff, 0xff, 0xff, 0x2a, 0x7a,
        ];
        extract(&String::from_utf8_lossy(&bytes));
        extract("admit.N.a, admit, admit.N.a,, admit.");
        // Found by fuzzing: a quote continued from an earlier paragraph, then inherited.
        let artifact =
            include_bytes!("../../tests/data/fuzz/extract-continued-quote-inherited.bin");
        extract(&String::from_utf8_lossy(artifact));
    }

    #[test]
    fn unclosed_mark_stops_at_paragraph_end() {
        let text = "He said: “This never closes.\n\nA new paragraph, she said.";
        let quotes = extract(text);
        assert_eq!(quotes[0].text, "This never closes.");
        assert!(quotes.iter().all(|q| q.end <= text.len()));
    }
}
