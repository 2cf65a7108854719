//! `train`, `classify` and `eval` end to end.

use crate::util::{TestDir, records, repo, s};

fn dataset(name: &str) -> String {
    repo()
        .join("datasets")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

/// The command in README.md that rebuilds the shipped model, run the same way.
fn retrain_default(dir: &TestDir) -> std::path::PathBuf {
    let out = dir.path("default.json");
    dir.run(&[
        "train",
        &dataset("stance-train.csv"),
        "--dev",
        &dataset("stance-dev.csv"),
        "--c",
        "auto",
        "--seed",
        "42",
        "-o",
        s(&out),
    ])
    .ok();
    out
}

#[test]
fn shipped_model_is_not_stale() {
    let dir = TestDir::new();
    let fresh = std::fs::read(retrain_default(&dir)).unwrap();
    let shipped = std::fs::read(repo().join("models/default.json")).unwrap();
    assert!(
        fresh == shipped,
        "models/default.json differs from a model retrained from datasets/; rebuild it with the \
         command in README.md (Retraining the default model)"
    );
}

#[test]
fn training_is_deterministic_and_reports_cross_validation() {
    let dir = TestDir::new();
    let (a, b) = (dir.path("a.json"), dir.path("b.json"));
    let out = dir
        .run(&[
            "train",
            &dataset("stance-dev.csv"),
            "--seed",
            "7",
            "--folds",
            "3",
            "-o",
            s(&a),
        ])
        .ok();
    assert!(out.contains("3-fold cross-validated accuracy"), "{out}");
    assert!(out.contains("macro-F1"), "{out}");
    dir.run(&[
        "train",
        &dataset("stance-dev.csv"),
        "--seed",
        "7",
        "--folds",
        "3",
        "-o",
        s(&b),
    ])
    .ok();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let model: serde_json::Value = serde_json::from_slice(&std::fs::read(&a).unwrap()).unwrap();
    assert_eq!(model["format_version"], 1);
    assert_eq!(model["training"]["seed"], 7);
    assert_eq!(model["training"]["data_file"], "stance-dev.csv");
    assert_eq!(model["training"]["data_sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn classify_text_arguments_as_jsonl_with_probabilities() {
    let dir = TestDir::new();
    let out = dir
        .run(&[
            "classify",
            "We will never accept this offer.",
            "The deal could collapse if rates rise.",
        ])
        .ok();
    let lines = records(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["text"], "We will never accept this offer.");
    assert_eq!(lines[0]["label"], "refusal");
    assert_eq!(lines[1]["label"], "caution");
    let p = lines[0]["probabilities"].as_object().unwrap();
    assert_eq!(p.len(), 3);
    let total: f64 = p.values().map(|v| v.as_f64().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-9);
}

#[test]
fn classify_uses_the_cue() {
    let dir = TestDir::new();
    let with = dir
        .run(&[
            "classify",
            "--cue",
            "declined to say",
            "whether the club would sell its captain",
        ])
        .ok();
    let v: serde_json::Value = serde_json::from_str(with.lines().next().unwrap()).unwrap();
    assert_eq!(v["label"], "refusal", "{with}");
    assert_eq!(v["cue"], "declined to say");
}

#[test]
fn classify_csv_input_keeps_ids_and_writes_csv_and_table() {
    let dir = TestDir::new();
    let input = dir.write(
        "in.csv",
        "id,cue,text\nq1,,\"We reject this proposal outright.\"\nq2,pledged,to keep every branch open\n",
    );
    let out = dir.run(&["classify", "--input", s(&input)]).ok();
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], "q1");
    let csv = dir
        .run(&["classify", "--input", s(&input), "--format", "csv"])
        .ok();
    assert!(
        csv.starts_with("id,text,cue,label,p_commitment,p_caution,p_refusal"),
        "{csv}"
    );
    assert!(
        csv.contains("q2,to keep every branch open,pledged,commitment"),
        "{csv}"
    );
    let table = dir
        .run(&[
            "classify",
            "--input",
            s(&input),
            "--format",
            "table",
            "--explain",
            "3",
        ])
        .ok();
    assert!(table.contains("because:"), "{table}");
}

#[test]
fn classify_reads_stdin_one_quote_per_line_and_explains() {
    let dir = TestDir::new();
    let out = dir
        .run_with_stdin(
            &["classify", "--explain"],
            b"We will stand firm.\n\nIt may take months.\n",
        )
        .ok();
    let lines = records(&out);
    assert_eq!(lines.len(), 2, "blank lines are skipped");
    let explanation = lines[0]["explanation"].as_array().unwrap();
    assert!(!explanation.is_empty() && explanation.len() <= 5);
    assert!(explanation[0]["feature"].is_string());
}

#[test]
fn eval_reports_json_with_baseline_and_cue_breakdown() {
    let dir = TestDir::new();
    let out = dir
        .run(&["eval", &dataset("stance-test.csv"), "--json"])
        .ok();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in [
        "n",
        "accuracy",
        "macro_f1",
        "per_class",
        "confusion",
        "baseline",
        "with_cue",
        "without_cue",
    ] {
        assert!(v.get(key).is_some(), "missing {key}: {out}");
    }
    for label in ["commitment", "caution", "refusal"] {
        for field in ["precision", "recall", "f1", "support"] {
            assert!(v["per_class"][label][field].is_number(), "{label}.{field}");
        }
    }
    assert_eq!(v["confusion"]["labels"].as_array().unwrap().len(), 3);
    let n = v["n"].as_u64().unwrap();
    let total: u64 = v["confusion"]["matrix"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .map(|x| x.as_u64().unwrap())
        .sum();
    assert_eq!(n, total);
    assert!(v["macro_f1"].as_f64().unwrap() > v["baseline"]["macro_f1"].as_f64().unwrap());
    let text = dir.run(&["eval", &dataset("stance-test.csv")]).ok();
    assert!(
        text.contains("confusion") && text.contains("baseline"),
        "{text}"
    );
}

#[test]
fn shipped_model_reaches_the_test_split_bars() {
    // The bars of the dataset issue, on the held-out test split.
    let dir = TestDir::new();
    let v: serde_json::Value = serde_json::from_str(
        &dir.run(&["eval", &dataset("stance-test.csv"), "--json"])
            .ok(),
    )
    .unwrap();
    assert!(v["macro_f1"].as_f64().unwrap() >= 0.85, "{v}");
    for label in ["commitment", "caution", "refusal"] {
        assert!(
            v["per_class"][label]["f1"].as_f64().unwrap() >= 0.75,
            "{label}: {v}"
        );
    }
    // What the cue buys: rows with a cue do better with it than without it.
    let ignored: serde_json::Value = serde_json::from_str(
        &dir.run(&[
            "eval",
            &dataset("stance-test.csv"),
            "--json",
            "--ignore-cue",
        ])
        .ok(),
    )
    .unwrap();
    let gain = v["with_cue"]["macro_f1"].as_f64().unwrap()
        - ignored["with_cue"]["macro_f1"].as_f64().unwrap();
    assert!(gain >= 0.05, "cue gain {gain}");
    assert!(
        v["without_cue"]["macro_f1"].as_f64().unwrap()
            >= ignored["without_cue"]["macro_f1"].as_f64().unwrap()
    );
}

#[test]
fn a_model_trained_without_cues_still_classifies_quotes_with_cues() {
    let dir = TestDir::new();
    let model = dir.path("m.json");
    dir.run(&[
        "train",
        &dataset("stance-dev.csv"),
        "--no-cues",
        "-o",
        s(&model),
    ])
    .ok();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    assert_eq!(v["training"]["used_cues"], false);
    assert!(
        v["vocabulary"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| !e["name"].as_str().unwrap().starts_with("cue"))
    );
    dir.run(&[
        "classify",
        "--model",
        s(&model),
        "--cue",
        "denied",
        "that talks took place",
    ])
    .ok();
}
