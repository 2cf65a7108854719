//! Property tests: extraction never panics, on any text or bytes, and its spans are sound.

use proptest::prelude::*;
use quotestance::quotes::{Quote, extract};
use rayon::prelude::*;

/// Text made mostly of the characters extraction cares about.
fn newsish() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "([A-Za-z]{1,8}|[ \n,.;:!?—-]|[\"“”‘’']|said|told|that|He|Ms|Mr\\.|according to){0,120}",
    )
    .expect("valid regex")
}

fn check(text: &str, quotes: &[Quote]) {
    for q in quotes {
        assert!(q.start <= q.end && q.end <= text.len(), "{q:?}");
        assert!(
            text.is_char_boundary(q.start) && text.is_char_boundary(q.end),
            "{q:?}"
        );
        assert!(!q.parts.is_empty());
        for p in &q.parts {
            assert!(
                q.start <= p.start
                    && p.end <= q.end
                    && text.is_char_boundary(p.start)
                    && text.is_char_boundary(p.end)
            );
        }
        // The documented join: the parts' text, separated by single spaces.
        let joined: Vec<&str> = q.parts.iter().map(|p| &text[p.start..p.end]).collect();
        assert_eq!(q.text, joined.join(" "));
        assert!((0.0..=1.0).contains(&q.attribution_confidence));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_string(text in any::<String>()) {
        check(&text, &extract(&text));
    }

    #[test]
    fn news_like_text(text in newsish()) {
        check(&text, &extract(&text));
    }

    #[test]
    fn any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let text = String::from_utf8_lossy(&bytes);
        check(&text, &extract(&text));
    }

    #[test]
    fn parallel_equals_sequential(texts in proptest::collection::vec(newsish(), 1..12)) {
        let sequential: Vec<Vec<Quote>> = texts.iter().map(|t| extract(t)).collect();
        let parallel: Vec<Vec<Quote>> = texts.par_iter().map(|t| extract(t)).collect();
        prop_assert_eq!(sequential, parallel);
    }
}
