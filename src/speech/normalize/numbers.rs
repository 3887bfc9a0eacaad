//! Numbers written with digits: cardinals, decimals, years, decades, ordinals, ranges,
//! percentages, fractions and measurements.

use super::words::{self, cardinal, decimal, ordinal, plural_of, year};
use super::{Cx, boundary, char_at, money, prev_char, units};

/// A number as written: integer digits (group commas removed) and fraction digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Num<'a> {
    /// Integer digits without group separators.
    pub int: String,
    /// Digits after the decimal point.
    pub frac: Option<&'a str>,
    /// Written with thousands separators ("13,000").
    pub grouped: bool,
    /// Byte end in the text.
    pub end: usize,
}

impl Num<'_> {
    /// The integer value, when there is no fraction and it fits.
    pub fn whole(&self) -> Option<u64> {
        if self.frac.is_some() {
            return None;
        }
        self.int.parse().ok()
    }

    /// Could this be a year (1100-2099, written without separators)?
    pub fn year_like(&self) -> bool {
        !self.grouped
            && self.int.len() == 4
            && self.whole().is_some_and(|y| (1100..=2099).contains(&y))
    }

    /// Exactly one (for singular units).
    pub fn is_one(&self) -> bool {
        self.int == "1" && self.frac.is_none()
    }
}

fn digits_end(text: &str, pos: usize) -> usize {
    text[pos..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(text.len(), |i| pos + i)
}

/// Parse a number at `pos`: `13`, `13,000`, `1.5`, `2,500,000.25`.
pub(crate) fn parse(text: &str, pos: usize) -> Option<Num<'_>> {
    let mut end = digits_end(text, pos);
    if end == pos {
        return None;
    }
    let mut int = text[pos..end].to_string();
    let mut grouped = false;
    // Thousands groups: exactly three digits after each comma, first group 1-3 digits.
    if int.len() <= 3 {
        while text[end..].starts_with(',') {
            let g = digits_end(text, end + 1);
            if g - (end + 1) != 3 {
                break;
            }
            int.push_str(&text[end + 1..g]);
            end = g;
            grouped = true;
        }
    }
    let mut frac = None;
    if text[end..].starts_with('.') {
        let f = digits_end(text, end + 1);
        if f > end + 1 {
            frac = Some(&text[end + 1..f]);
            end = f;
        }
    }
    Some(Num {
        int,
        frac,
        grouped,
        end,
    })
}

/// A number read on its own: a year when it looks like one and `years` allows it,
/// digit by digit with a leading zero, else a cardinal or decimal.
pub(crate) fn plain(cx: &Cx, n: &Num, years: bool) -> String {
    match n.whole() {
        Some(y) if years && n.year_like() => year(y),
        _ => decimal(&n.int, n.frac, cx.and),
    }
}

/// The numbers rule: starts at a digit, a minus sign before one, or `'90s`.
pub(crate) fn rule(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let text = cx.text;
    let c = char_at(text, pos)?;
    if matches!(c, '\'' | '’') {
        return short_decade(text, pos + c.len_utf8());
    }
    if matches!(c, '-' | '−') {
        let after = pos + c.len_utf8();
        let starts = prev_char(text, pos).is_none_or(|p| p.is_whitespace() || p == '(');
        if starts && char_at(text, after).is_some_and(|d| d.is_ascii_digit()) {
            let (end, said) = number(cx, after)?;
            return Some((end, format!("minus {said}")));
        }
        return None;
    }
    number(cx, pos)
}

fn number(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let text = cx.text;
    let n = parse(text, pos)?;
    let rest = &text[n.end..];
    // Decades: 1990s, 1990's, 80s.
    for suffix in ["s", "'s", "’s"] {
        let end = n.end + suffix.len();
        if rest.starts_with(suffix) && boundary(text, end) && n.int.ends_with('0') {
            match n.whole() {
                Some(y) if n.year_like() => return Some((end, plural_of(&year(y)))),
                Some(d) if n.int.len() == 2 => return Some((end, plural_of(&cardinal(d, false)))),
                _ => {}
            }
        }
    }
    // Ordinals: 1st, 22nd, 103rd, 4th.
    if let Some(v) = n.whole() {
        let suffix = rest.get(..2).map(str::to_ascii_lowercase);
        if matches!(suffix.as_deref(), Some("st" | "nd" | "rd" | "th")) && boundary(text, n.end + 2)
        {
            return Some((n.end + 2, ordinal(v, cx.and)));
        }
    }
    // Ranges: 2022-2024, 10-20, 10–20, 2022 – 2024 (a range is read with "to").
    let chained = text[..pos]
        .strip_suffix(['-', '–'])
        .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()));
    let dash = ["-", "–", " – "]
        .into_iter()
        .find(|d| rest.starts_with(d))
        .filter(|_| !chained);
    if let Some(dash) = dash {
        // Not a phone number or a date: the second part must not go on with `-digit`.
        let more = |m: &Num| {
            let after = &text[m.end..];
            let tail = after.strip_prefix(['-', '–']).unwrap_or("");
            tail.starts_with(|c: char| c.is_ascii_digit())
        };
        if let Some(m) = parse(text, n.end + dash.len()).filter(|m| !more(m)) {
            let years = n.year_like() && (m.year_like() || m.int.len() == 2);
            let said = format!("{} to {}", plain(cx, &n, years), plain(cx, &m, years));
            return Some(measure(cx, m.end, said, &m));
        }
    }
    // Fractions: 1/2, 3/4, and the idiom 24/7.
    let denominator = rest
        .strip_prefix('/')
        .and_then(|_| parse(text, n.end + 1))
        .filter(|m| boundary(text, m.end));
    if let Some(m) = denominator {
        return Some((m.end, fraction(cx, &n, &m)));
    }
    let years = units::after(text, n.end).is_none() && !rest.trim_start().starts_with('%');
    let said = plain(cx, &n, years);
    Some(measure(cx, n.end, said, &n))
}

/// Add what follows a number: a percent sign or a unit.
fn measure(cx: &Cx, end: usize, said: String, n: &Num) -> (usize, String) {
    let text = cx.text;
    let spaced = text[end..].starts_with(' ') as usize;
    if text[end + spaced..].starts_with('%') {
        return (end + spaced + 1, format!("{said} percent"));
    }
    if let Some((pend, name)) = money::pence(text, n) {
        return (pend, format!("{said} {name}"));
    }
    match units::after(text, end) {
        Some((uend, unit)) => {
            let name = if n.is_one() { unit.one } else { unit.many };
            (uend, format!("{said} {name}"))
        }
        None => (end, said),
    }
}

fn fraction(cx: &Cx, n: &Num, m: &Num) -> String {
    match (n.whole(), m.whole()) {
        (Some(24), Some(7)) => "twenty-four seven".into(),
        (Some(a), Some(b @ 2..=10)) if a < 100 => {
            let denom = match b {
                2 => "half".to_string(),
                4 => "quarter".to_string(),
                b => words::ordinal(b, false),
            };
            let denom = if a == 1 {
                denom
            } else if b == 2 {
                "halves".into()
            } else {
                format!("{denom}s")
            };
            format!("{} {denom}", cardinal(a, false))
        }
        _ => format!("{} slash {}", plain(cx, n, false), plain(cx, m, false)),
    }
}

/// `'90s` after the apostrophe: "nineties".
fn short_decade(text: &str, pos: usize) -> Option<(usize, String)> {
    let end = digits_end(text, pos);
    let d: u64 = text[pos..end].parse().ok()?;
    (end - pos == 2
        && d.is_multiple_of(10)
        && text[end..].starts_with('s')
        && boundary(text, end + 1))
    .then(|| (end + 1, plural_of(&cardinal(d, false))))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{en, gb};

    #[test]
    fn cardinals_and_large_numbers() {
        assert_eq!(en("13,000 people"), "thirteen thousand people");
        assert_eq!(en("2,500,000"), "two million five hundred thousand");
        assert_eq!(en("1.5 million"), "one point five million");
        assert_eq!(en("it took 42 days"), "it took forty-two days");
        assert_eq!(gb("it took 105 days"), "it took one hundred and five days");
        assert_eq!(en("agent 007"), "agent zero zero seven");
        assert_eq!(en("a 12-fold jump"), "a twelve-fold jump");
        assert_eq!(en("a 3-year-old"), "a three-year-old");
        assert_eq!(
            en("it fell to -5 overnight"),
            "it fell to minus five overnight"
        );
        assert_eq!(en("pi is 3.14"), "pi is three point one four");
    }

    #[test]
    fn years_and_decades() {
        assert_eq!(en("In 2024 alone"), "In twenty twenty-four alone");
        assert_eq!(en("a 2019 resolution"), "a twenty nineteen resolution");
        assert_eq!(en("in 2009,"), "in two thousand nine,");
        assert_eq!(en("in 1905."), "in nineteen oh five.");
        assert_eq!(en("by 2000"), "by two thousand");
        assert_eq!(en("the 1990s"), "the nineteen nineties");
        assert_eq!(en("the 2000s"), "the two thousands");
        assert_eq!(en("the '90s"), "the nineties");
        assert_eq!(en("the ’80s"), "the eighties");
        assert_eq!(en("in the 60s"), "in the sixties");
        assert_eq!(
            en("from about twenty in 2022 to merely ten"),
            "from about twenty in twenty twenty-two to merely ten"
        );
    }

    #[test]
    fn ordinals() {
        assert_eq!(en("the 1st time"), "the first time");
        assert_eq!(en("the 22nd floor"), "the twenty-second floor");
        assert_eq!(en("the 103rd day"), "the one hundred third day");
        assert_eq!(en("the 4th of July"), "the fourth of July");
        assert_eq!(en("the 21ST"), "the twenty-first");
    }

    #[test]
    fn ranges() {
        assert_eq!(en("2022-2024"), "twenty twenty-two to twenty twenty-four");
        assert_eq!(en("2022–2024"), "twenty twenty-two to twenty twenty-four");
        assert_eq!(en("10-20 people"), "ten to twenty people");
        assert_eq!(en("10–20 people"), "ten to twenty people");
        assert_eq!(en("1990-95"), "nineteen ninety to ninety-five");
        assert_eq!(en("2022 – 2024"), "twenty twenty-two to twenty twenty-four");
        assert_eq!(en("1-2–3, not a range"), "one-two–three, not a range");
        assert_eq!(
            en("100 to 200 dollars"),
            "one hundred to two hundred dollars"
        );
    }

    #[test]
    fn percentages() {
        assert_eq!(en("12%"), "twelve percent");
        assert_eq!(en("3.5 percent"), "three point five percent");
        assert_eq!(en("3.5%"), "three point five percent");
        assert_eq!(en("10-20%"), "ten to twenty percent");
        assert_eq!(en("2000 %"), "two thousand percent");
    }

    #[test]
    fn fractions() {
        assert_eq!(en("1/2 of them"), "one half of them");
        assert_eq!(en("3/4"), "three quarters");
        assert_eq!(en("2/3"), "two thirds");
        assert_eq!(en("open 24/7"), "open twenty-four seven");
    }
}
