//! Article extraction on arbitrary bytes: never panics, and every span is sound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for q in quotestance::quotes::extract(&text) {
        assert!(q.start <= q.end && q.end <= text.len());
        assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
        let joined: Vec<&str> = q.parts.iter().map(|p| &text[p.start..p.end]).collect();
        assert_eq!(q.text, joined.join(" "));
    }
});
