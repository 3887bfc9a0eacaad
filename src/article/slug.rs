//! Slugs: short ASCII names safe as XML ids, file names and folder names.

/// Longest slug produced; long headings are cut at a word boundary.
const MAX_LEN: usize = 60;

/// Turn text into a lowercase ASCII slug (`a-partnership-born-from-war`).
///
/// Letters outside ASCII are dropped after removing accents where that is simple, so a
/// heading entirely in another script gives an empty slug: callers supply a fallback.
/// The result never contains path separators or dots, and always starts with a letter
/// when it is not empty, so it is safe as a file name and as an XML id.
pub fn slugify(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut dash = false;
    for c in text.nfkd() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() || c.is_ascii_punctuation() || c == '\u{2019}' {
            // Apostrophes join words ("russia's" -> "russias"); other marks separate them.
            if c != '\'' && c != '\u{2019}' {
                dash = true;
            }
        }
        if out.len() >= MAX_LEN {
            break;
        }
    }
    let trimmed = out.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
    let mut slug = trimmed.to_string();
    if slug.len() > MAX_LEN {
        slug.truncate(MAX_LEN);
    }
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn plain_heading() {
        assert_eq!(
            slugify("A Partnership Born from War"),
            "a-partnership-born-from-war"
        );
    }

    #[test]
    fn punctuation_and_apostrophes() {
        assert_eq!(slugify("Next Stop: Donbas?"), "next-stop-donbas");
        assert_eq!(
            slugify("Pyongyang\u{2019}s Iron Fist"),
            "pyongyangs-iron-fist"
        );
        assert_eq!(slugify("Café déjà vu"), "cafe-deja-vu");
    }

    #[test]
    fn hostile_names_are_harmless() {
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("/"), "");
        assert_eq!(slugify("한국어 제목"), "");
        assert_eq!(slugify("2024 in review"), "in-review");
    }

    #[test]
    fn long_text_is_cut() {
        let long = "word ".repeat(100);
        let s = slugify(&long);
        assert!(s.len() <= 60, "{s}");
        assert!(!s.ends_with('-'));
    }
}
