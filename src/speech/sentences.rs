//! Sentence splitting, by hand: a stop ends a sentence unless what comes before or
//! after says otherwise (abbreviations, initials, decimals, web addresses, a
//! lower-case continuation). `unicode-segmentation`'s sentence bounds were not used:
//! they split after every "Mr." and "U.S.", which is the hard part here.

use std::ops::Range;

/// Abbreviations (without the dot) that are never the end of a sentence: a name or a
/// number always follows.
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt",
    "Rev", "Hon", "Pres", "Supt", "Mt", "Ft", "vs", "cf", "approx", "ca", "fig", "Fig", "al",
];

/// Abbreviations that are not the end of a sentence when a number follows ("No. 5").
const BEFORE_NUMBERS: &[&str] = &[
    "No", "no", "Nos", "p", "pp", "vol", "Vol", "ch", "Ch", "art", "Art", "Jan", "Feb", "Mar",
    "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// Words that start a new sentence after an abbreviation that may also end one
/// ("... in the U.S. The next day").
const STARTERS: &[&str] = &[
    "The", "A", "An", "It", "Its", "This", "That", "These", "Those", "He", "She", "They", "We",
    "I", "You", "In", "On", "At", "But", "And", "Yet", "So", "There", "Then", "When", "While",
    "After", "Before", "His", "Her", "Their", "Our", "My", "If", "As", "For",
];

/// Closing quotes and brackets that belong to the sentence before them.
fn closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | ')' | ']' | '}' | '»' | '›' | '」' | '』' | '）'
    )
}

/// Stops of scripts that write no space after them: each one ends a sentence.
fn cjk_stop(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// Byte ranges of the sentences in `text`, in order, each trimmed of surrounding spaces.
/// Their concatenation (with the spaces between) covers all non-space text.
pub fn split(text: &str, _lang: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map_or(text.len(), |x| x.0);
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let cut = if cjk_stop(c) {
            let mut k = i + 1;
            while chars.get(k).is_some_and(|x| cjk_stop(x.1) || closer(x.1)) {
                k += 1;
            }
            Some(k)
        } else if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while chars
                .get(j)
                .is_some_and(|x| matches!(x.1, '.' | '!' | '?' | '…'))
            {
                j += 1;
            }
            let mut k = j;
            while chars.get(k).is_some_and(|x| closer(x.1)) {
                k += 1;
            }
            ends(text, at(i), &text[at(i)..at(j)], at(k)).then_some(k)
        } else {
            None
        };
        match cut {
            Some(k) => {
                push(text, start..at(k), &mut out);
                start = at(k);
                i = k.max(i + 1);
            }
            None => i += 1,
        }
    }
    push(text, start..text.len(), &mut out);
    out
}

/// Does the stop run `stops`, starting at byte `pos` and followed (after closing quotes)
/// by byte `after`, end a sentence?
fn ends(text: &str, pos: usize, stops: &str, after: usize) -> bool {
    let rest = &text[after..];
    // A stop inside a token (1.5, example.org, U.S.A, e.g) never ends a sentence.
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return false;
    }
    let next_word = rest.split_whitespace().next().unwrap_or("");
    let next_word = next_word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let Some(first) = next_word.chars().next() else {
        return true;
    };
    // "'Why?' he asked", "and so… on": a lower-case word continues the sentence.
    if first.is_lowercase() {
        return false;
    }
    if stops != "." {
        return true;
    }
    let word = text[..pos]
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    if TITLES.contains(&word) {
        return false;
    }
    if first.is_ascii_digit() && BEFORE_NUMBERS.contains(&word) {
        return false;
    }
    // Initials: "J. R. R. Tolkien", "Kim J. Un".
    let mut letters = word.chars();
    if letters.next().is_some_and(char::is_uppercase) && letters.next().is_none() {
        return false;
    }
    // Dotted abbreviations ("U.S.", "e.g.", "etc.", "Inc.") end a sentence only before a
    // word that usually starts one.
    let dotted = (word.contains('.') && word.split('.').all(|p| (1..=2).contains(&p.len())))
        || matches!(word, "etc" | "Inc" | "Ltd" | "Co" | "Jr" | "Sr");
    let next_clean: String = next_word
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    !dotted || STARTERS.contains(&next_clean.as_str())
}

/// Longest utterance, in bytes: a longer "sentence" (a page without a full stop, a
/// run-on legal clause) is said in pieces, so no single piece of audio (and sentence
/// cache entry) grows with it. About 90 words of English, half a minute of speech.
pub const MAX_UTTERANCE: usize = 600;

fn push(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail >= s.len() {
        return;
    }
    let (mut start, end) = (r.start + lead, r.end - trail);
    while end - start > MAX_UTTERANCE {
        let cut = piece_end(&text[start..end], MAX_UTTERANCE) + start;
        push(text, start..cut, out);
        start = cut;
        // What follows the cut starts after its spaces.
        start += text[start..end].len() - text[start..end].trim_start().len();
    }
    out.push(start..end);
}

/// Where to end the first piece of an over-long `s`, at most `max` bytes in: after the
/// last clause mark (`,` `;` `:` or a dash) in its second half, else at the last space,
/// else at the last character boundary.
fn piece_end(s: &str, max: usize) -> usize {
    let mut limit = max;
    while !s.is_char_boundary(limit) {
        limit -= 1;
    }
    let head = &s[..limit];
    let clause = head
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, ',' | ';' | ':' | '\u{2014}' | '\u{2013}')
                && i >= limit / 2
                && head[i + c.len_utf8()..].starts_with(char::is_whitespace)
        })
        .map(|(i, c)| i + c.len_utf8());
    clause
        .or_else(|| head.rfind(char::is_whitespace).filter(|&i| i > 0))
        .unwrap_or(limit)
}

#[cfg(test)]
mod tests {
    use super::{MAX_UTTERANCE, split};

    /// Issue 15: 100,000 characters without punctuation were one 92-minute utterance
    /// (972 MB). Over-long runs are cut at a clause mark, else between words.
    #[test]
    fn over_long_sentences_are_said_in_pieces_at_clauses_or_words() {
        let words = "ferry council river ".repeat(5000);
        let pieces = sentences(&words);
        assert!(
            pieces.len() >= words.len() / MAX_UTTERANCE,
            "{}",
            pieces.len()
        );
        assert!(pieces.iter().all(|p| p.len() <= MAX_UTTERANCE));
        assert!(
            pieces
                .iter()
                .all(|p| !p.starts_with(' ') && !p.ends_with(' '))
        );
        assert_eq!(
            pieces.join(" "),
            words.trim_end(),
            "nothing lost, words whole"
        );
        let clauses = format!(
            "{}, and so on {}",
            "a b ".repeat(100).trim_end(),
            "c d ".repeat(100)
        );
        let pieces = sentences(&clauses);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert!(pieces[0].ends_with("a b,"), "{pieces:?}");
        // Ordinary sentences are untouched.
        assert_eq!(sentences("One. Two."), ["One.", "Two."]);
        // No spaces at all: cut at a character boundary.
        let long = "\u{d55c}".repeat(1000);
        assert!(sentences(&long).iter().all(|p| p.len() <= MAX_UTTERANCE));
        assert_eq!(sentences(&long).concat(), long);
    }

    fn sentences(text: &str) -> Vec<&str> {
        split(text, "en").into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn plain_stops() {
        assert_eq!(
            sentences("One. Two! Three? Four"),
            ["One.", "Two!", "Three?", "Four"]
        );
        assert_eq!(sentences("  Padded.   Text.  "), ["Padded.", "Text."]);
        assert_eq!(sentences("What?! Really."), ["What?!", "Really."]);
        assert!(sentences("   ").is_empty());
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sentences("Mr. Kim met Dr. Lee and Prof. Lankov."),
            ["Mr. Kim met Dr. Lee and Prof. Lankov."]
        );
        assert_eq!(
            sentences("Mrs. Park lives on St. Mark's Place."),
            ["Mrs. Park lives on St. Mark's Place."]
        );
        assert_eq!(sentences("Gen. Kim spoke."), ["Gen. Kim spoke."]);
        assert_eq!(
            sentences("The U.S. Army and the U.K. Government met."),
            ["The U.S. Army and the U.K. Government met."]
        );
        assert_eq!(
            sentences("Fruit, e.g. Apples, i.e. Red ones."),
            ["Fruit, e.g. Apples, i.e. Red ones."]
        );
        assert_eq!(
            sentences("Pears, apples, etc. were sold."),
            ["Pears, apples, etc. were sold."]
        );
        assert_eq!(
            sentences("See No. 5 on Jan. 12 please."),
            ["See No. 5 on Jan. 12 please."]
        );
    }

    #[test]
    fn abbreviations_can_still_end_sentences() {
        assert_eq!(
            sentences("He moved to the U.S. The move was hard."),
            ["He moved to the U.S.", "The move was hard."]
        );
        assert_eq!(
            sentences("Apples, pears, etc. Then more."),
            ["Apples, pears, etc.", "Then more."]
        );
        assert_eq!(
            sentences("The answer was No. Then he left."),
            ["The answer was No.", "Then he left."]
        );
    }

    #[test]
    fn decimals_initials_and_addresses() {
        assert_eq!(
            sentences("It rose 1.5 percent. Then $2.5m more."),
            ["It rose 1.5 percent.", "Then $2.5m more."]
        );
        assert_eq!(
            sentences("J. R. R. Tolkien wrote it. He died."),
            ["J. R. R. Tolkien wrote it.", "He died."]
        );
        assert_eq!(
            sentences("Visit www.example.org. Write to a.b@c.com today."),
            ["Visit www.example.org.", "Write to a.b@c.com today."]
        );
        assert_eq!(
            sentences("See https://example.org/a.b?c=d. Next."),
            ["See https://example.org/a.b?c=d.", "Next."]
        );
    }

    #[test]
    fn quotes_brackets_and_ellipses() {
        assert_eq!(
            sentences("He called it a \"perfect answer.\" These men work."),
            ["He called it a \"perfect answer.\"", "These men work."]
        );
        assert_eq!(
            sentences("It ended (finally.) Then rain."),
            ["It ended (finally.)", "Then rain."]
        );
        assert_eq!(sentences("“Why?” he asked."), ["“Why?” he asked."]);
        assert_eq!(sentences("‘Go!’ She ran."), ["‘Go!’", "She ran."]);
        assert_eq!(
            sentences("I wondered… Then I knew."),
            ["I wondered…", "Then I knew."]
        );
        assert_eq!(
            sentences("And so... on it went."),
            ["And so... on it went."]
        );
        assert_eq!(sentences("Wait... What?"), ["Wait...", "What?"]);
    }

    #[test]
    fn cjk_full_stops() {
        assert_eq!(
            sentences("你好。我很好！真的吗？是。"),
            ["你好。", "我很好！", "真的吗？", "是。"]
        );
        assert_eq!(
            sentences("彼は「はい。」明日。"),
            ["彼は「はい。」", "明日。"]
        );
    }

    #[test]
    fn ranges_are_byte_ranges_in_order() {
        let text = "Über. Straße. Ende";
        let r = split(text, "de");
        assert_eq!(r, [0..6, 7..15, 16..20]);
    }

    #[test]
    fn sample_sentence_with_dash_stays_whole() {
        let s = "The dramatic fall in successful escapes—from about twenty in 2022 to merely ten in the last year—shows how much the surveillance has intensified.";
        assert_eq!(sentences(s), [s]);
    }
}
