//! Numbers as English words: cardinals, ordinals, years, decimals, digit strings.

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const SCALES: [(u64, &str); 4] = [
    (1_000_000_000_000, "trillion"),
    (1_000_000_000, "billion"),
    (1_000_000, "million"),
    (1_000, "thousand"),
];

/// Largest number read as words; longer digit strings are read digit by digit.
pub const MAX: u64 = 999_999_999_999_999;

/// Words for 0..100, hyphenated as in "twenty-four".
fn under_hundred(n: u64) -> String {
    if n < 20 {
        ONES[n as usize].to_string()
    } else if n.is_multiple_of(10) {
        TENS[(n / 10) as usize].to_string()
    } else {
        format!("{}-{}", TENS[(n / 10) as usize], ONES[(n % 10) as usize])
    }
}

/// Words for 0..1000; `and` gives the British "two hundred and five".
fn under_thousand(n: u64, and: bool) -> String {
    let (h, rest) = (n / 100, n % 100);
    match (h, rest) {
        (0, r) => under_hundred(r),
        (h, 0) => format!("{} hundred", ONES[h as usize]),
        (h, r) if and => format!("{} hundred and {}", ONES[h as usize], under_hundred(r)),
        (h, r) => format!("{} hundred {}", ONES[h as usize], under_hundred(r)),
    }
}

/// A cardinal: 13000 -> "thirteen thousand". `and` adds the British "and" before the
/// last part under a hundred ("one hundred and two", "two thousand and five").
pub fn cardinal(n: u64, and: bool) -> String {
    if n > MAX {
        return digits(&n.to_string());
    }
    let mut parts = Vec::new();
    let mut rest = n;
    for (scale, name) in SCALES {
        if rest >= scale {
            parts.push(format!("{} {name}", under_thousand(rest / scale, and)));
            rest %= scale;
        }
    }
    if rest > 0 || parts.is_empty() {
        if and && !parts.is_empty() && rest < 100 {
            parts.push(format!("and {}", under_hundred(rest)));
        } else {
            parts.push(under_thousand(rest, and));
        }
    }
    parts.join(" ")
}

/// Turn the last word of a cardinal into its ordinal: "twenty-two" -> "twenty-second".
pub fn ordinal_of(words: &str) -> String {
    let split = words.rfind([' ', '-']).map_or(0, |i| i + 1);
    let (head, last) = words.split_at(split);
    let last = match last {
        "one" => "first".to_string(),
        "two" => "second".to_string(),
        "three" => "third".to_string(),
        "five" => "fifth".to_string(),
        "eight" => "eighth".to_string(),
        "nine" => "ninth".to_string(),
        "twelve" => "twelfth".to_string(),
        w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
        w => format!("{w}th"),
    };
    format!("{head}{last}")
}

/// An ordinal: 103 -> "one hundred third".
pub fn ordinal(n: u64, and: bool) -> String {
    ordinal_of(&cardinal(n, and))
}

/// Plural of the last word, for decades: "nineteen ninety" -> "nineteen nineties".
pub fn plural_of(words: &str) -> String {
    match words.strip_suffix('y') {
        Some(stem) => format!("{stem}ies"),
        None => format!("{words}s"),
    }
}

/// A year as people say it: 2024 "twenty twenty-four", 2009 "two thousand nine",
/// 1905 "nineteen oh five", 1900 "nineteen hundred", 2000 "two thousand".
pub fn year(y: u64) -> String {
    let (hi, lo) = (y / 100, y % 100);
    match y {
        2000..=2009 | 1000..=1009 => cardinal(y, false),
        _ if !(1000..=9999).contains(&y) => cardinal(y, false),
        _ if lo == 0 => format!("{} hundred", under_hundred(hi)),
        _ if lo < 10 => format!("{} oh {}", under_hundred(hi), ONES[lo as usize]),
        _ => format!("{} {}", under_hundred(hi), under_hundred(lo)),
    }
}

/// Digits one by one: "007" -> "zero zero seven".
pub fn digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| c.to_digit(10))
        .map(|d| ONES[d as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A decimal number from its integer digits and optional fraction digits:
/// ("1", Some("5")) -> "one point five". Integer parts too long for words go digit by
/// digit.
pub fn decimal(int: &str, frac: Option<&str>, and: bool) -> String {
    let whole = match int.parse::<u64>() {
        Ok(n) if n <= MAX && !(int.len() > 1 && int.starts_with('0')) => cardinal(n, and),
        _ => digits(int),
    };
    match frac {
        Some(f) => format!("{whole} point {}", digits(f)),
        None => whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cardinals() {
        assert_eq!(cardinal(0, false), "zero");
        assert_eq!(cardinal(13, false), "thirteen");
        assert_eq!(cardinal(42, false), "forty-two");
        assert_eq!(cardinal(100, false), "one hundred");
        assert_eq!(cardinal(250, false), "two hundred fifty");
        assert_eq!(cardinal(250, true), "two hundred and fifty");
        assert_eq!(cardinal(13_000, false), "thirteen thousand");
        assert_eq!(cardinal(2_005, true), "two thousand and five");
        assert_eq!(
            cardinal(2_500_000, false),
            "two million five hundred thousand"
        );
        assert_eq!(cardinal(1_000_001, false), "one million one");
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal(1, false), "first");
        assert_eq!(ordinal(22, false), "twenty-second");
        assert_eq!(ordinal(103, false), "one hundred third");
        assert_eq!(ordinal(20, false), "twentieth");
        assert_eq!(ordinal(12, false), "twelfth");
        assert_eq!(ordinal(1000, false), "one thousandth");
    }

    #[test]
    fn years() {
        assert_eq!(year(2024), "twenty twenty-four");
        assert_eq!(year(2009), "two thousand nine");
        assert_eq!(year(1905), "nineteen oh five");
        assert_eq!(year(2000), "two thousand");
        assert_eq!(year(1900), "nineteen hundred");
        assert_eq!(year(2019), "twenty nineteen");
        assert_eq!(year(1066), "ten sixty-six");
    }

    #[test]
    fn decimals_and_digits() {
        assert_eq!(decimal("1", Some("5"), false), "one point five");
        assert_eq!(decimal("0", Some("25"), false), "zero point two five");
        assert_eq!(decimal("007", None, false), "zero zero seven");
        assert_eq!(plural_of("nineteen ninety"), "nineteen nineties");
        assert_eq!(plural_of("two thousand"), "two thousands");
    }
}
