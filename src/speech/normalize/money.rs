//! Money: "$100" -> "one hundred dollars", "£5.5m" -> "five point five million pounds".

use super::numbers::{self, Num};
use super::words::cardinal;
use super::{Cx, boundary, char_at};

/// A currency: symbol, major unit (one, many), minor unit (one, many).
struct Currency {
    symbol: &'static str,
    major: (&'static str, &'static str),
    minor: Option<(&'static str, &'static str)>,
}

const CURRENCIES: &[Currency] = &[
    Currency {
        symbol: "US$",
        major: ("US dollar", "US dollars"),
        minor: Some(("cent", "cents")),
    },
    Currency {
        symbol: "$",
        major: ("dollar", "dollars"),
        minor: Some(("cent", "cents")),
    },
    Currency {
        symbol: "£",
        major: ("pound", "pounds"),
        minor: Some(("penny", "pence")),
    },
    Currency {
        symbol: "€",
        major: ("euro", "euros"),
        minor: Some(("cent", "cents")),
    },
    Currency {
        symbol: "¥",
        major: ("yen", "yen"),
        minor: None,
    },
    Currency {
        symbol: "₩",
        major: ("won", "won"),
        minor: None,
    },
    Currency {
        symbol: "₽",
        major: ("rouble", "roubles"),
        minor: None,
    },
];

/// Scale suffixes after an amount, attached ("2bn") or as a word ("2 billion").
const SCALES: &[(&str, &str)] = &[
    ("trillion", "trillion"),
    ("billion", "billion"),
    ("million", "million"),
    ("thousand", "thousand"),
    ("bn", "billion"),
    ("tn", "trillion"),
    ("mn", "million"),
    ("m", "million"),
    ("b", "billion"),
    ("k", "thousand"),
];

/// The money rule: starts at a currency symbol followed by an amount.
pub(crate) fn rule(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let text = cx.text;
    let cur = CURRENCIES
        .iter()
        .find(|c| text[pos..].starts_with(c.symbol))?;
    let start = pos + cur.symbol.len();
    let n = numbers::parse(text, start)?;
    // "$10-20", "$10-$20": a range of amounts.
    let mut end = n.end;
    let mut upper = None;
    if let Some(dash) = char_at(text, end).filter(|c| matches!(c, '-' | '–')) {
        let mut s = end + dash.len_utf8();
        if text[s..].starts_with(cur.symbol) {
            s += cur.symbol.len();
        }
        if let Some(m) = numbers::parse(text, s) {
            end = m.end;
            upper = Some(m);
        }
    }
    let (scale, end) = scale(text, end);
    let last = upper.as_ref().unwrap_or(&n);
    let said = match (&upper, scale) {
        (None, None) if last.frac.is_some_and(|f| f.len() == 2) => with_cents(cx, cur, &n)?,
        _ => {
            let mut s = amount(cx, &n);
            if let Some(m) = &upper {
                s = format!("{s} to {}", amount(cx, m));
            }
            let plural = !(last.is_one() && scale.is_none());
            let unit = if plural { cur.major.1 } else { cur.major.0 };
            match scale {
                Some(sc) => format!("{s} {sc} {unit}"),
                None => format!("{s} {unit}"),
            }
        }
    };
    Some((end, said))
}

/// Pence written after the amount: "20p", "52.95p" (a `p` attached to a number under
/// 100, so "1080p", a video resolution, stays). The byte end and the unit's name.
pub(crate) fn pence(text: &str, n: &Num) -> Option<(usize, &'static str)> {
    let under_100 = n.int.parse::<u64>().is_ok_and(|v| v < 100);
    let end = n.end + 1;
    (under_100 && text[n.end..].starts_with('p') && boundary(text, end))
        .then_some((end, if n.is_one() { "penny" } else { "pence" }))
}

fn amount(cx: &Cx, n: &Num) -> String {
    numbers::plain(cx, n, false)
}

/// A scale word or suffix right after the amount, and the new end.
fn scale(text: &str, pos: usize) -> (Option<&'static str>, usize) {
    for (suffix, word) in SCALES {
        // Suffixes attach ("2bn"); whole words may follow a space ("2 billion").
        let starts = [pos, pos + 1]
            .into_iter()
            .filter(|&s| s == pos || (text[pos..].starts_with(' ') && suffix.len() > 2));
        for s in starts {
            let end = s + suffix.len();
            if text[s..].starts_with(suffix) && boundary(text, end) {
                return (Some(word), end);
            }
        }
    }
    (None, pos)
}

/// "$1.50" -> "one dollar and fifty cents", "$0.75" -> "seventy-five cents", "$5.00" -> "five
/// dollars". The minor unit is named: "four dollars ninety-nine" was heard as "for dollars 99"
/// and "four euros fifty" as "for your rose 50" in the Whisper round trip
/// (tools/expression_fidelity.py).
fn with_cents(cx: &Cx, cur: &Currency, n: &Num) -> Option<String> {
    let major: u64 = n.int.parse().ok()?;
    let minor: u64 = n.frac?.parse().ok()?;
    let unit = if major == 1 { cur.major.0 } else { cur.major.1 };
    let Some((cent, cents)) = cur.minor else {
        return Some(format!("{} {}", amount(cx, n), cur.major.1));
    };
    let minor_unit = if minor == 1 { cent } else { cents };
    Some(match (major, minor) {
        (m, 0) => format!("{} {unit}", cardinal(m, cx.and)),
        (0, c) => format!("{} {minor_unit}", cardinal(c, cx.and)),
        (m, c) => format!(
            "{} {unit} and {} {minor_unit}",
            cardinal(m, cx.and),
            cardinal(c, cx.and)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::en;

    #[test]
    fn money() {
        assert_eq!(en("$100"), "one hundred dollars");
        assert_eq!(en("$1"), "one dollar");
        assert_eq!(en("$1.50"), "one dollar and fifty cents");
        assert_eq!(en("$4.99"), "four dollars and ninety-nine cents");
        assert_eq!(en("€2.01"), "two euros and one cent");
        assert_eq!(en("£3.75"), "three pounds and seventy-five pence");
        assert_eq!(en("$0.75"), "seventy-five cents");
        assert_eq!(en("$5.00"), "five dollars");
        assert_eq!(en("£5.5m"), "five point five million pounds");
        assert_eq!(en("€2bn"), "two billion euros");
        assert_eq!(en("$2.5m"), "two point five million dollars");
        assert_eq!(en("$1.5 million"), "one point five million dollars");
        assert_eq!(en("$13,000"), "thirteen thousand dollars");
        assert_eq!(en("$10-20"), "ten to twenty dollars");
        assert_eq!(en("$10-$20"), "ten to twenty dollars");
        assert_eq!(en("¥500"), "five hundred yen");
        assert_eq!(en("£1 coin"), "one pound coin");
        assert_eq!(en("$1m"), "one million dollars");
        assert_eq!(en("$5 mark"), "five dollars mark");
    }

    #[test]
    fn pence_after_a_number() {
        assert_eq!(
            en("52.95p a litre"),
            "fifty-two point nine five pence a litre"
        );
        assert_eq!(en("20p."), "twenty pence.");
        assert_eq!(en("1p"), "one penny");
        // Not pence: a video resolution, a time, a word.
        assert!(!en("1080p").contains("pence"), "{}", en("1080p"));
        assert_eq!(en("at 5pm"), "at five p.m.");
        assert_eq!(en("5 pages"), "five pages");
    }
}
