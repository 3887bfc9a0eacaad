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

/// "$1.50" -> "one dollar fifty", "$0.75" -> "seventy-five cents", "$5.00" -> "five dollars".
fn with_cents(cx: &Cx, cur: &Currency, n: &Num) -> Option<String> {
    let major: u64 = n.int.parse().ok()?;
    let minor: u64 = n.frac?.parse().ok()?;
    let unit = if major == 1 { cur.major.0 } else { cur.major.1 };
    let Some((cent, cents)) = cur.minor else {
        return Some(format!("{} {}", amount(cx, n), cur.major.1));
    };
    Some(match (major, minor) {
        (m, 0) => format!("{} {unit}", cardinal(m, cx.and)),
        (0, c) => format!(
            "{} {}",
            cardinal(c, cx.and),
            if c == 1 { cent } else { cents }
        ),
        (m, c) => format!("{} {unit} {}", cardinal(m, cx.and), cardinal(c, cx.and)),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::en;

    #[test]
    fn money() {
        assert_eq!(en("$100"), "one hundred dollars");
        assert_eq!(en("$1"), "one dollar");
        assert_eq!(en("$1.50"), "one dollar fifty");
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
}
