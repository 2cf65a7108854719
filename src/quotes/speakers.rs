//! Speaker resolution: from a mention ("Starmer", "the Prime Minister", "she", "a spokesman")
//! to the speaker a reader understands ("Keir Starmer").
//!
//! Every capitalised name in the article's narration is registered as an entity, with the
//! titles written before it ("UK Prime Minister Keir Starmer" → name "Keir Starmer", title
//! "uk prime minister"). A later mention resolves to the most recent entity that fits it:
//! the same surname, a title that contains the mention's title, an organisation whose name
//! contains the mention's noun ("the bank"), or, for a pronoun, the most recent speaker of
//! a compatible kind.

/// Words that describe a role rather than name someone; lower case.
#[rustfmt::skip]
const TITLE_WORDS: &[&str] = &[
    "prime", "minister", "president", "secretary", "chancellor", "governor", "senator", "sen",
    "representative", "rep", "mayor", "chief", "executive", "officer", "director", "general",
    "special", "envoy", "foreign", "finance", "defence", "defense", "home", "health", "interior",
    "justice", "deputy", "vice", "judge", "coach", "manager", "chairman", "chairwoman", "chair",
    "commissioner", "ambassador", "spokesman", "spokeswoman", "spokesperson", "leader", "head",
    "founder", "economist", "analyst", "ceo", "cfo", "coo", "professor", "prof", "dr", "mr", "mrs",
    "ms", "miss", "sir", "dame", "lord", "lady", "king", "queen", "prince", "princess", "pope",
    "attorney", "lawyer", "counsel", "inspector", "superintendent", "detective", "sergeant",
    "captain", "colonel", "lieutenant", "major", "admiral", "commander", "opposition", "shadow",
    "former", "acting", "interim", "senior", "junior", "state", "treasury", "labour", "labor",
    "trade", "education", "transport", "transportation", "energy", "environment", "culture",
    "digital", "economy", "economic", "police", "party", "campaign", "union", "assistant",
    "associate", "managing", "editor", "correspondent", "reporter", "striker", "midfielder",
    "goalkeeper", "player", "boss", "gov", "rev", "reverend", "bishop", "archbishop", "cardinal",
    "councillor", "councilor", "alderman", "speaker", "whip", "chairperson", "premier",
    "chief-executive", "secretary-general", "attorney-general", "mp", "mep", "sheriff", "warden",
    "principal", "headteacher", "dean", "provost", "rector", "superintendent", "constable",
    "commissioner", "regulator", "auditor", "comptroller", "controller", "registrar", "founder",
    "co-founder", "owner", "president-elect", "candidate", "nominee", "challenger", "incumbent",
    "veteran", "activist", "campaigner", "organiser", "organizer", "negotiator", "mediator",
    "scientist", "researcher", "physician", "doctor", "nurse", "surgeon", "consultant", "expert",
    "adviser", "advisor", "aide", "official", "officials", "leader", "lead", "actor", "actress",
    "singer", "author", "writer", "director-general", "governor-general", "farmer", "pupil",
    "student", "teacher", "parent", "resident", "residents", "the", "a", "an",
];

/// Words that mark a name as an organisation's.
#[rustfmt::skip]
const ORG_WORDS: &[&str] = &[
    "news", "times", "post", "journal", "independent", "guardian", "telegraph", "bbc", "cnn",
    "reuters", "bank", "ministry", "department", "office", "council", "commission", "committee",
    "agency", "authority", "board", "party", "union", "association", "federation", "league",
    "club", "group", "inc", "ltd", "corp", "corporation", "company", "co", "government", "court",
    "police", "service", "institute", "university", "college", "school", "hospital", "trust",
    "foundation", "fund", "capital", "partners", "airlines", "air", "airways", "rail", "railway",
    "energy", "water", "power", "motors", "exchange", "network", "media", "press", "tribune",
    "herald", "gazette", "mail", "express", "sun", "mirror", "observer", "economist", "bloomberg",
    "politico", "administration", "secretariat", "assembly", "parliament", "senate", "congress",
    "cabinet", "army", "navy", "forces", "nato", "un", "eu", "imf", "federal", "national",
    "international", "holdings", "plc", "llc", "systems", "technologies", "industries", "group",
    "society", "coalition", "alliance", "organisation", "organization", "centre", "center",
    "broadcasting", "television", "radio", "magazine", "daily", "weekly", "review", "channel",
    "reserve", "treasury", "statistics", "bureau", "unit", "team", "fc", "united", "city",
    "municipality", "county", "region", "state", "republic", "kingdom", "house", "white",
    "kremlin", "pentagon", "commons", "lords", "tribunal", "regulator", "watchdog", "inquiry",
    "campaign", "movement", "network", "institute", "labs", "laboratory", "studios", "airport",
    "port", "station", "authority", "insurance", "pharma", "pharmaceuticals", "health",
];

/// Pronouns that can be the subject of a cue.
pub const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];

/// What a speaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A named person.
    Person,
    /// A named organisation.
    Organisation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

/// One named entity of the article.
#[derive(Debug, Clone)]
struct Entity {
    name: String,
    name_words: Vec<String>,
    titles: Vec<String>,
    kind: Kind,
    gender: Option<Gender>,
}

/// The result of resolving a mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The speaker as a reader understands it.
    pub speaker: String,
    /// Whether it is a person, an organisation or unknown (an unnamed mention).
    pub kind: Option<Kind>,
    /// How sure the resolution is, in [0, 1].
    pub confidence: f64,
}

/// The entities of one article and the speakers seen so far.
#[derive(Debug, Default)]
pub struct Resolver {
    entities: Vec<Entity>,
    /// Entity index of each speaker resolved so far, most recent last.
    speakers: Vec<usize>,
}

fn words_of(mention: &str) -> Vec<&str> {
    mention
        .split(|c: char| c.is_whitespace())
        .map(|w| w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-' || c == '.')))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn lower(word: &str) -> String {
    word.to_lowercase().replace('’', "'")
}

fn is_title(word: &str) -> bool {
    TITLE_WORDS.contains(&lower(word).as_str())
}

fn is_possessive(word: &str) -> bool {
    let w = lower(word);
    w.ends_with("'s") || w.ends_with("s'")
}

/// Splits a mention into its title words and its name words ("UK Prime Minister Keir Starmer"
/// → (["uk", "prime", "minister"], ["Keir", "Starmer"])). The name is the longest run of
/// capitalised words at the end that are not titles.
fn split_name(mention: &str) -> (Vec<String>, Vec<String>) {
    let words = words_of(mention);
    let mut cut = words.len();
    while cut > 0 {
        let w = words[cut - 1];
        if !is_capitalised(w) || is_title(w) || is_possessive(w) {
            break;
        }
        cut -= 1;
    }
    // "Anika Holm, chief economist" has been cut at the comma by the caller; a lone
    // capitalised word after a possessive ("Italy's") is a name too.
    let titles = words[..cut].iter().map(|w| lower(w)).collect();
    let name = words[cut..].iter().map(|w| w.to_string()).collect();
    (titles, name)
}

fn gender_of(titles: &[String]) -> Option<Gender> {
    titles.iter().find_map(|t| match t.as_str() {
        "mr" | "sir" | "lord" | "king" | "prince" | "chairman" | "spokesman" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "dame" | "lady" | "queen" | "princess" | "chairwoman" | "spokeswoman" => {
            Some(Gender::Female)
        }
        _ => None,
    })
}

fn kind_of(name_words: &[String]) -> Kind {
    let org = name_words.iter().any(|w| {
        let l = lower(w);
        ORG_WORDS.contains(&l.as_str()) || (w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()))
    });
    if org { Kind::Organisation } else { Kind::Person }
}

impl Resolver {
    /// Registers a capitalised name seen in the narration (with any titles before it).
    pub fn observe(&mut self, mention: &str) {
        let (titles, name) = split_name(mention);
        if name.is_empty() {
            return;
        }
        if let Some(i) = self.find_named(&name) {
            let e = &mut self.entities[i];
            if name.len() > e.name_words.len() && e.name_words.last() == name.last() {
                e.name_words = name.clone();
                e.name = name.join(" ");
            }
            for t in titles {
                if !e.titles.contains(&t) {
                    e.titles.push(t.clone());
                }
                if e.gender.is_none() {
                    e.gender = gender_of(std::slice::from_ref(&t));
                }
            }
            return;
        }
        let kind = kind_of(&name);
        self.entities.push(Entity {
            name: name.join(" "),
            gender: gender_of(&titles),
            name_words: name,
            titles,
            kind,
        });
    }

    /// The most recent entity with this name, by full name or, for one word, by surname or
    /// first name.
    fn find_named(&self, name: &[String]) -> Option<usize> {
        let eq = |a: &String, b: &String| a.eq_ignore_ascii_case(b);
        let full = self.entities.iter().rposition(|e| {
            e.name_words.len() >= name.len() && e.name_words[e.name_words.len() - name.len()..].iter().zip(name).all(|(a, b)| eq(a, b))
        });
        if full.is_some() || name.len() != 1 {
            return full;
        }
        self.entities.iter().rposition(|e| e.kind == Kind::Person && e.name_words.first().is_some_and(|f| eq(f, &name[0])))
    }

    /// Resolves a speaker mention, and remembers the speaker for later pronouns.
    pub fn resolve(&mut self, mention: &str) -> Option<Resolved> {
        let words = words_of(mention);
        let first = lower(words.first()?);
        if words.len() == 1 && PRONOUNS.contains(&first.as_str()) {
            return self.resolve_pronoun(&first);
        }
        let (titles, name) = split_name(mention);
        if !name.is_empty() {
            self.observe(mention);
            let i = self.find_named(&name)?;
            if let Some(g) = gender_of(&titles) {
                self.entities[i].gender.get_or_insert(g);
            }
            self.speakers.push(i);
            let e = &self.entities[i];
            return Some(Resolved { speaker: e.name.clone(), kind: Some(e.kind), confidence: 0.95 });
        }
        // A title or noun without a name: "the Prime Minister", "the bank", "a spokesman".
        let role: Vec<&String> = titles.iter().filter(|t| !matches!(t.as_str(), "the" | "a" | "an")).collect();
        let definite = first == "the" || first == "its" || first == "his" || first == "her" || first == "their";
        if definite && !role.is_empty() {
            let head = role.last().expect("not empty");
            let by_title = self.entities.iter().rposition(|e| {
                e.kind == Kind::Person && role.iter().all(|r| e.titles.iter().any(|t| t == *r))
            });
            let by_org = || {
                self.entities.iter().rposition(|e| {
                    e.kind == Kind::Organisation && e.name_words.iter().any(|w| lower(w) == **head)
                })
            };
            if let Some(i) = by_title.or_else(by_org) {
                self.speakers.push(i);
                let e = &self.entities[i];
                return Some(Resolved { speaker: e.name.clone(), kind: Some(e.kind), confidence: 0.85 });
            }
        }
        let unnamed: Vec<&str> = words
            .iter()
            .copied()
            .skip_while(|w| matches!(lower(w).as_str(), "the" | "a" | "an"))
            .collect();
        if unnamed.is_empty() {
            return None;
        }
        Some(Resolved { speaker: unnamed.join(" "), kind: None, confidence: 0.8 })
    }

    /// He and she: the most recent person speaker of a compatible gender, else the most
    /// recent person named; they and it: the most recent organisation, else the last speaker.
    fn resolve_pronoun(&mut self, pronoun: &str) -> Option<Resolved> {
        let wanted = match pronoun {
            "he" => Some(Gender::Male),
            "she" => Some(Gender::Female),
            _ => None,
        };
        let person = wanted.is_some();
        let fits = |e: &Entity| {
            if person {
                e.kind == Kind::Person && (e.gender.is_none() || e.gender == wanted)
            } else {
                true
            }
        };
        let recent_speaker = self.speakers.iter().rev().take(6).copied().find(|&i| {
            let e = &self.entities[i];
            fits(e) && (person || e.kind == Kind::Organisation)
        });
        let i = recent_speaker
            .or_else(|| self.entities.iter().rposition(|e| fits(e) && (person || e.kind == Kind::Organisation)))
            .or_else(|| if person { None } else { self.speakers.last().copied() })?;
        if let Some(g) = wanted {
            self.entities[i].gender.get_or_insert(g);
        }
        self.speakers.push(i);
        let e = &self.entities[i];
        Some(Resolved { speaker: e.name.clone(), kind: Some(e.kind), confidence: 0.75 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_surnames_and_pronouns_resolve_to_full_names() {
        let mut r = Resolver::default();
        r.observe("UK Prime Minister Keir Starmer");
        r.observe("French President Emmanuel Macron");
        assert_eq!(r.resolve("Starmer").unwrap().speaker, "Keir Starmer");
        assert_eq!(r.resolve("He").unwrap().speaker, "Keir Starmer");
        assert_eq!(r.resolve("The Prime Minister").unwrap().speaker, "Keir Starmer");
        assert_eq!(r.resolve("Mr Macron").unwrap().speaker, "Emmanuel Macron");
        assert_eq!(r.resolve("a government spokesman").unwrap().speaker, "government spokesman");
        assert_eq!(r.resolve("Italy’s Prime Minister Giorgia Meloni").unwrap().speaker, "Giorgia Meloni");
        let org = r.resolve("Sky News").unwrap();
        assert_eq!((org.speaker.as_str(), org.kind), ("Sky News", Some(Kind::Organisation)));
    }

    #[test]
    fn she_skips_a_known_male_speaker() {
        let mut r = Resolver::default();
        r.observe("Ms. Ines Carrow");
        r.resolve("Ines Carrow");
        r.resolve("Mr. Rafael Dunst");
        assert_eq!(r.resolve("she").unwrap().speaker, "Ines Carrow");
    }
}
