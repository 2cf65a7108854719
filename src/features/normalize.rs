//! Word normalisation before stemming: lower-casing, one apostrophe, contractions expanded.

/// Writes `token` into `buf` lower-cased, with curly apostrophes made straight.
pub fn lowercase_into(token: &str, buf: &mut String) {
    buf.clear();
    if token.is_ascii() {
        buf.push_str(token);
        buf.make_ascii_lowercase();
    } else {
        for c in token.chars() {
            if c == '\u{2019}' {
                buf.push('\'');
            } else {
                buf.extend(c.to_lowercase());
            }
        }
    }
}

/// Appends the normalised words of one word token to `out`, calling `emit` for each.
///
/// The token is lower-cased and curly apostrophes become straight ones. Contractions that carry
/// meaning are expanded: `won't` → `will not`, `can't`/`cannot` → `can not`, `-n't` → `not`,
/// `'ll` → `will`, `'re` → `are`, `'ve` → `have`, `'d` → `would`, `'m` → `am`; the possessive or
/// clitic `'s` is dropped. `buf` is scratch space reused between calls.
pub fn expand_word(token: &str, buf: &mut String, mut emit: impl FnMut(&str)) {
    lowercase_into(token, buf);
    let word = buf.as_str();
    // Most words have no apostrophe: one memchr settles them.
    let Some(apos) = word.find('\'') else {
        if word == "cannot" {
            emit_all(&["can", "not"], emit);
        } else {
            emit(word);
        }
        return;
    };
    match word {
        "won't" => return emit_all(&["will", "not"], emit),
        "can't" => return emit_all(&["can", "not"], emit),
        "shan't" => return emit_all(&["shall", "not"], emit),
        "ain't" => return emit_all(&["is", "not"], emit),
        _ => {}
    }
    let (stem, clitic) = word.split_at(apos);
    if let Some(base) = word.strip_suffix("n't") {
        if !base.is_empty() {
            emit(base);
            emit("not");
            return;
        }
    }
    let expansion = match clitic {
        "'ll" => Some("will"),
        "'re" => Some("are"),
        "'ve" => Some("have"),
        "'d" => Some("would"),
        "'m" => Some("am"),
        "'s" => None,
        // Names such as o'brien keep their apostrophe.
        _ => {
            emit(word);
            return;
        }
    };
    if !stem.is_empty() {
        emit(stem);
    }
    if let Some(e) = expansion {
        emit(e);
    }
}

fn emit_all(words: &[&str], mut emit: impl FnMut(&str)) {
    for w in words {
        emit(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(token: &str) -> Vec<String> {
        let mut out = Vec::new();
        expand_word(token, &mut String::new(), |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn contractions_expand_alike_for_both_apostrophes() {
        assert_eq!(expand("Won’t"), ["will", "not"]);
        assert_eq!(expand("won't"), ["will", "not"]);
        assert_eq!(expand("DOESN'T"), ["does", "not"]);
        assert_eq!(expand("we’ll"), ["we", "will"]);
        assert_eq!(expand("Macron’s"), ["macron"]);
        assert_eq!(expand("O'Brien"), ["o'brien"]);
        assert_eq!(expand("cannot"), ["can", "not"]);
        assert_eq!(expand("Ärger"), ["ärger"]);
    }
}
