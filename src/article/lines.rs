//! The shape of a line of plain text: heading-like, prose, or a list item.

/// Longest line, in words, that can still be a heading or a deck.
pub const HEADING_MAX_WORDS: usize = 16;

/// Closing marks that may follow a sentence's final punctuation (`."`, `.)`).
const CLOSERS: &[char] = &[
    '"', '\'', ')', ']', '\u{201d}', '\u{2019}', '\u{bb}', '*', '_',
];

/// Does the line end like a sentence (period, exclamation mark, ellipsis, CJK full stop)?
///
/// A question mark does not count: "Next Stop: Donbas?" is a heading.
pub fn ends_sentence(line: &str) -> bool {
    let core = line.trim_end().trim_end_matches(CLOSERS);
    core.ends_with([
        '.', '!', '\u{2026}', '\u{3002}', '\u{ff01}', '\u{964}', ';', ',',
    ])
}

/// Is the line short and unpunctuated like a heading?
pub fn is_heading_like(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    words > 0
        && words <= HEADING_MAX_WORDS
        && line.chars().count() <= 120
        && !ends_sentence(line)
        && !line.ends_with(':')
        && list_item(line).is_none()
}

/// Does the line, though short, have a shape no heading has? Addresses (URLs, e-mail),
/// a lower-case start (the rest of a sentence), an opening quote or dash (a pull quote,
/// an attribution), a closing quote, or a price first.
pub fn is_not_heading(line: &str) -> bool {
    let t = line.trim();
    let lower = t.to_lowercase();
    let address = lower.contains("http://")
        || lower.contains("https://")
        || lower.contains("www.")
        || t.split_whitespace().any(|w| {
            w.split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
        });
    let first = t.chars().next();
    // "and then the lights…", not "iPhone Sales Slump": the whole first word in lower case.
    let lower_start = t.split_whitespace().next().is_some_and(|w| {
        w.chars().next().is_some_and(char::is_lowercase) && w.chars().all(|c| !c.is_uppercase())
    });
    let quoted = first.is_some_and(|c| {
        matches!(
            c,
            '"' | '\u{201c}'
                | '\u{201e}'
                | '\u{ab}'
                | '\u{2018}'
                | '\''
                | '\u{2014}'
                | '\u{2013}'
                | '\u{2026}'
        )
    }) || t.ends_with(['"', '\u{201d}', '\u{bb}']);
    let price = first.is_some_and(|c| matches!(c, '$' | '\u{a3}' | '\u{20ac}' | '\u{a5}'));
    // "[2] Joint Commission ...": a note or a reference, not a heading.
    let note = t.starts_with('[') && t[1..].starts_with(|c: char| c.is_ascii_digit());
    // "A: Trip to Disney World": an interview's answer, however short.
    let answer = t.starts_with("A:");
    address
        || lower_start
        || quoted
        || price
        || note
        || answer
        || is_label(t)
        || is_chatty(t)
        || is_dangling(t)
        || is_figures(t)
}

/// Section names that stand alone as headings of their one word.
#[rustfmt::skip] // one word per line would hide the list
const SECTION_WORDS: &[&str] = &[
    "introduction", "background", "overview", "summary", "conclusion", "conclusions",
    "methods", "methodology", "results", "findings", "discussion", "analysis", "outlook",
    "recommendations", "references", "notes", "sources", "acknowledgements",
    "acknowledgments", "appendix", "glossary", "bibliography", "abstract", "preface",
    "foreword", "prologue", "epilogue", "afterword", "contents", "verdict", "timeline",
    // The same parts in the other languages of short words that the reader meets most.
    "einleitung", "zusammenfassung", "fazit", "hintergrund", "ergebnisse", "ausblick",
    "quellen", "anhang", "schluss", "literatur", "methoden", "diskussion", "vorwort",
    "résumé", "contexte", "résultats", "méthodes", "annexe", "bibliographie", "sommaire",
    "préface", "épilogue", "perspectives", "introducción", "resumen", "conclusión",
    "conclusiones", "antecedentes", "resultados", "métodos", "discusión", "fuentes",
    "apéndice", "bibliografía", "prólogo", "epílogo", "introduzione", "riassunto",
    "conclusione", "conclusioni", "risultati", "metodi", "discussione", "fonti",
    "appendice", "bibliografia", "prefazione", "introdução", "resumo", "conclusão",
    "discussão", "apêndice", "prefácio", "inleiding", "samenvatting", "conclusie",
    "resultaten", "achtergrond", "bronnen", "bijlage",
];

/// A line of one word is a label (a place, a brand, a menu entry, a credit), unless it
/// names a part of a document ("Conclusion"). Only in the alphabets of words of a few
/// letters (Latin, Greek, Cyrillic): one Korean or Chinese word can be a whole heading.
fn is_label(t: &str) -> bool {
    let mut words = t.split_whitespace();
    let (Some(word), None) = (words.next(), words.next()) else {
        return false;
    };
    if word.chars().any(|c| c.is_alphabetic() && c > '\u{52f}') {
        return false;
    }
    let bare = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    !SECTION_WORDS.contains(&bare.as_str())
}

/// Does the line end with an emoji ("We hope to see you soon! \u{1f642}")? Headings do
/// not; chatty prose does.
fn is_chatty(t: &str) -> bool {
    t.chars().last().is_some_and(
        |c| matches!(c as u32, 0x1f000..=0x1faff | 0x2600..=0x27bf | 0x2b00..=0x2bff | 0xfe0f),
    )
}

/// Does the line stop in the middle of something (an open bracket, a slash, a bar, a
/// dash, an ampersand)? Then it was cut, and the rest is elsewhere.
fn is_dangling(t: &str) -> bool {
    t.ends_with([
        '(', '[', '/', '|', '-', '\u{2013}', '\u{2014}', '&', '+', '=',
    ])
}

/// Is the line mostly figures: a table row ("HD THE HOME DEPOT INC. 225.86 -12.99
/// -5.44%"), a score line ("Rockledge 14 11 6 15 \u{2014} 44"), a price list, or a
/// telephone number ("Inquiry 02-751-1500")?
fn is_figures(t: &str) -> bool {
    let tokens: Vec<&str> = t.split_whitespace().collect();
    let figure = |w: &str| {
        w.chars().any(|c| c.is_ascii_digit())
            && w.chars().all(|c| {
                c.is_ascii_digit() || ".,%-+()$\u{a3}\u{20ac}\u{a5}\u{20a9}\u{2212}".contains(c)
            })
    };
    let figures = tokens.iter().filter(|w| figure(w)).count();
    let phone = tokens
        .iter()
        .any(|w| figure(w) && w.chars().filter(char::is_ascii_digit).count() >= 7);
    phone || (figures >= 3 && figures * 3 >= tokens.len())
}

/// If the line is a list item (`- x`, `* x`, `• x`, `1. x`, `1) x`), its text and whether it is numbered.
pub fn list_item(line: &str) -> Option<(&str, bool)> {
    let line = line.trim_start();
    for bullet in ["- ", "* ", "\u{2022} ", "\u{2013} ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some((rest.trim(), false));
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((item.trim(), true));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_may_carry_question_marks_and_colons() {
        assert!(is_heading_like("Next Stop: Donbas?"));
        assert!(is_heading_like("The World\u{2019}s Quiet Response"));
        assert!(is_heading_like("Россия и Северная Корея"));
        assert!(is_heading_like("북한 노동자"));
    }

    #[test]
    fn sentences_are_not_headings() {
        assert!(!is_heading_like("The men were paid nothing."));
        assert!(!is_heading_like(
            "They called it a \u{201c}perfect answer.\u{201d}"
        ));
        assert!(!is_heading_like("노동자들은 돈을 받지 못했다."));
        assert!(!is_heading_like("Key facts:"));
        assert!(!is_heading_like("- Blog"));
        assert!(!is_heading_like(&"word ".repeat(30)));
    }

    #[test]
    fn shapes_that_are_never_headings() {
        for line in [
            "Contact: press@example.org",
            "www.example.com/tickets",
            "and then the lights went out",
            "\u{201c}We will not be moved\u{201d}",
            "\u{2014} Robert Maguire (@RobertMaguire_) November 18, 2019",
            "$199 at Amazon",
            "\u{a3}4.99 a month",
            "[2] Joint Commission National Patient Safety Goal",
            "A: Trip to Disney World",
            "We hope to see you soon! \u{1f642}",
            "Try something new this weekend \u{1f609}",
            "Fiber keeps you feeling full longer (",
            "TRD NATIONAL /",
            "HD THE HOME DEPOT INC. 225.86 -12.99 -5.44%",
            "Rockledge 14 11 6 15 \u{2014} 44",
            "VIP : 60,000\u{20a9} R : 50,000\u{20a9} S : 40,000\u{20a9}",
            "Inquiry 02-751-1500",
            "Pittsburgh",
            "Nintendo",
            "Topics",
        ] {
            assert!(is_not_heading(line), "{line}");
        }
        for line in [
            "A Partnership Born from War",
            "Next Stop: Donbas?",
            "iPhone Sales Slump",
            "The $3 Billion Question",
            "Top 10 Tips for 2024",
            "45% Off 65\" LG 4K Smart HDTV, Now $549 Plus $50 Dell eGift Card",
            "Meal 1",
            "Conclusion",
            "Fazit",
            "Conclusión",
            "Background:",
            "Palm Bay d. Rockledge 70-44",
        ] {
            assert!(!is_not_heading(line), "{line}");
        }
    }

    #[test]
    fn list_items() {
        assert_eq!(list_item("- Blog"), Some(("Blog", false)));
        assert_eq!(list_item("12. Twelfth"), Some(("Twelfth", true)));
        assert_eq!(list_item("2024 was a year."), None);
        assert_eq!(list_item("-5 degrees"), None);
    }
}
