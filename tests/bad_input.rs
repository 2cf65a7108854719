//! Bad input to `train`, `classify` and `eval`: a clear message naming file, line and field,
//! exit code 1, and never a panic.

use crate::util::{TestDir, s};

const GOOD_ROWS: &str = "We will build it.,commitment\nIt may fail.,caution\nWe refuse.,refusal\n";

#[test]
fn missing_column_names_it_and_the_header_found() {
    let dir = TestDir::new();
    let f = dir.write("d.csv", "quote,label\nWe will.,commitment\n");
    dir.run(&["train", s(&f)])
        .fails_with(&["d.csv", "missing column `text`", "quote,label"]);
    let f = dir.write("e.csv", "text,stance\nWe will.,commitment\n");
    dir.run(&["eval", s(&f)])
        .fails_with(&["e.csv", "missing column `label`", "text,stance"]);
}

#[test]
fn empty_text_and_unknown_label_name_the_line() {
    let dir = TestDir::new();
    let f = dir.write("d.csv", format!("text,label\n{GOOD_ROWS}\"  \",caution\n"));
    dir.run(&["train", s(&f)])
        .fails_with(&["d.csv:5", "`text` is empty"]);
    let f = dir.write(
        "l.csv",
        format!("text,label\n{GOOD_ROWS}Perhaps.,neutral\n"),
    );
    dir.run(&["eval", s(&f)])
        .fails_with(&["l.csv:5", "neutral", "commitment, caution, refusal"]);
}

#[test]
fn skip_invalid_skips_and_reports_the_count() {
    let dir = TestDir::new();
    let f = dir.write(
        "d.csv",
        format!("text,label\n{GOOD_ROWS}Perhaps.,neutral\n,caution\n"),
    );
    let run = dir.run(&["eval", s(&f), "--skip-invalid"]);
    run.ok();
    assert!(
        run.stderr().contains("skipped 2 invalid rows"),
        "{}",
        run.stderr()
    );
}

#[test]
fn invalid_utf8_names_the_line() {
    let dir = TestDir::new();
    let mut bytes = format!("text,label\n{GOOD_ROWS}").into_bytes();
    bytes.extend_from_slice(b"caf\xe9 closed,caution\n");
    let f = dir.write("d.csv", bytes);
    dir.run(&["train", s(&f)])
        .fails_with(&["d.csv:5", "not valid UTF-8"]);
}

#[test]
fn empty_data_and_single_class_are_clear_errors() {
    let dir = TestDir::new();
    let f = dir.write("empty.csv", "");
    dir.run(&["train", s(&f)])
        .fails_with(&["empty.csv", "no data rows"]);
    let f = dir.write("header.csv", "text,label\n");
    dir.run(&["eval", s(&f)])
        .fails_with(&["header.csv", "only a header"]);
    let f = dir.write(
        "one.csv",
        "text,label\nWe will.,caution\nIt may.,caution\nMaybe.,caution\n",
    );
    dir.run(&["train", s(&f), "--folds", "2"])
        .fails_with(&["only one label (caution)"]);
}

#[test]
fn an_empty_quote_argument_is_an_error() {
    TestDir::new()
        .run(&["classify", "We will.", " "])
        .fails_with(&["TEXT argument 2 is empty"]);
}

#[test]
fn bad_parameters_are_explained() {
    let dir = TestDir::new();
    let f = dir.write("d.csv", format!("text,label\n{GOOD_ROWS}"));
    dir.run(&["train", s(&f), "--c", "lots"])
        .fails_with(&["--c must be a positive number or `auto`"]);
    dir.run(&["train", s(&f), "--c=-1"])
        .fails_with(&["C must be a positive number"]);
    dir.run(&["train", s(&f), "--folds", "9"])
        .fails_with(&["9 folds need at least 9 rows"]);
}

#[test]
fn missing_and_damaged_models_are_clear_errors() {
    let dir = TestDir::new();
    dir.run(&["classify", "--model", "nope.json", "x"])
        .fails_with(&["nope.json", "cannot read model file"]);
    let f = dir.write(
        "bad.json",
        "{\"format\": \"quotestance-model\", \"format_version\": 1, \"labels\": [",
    );
    dir.run(&["classify", "--model", s(&f), "x"]).fails_with(&[
        "bad.json",
        "truncated",
        "quotestance train",
    ]);
    let f = dir.write(
        "old.json",
        "{\"format\": \"quotestance-model\", \"format_version\": 0}",
    );
    dir.run(&["eval", "x.csv", "--model", s(&f)])
        .fails_with(&["old.json", "format version 0"]);
}

#[test]
fn output_to_a_missing_folder_fails_and_keeps_the_old_model() {
    let dir = TestDir::new();
    let f = dir.write("d.csv", format!("text,label\n{GOOD_ROWS}{GOOD_ROWS}"));
    let out = dir.path("missing/m.json");
    dir.run(&["train", s(&f), "--folds", "2", "-o", s(&out)])
        .fails_with(&["cannot write model file", "missing"]);
}
