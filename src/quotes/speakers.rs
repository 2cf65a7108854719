//! Speaker resolution: from a mention ("Starmer", "the Prime Minister", "she", "a spokesman")
//! to the speaker a reader understands ("Keir Starmer").
//!
//! Every capitalised name in the article's narration is registered as an entity, with the
//! titles written before it ("UK Prime Minister Keir Starmer" → name "Keir Starmer", title
//! "uk prime minister"). A later mention resolves to the most recent entity that fits it:
//! the same surname, a title that contains the mention's title, an organisation whose name
//! contains the mention's noun ("the bank"), or, for a pronoun, the most recent speaker of
//! a compatible kind.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// A set of lower-case words, looked up case-insensitively without allocating for short
/// ASCII words (the resolver looks up every word of every name it sees).
struct WordSet(FxHashSet<&'static str>);

impl WordSet {
    fn new(words: &[&'static str]) -> Self {
        WordSet(words.iter().copied().collect())
    }

    fn contains(&self, word: &str) -> bool {
        let mut buf = [0u8; 24];
        if word.is_ascii() && word.len() <= buf.len() {
            buf[..word.len()].copy_from_slice(word.as_bytes());
            buf[..word.len()].make_ascii_lowercase();
            std::str::from_utf8(&buf[..word.len()]).is_ok_and(|w| self.0.contains(w))
        } else {
            self.0.contains(lower(word).as_str())
        }
    }
}

macro_rules! word_set {
    ($name:ident, $list:ident) => {
        fn $name() -> &'static WordSet {
            static SET: OnceLock<WordSet> = OnceLock::new();
            SET.get_or_init(|| WordSet::new($list))
        }
    };
}

word_set!(titles_set, TITLE_WORDS);
word_set!(org_words_set, ORG_WORDS);
word_set!(not_names_set, NOT_NAMES);
word_set!(female_set, FEMALE_NAMES);
word_set!(male_set, MALE_NAMES);

/// Words that describe a role rather than name someone; lower case.
#[rustfmt::skip]
const TITLE_WORDS: &[&str] = &[
    "prime", "minister", "president", "secretary", "chancellor", "governor", "senator", "sen",
    "representative", "rep", "mayor", "chief", "executive", "officer", "director", "general",
    "special", "envoy",
    "deputy", "vice", "judge", "coach", "manager", "chairman", "chairwoman", "chair",
    "commissioner", "ambassador", "spokesman", "spokeswoman", "spokesperson", "leader", "head",
    "founder", "economist", "analyst", "ceo", "cfo", "coo", "professor", "prof", "dr", "mr", "mrs",
    "ms", "miss", "sir", "dame", "lord", "lady", "king", "queen", "prince", "princess", "pope",
    "attorney", "lawyer", "counsel", "inspector", "superintendent", "detective", "sergeant",
    "captain", "colonel", "lieutenant", "major", "admiral", "commander", "opposition", "shadow",
    "former", "acting", "interim", "senior", "junior",
   
    "assistant",
    "associate", "managing", "editor", "correspondent", "reporter", "striker", "midfielder",
    "goalkeeper", "player", "boss", "gov", "rev", "reverend", "bishop", "archbishop", "cardinal",
    "councillor", "councilor", "alderman", "member", "congressman", "congresswoman", "speaker", "whip", "chairperson", "premier",
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
    "port", "station", "authority", "insurance", "pharma", "pharmaceuticals", "health", "works",
    "buses", "communications", "securities", "telecom", "telecoms", "transit", "engine", "foods",
    "brewery", "mining", "steel", "oil", "gas", "petroleum", "chemicals", "biotech", "credit",
    "finance", "financial", "logistics", "shipping", "ports", "farms", "dairy", "games",
    "records", "publishing", "books", "hotels", "resorts", "stores", "markets", "retail",
    "supermarkets", "services", "solutions", "software", "robotics", "aerospace", "construction",
    "homes", "properties", "estates", "developments", "electric", "utilities", "mobile",
    "wireless", "networks", "automotive", "trucks", "lines", "cruises", "travel", "ventures",
    "investments", "management", "advisors", "consulting", "clinic", "academy", "church",
    "playhouse", "theatre", "theater", "museum", "gallery", "orchestra", "opera", "festival",
    "library", "libraries", "zoo", "park", "stadium", "arena", "hawks", "rovers", "wanderers",
];

/// Nouns that stand for the organisation last named ("the company", "the airline").
#[rustfmt::skip]
const REFERRING_NOUNS: &[&str] = &[
    "company", "firm", "airline", "club", "carrier", "lender", "retailer", "insurer", "operator",
    "group", "developer", "manufacturer", "broadcaster", "network", "newspaper", "paper",
    "utility", "charity", "team", "bank", "union", "federation", "association", "business",
    "brand", "chain", "supplier", "producer", "maker", "agency", "campaign",
];

/// Nouns that name an institution, resolved only to an organisation with that word in its name.
#[rustfmt::skip]
const ORG_NOUNS: &[&str] = &[
    "company", "firm", "bank", "ministry", "department", "government", "council", "club", "union",
    "party", "agency", "commission", "committee", "board", "regulator", "court", "newspaper",
    "paper", "network", "broadcaster", "campaign", "group", "team", "league", "airline", "operator",
    "watchdog", "authority", "office", "administration", "hospital", "school", "university",
    "trust", "charity", "insurer", "lender", "retailer", "carrier", "federation", "association",
    "exchange", "utility", "developer", "manufacturer", "producer", "service", "laboratory", "lab",
    "agency", "organisation", "organization", "institute", "fund", "bureau", "force", "police",
];

/// Capitalised words that never name a speaker.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "the", "a", "an", "but", "and", "in", "on", "at", "this", "that",
    "it", "he", "she", "they", "we", "i", "if", "when", "while", "after", "before", "asked",
    "last", "next", "mr", "mrs", "ms", "dr", "christmas", "easter", "what", "why", "how", "who",
    "where", "did", "does", "do", "will", "would", "can", "could", "should", "is", "are", "was",
    "were", "has", "have", "had", "from", "during", "since", "until", "with", "without", "by",
    "for", "to", "of", "as", "yesterday", "today", "later", "earlier", "then", "now", "still",
    "also", "even", "just", "only", "here", "there", "every", "each", "all", "some", "many",
    "most", "few", "none", "no", "not", "never", "once", "both", "either", "neither",
    "according", "meanwhile", "however", "speaking", "asked", "under", "over", "despite",
];

/// True when every word of a phrase is one that never names a speaker ("Before", "What").
pub fn is_not_a_name(phrase: &str) -> bool {
    if !phrase.contains(char::is_whitespace) {
        return not_names_set().contains(phrase.trim_matches(|c: char| !c.is_alphanumeric()));
    }
    words_of(phrase).iter().all(|w| not_names_set().contains(w))
}

/// A lower-case word that looks like a plural noun for people ("campaigners", "rebels",
/// "economists", "residents").
pub fn is_plural_noun(w: &str) -> bool {
    const PEOPLE: &[&str] = &[
        "ers", "ors", "ists", "ians", "ants", "ents", "ives", "als", "ics", "els", "ees", "ites",
        "ouths",
    ];
    w.len() > 4
        && w.chars().all(|c| c.is_lowercase())
        && PEOPLE.iter().any(|suffix| w.ends_with(suffix))
}

/// Pronouns that can be the subject of a cue.
pub const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];

/// What a speaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A named person.
    Person,
    /// A named organisation.
    Organisation,
    /// A name with nothing to tell a person from an organisation.
    Unknown,
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

/// An unnamed speaker, kept as written without its article ("a spokesman" → "spokesman").
fn unnamed(words: &[&str]) -> Option<Resolved> {
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .skip_while(|w| matches!(lower(w).as_str(), "the" | "a" | "an"))
        .collect();
    (!kept.is_empty()).then(|| Resolved {
        speaker: kept.join(" "),
        kind: None,
        confidence: 0.8,
    })
}

/// The entities of one article and the speakers seen so far.
#[derive(Debug, Default)]
pub struct Resolver {
    entities: Vec<Entity>,
    /// Each entity named so far, most recent last, and whether it was a subject: a speaker or
    /// the name opening a sentence.
    recent: Vec<(usize, bool)>,
    /// How often each entity has been named.
    mentions: Vec<usize>,
    /// Entities by the lower-cased last and first words of their names, so a lookup does not
    /// scan every entity of a long article.
    by_last: rustc_hash::FxHashMap<String, Vec<usize>>,
    by_first: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// Full-name mentions already registered, by their text: a name repeated through an
    /// article is found again without being split and looked up anew.
    seen: rustc_hash::FxHashMap<Box<str>, usize>,
}

fn words_of(mention: &str) -> Vec<&str> {
    mention
        .split(|c: char| c.is_whitespace())
        .map(|w| {
            w.trim_matches(|c: char| {
                !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-' || c == '.' || c == '&')
            })
        })
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

/// `word` in lower case with `’` as `'`: in `buf` for short ASCII words, else allocated.
fn lowered<'b>(word: &str, buf: &'b mut [u8; 32]) -> std::borrow::Cow<'b, str> {
    if word.is_ascii() && word.len() <= buf.len() {
        let b = &mut buf[..word.len()];
        b.copy_from_slice(word.as_bytes());
        b.make_ascii_lowercase();
        std::borrow::Cow::Borrowed(std::str::from_utf8(b).expect("ASCII stays UTF-8"))
    } else {
        std::borrow::Cow::Owned(lower(word))
    }
}

/// A title word as compared: lower case, without a possessive ("council's" → "council").
fn title_form(word: &str) -> String {
    let w = lower(word);
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix('\''))
        .map_or(w.clone(), str::to_string)
}

fn is_title(word: &str) -> bool {
    titles_set().contains(word)
}

/// True for words that describe a role rather than name someone ("Minister", "Dr").
pub fn is_title_word(word: &str) -> bool {
    is_title(word.trim_end_matches('.'))
}

fn is_possessive(word: &str) -> bool {
    let w = lower(word);
    w.ends_with("'s") || w.ends_with("s'")
}

/// Lower-case words that may stand inside a name.
const NAME_CONNECTIVES: &[&str] = &[
    "of", "and", "for", "de", "van", "von", "der", "da", "du", "la", "le", "al", "bin",
];

/// Splits a mention into its title words and its name words ("UK Prime Minister Keir Starmer"
/// → (["uk", "prime", "minister"], ["Keir", "Starmer"])). The name is the longest run of
/// capitalised words at the end that are not titles.
fn split_name(mention: &str) -> (Vec<String>, Vec<String>) {
    let words = words_of(mention);
    let mut cut = words.len();
    while cut > 0 {
        let w = words[cut - 1];
        // "Banking and Finance Union", "Bank of England": a connective between capitalised
        // words stays inside the name.
        let connective = NAME_CONNECTIVES.contains(&w)
            && cut < words.len()
            && cut >= 2
            && is_capitalised(words[cut - 2])
            && !is_title(words[cut - 2]);
        if !connective && (!is_capitalised(w) || is_title(w) || is_possessive(w)) {
            break;
        }
        cut -= 1;
    }
    // "Anika Holm, chief economist" has been cut at the comma by the caller; a lone
    // capitalised word after a possessive ("Italy's") is a name too.
    // "Ana Ruiz's farm" stops at the possessive: the possessor is the name.
    if cut == words.len()
        && cut > 0
        && is_possessive(words[cut - 1])
        && is_capitalised(words[cut - 1])
    {
        let owner = words[cut - 1]
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .trim_end_matches(['\'', '’']);
        let mut k = cut - 1;
        while k > 0
            && is_capitalised(words[k - 1])
            && !is_title(words[k - 1])
            && !is_possessive(words[k - 1])
        {
            k -= 1;
        }
        let mut name: Vec<String> = words[k..cut - 1].iter().map(|w| w.to_string()).collect();
        name.push(owner.to_string());
        return (words[..k].iter().map(|w| title_form(w)).collect(), name);
    }
    let titles = words[..cut].iter().map(|w| title_form(w)).collect();
    let name = words[cut..].iter().map(|w| w.to_string()).collect();
    (titles, name)
}

/// Common first names whose bearers are usually women or usually men: a hint for pronouns,
/// used only when no title or earlier pronoun says otherwise.
#[rustfmt::skip]
const FEMALE_NAMES: &[&str] = &[
    "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah",
    "karen", "nancy", "lisa", "margaret", "betty", "sandra", "ashley", "dorothy", "kimberly",
    "emily", "donna", "michelle", "carol", "amanda", "melissa", "deborah", "stephanie", "rebecca",
    "laura", "sharon", "cynthia", "kathleen", "amy", "shirley", "angela", "helen", "anna", "brenda",
    "pamela", "nicole", "ruth", "katherine", "samantha", "christine", "emma", "catherine", "debra",
    "virginia", "rachel", "carolyn", "janet", "maria", "heather", "diane", "julie", "joyce",
    "victoria", "kelly", "christina", "joan", "evelyn", "lauren", "judith", "olivia", "martha",
    "cheryl", "megan", "andrea", "hannah", "jacqueline", "ann", "jean", "alice", "kathryn",
    "gloria", "teresa", "doris", "sara", "janice", "julia", "marie", "madison", "grace", "judy",
    "theresa", "beverly", "denise", "marilyn", "amber", "danielle", "abigail", "brittany", "rose",
    "diana", "natalie", "sophia", "alexis", "lori", "kayla", "jane", "ines", "lydia", "anika",
    "priya", "fiona", "helena", "anita", "eleanor", "gwen", "doreen", "amara", "mira", "sofia",
    "elena", "ingrid", "giorgia", "hillary", "angela", "ursula", "kamala", "nadia", "fatima",
    "aisha", "yuki", "mei", "leila", "claire", "chloe", "charlotte", "lucy", "sophie", "harriet",
    "isabel", "isabella", "beatriz", "carmen", "lucia", "paula", "marta", "monica", "sylvia",
    "irene", "vera", "olga", "natasha", "svetlana", "agnes", "hilde", "birgit", "astrid", "greta",
    "liv", "freya", "maeve", "siobhan", "niamh", "aoife", "priyanka", "sunita", "deepa", "ngozi",
    "chioma", "adaeze", "zainab", "miriam", "esther", "deborah", "naomi", "tamar", "yasmin",
    "layla", "noura", "elif", "ayse", "hannelore", "lise", "sheila", "sandra", "wendy", "tracy",
    "tina", "gemma", "kirsty", "nicola", "joanna", "katie", "jade", "ella", "mia", "ava", "zoe",
];

#[rustfmt::skip]
const MALE_NAMES: &[&str] = &[
    "james", "robert", "john", "michael", "david", "william", "richard", "joseph", "thomas",
    "charles", "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven", "paul",
    "andrew", "joshua", "kenneth", "kevin", "brian", "george", "timothy", "ronald", "edward",
    "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen",
    "larry", "justin", "scott", "brandon", "benjamin", "samuel", "gregory", "alexander", "frank",
    "patrick", "raymond", "jack", "dennis", "jerry", "tyler", "aaron", "jose", "adam", "nathan",
    "henry", "douglas", "zachary", "peter", "kyle", "ethan", "walter", "noah", "jeremy",
    "christian", "keith", "roger", "terry", "gerald", "harold", "sean", "austin", "carl", "arthur",
    "lawrence", "dylan", "jesse", "jordan", "bryan", "billy", "joe", "bruce", "gabriel", "logan",
    "albert", "willie", "alan", "juan", "wayne", "elijah", "randy", "roy", "vincent", "ralph",
    "eugene", "russell", "bobby", "mason", "philip", "louis", "tom", "tim", "bill", "mike", "jim",
    "bob", "ben", "sam", "dan", "tony", "nick", "desmond", "derek", "tobias", "rafael", "luis",
    "kwame", "alistair", "rupert", "callum", "oskar", "emeka", "jared", "keir", "emmanuel",
    "volodymyr", "vladimir", "steve", "hans", "klaus", "jurgen", "dieter", "lars", "sven", "erik",
    "olaf", "pierre", "jean-pierre", "jacques", "francois", "luca", "marco", "giovanni",
    "giuseppe", "carlos", "miguel", "pedro", "diego", "javier", "sergio", "ahmed", "mohammed",
    "muhammad", "ali", "omar", "hassan", "ibrahim", "yusuf", "mustafa", "rahul", "arjun", "vikram",
    "ravi", "sanjay", "raj", "hiroshi", "kenji", "takeshi", "wei", "jun", "chen", "dmitri",
    "sergei", "ivan", "igor", "andrei", "nikolai", "chinedu", "oluwaseun", "tunde", "kofi",
    "martin", "simon", "graham", "neil", "ian", "colin", "gordon", "malcolm", "duncan", "angus",
    "hamish", "fergus", "declan", "liam", "conor", "ciaran", "owen", "rhys", "gareth", "dafydd",
    "howard", "darnell", "tomasz", "piotr", "jan", "pavel", "milan", "viktor", "boris", "anton",
];

fn gender_of_name(name: &[String]) -> Option<Gender> {
    let first = name.first()?;
    if female_set().contains(first) {
        Some(Gender::Female)
    } else if male_set().contains(first) {
        Some(Gender::Male)
    } else {
        None
    }
}

fn gender_of(titles: &[String]) -> Option<Gender> {
    titles.iter().find_map(|t| match t.as_str() {
        "mr" | "sir" | "lord" | "king" | "prince" | "chairman" | "spokesman" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "dame" | "lady" | "queen" | "princess" | "chairwoman"
        | "spokeswoman" => Some(Gender::Female),
        _ => None,
    })
}

fn kind_of(name_words: &[String], titles: &[String]) -> Kind {
    let org = name_words.iter().any(|w| {
        org_words_set().contains(w) || (w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()))
    });
    let person_title = titles
        .iter()
        .any(|t| titles_set().contains(t) && !matches!(t.as_str(), "the" | "a" | "an"));
    if gender_of_name(name_words).is_some() || gender_of(titles).is_some() || person_title && !org {
        Kind::Person
    } else if org {
        Kind::Organisation
    } else if name_words.len() == 1 {
        // A surname alone, before the full name is known, is most often a person.
        Kind::Person
    } else {
        Kind::Unknown
    }
}

impl Resolver {
    /// Registers a capitalised name seen in the narration (with any titles before it);
    /// `organisation` is a hint that it names one (it was written after "the").
    pub fn observe(&mut self, mention: &str, organisation: bool) {
        if let Some(i) = self.register(mention, organisation) {
            self.recent.push((i, false));
        }
    }

    /// Registers the name that opens a sentence: it becomes the latest candidate for a
    /// pronoun, as a reader takes "he" after "Tom Haskett keeps turkeys."
    pub fn observe_subject(&mut self, mention: &str, organisation: bool) {
        if let Some(i) = self.register(mention, organisation) {
            self.recent.push((i, true));
        }
    }

    /// The person named most often so far: the subject of an interview, whose answers are
    /// often printed with no attribution at all.
    pub fn most_named_person(&mut self) -> Option<Resolved> {
        let i = (0..self.entities.len())
            .filter(|&i| {
                self.entities[i].kind == Kind::Person && self.entities[i].name_words.len() > 1
            })
            .max_by_key(|&i| (self.mentions[i], i))?;
        Some(self.speaker(i, 0.5))
    }

    /// Entity `i` as the speaker, remembered for later pronouns.
    fn speaker(&mut self, i: usize, confidence: f64) -> Resolved {
        self.recent.push((i, true));
        let e = &self.entities[i];
        Resolved {
            speaker: e.name.clone(),
            kind: Some(e.kind),
            confidence,
        }
    }

    fn register(&mut self, mention: &str, organisation: bool) -> Option<usize> {
        if let Some(&i) = self.seen.get(mention) {
            self.mentions[i] += 1;
            return Some(i);
        }
        let (titles, name) = split_name(mention);
        if name.is_empty() || name.iter().all(|w| not_names_set().contains(w)) {
            return None;
        }
        let i = self.register_name(titles, name, organisation)?;
        if self.entities[i].name_words.len() > 1 && self.entities[i].name.len() <= mention.len() {
            self.seen.insert(mention.into(), i);
        }
        Some(i)
    }

    fn register_name(
        &mut self,
        titles: Vec<String>,
        name: Vec<String>,
        organisation: bool,
    ) -> Option<usize> {
        if let Some(i) = self.find_named(&name) {
            self.mentions[i] += 1;
            let e = &mut self.entities[i];
            let longer = name.len() > e.name_words.len() && e.name_words.last() == name.last();
            if longer {
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
            if longer {
                self.index(i);
            }
            return Some(i);
        }
        let gender = gender_of(&titles).or_else(|| {
            if name.len() > 1 {
                gender_of_name(&name)
            } else {
                None
            }
        });
        let kind = if organisation && gender.is_none() {
            Kind::Organisation
        } else {
            kind_of(&name, &titles)
        };
        self.entities.push(Entity {
            name: name.join(" "),
            gender,
            name_words: name,
            titles,
            kind,
        });
        self.mentions.push(1);
        self.index(self.entities.len() - 1);
        Some(self.entities.len() - 1)
    }

    /// The most recent entity with this name, by full name or, for one word, by surname or
    /// first name.
    fn find_named(&self, name: &[String]) -> Option<usize> {
        let eq = |a: &String, b: &String| a.eq_ignore_ascii_case(b);
        let ends_with_name = |e: &Entity| {
            e.name_words.len() >= name.len()
                && e.name_words[e.name_words.len() - name.len()..]
                    .iter()
                    .zip(name)
                    .all(|(a, b)| eq(a, b))
        };
        let mut buf = [0u8; 32];
        let last = lowered(name.last()?, &mut buf);
        let full = self.by_last.get(last.as_ref()).and_then(|ids| {
            ids.iter()
                .rev()
                .copied()
                .find(|&i| ends_with_name(&self.entities[i]))
        });
        if full.is_some() || name.len() != 1 {
            return full;
        }
        // "Amara" for a pupil named once in full, "Meridian" for Meridian Air.
        let first = self.by_first.get(last.as_ref())?;
        first.iter().rev().copied().find(|&i| {
            let e = &self.entities[i];
            e.name_words.len() > 1 && e.name_words.first().is_some_and(|f| eq(f, &name[0]))
        })
    }

    fn index(&mut self, i: usize) {
        let e = &self.entities[i];
        for (map, word) in [
            (&mut self.by_last, e.name_words.last()),
            (&mut self.by_first, e.name_words.first()),
        ] {
            if let Some(w) = word {
                let ids = map.entry(lower(w)).or_default();
                if ids.last() != Some(&i) {
                    ids.push(i);
                }
            }
        }
    }

    /// Resolves a speaker mention, and remembers the speaker for later pronouns.
    pub fn resolve(&mut self, mention: &str) -> Option<Resolved> {
        let words = words_of(mention);
        let first = lower(words.first()?);
        if words.len() == 1 && PRONOUNS.contains(&first.as_str()) {
            return self.resolve_pronoun(&first);
        }
        // "Analyst Priya Raman of Halden Securities": the person before the connective.
        if let Some(k) = words
            .iter()
            .position(|w| matches!(lower(w).as_str(), "of" | "at" | "for" | "from"))
        {
            let (_, left_name) = split_name(&words[..k].join(" "));
            if left_name.len() >= 2 && kind_of(&left_name, &[]) == Kind::Person {
                return self.resolve(&words[..k].join(" "));
            }
            if left_name.is_empty() && k > 0 {
                // "a spokesman for Kestrel": an unnamed speaker, kept as written.
                return unnamed(&words);
            }
        }
        let (titles, name) = split_name(mention);
        // "Prosecutors said": a group, not a name.
        if name.len() == 1 && words.len() == 1 && is_plural_noun(&lower(&name[0])) {
            return unnamed(&[lower(&name[0]).as_str()]);
        }
        if !name.is_empty() && !name.iter().all(|w| not_names_set().contains(w)) {
            self.observe(mention, false);
            let i = self.find_named(&name)?;
            if let Some(g) = gender_of(&titles) {
                self.entities[i].gender.get_or_insert(g);
            }
            return Some(self.speaker(i, 0.95));
        }
        // A title or noun without a name: "the Prime Minister", "the bank", "a spokesman".
        let role: Vec<&String> = titles
            .iter()
            .filter(|t| !matches!(t.as_str(), "the" | "a" | "an"))
            .collect();
        let definite = first == "the"
            || first == "its"
            || first == "his"
            || first == "her"
            || first == "their";
        if definite && !role.is_empty() {
            let head = role.last().expect("not empty");
            let by_title = self.entities.iter().rposition(|e| {
                e.kind == Kind::Person && role.iter().all(|r| e.titles.iter().any(|t| t == *r))
            });
            // "the bank" → the Estavian Reserve Bank; "the company" → the last organisation.
            let by_org = || {
                let orgs = || {
                    self.entities
                        .iter()
                        .enumerate()
                        .rev()
                        .filter(|(_, e)| e.kind != Kind::Person)
                };
                orgs()
                    .find(|(_, e)| e.name_words.iter().any(|w| lower(w) == **head))
                    .or_else(|| {
                        if REFERRING_NOUNS.contains(&head.as_str()) {
                            orgs().next()
                        } else {
                            None
                        }
                    })
                    .map(|(i, _)| i)
            };
            let org_noun =
                ORG_NOUNS.contains(&head.as_str()) || REFERRING_NOUNS.contains(&head.as_str());
            let found = if org_noun {
                by_org()
            } else {
                by_title.or_else(by_org)
            };
            if let Some(i) = found {
                return Some(self.speaker(i, 0.85));
            }
        }
        unnamed(&words)
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
                e.kind != Kind::Organisation && (e.gender.is_none() || e.gender == wanted)
            } else {
                true
            }
        };
        // A known gender that matches beats an unknown one, and a recent speaker beats a name
        // merely mentioned.
        let sure = |e: &Entity| {
            fits(e) && (person && e.gender == wanted || !person && e.kind == Kind::Organisation)
        };
        let maybe = |e: &Entity| fits(e) && (person || e.kind == Kind::Organisation);
        // The most recent compatible name, as a reader takes "she" for the woman last named.
        let recent = |test: &dyn Fn(&Entity) -> bool| {
            self.recent
                .iter()
                .rev()
                .take(12)
                .map(|(i, _)| *i)
                .find(|&i| test(&self.entities[i]))
        };
        let i = recent(&sure)
            .or_else(|| recent(&maybe))
            .or_else(|| self.entities.iter().rposition(sure))
            .or_else(|| self.entities.iter().rposition(maybe))
            .or_else(|| {
                if person {
                    None
                } else {
                    self.recent.last().map(|(i, _)| *i)
                }
            })?;
        if let Some(g) = wanted {
            self.entities[i].gender.get_or_insert(g);
        }
        Some(self.speaker(i, 0.75))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_surnames_and_pronouns_resolve_to_full_names() {
        let mut r = Resolver::default();
        r.observe("UK Prime Minister Keir Starmer", false);
        r.observe("French President Emmanuel Macron", false);
        assert_eq!(r.resolve("Starmer").unwrap().speaker, "Keir Starmer");
        assert_eq!(r.resolve("He").unwrap().speaker, "Keir Starmer");
        assert_eq!(
            r.resolve("The Prime Minister").unwrap().speaker,
            "Keir Starmer"
        );
        assert_eq!(r.resolve("Mr Macron").unwrap().speaker, "Emmanuel Macron");
        assert_eq!(
            r.resolve("a government spokesman").unwrap().speaker,
            "government spokesman"
        );
        assert_eq!(
            r.resolve("Italy’s Prime Minister Giorgia Meloni")
                .unwrap()
                .speaker,
            "Giorgia Meloni"
        );
        let org = r.resolve("Sky News").unwrap();
        assert_eq!(
            (org.speaker.as_str(), org.kind),
            ("Sky News", Some(Kind::Organisation))
        );
    }

    #[test]
    fn she_skips_a_known_male_speaker() {
        let mut r = Resolver::default();
        r.observe("Ms. Ines Carrow", false);
        r.resolve("Ines Carrow");
        r.resolve("Mr. Rafael Dunst");
        assert_eq!(r.resolve("she").unwrap().speaker, "Ines Carrow");
    }
}
