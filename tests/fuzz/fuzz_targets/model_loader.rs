//! The model loader on arbitrary bytes, and on the default model with bytes changed: an error
//! or a model that classifies, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotestance::QuoteInput;
use quotestance::model::file::from_json;

const DEFAULT: &[u8] = include_bytes!("../../../models/default.json");

fuzz_target!(|data: &[u8]| {
    let check = |bytes: &[u8]| {
        if let Ok(model) = from_json(bytes, "fuzz.json") {
            let p = model.predict(QuoteInput::with_cue("We will not sign.", "said"));
            assert!(p.probabilities.iter().all(|(_, v)| v.is_finite()));
        }
    };
    check(data);
    // Flip the bytes of the real model named by the input: damage a well-formed file.
    if data.len() >= 4 {
        let mut damaged = DEFAULT.to_vec();
        for pair in data.chunks_exact(4) {
            let at = u32::from_le_bytes([pair[0], pair[1], pair[2], 0]) as usize % damaged.len();
            damaged[at] = pair[3];
        }
        check(&damaged);
    }
});
