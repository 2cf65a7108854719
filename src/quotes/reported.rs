//! Reported speech: the content clause of a cue, with or without "that", an infinitive or
//! an object; postposed and mid-sentence attributions; "according to".

use super::{
    Article, Candidate, CueHit, Found, PREPOSITIONS, QuoteKind, SETTING_WORDS, SKIPPABLE, Tok,
    is_capitalised_word, speakers,
};
use crate::text::segment::Span;

impl Article<'_> {
    /// Reported speech introduced by cue `h`, if any.
    pub(super) fn indirect(
        &self,
        toks: &[Tok],
        hits: &[CueHit],
        h: usize,
        used: bool,
    ) -> Option<Candidate> {
        let hit = hits[h];
        let complement = hit.entry.complement;
        let quote_only = !(complement.clause || complement.infinitive || complement.object);
        if quote_only {
            return None;
        }
        let mut cue_suffix = "";
        let mut start = hit.end;
        // Postposed and mid-sentence attributions: "CONTENT, she said." / "X, she said, Y".
        let subject = self.subject(toks, hit);
        let subject_start = subject.and_then(|s| toks.iter().position(|t| t.span.start == s.start));
        let before_subject = subject_start.and_then(|s| s.checked_sub(1));
        let inverted_comma = hit
            .first
            .checked_sub(1)
            .filter(|&i| self.word(&toks[i]) == ",");
        let postposed_comma = before_subject
            .filter(|&i| self.word(&toks[i]) == ",")
            .or(inverted_comma.filter(|_| subject.is_none()));
        if let Some(comma) = postposed_comma {
            let after_cue = toks.get(hit.end).map(|t| self.word(t));
            let tail_ends = matches!(after_cue, None | Some("." | "," | ";" | "!" | "?"))
                || (subject.is_none() && self.object_mention(toks, hit).is_some());
            if tail_ends && hit.entry.lemma != "according to" {
                let begin = self.clause_start(toks, comma, hits, h);
                let mut parts = vec![self.content_span(toks, begin, comma)?];
                // "X, she said, Y": the content goes on after the attribution.
                let resume = if subject.is_some() {
                    hit.end
                } else {
                    self.object_mention(toks, hit)
                        .and_then(|m| toks.iter().position(|t| t.span.start >= m.end))
                        .unwrap_or(hit.end)
                };
                if toks.get(resume).is_some_and(|t| self.word(t) == ",") {
                    if let Some(rest) = self.content_span(
                        toks,
                        resume + 1,
                        self.clause_end(toks, resume + 1, hits, h),
                    ) {
                        parts.push(rest);
                    }
                }
                if self.overlaps_passage(toks, &parts) || used {
                    return None;
                }
                let mention = subject.or_else(|| self.object_mention(toks, hit));
                return Some(self.reported(toks, hit, parts, cue_suffix, mention));
            }
        }
        if hit.entry.lemma == "according to" {
            // "According to X, CONTENT." or "CONTENT, according to X."
            let mention = self.rest_of_clause(toks, hit.end)?;
            let after = toks.iter().position(|t| t.span.start >= mention.end)?;
            let parts = if self.word(&toks[after]) == "," && hit.first <= 1 {
                vec![self.content_span(
                    toks,
                    after + 1,
                    self.clause_end(toks, after + 1, hits, h),
                )?]
            } else if hit.first > 0 && self.word(&toks[hit.first - 1]) == "," {
                let begin = self.clause_start(toks, hit.first - 1, hits, h);
                vec![self.content_span(toks, begin, hit.first - 1)?]
            } else {
                return None;
            };
            if self.overlaps_passage(toks, &parts) {
                return None;
            }
            return Some(self.reported(toks, hit, parts, cue_suffix, Some(mention)));
        }
        // SUBJECT CUE [object] [setting] [that|to] CONTENT (a cue already used to attribute a
        // quotation still reports a clause of its own before it: "said that X and that, “…”").
        let that_within = |from: usize, n: usize| {
            (from..toks.len().min(from + n))
                .take_while(|&i| toks[i].passage.is_none())
                .find(|&i| self.lower_is(&toks[i], &["that"]))
        };
        if hit.entry.lemma == "tell" {
            // "told reporters that …", "told a news conference that …", "told Reuters the …"
            match that_within(start, 8) {
                Some(t) => start = t,
                None => {
                    let object = toks.get(start).filter(|t| {
                        is_capitalised_word(self.word(t)) || speakers::is_plural_noun(self.word(t))
                    });
                    if object.is_none() || !self.looks_like_clause(toks, start + 1) {
                        return None;
                    }
                    start += 1;
                }
            }
        }
        // Skip "on Tuesday", "in a statement", "repeatedly" up to the content.
        while let Some(t) = toks.get(start).filter(|t| t.passage.is_none()) {
            if self.lower_is(t, PREPOSITIONS) {
                match that_within(start, 10) {
                    Some(that) => start = that,
                    // "said on Tuesday the …": a time, then the content.
                    None if toks
                        .get(start + 1)
                        .is_some_and(|n| self.lower_is(n, SETTING_WORDS)) =>
                    {
                        start += 2
                    }
                    None => return None,
                }
            } else if self.lower_is(t, SETTING_WORDS) {
                start += 1;
            } else {
                break;
            }
        }
        let first = toks.get(start)?;
        if first.passage.is_some() || !first.word && self.word(first) != "“" {
            return None;
        }
        if self.lower_is(first, &["that"]) {
            cue_suffix = " that";
            start += 1;
        } else if self.lower_is(first, &["to"]) && complement.infinitive {
            cue_suffix = " to";
            start += 1;
        } else if !(complement.clause || complement.object) {
            return None;
        }
        // Cognition verbs need a plain clause and a clear subject.
        if hit.entry.cognition
            && (subject.is_none() || cue_suffix.is_empty() && !self.looks_like_clause(toks, start))
        {
            return None;
        }
        let mut end = self.clause_end(toks, start, hits, h);
        if used && !(start..end).any(|i| toks[i].passage.is_some()) {
            return None; // the cue attributes a quotation and reports nothing else
        }
        // "… readiness for compromise and that, “for all Russia's words …”": the clause
        // before a coordinated quotation is reported speech of its own.
        if let Some(p) = (start..end).find(|&i| toks[i].passage.is_some()) {
            let mut e = p;
            while e > start && matches!(self.word(&toks[e - 1]), "," | ":" | "—") {
                e -= 1;
            }
            let coordinated = e > start
                && self.lower_is(&toks[e - 1], &["that"])
                && e >= start + 2
                && self.lower_is(&toks[e - 2], &["and", "but"]);
            if !coordinated {
                return None;
            }
            end = e - 2;
        }
        let parts = vec![self.content_span(toks, start, end)?];
        let mention = subject.or_else(|| self.shared_subject(toks, hits, h));
        Some(self.reported(toks, hit, parts, cue_suffix, mention))
    }

    /// A reported-speech candidate: its content parts, its cue and the speaker's mention.
    pub(super) fn reported(
        &self,
        toks: &[Tok],
        hit: CueHit,
        parts: Vec<Span>,
        cue_suffix: &'static str,
        mention: Option<Span>,
    ) -> Candidate {
        Candidate {
            kind: QuoteKind::Indirect,
            parts,
            cue: Some(self.cue_span(toks, hit)),
            cue_suffix,
            mention,
            found: mention.map(|_| Found::Sentence),
            paragraph: 0,
            runs: Vec::new(),
        }
    }

    /// "… acknowledged that X, but insisted that Y": the second cue shares the first's subject.
    pub(super) fn shared_subject(&self, toks: &[Tok], hits: &[CueHit], h: usize) -> Option<Span> {
        let prev = hits[..h].last()?;
        let between = &toks[prev.end..hits[h].first];
        let joined = between
            .iter()
            .rev()
            .take(2)
            .any(|t| self.lower_is(t, &["and", "but"]));
        if joined {
            self.subject(toks, *prev)
        } else {
            None
        }
    }

    pub(super) fn looks_like_clause(&self, toks: &[Tok], start: usize) -> bool {
        toks.get(start).is_some_and(|t| {
            let w = self.word(t);
            is_capitalised_word(w)
                || self.lower_is(
                    t,
                    &[
                        "the", "a", "an", "he", "she", "they", "it", "we", "this", "there", "his",
                        "her", "its", "their", "no", "more", "most", "some", "many",
                    ],
                )
        })
    }

    /// Where the clause holding token `comma` starts: after the previous cue's content or a
    /// semicolon, else at the sentence start.
    pub(super) fn clause_start(
        &self,
        toks: &[Tok],
        comma: usize,
        hits: &[CueHit],
        h: usize,
    ) -> usize {
        let floor = hits[..h].last().map_or(0, |p| p.end);
        (floor..comma)
            .rev()
            .find(|&i| matches!(self.word(&toks[i]), ";" | ":"))
            .map_or(floor, |i| i + 1)
    }

    /// Where the content starting at `start` ends: before the next cue's clause, a semicolon
    /// or the end of the sentence.
    pub(super) fn clause_end(
        &self,
        toks: &[Tok],
        start: usize,
        hits: &[CueHit],
        h: usize,
    ) -> usize {
        let mut end = toks.len();
        // The first later cue that opens a clause of its own ends this content: a coordinated
        // cue ("…, but insisted that …") or one with its own subject after a comma or
        // conjunction ("…, he said", "… and the minister warned that …"). A cue nested in the
        // content ("that coalition members have pledged …") or inside an infinitive
        // ("continue to block") leaves it whole.
        for next in &hits[h + 1..] {
            let complement = next.entry.complement;
            if !(complement.clause || complement.infinitive || complement.object) {
                continue;
            }
            let mut b = next.first;
            while b > start && self.lower_is(&toks[b - 1], SKIPPABLE) {
                b -= 1;
            }
            let coordinated = b > start && self.lower_is(&toks[b - 1], &["and", "but", ","]);
            let own_subject = self
                .subject(toks, *next)
                .filter(|s| s.start > toks[start].span.start)
                .and_then(|s| {
                    let first = toks.iter().position(|t| t.span.start == s.start)?;
                    (first > start && self.lower_is(&toks[first - 1], &[",", "and", "but", ";"]))
                        .then_some(first - 1)
                });
            let cut = match (own_subject, coordinated) {
                (Some(before_subject), _) => Some(before_subject),
                (None, true) => Some(b - 1),
                (None, false) => None,
            };
            if let Some(mut c) = cut {
                while c > start && self.lower_is(&toks[c - 1], &["and", "but", ","]) {
                    c -= 1;
                }
                if c > start {
                    end = c;
                    break;
                }
            }
        }
        // "…, calling them the most difficult part": a participle clause is not content.
        let participle = (start + 1..end).find(|&i| {
            self.word(&toks[i - 1]) == ","
                && toks[i].word
                && !is_capitalised_word(self.word(&toks[i]))
                && self.word(&toks[i]).ends_with("ing")
        });
        if let Some(p) = participle {
            end = p - 1;
        }
        if let Some(semi) = (start..end).find(|&i| self.word(&toks[i]) == ";") {
            end = semi;
        }
        end
    }

    /// The text of tokens `start..end` without trailing punctuation, if it has two words.
    pub(super) fn content_span(&self, toks: &[Tok], start: usize, end: usize) -> Option<Span> {
        let mut e = end.min(toks.len());
        if start >= e {
            return None; // an attribution that ends before its content could start
        }
        while e > start
            && !toks[e - 1].word
            && !matches!(self.word(&toks[e - 1]), "”" | "’" | "\"" | ")" | "%")
        {
            e -= 1;
        }
        let words = toks[start..e].iter().filter(|t| t.word).count();
        (words >= 2).then(|| Span::new(toks[start].span.start, toks[e - 1].span.end))
    }

    pub(super) fn overlaps_passage(&self, toks: &[Tok], parts: &[Span]) -> bool {
        toks.iter()
            .any(|t| t.passage.is_some() && parts.iter().any(|p| p.covers(t.span.start)))
    }
}
