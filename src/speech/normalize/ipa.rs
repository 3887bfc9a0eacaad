//! IPA, as books' pronunciation lexicons (PLS) and `ssml:ph` attributes write it, in
//! eSpeak NG's English phoneme mnemonics, so the voice says a word as the book asks.
//!
//! Covers the English phonemes in both British and American transcriptions
//! (`ˈæbrəˌgeɪt`, `ˈθɜrti`, `ˌeɪlyəˈneɪʃəns` with `y` for /j/ as American dictionaries
//! write it); stress marks carry over, length marks join their vowel, syllable dots and
//! diacritics are dropped. A symbol outside English gives `None`: the word is then
//! read as written rather than said wrong.

/// IPA sequences and their eSpeak NG mnemonics, longest first where one starts another.
#[rustfmt::skip] // one pair per entry would hide the table
const TABLE: &[(&str, &str)] = &[
    // R-coloured vowels (American transcriptions write the r).
    ("ɜːr", "3:"), ("ɜr", "3:"), ("ɝ", "3:"), ("ər", "3"), ("ɚ", "3"),
    ("ɑːr", "A@"), ("ɑr", "A@"), ("ɔːr", "O@"), ("ɔr", "O@"), ("ɛər", "e@"), ("ɛr", "e@"),
    ("ɪər", "i@"), ("ɪr", "i@"), ("ʊər", "U@"), ("ʊr", "U@"),
    // Diphthongs and affricates.
    ("eɪ", "eI"), ("aɪ", "aI"), ("ɔɪ", "OI"), ("aʊ", "aU"), ("oʊ", "oU"), ("əʊ", "oU"),
    ("ɪə", "i@"), ("ɛə", "e@"), ("eə", "e@"), ("ʊə", "U@"), ("tʃ", "tS"), ("dʒ", "dZ"),
    // Long vowels.
    ("iː", "i:"), ("uː", "u:"), ("ɑː", "A:"), ("ɔː", "O:"), ("ɜː", "3:"),
    // Short vowels ("i" is the happy vowel at a syllable's end, see below).
    ("æ", "a"), ("ɑ", "A:"), ("ɒ", "0"), ("ɔ", "O:"), ("ʌ", "V"), ("ɛ", "E"), ("e", "E"),
    ("ɪ", "I"), ("i", "i:"), ("ʊ", "U"), ("u", "u:"), ("ə", "@"), ("ɜ", "3:"), ("a", "a"), ("o", "oU"),
    ("ɐ", "V"), ("ᵻ", "I"),
    // Consonants.
    ("p", "p"), ("b", "b"), ("t", "t"), ("d", "d"), ("k", "k"), ("g", "g"), ("ɡ", "g"),
    ("f", "f"), ("v", "v"), ("θ", "T"), ("ð", "D"), ("s", "s"), ("z", "z"), ("ʃ", "S"),
    ("ʒ", "Z"), ("h", "h"), ("m", "m"), ("n", "n"), ("ŋ", "N"), ("l", "l"), ("ɫ", "l"),
    ("r", "r"), ("ɹ", "r"), ("j", "j"), ("y", "j"), ("w", "w"), ("ʍ", "w"), ("ɾ", "t"),
    ("x", "x"), ("ʔ", ""), ("m̩", "m"), ("n̩", "n"), ("l̩", "l"),
    // Stress, length, boundaries.
    ("ˈ", "'"), ("ˌ", ","), ("'", "'"), (",", ","), ("ː", ""), (".", ""), ("‿", ""),
];

/// The vowel symbols, for telling an r-coloured vowel from an r before a vowel.
const VOWELS: &[char] = &[
    'a', 'e', 'i', 'o', 'u', 'æ', 'ɑ', 'ɒ', 'ɔ', 'ʌ', 'ɛ', 'ɪ', 'ʊ', 'ə', 'ɜ', 'ɐ', 'ᵻ',
];

/// `ipa` in eSpeak NG mnemonics (without the `[[...]]`), or `None` when it holds a
/// symbol English does not use.
pub fn to_espeak(ipa: &str) -> Option<String> {
    let mut out = String::new();
    for word in ipa.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        // Combining marks (syllabic, aspiration, tie bars) carry nothing eSpeak needs.
        let word: String = word
            .chars()
            .filter(|c| !matches!(*c as u32, 0x300..=0x36f | 0x2b0..=0x2b8))
            .collect();
        let mut rest = word.as_str();
        let mut sounds = false;
        while !rest.is_empty() {
            let (from, to) = TABLE.iter().find(|(from, _)| {
                // "ɛr" is r-coloured only where no vowel follows: in "əˈmɛrɪkəs" the
                // r starts the next syllable.
                rest.starts_with(from)
                    && !(from.len() > 1
                        && from.ends_with('r')
                        && rest[from.len()..].starts_with(VOWELS))
            })?;
            // An "i" that ends a syllable before a stress mark or the word's end is
            // the short happy vowel ("ˈθɜrtiˈwʌn"); elsewhere it is fleece.
            let next = &rest[from.len()..];
            let to = match *from {
                "i" if next.is_empty() || next.starts_with(['ˈ', 'ˌ']) => "i",
                _ => to,
            };
            out.push_str(to);
            sounds |= !matches!(to, "" | "'" | ",");
            rest = &rest[from.len()..];
        }
        if !sounds {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// eSpeak NG's English mnemonics and the IPA its own phonemizer writes for them (as
/// Piper voices were trained on), longest first.
#[rustfmt::skip] // one pair per entry would hide the table
const BACK: &[(&str, &str)] = &[
    ("A@", "ɑːɹ"), ("O@", "ɔːɹ"), ("e@", "ɛɹ"), ("i@", "ɪɹ"), ("U@", "ʊɹ"), ("3:", "ɜː"),
    ("eI", "eɪ"), ("aI", "aɪ"), ("OI", "ɔɪ"), ("aU", "aʊ"), ("oU", "oʊ"), ("tS", "tʃ"),
    ("dZ", "dʒ"), ("i:", "iː"), ("u:", "uː"), ("A:", "ɑː"), ("O:", "ɔː"), ("3", "ɚ"),
    ("a", "æ"), ("0", "ɑː"), ("V", "ʌ"), ("E", "ɛ"), ("e", "e"), ("I", "ɪ"), ("i", "i"),
    ("U", "ʊ"), ("@", "ə"), ("T", "θ"), ("D", "ð"), ("S", "ʃ"), ("Z", "ʒ"), ("N", "ŋ"),
    ("r", "ɹ"), ("g", "ɡ"), ("'", "ˈ"), (",", "ˌ"), (":", "ː"), ("#", ""), ("-", ""),
];

/// eSpeak NG English mnemonics (a lexicon's `[[...]]`) in IPA, for voices that take
/// IPA rather than eSpeak's input (Piper). Symbols not in the table pass through: the
/// plain consonants are the same in both.
pub fn from_espeak(mnemonics: &str) -> String {
    let mut out = String::new();
    let mut rest = mnemonics.trim();
    while let Some(c) = rest.chars().next() {
        match BACK.iter().find(|(from, _)| rest.starts_with(from)) {
            Some((from, to)) => {
                out.push_str(to);
                rest = &rest[from.len()..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_transcriptions_become_espeak_mnemonics() {
        assert_eq!(to_espeak("ˌæbəˈlɪʃən").unwrap(), ",ab@'lIS@n");
        assert_eq!(to_espeak("ˈægnɪs").unwrap(), "'agnIs");
        assert_eq!(to_espeak("ˌeɪlyəˈneɪʃəns").unwrap(), ",eIlj@'neIS@ns");
        assert_eq!(to_espeak("ˈθɜrti dɪˈgriz").unwrap(), "'T3:ti dI'gri:z");
        assert_eq!(to_espeak("ˈɔltəməˌhɔ").unwrap(), "'O:lt@m@,hO:");
        assert_eq!(to_espeak("tʃɜːtʃ").unwrap(), "tS3:tS");
        assert_eq!(to_espeak("nɔrθ").unwrap(), "nO@T");
        assert_eq!(to_espeak("əˈmɛrɪkəs").unwrap(), "@'mErIk@s");
    }

    #[test]
    fn symbols_outside_english_are_refused() {
        assert_eq!(to_espeak("ʁu"), None, "French r");
        assert_eq!(to_espeak("ɕi"), None);
        assert_eq!(to_espeak(""), None);
        assert_eq!(to_espeak("ˈ"), None, "only a stress mark");
    }

    #[test]
    fn espeak_mnemonics_back_to_ipa() {
        assert_eq!(from_espeak(",al@'bam@"), "ˌæləˈbæmə");
        // IPA's own g (U+0261), as eSpeak NG writes it and Piper voices know it.
        assert_eq!(from_espeak("'T3:ti dI'gri:z"), "ˈθɜːti dɪˈ\u{261}ɹiːz");
        assert_eq!(from_espeak("tS3:tS"), "tʃɜːtʃ");
    }

    /// What comes out is accepted by eSpeak NG as phonemes: no brackets, no words.
    #[test]
    fn output_never_leaves_phoneme_mode() {
        for ipa in ["ˌæpəˌlætʃəˈkoʊlə", "əˈmɛrɪkəs", "ˈwɪtʃ ˈhʌzəl"] {
            let e = to_espeak(ipa).unwrap();
            assert!(!e.contains(['[', ']']), "{e}");
        }
    }
}
