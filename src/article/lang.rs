//! A cautious guess of the language from the script, for plain text with no metadata.

/// Guess a BCP 47 tag from the dominant script of `text`, or `None` for Latin script
/// (where the script says nothing about the language) and mixed text.
pub fn guess_from_script(text: &str) -> Option<&'static str> {
    let mut counts = [0usize; 9];
    let mut letters = 0usize;
    for c in text.chars().filter(|c| c.is_alphabetic()).take(20_000) {
        letters += 1;
        let slot = match c as u32 {
            0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => 0, // Hangul
            0x3040..=0x30FF => 1,                                     // Kana
            0x4E00..=0x9FFF => 2,                                     // Han
            0x0400..=0x04FF => 3,                                     // Cyrillic
            0x0370..=0x03FF => 4,                                     // Greek
            0x0600..=0x06FF => 5,                                     // Arabic
            0x0590..=0x05FF => 6,                                     // Hebrew
            0x0900..=0x097F => 7,                                     // Devanagari
            0x0E00..=0x0E7F => 8,                                     // Thai
            _ => continue,
        };
        counts[slot] += 1;
    }
    if letters == 0 {
        return None;
    }
    // Japanese mixes Kana with Han; any real share of Kana means Japanese.
    if counts[1] * 10 > letters {
        return Some("ja");
    }
    let (best, n) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    if *n * 2 <= letters {
        return None;
    }
    Some(["ko", "ja", "zh", "ru", "el", "ar", "he", "hi", "th"][best])
}

#[cfg(test)]
mod tests {
    use super::guess_from_script;

    #[test]
    fn scripts() {
        assert_eq!(
            guess_from_script("북한 노동자들은 러시아에서 일한다"),
            Some("ko")
        );
        assert_eq!(guess_from_script("Северная Корея и Россия"), Some("ru"));
        assert_eq!(guess_from_script("日本語のテキストです"), Some("ja"));
        assert_eq!(guess_from_script("North Korean Labour"), None);
        assert_eq!(guess_from_script("12345"), None);
    }
}
