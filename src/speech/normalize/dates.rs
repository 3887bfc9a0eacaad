//! Dates and times: "14 March 2025", "March 14, 2025", "2025-03-14", "6:30 am", "18:45".

use super::numbers;
use super::words::{cardinal, ordinal, year};
use super::{Cx, boundary, char_at, letters_end};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month named by a full name or a common abbreviation ("Sept", "Jan.").
fn month(word: &str) -> Option<usize> {
    let w = word.to_ascii_lowercase();
    MONTHS.iter().position(|m| {
        let m = m.to_ascii_lowercase();
        m == w || (w.len() >= 3 && w.len() <= 4 && m.starts_with(&w) && w != "marc")
    })
}

/// The dates-and-times rule: starts at a digit or a month name.
pub(crate) fn rule(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let c = char_at(cx.text, pos)?;
    if c.is_ascii_digit() {
        iso(cx, pos)
            .or_else(|| time(cx, pos))
            .or_else(|| day_month(cx, pos))
    } else if c.is_ascii_uppercase() {
        month_day(cx, pos)
    } else {
        None
    }
}

/// Read a day and month in the chosen order.
fn say(cx: &Cx, day: u64, m: usize) -> String {
    if cx.month_first {
        format!("{} {}", MONTHS[m], ordinal(day, false))
    } else {
        format!("the {} of {}", ordinal(day, false), MONTHS[m])
    }
}

/// Exactly `n` digits at `pos`, as a number.
fn fixed(text: &str, pos: usize, n: usize) -> Option<u64> {
    let s = text.get(pos..pos + n)?;
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// ISO 8601: `2025-03-14`.
fn iso(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let t = cx.text;
    let y = fixed(t, pos, 4)?;
    let m = fixed(t, pos + 5, 2)?;
    let d = fixed(t, pos + 8, 2)?;
    let ok = &t[pos + 4..pos + 5] == "-" && &t[pos + 7..pos + 8] == "-";
    if !ok || !(1..=12).contains(&m) || !(1..=31).contains(&d) || !boundary(t, pos + 10) {
        return None;
    }
    let sep = if cx.month_first { ", " } else { " " };
    Some((
        pos + 10,
        format!("{}{sep}{}", say(cx, d, m as usize - 1), year(y)),
    ))
}

/// `14 March 2025`, `14 March`.
fn day_month(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let t = cx.text;
    let n = numbers::parse(t, pos)?;
    let day = n
        .whole()
        .filter(|d| (1..=31).contains(d) && n.int.len() <= 2)?;
    let wstart = n.end + usize::from(t[n.end..].starts_with(' '));
    let wend = letters_end(t, wstart);
    let m = month(&t[wstart..wend]).filter(|_| wend > wstart && t[n.end..].starts_with(' '))?;
    let mut end = wend + usize::from(t[wend..].starts_with('.'));
    let mut said = say(cx, day, m);
    let y = t[end..]
        .strip_prefix(' ')
        .and_then(|_| fixed(t, end + 1, 4))
        .filter(|_| boundary(t, end + 5));
    if let Some(y) = y {
        said = format!(
            "{said}{} {}",
            if cx.month_first { "," } else { "" },
            year(y)
        );
        end += 5;
    }
    Some((end, said))
}

/// `March 14, 2025`, `March 14`, `Sept. 3`.
fn month_day(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let t = cx.text;
    let wend = letters_end(t, pos);
    let m = month(&t[pos..wend])?;
    let mut at = wend + usize::from(t[wend..].starts_with('.'));
    at += usize::from(t[at..].starts_with(' '));
    let n = numbers::parse(t, at)?;
    let day = n
        .whole()
        .filter(|d| (1..=31).contains(d) && n.int.len() <= 2)?;
    // "May 5th" is fine; "March 14:30" or "May 5 km" are not dates.
    let mut end = n.end;
    let suffix = t.get(end..end + 2).map(str::to_ascii_lowercase);
    if matches!(suffix.as_deref(), Some("st" | "nd" | "rd" | "th")) {
        end += 2;
    }
    if !boundary(t, end) || t[end..].starts_with([':', '%']) {
        return None;
    }
    let mut said = format!("{} {}", MONTHS[m], ordinal(day, false));
    let y = t[end..]
        .strip_prefix(", ")
        .and_then(|_| fixed(t, end + 2, 4))
        .filter(|_| boundary(t, end + 6));
    if let Some(y) = y {
        said = format!("{said}, {}", year(y));
        end += 6;
    }
    Some((end, said))
}

/// `6:30 am`, `18:45`, `6pm`, `6.30pm`.
fn time(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let t = cx.text;
    let hend = pos + t[pos..].find(|c: char| !c.is_ascii_digit())?;
    if hend - pos > 2 {
        return None;
    }
    let hour: u64 = t[pos..hend].parse().ok()?;
    let sep = char_at(t, hend);
    let minutes = match sep {
        Some(':') => Some(fixed(t, hend + 1, 2).filter(|m| *m < 60)?),
        Some('.') => fixed(t, hend + 1, 2).filter(|m| *m < 60),
        _ => None,
    };
    let end = if minutes.is_some() { hend + 3 } else { hend };
    let (end, meridiem) = match meridiem(t, end) {
        Some(x) => (x.0, Some(x.1)),
        None if sep == Some(':') && boundary(t, end) => (end, None),
        None => return None,
    };
    if hour > 23 || (meridiem.is_some() && !(1..=12).contains(&hour)) {
        return None;
    }
    let h = cardinal(hour, false);
    let said = match (minutes, meridiem) {
        (Some(0), None) if hour > 12 => format!("{h} hundred"),
        (Some(0), None) => format!("{h} o'clock"),
        (Some(0) | None, Some(mer)) => format!("{h} {mer}"),
        (Some(m), mer) => {
            let mm = if m < 10 {
                format!("oh {}", cardinal(m, false))
            } else {
                cardinal(m, false)
            };
            match mer {
                Some(mer) => format!("{h} {mm} {mer}"),
                None => format!("{h} {mm}"),
            }
        }
        (None, None) => return None,
    };
    Some((end, said))
}

/// `am`, `a.m.`, `AM`, `pm`... after a time, with at most one space; read "a.m."
/// because engines read a lone "a m" as the article "a".
fn meridiem(t: &str, pos: usize) -> Option<(usize, &'static str)> {
    let start = pos + usize::from(t[pos..].starts_with(' '));
    let rest = &t[start..];
    for (written, said) in [
        ("a.m.", "a.m."),
        ("p.m.", "p.m."),
        ("am", "a.m."),
        ("pm", "p.m."),
    ] {
        let len = written.len();
        let head = rest.get(..len).unwrap_or("");
        if head.eq_ignore_ascii_case(written) && boundary(t, start + len) {
            return Some((start + len, said));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::tests::{en, gb};

    #[test]
    fn dates() {
        assert_eq!(
            gb("on 14 March 2025"),
            "on the fourteenth of March twenty twenty-five"
        );
        assert_eq!(
            en("on March 14, 2025, he"),
            "on March fourteenth, twenty twenty-five, he"
        );
        assert_eq!(en("2025-03-14"), "March fourteenth, twenty twenty-five");
        assert_eq!(
            gb("2025-03-14"),
            "the fourteenth of March twenty twenty-five"
        );
        assert_eq!(en("on 1 May"), "on May first");
        assert_eq!(
            en("on 14 March 2025 he"),
            "on March fourteenth, twenty twenty-five he"
        );
        assert_eq!(en("Sept. 3"), "September third");
        assert_eq!(en("in March 2025"), "in March twenty twenty-five");
        assert_eq!(en("May 5th"), "May fifth");
    }

    #[test]
    fn times() {
        assert_eq!(en("at 6:30 am"), "at six thirty a.m.");
        assert_eq!(en("at 18:45"), "at eighteen forty-five");
        assert_eq!(en("at 6pm"), "at six p.m.");
        assert_eq!(en("at 6.30pm"), "at six thirty p.m.");
        assert_eq!(en("at 9:05"), "at nine oh five");
        assert_eq!(en("at 18:00"), "at eighteen hundred");
        assert_eq!(en("at 7:00 PM"), "at seven p.m.");
        assert_eq!(en("6 apples"), "six apples");
    }
}
