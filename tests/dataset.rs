//! The rules of the team's labelled dataset (`datasets/stance-*.csv`).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::util::repo;

const HEADER: [&str; 8] = [
    "id", "text", "label", "speaker", "domain", "form", "cue", "hard",
];
const SPLITS: [&str; 3] = ["train", "dev", "test"];
const HARD_CASES: [&str; 6] = [
    "negation-not-refusal",
    "conditional-commitment",
    "softened-refusal",
    "endorsement-without-will",
    "scepticism-about-other",
    "cue-carries-stance",
];

#[derive(Debug, Clone)]
struct Row {
    split: &'static str,
    line: u64,
    fields: HashMap<&'static str, String>,
}

impl Row {
    fn get(&self, k: &str) -> &str {
        &self.fields[k]
    }
    fn at(&self) -> String {
        format!(
            "stance-{}.csv:{} ({})",
            self.split,
            self.line,
            self.get("id")
        )
    }
}

/// Reads every split, checking header, UTF-8 and field counts on the way.
fn load() -> Vec<Row> {
    let mut rows = Vec::new();
    for split in SPLITS {
        let path = repo().join(format!("datasets/stance-{split}.csv"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text = std::str::from_utf8(&bytes).unwrap_or_else(|e| {
            panic!(
                "{}: invalid UTF-8 at byte {}",
                path.display(),
                e.valid_up_to()
            )
        });
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            HEADER,
            "{} header",
            path.display()
        );
        for record in reader.records() {
            let record = record.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let line = record.position().unwrap().line();
            let fields = HEADER
                .iter()
                .zip(record.iter())
                .map(|(k, v)| (*k, v.to_string()))
                .collect();
            rows.push(Row {
                split,
                line,
                fields,
            });
        }
    }
    rows
}

fn share(n: usize, total: usize) -> f64 {
    n as f64 / total as f64
}

#[test]
fn every_row_is_well_formed_and_ids_are_unique() {
    let rows = load();
    assert!(
        rows.len() >= 2400,
        "{} rows, at least 2,400 needed",
        rows.len()
    );
    let mut ids = HashSet::new();
    for r in &rows {
        assert!(
            ids.insert(r.get("id").to_string()),
            "{}: duplicate id",
            r.at()
        );
        assert!(!r.get("text").trim().is_empty(), "{}: empty text", r.at());
        assert!(
            !r.get("speaker").trim().is_empty(),
            "{}: empty speaker",
            r.at()
        );
        assert!(
            ["commitment", "caution", "refusal"].contains(&r.get("label")),
            "{}: label {}",
            r.at(),
            r.get("label")
        );
        assert!(
            ["direct", "reported"].contains(&r.get("form")),
            "{}: form {}",
            r.at(),
            r.get("form")
        );
        let hard = r.get("hard");
        assert!(
            hard.is_empty() || HARD_CASES.contains(&hard),
            "{}: hard {hard}",
            r.at()
        );
        assert!(
            !r.get("text").contains(['"', '“', '”']),
            "{}: quotation marks inside text",
            r.at()
        );
    }
}

#[test]
fn labels_domains_forms_and_hard_cases_are_balanced() {
    let rows = load();
    let n = rows.len();
    let count = |key: &str| {
        let mut c: BTreeMap<String, usize> = BTreeMap::new();
        for r in &rows {
            *c.entry(r.get(key).to_string()).or_default() += 1;
        }
        c
    };
    for (label, k) in count("label") {
        let p = share(k, n);
        assert!(
            (0.25..=0.45).contains(&p),
            "label {label} is {p:.3} of rows"
        );
    }
    let domains = count("domain");
    assert!(domains.len() >= 12, "{} domains", domains.len());
    for (domain, k) in &domains {
        assert!(
            share(*k, n) <= 0.15,
            "domain {domain} is {:.3} of rows",
            share(*k, n)
        );
    }
    for (form, k) in count("form") {
        assert!(
            share(k, n) >= 0.30,
            "form {form} is {:.3} of rows",
            share(k, n)
        );
    }
    let hard = rows.iter().filter(|r| !r.get("hard").is_empty()).count();
    assert!(
        share(hard, n) >= 0.30,
        "hard cases are {:.3} of rows",
        share(hard, n)
    );
    let reported: Vec<&Row> = rows
        .iter()
        .filter(|r| r.get("form") == "reported")
        .collect();
    let with_cue = reported
        .iter()
        .filter(|r| !r.get("cue").trim().is_empty())
        .count();
    assert!(
        share(with_cue, reported.len()) >= 0.80,
        "{with_cue} of {} reported rows have a cue",
        reported.len()
    );
}

/// Lower-case word tokens of a text.
fn tokens(text: &str) -> Vec<String> {
    let mut t: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect();
    t.sort();
    t.dedup();
    t
}

/// The text with numbers and capitalised words after the first replaced by placeholders.
fn skeleton(text: &str) -> String {
    text.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            if w.chars().any(|c| c.is_ascii_digit()) {
                "#".to_string()
            } else if i > 0 && w.chars().next().is_some_and(char::is_uppercase) {
                "N".to_string()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn no_two_rows_share_ninety_percent_of_their_tokens() {
    let rows = load();
    let toks: Vec<Vec<String>> = rows.iter().map(|r| tokens(r.get("text"))).collect();
    let mut problems = Vec::new();
    for i in 0..rows.len() {
        for j in i + 1..rows.len() {
            let (a, b) = (&toks[i], &toks[j]);
            let larger = a.len().max(b.len());
            // Sharing 90% of the larger set needs the smaller to be at least that big.
            if (a.len().min(b.len()) as f64) < 0.9 * larger as f64 {
                continue;
            }
            let shared = a.iter().filter(|t| b.binary_search(t).is_ok()).count();
            if shared as f64 >= 0.9 * larger as f64 {
                problems.push(format!("{} ~ {}", rows[i].at(), rows[j].at()));
            }
        }
    }
    let mut skeletons: HashMap<String, &Row> = HashMap::new();
    for r in &rows {
        if let Some(other) = skeletons.insert(skeleton(r.get("text")), r) {
            problems.push(format!(
                "{} and {} differ only by names or numbers",
                other.at(),
                r.at()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "near-duplicate rows:\n{}",
        problems.join("\n")
    );
}

#[test]
fn split_is_about_70_15_15_in_every_label_and_domain() {
    let rows = load();
    let mut groups: BTreeMap<(String, String), [usize; 3]> = BTreeMap::new();
    for r in &rows {
        let g = groups
            .entry((r.get("label").into(), r.get("domain").into()))
            .or_default();
        g[SPLITS.iter().position(|s| *s == r.split).unwrap()] += 1;
    }
    for ((label, domain), [train, dev, test]) in groups {
        let n = (train + dev + test) as f64;
        for (name, k, want) in [
            ("train", train, 0.70),
            ("dev", dev, 0.15),
            ("test", test, 0.15),
        ] {
            assert!(
                (k as f64 - want * n).abs() <= 1.5,
                "{label}/{domain}: {name} has {k} of {n}"
            );
        }
    }
}

#[test]
fn shipped_model_never_saw_the_test_split() {
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo().join("models/default.json")).unwrap())
            .unwrap();
    assert_eq!(model["training"]["data_file"], "stance-train.csv");
    assert_eq!(model["training"]["dev_file"], "stance-dev.csv");
}
