//! The bad-input matrix: what scrapers and half-written files produce, fed to the CLI. Every
//! case checks the exit code, that any message names the file (and line or field) and says
//! what to do, and that nothing panicked.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::util::{TestDir, records, repo, s};

const ROWS: &str = "We will build it.,commitment\nIt may fail.,caution\nWe refuse.,refusal\n";

// ---- CSV ----

#[test]
fn csv_variants_that_are_fine() {
    let dir = TestDir::new();
    let cases: [(&str, String); 6] = [
        ("bom", format!("\u{feff}text,label\n{ROWS}")),
        (
            "crlf",
            format!("text,label\r\n{}", ROWS.replace('\n', "\r\n")),
        ),
        (
            "embedded",
            format!("text,label\n\"We said \"\"no\"\",\nand meant it.\",refusal\n{ROWS}"),
        ),
        (
            "reordered_extra",
            format!(
                "note,label,text\n{}",
                ROWS.lines()
                    .map(|l| {
                        let (t, l) = l.split_once(',').unwrap();
                        format!("x,{l},{t}\n")
                    })
                    .collect::<String>()
            ),
        ),
        (
            "no_trailing_newline",
            format!("text,label\n{}", ROWS.trim_end()),
        ),
        (
            "label_case",
            "text,label\nWe will build it.,COMMITMENT\nIt may fail.,Caution\nWe refuse.,rEfUsAl\n"
                .to_string(),
        ),
    ];
    for (name, csv) in cases {
        let f = dir.write(&format!("{name}.csv"), csv);
        let out = dir.run(&["eval", s(&f), "--json"]).ok();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v["n"].as_u64().unwrap() >= 3, "{name}: {out}");
    }
}

#[test]
fn csv_variants_that_are_errors() {
    let dir = TestDir::new();
    let cases: [(&str, Vec<u8>, &[&str]); 7] = [
        (
            "dup",
            format!("text,label,text\n{ROWS}").into_bytes(),
            &["dup.csv", "`text` appears twice"],
        ),
        (
            "noheader",
            ROWS.as_bytes().to_vec(),
            &[
                "noheader.csv",
                "missing column `text`",
                "first line must name the columns",
            ],
        ),
        (
            "short",
            format!("text,label\n{ROWS}lonely\n").into_bytes(),
            &["short.csv:5", "1 fields", "header has 2"],
        ),
        (
            "badutf8",
            [
                format!("text,label\n{ROWS}").as_bytes(),
                b"caf\xc3(,caution\n",
            ]
            .concat(),
            &["badutf8.csv:5", "UTF-8"],
        ),
        ("empty", Vec::new(), &["empty.csv", "no data rows"]),
        (
            "headeronly",
            b"text,label\r\n".to_vec(),
            &["headeronly.csv", "only a header"],
        ),
        (
            "unknown",
            format!("text,label\n{ROWS}Meh.,neutral\n").into_bytes(),
            &["unknown.csv:5", "neutral", "expected one of"],
        ),
    ];
    for (name, bytes, needles) in cases {
        let f = dir.write(&format!("{name}.csv"), bytes);
        dir.run(&["eval", s(&f)]).fails_with(needles);
    }
    // CRLF files report the line a person sees in an editor.
    let f = dir.write(
        "crlf.csv",
        format!(
            "text,label\r\n{}\r\n,caution\r\n",
            ROWS.trim_end().replace('\n', "\r\n")
        ),
    );
    dir.run(&["eval", s(&f)])
        .fails_with(&["crlf.csv:5", "`text` is empty"]);
}

#[test]
fn a_ten_megabyte_field_is_read() {
    let dir = TestDir::new();
    let big = "The plan may fail if costs rise. ".repeat(10 * 1024 * 1024 / 33);
    let f = dir.write("big.csv", format!("id,text\nbig,\"{big}\"\n"));
    let out = dir.run(&["classify", "--input", s(&f)]).ok();
    assert_eq!(records(&out)[0]["id"], "big");
}

// ---- Articles ----

#[test]
fn empty_blank_and_binary_articles() {
    let dir = TestDir::new();
    for (name, bytes) in [
        ("empty.txt", b"".to_vec()),
        ("blank.txt", b" \n\t\r\n  \n".to_vec()),
    ] {
        let f = dir.write(name, bytes);
        assert_eq!(dir.run(&["extract", s(&f)]).ok(), "", "{name}");
    }
    let binary: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let f = dir.write("binary.bin", &binary);
    dir.run(&["extract", s(&f)])
        .fails_with(&["binary.bin", "not valid UTF-8", "--lossy"]);
    let run = dir.run(&["extract", "--lossy", s(&f)]);
    run.ok();
    assert!(run.stderr().contains("binary.bin"));
    // NUL bytes in valid UTF-8 are text like any other.
    let f = dir.write("nul.txt", "“We will\0 go,” she said.\0");
    assert_eq!(records(&dir.run(&["extract", s(&f)]).ok()).len(), 1);
}

#[test]
fn a_hundred_megabyte_single_line_article() {
    let dir = TestDir::new();
    let line = "Officials said the bridge would reopen in May. “It is safe,” Ms Ortega said. "
        .repeat(100 * 1024 * 1024 / 80);
    let f = dir.write("huge.txt", line);
    let out = dir
        .run(&["extract", "--no-stance", "--by-speaker", s(&f)])
        .ok();
    assert!(out.contains("Ortega"), "{}", &out[..out.len().min(500)]);
}

#[test]
fn an_unclosed_mark_at_the_start_of_a_ten_megabyte_article() {
    let dir = TestDir::new();
    let para = "The council met again on Tuesday to discuss the budget.\n\n";
    let mut text = String::from("“This opening quotation never closes.\n\n");
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(para);
    }
    text.push_str("“We are done,” Mr Lind said.\n");
    let f = dir.write("unclosed.txt", text);
    let recs = records(&dir.run(&["extract", "--no-stance", s(&f)]).ok());
    assert_eq!(
        recs.first().unwrap()["quote"],
        "This opening quotation never closes."
    );
    assert_eq!(recs.last().unwrap()["quote"], "We are done,");
    assert_eq!(recs.last().unwrap()["speaker"], "Lind");
}

#[test]
fn thousands_of_nested_or_alternating_marks() {
    let dir = TestDir::new();
    for (name, text) in [
        ("nested", "“‘".repeat(5000) + "word" + &"’”".repeat(5000)),
        ("alternating", "\"'".repeat(20000)),
        ("open", "“".repeat(30000) + " he said."),
    ] {
        let f = dir.write(&format!("{name}.txt"), text);
        dir.run(&["extract", "--no-stance", s(&f)]).ok();
    }
}

#[test]
fn html_line_endings_and_invisible_characters() {
    let dir = TestDir::new();
    let html = "<p>The minister said &ldquo;we will not retreat&rdquo; on Monday.</p><p>&#8220;It is over,&#8221; Mr Lind said.</p>";
    let f = dir.write("page.html", html);
    let recs = records(&dir.run(&["extract", "--no-stance", s(&f)]).ok());
    let quotes: Vec<&str> = recs.iter().map(|r| r["quote"].as_str().unwrap()).collect();
    assert_eq!(quotes, ["we will not retreat", "It is over,"]);
    assert_eq!(recs[1]["speaker"], "Lind");
    let mixed =
        "“One,” she said.\r\n“Two,” he said.\r“Three,” they said.\n\n“Four,” Ms Varga said.";
    let f = dir.write("mixed.txt", mixed);
    assert_eq!(
        records(&dir.run(&["extract", "--no-stance", s(&f)]).ok()).len(),
        4
    );
    let invisible = "“We\u{200B} will\u{00A0}go,”\u{FEFF} Ms\u{00A0}Varga said.";
    let f = dir.write("invisible.txt", invisible);
    let recs = records(&dir.run(&["extract", "--no-stance", s(&f)]).ok());
    assert_eq!(recs.len(), 1);
    let (start, end) = (
        recs[0]["start"].as_u64().unwrap() as usize,
        recs[0]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&invisible[start..end], recs[0]["quote"].as_str().unwrap());
}

// ---- JSONL ----

#[test]
fn jsonl_bad_lines_name_their_line() {
    let dir = TestDir::new();
    let cases: [(&str, &str, &[&str]); 4] = [
        (
            "malformed",
            "{\"id\": 1, \"text\": \"ok\"}\n{\"id\": 2, \"text\": \n",
            &["malformed.jsonl:2", "not a JSON object"],
        ),
        (
            "notext",
            "{\"id\": 1}\n",
            &["notext.jsonl:1", "missing field `text`"],
        ),
        (
            "number",
            "{\"id\": 1, \"text\": 42}\n",
            &["number.jsonl:1", "`text` must be a string, found a number"],
        ),
        ("array", "[1, 2]\n", &["array.jsonl:1", "expected {\"id\""]),
    ];
    for (name, content, needles) in cases {
        let f = dir.write(&format!("{name}.jsonl"), content);
        dir.run(&["extract", "--input-format", "jsonl", s(&f)])
            .fails_with(needles);
    }
    let huge = "“Fine,” she said. ".repeat(600_000);
    let f = dir.write(
        "huge.jsonl",
        format!("{}\n", serde_json::json!({"id": "h", "text": huge})),
    );
    let out = dir
        .run(&[
            "extract",
            "--input-format",
            "jsonl",
            "--no-stance",
            "--by-speaker",
            s(&f),
        ])
        .ok();
    assert!(out.contains("600000"), "{out}");
}

// ---- Model files ----

#[test]
fn damaged_model_files() {
    let dir = TestDir::new();
    let good = std::fs::read_to_string(repo().join("models/default.json")).unwrap();
    let first_weight = good.find("\"weights\"").unwrap();
    let number_at = first_weight
        + good[first_weight..]
            .find(|c: char| c == '-' || c.is_ascii_digit())
            .unwrap();
    let number_end = number_at + good[number_at..].find([',', '\n']).unwrap();
    let with_weight = |w: &str| format!("{}{w}{}", &good[..number_at], &good[number_end..]);
    let cases: Vec<(&str, String, &[&str])> = vec![
        (
            "empty",
            String::new(),
            &["empty.json", "not a valid quotestance model", "retrain"],
        ),
        (
            "truncated",
            good[..good.len() / 3].to_string(),
            &["truncated.json", "truncated"],
        ),
        (
            "flipped",
            good.replacen("\"labels\": [", "\"labels\": {", 1),
            &["flipped.json", "not a valid quotestance model"],
        ),
        (
            "version",
            good.replacen("\"format_version\": 1", "\"format_version\": 2", 1),
            &["version.json", "format version 2"],
        ),
        (
            "infinite",
            with_weight("1e999"),
            &["infinite.json", "not a valid quotestance model"],
        ),
        (
            "nan",
            with_weight("NaN"),
            &["nan.json", "not a valid quotestance model"],
        ),
        (
            "shape",
            good.replacen(
                "\"refusal\"\n  ]",
                "\"refusal\",\n    \"commitment\"\n  ]",
                1,
            ),
            &["shape.json", "not a valid quotestance model"],
        ),
        (
            "labels",
            with_weight("0.0, 1.0"),
            &["labels.json", "weights for"],
        ),
    ];
    for (name, content, needles) in cases {
        let f = dir.write(&format!("{name}.json"), content);
        dir.run(&["classify", "--model", s(&f), "We will."])
            .fails_with(needles);
    }
    dir.run(&["eval", "x.csv", "--model", "missing.json"])
        .fails_with(&["missing.json", "cannot read model file"]);
}

// ---- Output ----

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = TestDir::new();
    let line = serde_json::json!({"id": 1, "text": "“We will,” she said. “We must,” he said. ".repeat(50)}).to_string();
    let f = dir.write("many.jsonl", format!("{line}\n").repeat(2000));
    let mut child = Command::new(env!("CARGO_BIN_EXE_quotestance"))
        .args(["extract", "--input-format", "jsonl", s(&f)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // Dropping the reader closes the pipe, as `| head -1` does.
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with('{'), "{first}");
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn output_paths_that_cannot_be_written() {
    let dir = TestDir::new();
    let data = dir.write("d.csv", format!("text,label\n{ROWS}{ROWS}"));
    let file = dir.write("not-a-folder", "x");
    let inside_file = file.join("m.json");
    dir.run(&["train", s(&data), "--folds", "2", "-o", s(&inside_file)])
        .fails_with(&["cannot write model file", "not-a-folder"]);
    // A read-only folder stops only ordinary users: root writes anyway, so this check runs
    // when the tests do not run as root.
    let readonly = dir.path("readonly");
    std::fs::create_dir(&readonly).unwrap();
    let mut permissions = std::fs::metadata(&readonly).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&readonly, permissions).unwrap();
    if std::fs::write(readonly.join("probe"), "x").is_err() {
        dir.run(&[
            "train",
            s(&data),
            "--folds",
            "2",
            "-o",
            s(&readonly.join("m.json")),
        ])
        .fails_with(&["cannot write model file", "readonly"]);
    }
}

#[test]
fn an_interrupted_train_leaves_the_old_model_in_place() {
    let dir = TestDir::new();
    let model = dir.path("m.json");
    let small = dir.write("small.csv", format!("text,label\n{ROWS}{ROWS}"));
    dir.run(&["train", s(&small), "--folds", "2", "-o", s(&model)])
        .ok();
    let old = std::fs::read(&model).unwrap();
    let train = repo().join("datasets/stance-train.csv");
    for delay_ms in [50, 200, 400] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_quotestance"))
            .args(["train", s(&train), "-o", s(&model)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Either the old model or a complete new one: never a partial file.
        let now = std::fs::read(&model).unwrap();
        if now != old {
            dir.run(&["classify", "--model", s(&model), "We will."])
                .ok();
        }
    }
}
