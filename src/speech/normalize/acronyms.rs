//! Acronyms ("UN" -> "U-N", "NATO" stays), Roman numerals in names ("Henry VIII"),
//! and common abbreviations ("Dr.", "e.g.", "No. 5").

use super::words::{cardinal, ordinal};
use super::{Cx, boundary, prev_word};

/// All-caps words read as words, not letters.
const READ_AS_WORDS: &[&str] = &[
    "AIDS", "ANZAC", "ASEAN", "CAPTCHA", "COVID", "DARPA", "FIFA", "GIF", "JPEG", "LASER", "NAFTA",
    "NASA", "NASDAQ", "NATO", "NIMBY", "OK", "OPEC", "RADAR", "SARS", "SCUBA", "SONAR", "UEFA",
    "UNESCO", "UNICEF", "UNIFIL", "WASP", "MERS", "ISIS", "OFCOM", "FEMA", "I", "A",
];

/// Words before a Roman numeral read as a cardinal: "World War Two", "Part Three".
const CARDINAL_BEFORE: &[&str] = &[
    "War", "Part", "Chapter", "Volume", "Vol", "Act", "Book", "Phase", "Stage", "Level", "Type",
    "Class", "Apollo", "Vatican", "Mark", "Series", "Section",
];

/// Given names that take a regnal number; other capitalised words take one only when
/// the numeral has two or more letters (so "Then I" is not "Then the First").
const REGNAL: &[&str] = &[
    "Alexander",
    "Benedict",
    "Catherine",
    "Charles",
    "Edward",
    "Elizabeth",
    "Frederick",
    "George",
    "Gregory",
    "Henry",
    "James",
    "John",
    "Leo",
    "Louis",
    "Mary",
    "Napoleon",
    "Nicholas",
    "Paul",
    "Peter",
    "Philip",
    "Pius",
    "Richard",
    "William",
];

/// Value of a Roman numeral made of I, V and X only (up to 39); the other letters are
/// too often real acronyms (DC, CD, MIX).
fn roman(s: &str) -> Option<u64> {
    let val = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        _ => None,
    };
    let vals: Vec<u64> = s.chars().map(val).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in vals.iter().enumerate() {
        if vals.get(i + 1).is_some_and(|n| n > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    // Only canonical spellings: re-encode and compare, so "IIII" or "VX" are not numerals.
    let total = u64::try_from(total).ok().filter(|t| (1..40).contains(t))?;
    (encode(total) == s).then_some(total)
}

fn encode(mut n: u64) -> String {
    let mut s = String::new();
    for (v, r) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Spell a word as letters joined by hyphens ("U-N"): espeak-ng and others then say
/// each letter, without the sentence break that "U.N. Security" would cause.
pub(crate) fn spell(word: &str) -> String {
    let letters: Vec<String> = word.chars().map(String::from).collect();
    letters.join("-")
}

/// The acronym and Roman-numeral rule: starts at an all-caps word.
pub(crate) fn rule(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let t = cx.text;
    let caps = t[pos..]
        .find(|c: char| !c.is_ascii_uppercase())
        .map_or(t.len(), |i| pos + i);
    let word = &t[pos..caps];
    if word.is_empty() {
        return None;
    }
    // Dotted forms ("U.S.", "U.K.") are read as the letters.
    if let Some(r) = dotted(t, pos) {
        return Some(r);
    }
    // A plural: "NGOs" is read "N-G-O's".
    let (end, tail) = if t[caps..].starts_with('s') && boundary(t, caps + 1) {
        (caps + 1, "'s")
    } else {
        (caps, "")
    };
    if !boundary(t, end) {
        return None;
    }
    let before = prev_word(t, pos);
    if let Some(n) = roman(word).filter(|_| tail.is_empty()) {
        if CARDINAL_BEFORE.contains(&before) {
            return Some((end, cardinal(n, false)));
        }
        let named = before.chars().next().is_some_and(char::is_uppercase);
        if REGNAL.contains(&before) || (named && word.len() > 1) {
            return Some((end, format!("the {}", ordinal(n, false))));
        }
    }
    let a = cx.rules.acronyms;
    let spelled = if a.letters.iter().any(|w| w == word) {
        true
    } else if a.words.iter().any(|w| w == word) || READ_AS_WORDS.contains(&word) {
        false
    } else {
        // All-caps text (a shouted headline) is not full of acronyms.
        cx.mixed_case && (2..=5).contains(&word.len())
    };
    spelled.then(|| (end, format!("{}{tail}", spell(word))))
}

/// `U.S.`, `U.K.`, `U.N.`: single capitals each followed by a dot.
fn dotted(t: &str, pos: usize) -> Option<(usize, String)> {
    let b = t.as_bytes();
    let mut at = pos;
    let mut letters = String::new();
    while at + 1 < b.len() && b[at].is_ascii_uppercase() && b[at + 1] == b'.' {
        letters.push(b[at] as char);
        at += 2;
    }
    (letters.len() >= 2 && boundary(t, at)).then(|| {
        // Keep a final dot that also ends the sentence.
        let end = if at == t.len() { at - 1 } else { at };
        (end, spell(&letters))
    })
}

/// Abbreviations and what is said. `None` for the dot means it is kept when the
/// abbreviation ends the text (it then ends the sentence too).
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("Mr.", "Mister"),
    ("Mrs.", "Missus"),
    ("Dr.", "Doctor"),
    ("Prof.", "Professor"),
    ("Gen.", "General"),
    ("Sen.", "Senator"),
    ("Rep.", "Representative"),
    ("Gov.", "Governor"),
    ("e.g.", "for example"),
    ("i.e.", "that is"),
    ("etc.", "et cetera"),
    ("vs.", "versus"),
    ("approx.", "approximately"),
];

/// The abbreviation rule: "Dr. Kang" -> "Doctor Kang", "No. 5" -> "number five".
pub(crate) fn abbreviation(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let t = cx.text;
    let rest = &t[pos..];
    for (abbr, said) in ABBREVIATIONS {
        if rest.starts_with(abbr) && boundary(t, pos + abbr.len()) {
            // At the very end the dot also ends the sentence: keep it.
            let end = pos + abbr.len() - usize::from(pos + abbr.len() == t.len());
            return Some((end, (*said).to_string()));
        }
    }
    // "St." is Saint before a name, Street otherwise.
    if rest.starts_with("St.") && boundary(t, pos + 3) {
        let next = t[pos + 3..].trim_start().chars().next();
        let said = if next.is_some_and(char::is_uppercase) {
            "Saint"
        } else {
            "Street"
        };
        return Some((pos + 3, said.into()));
    }
    for no in ["No.", "no."] {
        let after = pos + no.len();
        let digit_next = || {
            t[after..]
                .trim_start_matches(' ')
                .starts_with(|c: char| c.is_ascii_digit())
        };
        if rest.starts_with(no) && digit_next() {
            return Some((after, "number".into()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::AcronymOptions;
    use super::super::tests::en;
    use super::super::{Rules, normalize};

    #[test]
    fn acronyms_spelled_or_read() {
        assert_eq!(en("the UN said"), "the U-N said");
        assert_eq!(en("the UK and the US"), "the U-K and the U-S");
        assert_eq!(en("the BBC and the FBI"), "the B-B-C and the F-B-I");
        assert_eq!(en("NATO and UNESCO"), "NATO and UNESCO");
        assert_eq!(en("NASA, OPEC and AIDS"), "NASA, OPEC and AIDS");
        assert_eq!(en("two NGOs"), "two N-G-O's");
        assert_eq!(
            en("the U.S. and the U.K. agreed"),
            "the U-S and the U-K agreed"
        );
        assert_eq!(en("in the U.S."), "in the U-S.");
        assert_eq!(en("I said OK"), "I said OK");
        assert_eq!(en("UNHCR staff"), "U-N-H-C-R staff");
        assert_eq!(en("CAUTION AHEAD"), "CAUTION AHEAD");
        assert_eq!(en("DO NOT ENTER"), "DO NOT ENTER");
        assert_eq!(en("EU's rules"), "E-U's rules");
    }

    #[test]
    fn acronym_lists_are_configurable() {
        let acronyms = AcronymOptions {
            letters: vec!["NASA".into(), "OSCE".into()],
            words: vec!["BAFTA".into(), "UK".into()],
        };
        let rules = Rules {
            acronyms: &acronyms,
            lexicon: None,
        };
        let s = normalize("NASA, the OSCE, BAFTA and the UK", "en", &rules).text;
        assert_eq!(s, "N-A-S-A, the O-S-C-E, BAFTA and the UK");
    }

    #[test]
    fn roman_numerals_in_names() {
        assert_eq!(en("after World War II ended"), "after World War two ended");
        assert_eq!(en("World War I"), "World War one");
        assert_eq!(en("Henry VIII had"), "Henry the eighth had");
        assert_eq!(en("Elizabeth II"), "Elizabeth the second");
        assert_eq!(en("Pope Pius XII"), "Pope Pius the twelfth");
        assert_eq!(en("Then I left"), "Then I left");
        assert_eq!(en("an IV drip"), "an I-V drip");
    }

    #[test]
    fn abbreviations() {
        assert_eq!(en("Dr. Kang said"), "Doctor Kang said");
        assert_eq!(en("Mr. and Mrs. Kim"), "Mister and Missus Kim");
        assert_eq!(en("fruit, e.g. apples"), "fruit, for example apples");
        assert_eq!(en("apples, pears, etc."), "apples, pears, et cetera.");
        assert_eq!(en("No. 5 and no. 6"), "number five and number six");
        assert_eq!(en("St. Petersburg"), "Saint Petersburg");
        assert_eq!(en("Prof. Lankov"), "Professor Lankov");
    }
}
