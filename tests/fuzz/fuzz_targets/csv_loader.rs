//! The quote CSV loader on arbitrary bytes: an error or rows, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotestance::data::{ReadOptions, read_quotes};

fuzz_target!(|data: &[u8]| {
    for options in [ReadOptions::labelled(), ReadOptions::unlabelled().skip_invalid(true)] {
        if let Ok(table) = read_quotes(data, "fuzz.csv", &options) {
            assert!(table.rows.iter().all(|r| !r.text.trim().is_empty()));
        }
    }
});
