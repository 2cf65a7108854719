//! Helpers to run the built binary in a fresh temporary folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root (where `datasets/` and `models/` are).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary folder and a way to run the binary inside it.
pub struct TestDir {
    pub dir: tempfile::TempDir,
}

impl TestDir {
    pub fn new() -> Self {
        TestDir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("write fixture");
        p
    }

    /// Runs `quotestance ARGS` with `stdin` as standard input.
    pub fn run_with_stdin(&self, args: &[&str], stdin: &[u8]) -> Run {
        let mut child = Command::new(env!("CARGO_BIN_EXE_quotestance"))
            .args(args)
            .current_dir(self.dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn quotestance");
        let mut input = child.stdin.take().expect("stdin");
        // The child may exit before reading everything; that is not the test's concern.
        let _ = input.write_all(stdin);
        drop(input);
        Run(child.wait_with_output().expect("wait"))
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, b"")
    }
}

/// The output of one run, with assertions that show stdout and stderr on failure.
pub struct Run(pub Output);

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    fn show(&self) -> String {
        format!(
            "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.0.status.code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Asserts success and returns stdout.
    pub fn ok(&self) -> String {
        assert!(self.0.status.success(), "expected success\n{}", self.show());
        assert!(!self.stderr().contains("panicked"), "{}", self.show());
        self.stdout()
    }

    /// Asserts a failure (exit code 1, no panic) whose stderr contains every `needle`.
    pub fn fails_with(&self, needles: &[&str]) {
        assert_eq!(
            self.0.status.code(),
            Some(1),
            "expected exit code 1\n{}",
            self.show()
        );
        let err = self.stderr();
        assert!(!err.contains("panicked"), "{}", self.show());
        for n in needles {
            assert!(err.contains(n), "stderr lacks {n:?}\n{}", self.show());
        }
    }
}

/// Path as &str for argument lists.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// The JSON objects of JSONL output, one a line.
pub fn records(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}
