//! Stable ids from titles, for sessions whose source gives none.

/// Lowercase slug of `text`: letters and digits kept, everything else folded into single
/// dashes, at most 40 bytes, cut at a word boundary when longer. Non-ASCII letters are kept as they are
/// (lowercased), so a title in any script still gives a readable id.
pub fn slug(text: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if out.len() > MAX {
        let mut cut = MAX;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        // Cut at a word boundary unless that would leave almost nothing.
        if out.as_bytes()[cut] != b'-'
            && let Some(pos) = out[..cut].rfind('-')
            && pos > 0
        {
            cut = pos;
        }
        out.truncate(cut);
    }
    if out.is_empty() {
        out.push_str("session");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn folds_punctuation_and_case() {
        assert_eq!(
            slug("Keynote: Welcome & Opening Remarks"),
            "keynote-welcome-opening-remarks"
        );
        assert_eq!(
            slug("[MLIR] Enabling Composition"),
            "mlir-enabling-composition"
        );
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let s =
            slug("Building PyTorch Computer Vision Algorithms for 100 Skin Shades and More Words");
        assert_eq!(s, "building-pytorch-computer-vision");
        let exact = "a".repeat(40);
        assert_eq!(slug(&exact), exact);
        assert_eq!(slug(&"b".repeat(70)), "b".repeat(40));
    }

    #[test]
    fn empty_and_symbol_only_titles_get_a_placeholder_id() {
        assert_eq!(slug(""), "session");
        assert_eq!(slug("!!!"), "session");
    }

    #[test]
    fn non_ascii_is_kept() {
        assert_eq!(slug("Über Café 東京"), "über-café-東京");
    }
}
