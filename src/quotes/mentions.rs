//! Speaker mentions: the subject of a cue, the name after an inverted cue, appositives,
//! dash and colon attributions, and the subject that opens a sentence.

use super::{
    Article, CueHit, MENTION_WORDS, SKIPPABLE, Tok, is_capitalised_word, is_role_word, speakers,
};
use crate::text::segment::Span;

impl Article<'_> {
    /// A sentence opening with a name or pronoun followed by a lower-case word: its subject.
    pub(super) fn sentence_subject(&self, toks: &[Tok]) -> Option<Span> {
        let first = toks.first()?;
        if toks.last().is_some_and(|t| self.word(t) == "?") {
            return None; // an interviewer's question
        }
        let w = self.word(first);
        if speakers::PRONOUNS.iter().any(|p| p.eq_ignore_ascii_case(w))
            && !w.eq_ignore_ascii_case("it")
        {
            return Some(first.span);
        }
        let mut i = 0;
        while i < toks.len()
            && (toks[i].word && is_capitalised_word(self.word(&toks[i]))
                || self.is_joiner(toks, &toks[i]))
        {
            i += 1;
        }
        let next_lower = toks
            .get(i)
            .is_some_and(|t| t.word && !is_capitalised_word(self.word(t)));
        let span = Span::new(first.span.start, toks.get(i.max(1) - 1)?.span.end);
        (i > 0
            && next_lower
            && self.is_name_phrase(toks, 0, i)
            && !speakers::is_not_a_name(span.text(self.text)))
        .then_some(span)
    }

    /// The cue's subject, to its left: a name, a title, a pronoun or an unnamed mention,
    /// skipping auxiliaries, and looking through descriptions set off by commas.
    pub(super) fn subject(&self, toks: &[Tok], hit: CueHit) -> Option<Span> {
        let mut j = hit.first;
        while j > 0
            && toks[j - 1].passage.is_none()
            && (self.lower_is(&toks[j - 1], SKIPPABLE)
                || self.word(&toks[j - 1]).ends_with("ly")
                    && !is_capitalised_word(self.word(&toks[j - 1])))
        {
            j -= 1;
        }
        if j == 0 || toks[j - 1].passage.is_some() {
            return None;
        }
        if self.word(&toks[j - 1]) == "," && self.word(&toks[hit.first]).ends_with("ing") {
            // "Zelenskyy called it “very concrete,” saying …": the sentence's subject.
            return self.clause_subject(toks, 0);
        }
        if self.word(&toks[j - 1]) == "," {
            return self.appositive_subject(toks, j - 1);
        }
        if self.lower_is(&toks[j - 1], &["who", "which"]) {
            // "Marc Morial, the league's chief executive, who suggested …"
            return match toks.get(j.wrapping_sub(2)) {
                Some(t) if self.word(t) == "," => self.appositive_subject(toks, j - 2),
                _ => self.mention_before(toks, j - 1),
            };
        }
        if self.lower_is(&toks[j - 1], &["and", "but"]) {
            // "The bank left rates unchanged and warned that …": the sentence's subject.
            return self.clause_subject(toks, j - 1);
        }
        self.mention_before(toks, j)
    }

    /// The mention opening the clause that ends before token `end` (`end` 0: the sentence's
    /// own subject, at its start).
    pub(super) fn clause_subject(&self, toks: &[Tok], end: usize) -> Option<Span> {
        let boundary = |i: usize| {
            toks[i].passage.is_some() || matches!(self.word(&toks[i]), ";" | ":" | "—" | "–")
        };
        let start = if end == 0 {
            (0..toks.len())
                .find(|&i| !boundary(i) && toks[i].word)
                .unwrap_or(0)
        } else {
            (0..end).rev().find(|&i| boundary(i)).map_or(0, |i| i + 1)
        };
        let end = if end == 0 { toks.len() } else { end };
        // Past boundaries and sentence openers ("When Clinton …", "On Friday, …").
        let opener = |i: usize| {
            boundary(i)
                || !toks[i].word
                || is_capitalised_word(self.word(&toks[i]))
                    && speakers::is_not_a_name(self.word(&toks[i]))
                    && !self.lower_is(&toks[i], &["the", "a", "an", "its", "his", "her", "their"])
                    && !speakers::PRONOUNS
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(self.word(&toks[i])))
        };
        let start = (start..end).find(|&i| !opener(i)).unwrap_or(end);
        let mut i = start;
        while i < end
            && (toks[i].word
                && (is_capitalised_word(self.word(&toks[i]))
                    || self.lower_is(&toks[i], MENTION_WORDS))
                || self.is_joiner(toks, &toks[i]))
        {
            i += 1;
        }
        if i == start {
            return None;
        }
        let span = Span::new(toks[start].span.start, toks[i - 1].span.end);
        let pronoun = speakers::PRONOUNS
            .iter()
            .any(|p| p.eq_ignore_ascii_case(self.word(&toks[start])));
        (pronoun || self.is_name_phrase(toks, start, i)).then_some(span)
    }

    /// The subject of a cue preceded by a comma: "Tom Haskett, who keeps turkeys, said",
    /// "the health secretary, Rupert Vale, said", "Doreen Latham, 81, said". The nearest
    /// comma-separated segment that is a name wins, with a role just before it ("Her
    /// neighbour, Tom Haskett"); without a name, the phrase before the first comma.
    pub(super) fn appositive_subject(&self, toks: &[Tok], comma: usize) -> Option<Span> {
        let floor = (0..comma)
            .rev()
            .find(|&i| toks[i].passage.is_some() || matches!(self.word(&toks[i]), ";" | ":"))
            .map_or(0, |i| i + 1);
        let mut segments = Vec::new();
        let mut end = comma;
        while segments.len() < 4 {
            let start = (floor..end)
                .rev()
                .find(|&i| self.word(&toks[i]) == ",")
                .map_or(floor, |i| i + 1);
            segments.push((start, end));
            if start == floor {
                break;
            }
            end = start - 1;
        }
        if segments[0].0 == segments[0].1 {
            return None; // "“…,” said X": nothing between the passage and the comma
        }
        for (k, &(a, b)) in segments.iter().enumerate() {
            if self.is_name_phrase(toks, a, b) {
                let start = match segments.get(k + 1) {
                    Some(&(ra, rb)) if self.is_role_phrase(toks, ra, rb) => ra,
                    _ => a,
                };
                return Some(Span::new(toks[start].span.start, toks[b - 1].span.end));
            }
        }
        let &(a, b) = segments.last().expect("one segment at least");
        self.mention_before(toks, b)
            .filter(|m| m.start >= toks[a].span.start)
    }

    /// Tokens `a..b` are a name: capitalised words with name connectives, at least one of
    /// them not a title.
    pub(super) fn is_name_phrase(&self, toks: &[Tok], a: usize, b: usize) -> bool {
        b > a
            && b - a <= 8
            && toks[a..b].iter().all(|t| {
                t.passage.is_none()
                    && (is_capitalised_word(self.word(t))
                        || self.lower_is(t, MENTION_WORDS)
                        || self.is_joiner(toks, t))
            })
            && toks[a..b].iter().any(|t| {
                is_capitalised_word(self.word(t)) && !speakers::is_title_word(self.word(t))
            })
            && !speakers::is_not_a_name(
                Span::new(toks[a].span.start, toks[b - 1].span.end).text(self.text),
            )
    }

    /// Tokens `a..b` are a short role phrase: "the health secretary", "Its chair".
    pub(super) fn is_role_phrase(&self, toks: &[Tok], a: usize, b: usize) -> bool {
        b > a
            && b - a <= 6
            && toks[a..b]
                .iter()
                .all(|t| t.passage.is_none() && (t.word || self.is_joiner(toks, t)))
            && is_role_word(self.word(&toks[b - 1]))
    }

    /// A hyphen, apostrophe or full stop inside a name ("Adeyemi-Lund", "Dr.", "O’Neill").
    pub(super) fn is_joiner(&self, toks: &[Tok], t: &Tok) -> bool {
        matches!(self.word(t), "-" | "’" | "'" | ".")
            && toks.iter().any(|p| p.span.end == t.span.start && p.word)
    }

    /// A mention ending just before token `end` (exclusive).
    pub(super) fn mention_before(&self, toks: &[Tok], end: usize) -> Option<Span> {
        let mut i = end;
        while i > 0 {
            let t = &toks[i - 1];
            if t.passage.is_some() || !(t.word || self.is_joiner(toks, t) || self.word(t) == "&") {
                break;
            }
            let w = self.word(t);
            let keep = is_capitalised_word(w)
                || self.lower_is(t, MENTION_WORDS)
                || speakers::PRONOUNS.iter().any(|p| p.eq_ignore_ascii_case(w)) && i == end
                || self.is_joiner(toks, t)
                || (!is_capitalised_word(w) && is_role_word(w))
                // "campaigners argue", "rebels say": a plural noun right before the cue.
                || (i == end && speakers::is_plural_noun(w));
            if !keep {
                break;
            }
            i -= 1;
            if speakers::PRONOUNS.iter().any(|p| p.eq_ignore_ascii_case(w)) {
                break;
            }
        }
        // "the education secretary": lower-case modifiers of a role, back to their determiner.
        if i < end && i > 0 && is_role_word(self.word(&toks[i])) {
            let determiner = (i.saturating_sub(3)..i)
                .rev()
                .take_while(|&k| {
                    toks[k].word
                        && toks[k].passage.is_none()
                        && !is_capitalised_word(self.word(&toks[k]))
                        || self
                            .lower_is(&toks[k], &["the", "a", "an", "its", "his", "her", "their"])
                })
                .find(|&k| {
                    self.lower_is(&toks[k], &["the", "a", "an", "its", "his", "her", "their"])
                        || self.word(&toks[k]).ends_with("'s")
                        || self.word(&toks[k]).ends_with("’s")
                });
            if let Some(d) = determiner {
                i = d;
            }
        }
        // Drop leading connectives and sentence openers ("But Megan Hester", "On Thursday").
        while i < end
            && (self.lower_is(
                &toks[i],
                &["of", "for", "at", "to", "and", ".", "’", "'", "-"],
            ) || is_capitalised_word(self.word(&toks[i]))
                && speakers::is_not_a_name(self.word(&toks[i]))
                && !self.lower_is(&toks[i], &["the", "a", "an", "its", "his", "her", "their"])
                && i + 1 < end)
        {
            i += 1;
        }
        (i < end && toks[i..end].iter().any(|t| t.word))
            .then(|| Span::new(toks[i].span.start, toks[end - 1].span.end))
    }

    /// A mention starting at token `start`: up to a comma or the sentence's end; a name set
    /// off by a comma after a role is included ("the union's national officer, Kwame Asante").
    pub(super) fn mention_after(&self, toks: &[Tok], start: usize) -> Option<Span> {
        let phrase_end = |from: usize| {
            let mut i = from;
            while i < toks.len()
                && toks[i].passage.is_none()
                && (toks[i].word || self.is_joiner(toks, &toks[i]))
            {
                let w = self.word(&toks[i]);
                let pronoun =
                    speakers::PRONOUNS.iter().any(|p| p.eq_ignore_ascii_case(w)) && i == from;
                if !(is_capitalised_word(w)
                    || self.lower_is(&toks[i], MENTION_WORDS)
                    || is_role_word(w)
                    || pronoun
                    || self.is_joiner(toks, &toks[i]))
                {
                    break;
                }
                i += 1;
            }
            while i > from
                && self.lower_is(
                    &toks[i - 1],
                    &["of", "for", "at", "to", "and", "the", "a", "an", ".", "-"],
                )
            {
                i -= 1;
            }
            i
        };
        let mut end = phrase_end(start);
        if end == start {
            return None;
        }
        if toks.get(end).is_some_and(|t| self.word(t) == ",")
            && !self.is_name_phrase(toks, start, end)
        {
            let name_end = phrase_end(end + 1);
            let closes = toks
                .get(name_end)
                .is_none_or(|t| matches!(self.word(t), "," | "." | ";" | "!" | "?"));
            if name_end > end + 1 && closes && self.is_name_phrase(toks, end + 1, name_end) {
                end = name_end;
            }
        }
        Some(Span::new(toks[start].span.start, toks[end - 1].span.end))
    }

    /// A dash attribution or "according to": the words from `start` to the clause's end
    /// ("— a Tallisk economy ministry official", "according to the customs agency").
    pub(super) fn rest_of_clause(&self, toks: &[Tok], start: usize) -> Option<Span> {
        let end = (start..toks.len())
            .find(|&i| {
                toks[i].passage.is_some()
                    || matches!(
                        self.word(&toks[i]),
                        "," | "." | ";" | ":" | "!" | "?" | "(" | "—"
                    )
            })
            .unwrap_or(toks.len());
        (end > start && end - start <= 10 && toks[start..end].iter().any(|t| t.word))
            .then(|| Span::new(toks[start].span.start, toks[end - 1].span.end))
    }

    /// For an inverted cue ("said Starmer", "said the minister"): the mention after it.
    pub(super) fn object_mention(&self, toks: &[Tok], hit: CueHit) -> Option<Span> {
        if hit.entry.lemma == "according to" {
            return self.rest_of_clause(toks, hit.end);
        }
        let next = toks.get(hit.end)?;
        if next.passage.is_some()
            || self.lower_is(next, &["that", "to", "it", "its", "this", "them"])
        {
            return None;
        }
        // "said Mr. Smith", "added the minister", "said Anika Holm, chief economist at …"
        let m = self.mention_after(toks, hit.end)?;
        let after = toks.iter().position(|t| t.span.start >= m.end);
        let closes =
            after.is_none_or(|a| matches!(self.word(&toks[a]), "," | "." | ";" | "!" | "?"));
        closes.then_some(m)
    }
}
