//! End-to-end tests: the `quotestance` binary on real files, and the team's datasets.

mod util;

// `train`, `classify` and `eval` on the team's data, and the shipped model.
mod stance_cli;
// Every bad input the stance commands can meet: exit code and message, never a panic.
mod bad_input;
// The labelled dataset's rules: format, balance, domains, forms, near-duplicates, split.
mod dataset;
// `extract` and `eval-quotes` on the team's articles.
mod extract_cli;
// Property tests of extraction on arbitrary text and bytes.
mod properties;
// The bad-input matrix: CSV, articles, JSONL, model files, output.
mod robustness;
