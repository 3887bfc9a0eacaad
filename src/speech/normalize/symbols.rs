//! Web addresses, e-mail addresses, symbols, dashes and ellipses.

use super::{Cx, boundary, char_at, prev_char};

/// Top-level domains that make a bare "word.tld" a web address.
const TLDS: &[&str] = &[
    "com", "org", "net", "gov", "edu", "io", "info", "uk", "kr", "ru", "de", "fr", "eu", "int",
    "co", "us", "ca", "au", "jp", "cn", "ua", "kp", "news", "app", "dev",
];

/// Longest web or e-mail address read as one.
const MAX_ADDRESS: usize = 512;

/// Characters that may appear inside a web or e-mail address.
fn address_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '.' | '-' | '_' | '/' | '@' | ':' | '%' | '~' | '+' | '?' | '=' | '&' | '#'
        )
}

/// The web rule: URLs ("https://www.example.org/news"), e-mail addresses and bare
/// domains ("example.org") read with "dot", "at" and "slash".
pub(crate) fn web(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let t = cx.text;
    let rest = &t[pos..];
    // Addresses are short; the cap keeps this rule linear on pathological input.
    let len = rest
        .char_indices()
        .take(MAX_ADDRESS)
        .find(|(_, c)| !address_char(*c))
        .map_or(rest.len().min(MAX_ADDRESS), |(i, _)| i);
    // Trailing sentence punctuation is not part of the address.
    let candidate = rest[..len].trim_end_matches(['.', ',', ':', ';', '/', '-', '?', '!']);
    if candidate.is_empty() {
        return None;
    }
    let end = pos + candidate.len();
    let lower = candidate.to_ascii_lowercase();
    let url = ["http://", "https://", "www."]
        .iter()
        .find(|p| lower.starts_with(*p));
    if let Some(prefix) = url {
        let body = &candidate[prefix.len()..];
        let body = body.strip_prefix("www.").unwrap_or(body);
        return Some((end, address(body)));
    }
    if let Some((user, host)) = candidate.split_once('@') {
        if !user.is_empty() && host.contains('.') && !host.contains('@') && !host.contains('/') {
            return Some((end, format!("{} at {}", address(user), address(host))));
        }
        return None;
    }
    // A bare domain: letters, a dot, and a known top-level domain at the end.
    let host = candidate.split('/').next().unwrap_or("");
    let tld = host.rsplit('.').next().unwrap_or("");
    let first = host.split('.').next().unwrap_or("");
    let plausible = host.contains('.')
        && TLDS.contains(&tld)
        && first.len() >= 2
        && host
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-'));
    plausible.then(|| (end, address(candidate)))
}

/// Read an address: "." as "dot", "/" as "slash", "@" as "at"; query strings dropped.
fn address(s: &str) -> String {
    let s = s
        .split(['?', '#'])
        .next()
        .unwrap_or(s)
        .trim_end_matches('/');
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '.' => out.push_str(" dot "),
            '/' => out.push_str(" slash "),
            '@' => out.push_str(" at "),
            '-' | '_' => out.push(' '),
            ':' => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The symbol rule: `&`, `+`, `=`, `#5`, `~5`, `×`, `@`, `/` between words, dashes
/// used as pauses and ellipses.
pub(crate) fn rule(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let t = cx.text;
    let c = char_at(t, pos)?;
    let next = t[pos + c.len_utf8()..].chars().next();
    let prev = prev_char(t, pos);
    let end = pos + c.len_utf8();
    let digit_next = next.is_some_and(|n| n.is_ascii_digit());
    // A pause mark that ends the text says nothing: the sentence ends there anyway.
    let last = t[end..].trim().is_empty();
    let said = match c {
        '—' | '―' | '…' if last => "",
        '&' => " and ",
        '+' => " plus ",
        '=' => " equals ",
        '×' => " times ",
        '@' => " at ",
        '%' => " percent ",
        '#' if digit_next => "number ",
        '~' if digit_next => "about ",
        // Em dash, or a spaced en dash or hyphen: a pause.
        '—' | '―' => ", ",
        '–' | '-' if prev == Some(' ') && next == Some(' ') => ", ",
        '-' if t[pos..].starts_with("--") => return Some((pos + 2, ", ".into())),
        '…' => ", ",
        '.' if t[pos..].starts_with("...") => {
            let dots = t[pos..].find(|c| c != '.').unwrap_or(t.len() - pos);
            let said = if t[pos + dots..].trim().is_empty() {
                ""
            } else {
                ", "
            };
            return Some((pos + dots, said.into()));
        }
        '/' => return slash(t, pos),
        _ => return None,
    };
    Some((end, said.into()))
}

/// A slash between words: "and/or" -> "and or", "he/she" -> "he or she".
fn slash(t: &str, pos: usize) -> Option<(usize, String)> {
    let before = super::prev_word(t, pos);
    let after = t[pos + 1..]
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let tight = prev_char(t, pos).is_some_and(char::is_alphabetic) && !after.is_empty();
    if !tight || !boundary(t, pos + 1 + after.len()) {
        return None;
    }
    let said = if before == "and" && after == "or" {
        " "
    } else {
        " or "
    };
    Some((pos + 1, said.into()))
}

#[cfg(test)]
mod tests {
    use super::super::tests::en;

    #[test]
    fn web_and_email_addresses() {
        assert_eq!(en("see example.org."), "see example dot org.");
        assert_eq!(en("write to a@b.com"), "write to a at b dot com");
        assert_eq!(
            en("mail john.smith@example.co.uk today"),
            "mail john dot smith at example dot co dot uk today"
        );
        assert_eq!(
            en("at https://www.example.org/news/north-korea?x=1."),
            "at example dot org slash news slash north korea."
        );
        assert_eq!(en("e.g. this"), "for example this");
    }

    #[test]
    fn symbols() {
        assert_eq!(en("Marks & Spencer"), "Marks and Spencer");
        assert_eq!(en("R&D"), "R and D");
        assert_eq!(en("2 + 2 = 4"), "two plus two equals four");
        assert_eq!(en("and/or"), "and or");
        assert_eq!(en("he/she"), "he or she");
        assert_eq!(en("#1 hit"), "number one hit");
        assert_eq!(en("~50 people"), "about fifty people");
    }

    #[test]
    fn dashes_and_ellipses_are_pauses() {
        assert_eq!(
            en("escapes—from about twenty in 2022 to merely ten in the last year—shows"),
            "escapes, from about twenty in twenty twenty-two to merely ten in the last year, shows"
        );
        assert_eq!(en("wait – what"), "wait, what");
        assert_eq!(en("wait - what"), "wait, what");
        assert_eq!(en("well… maybe"), "well, maybe");
        assert_eq!(en("well... maybe"), "well, maybe");
        assert_eq!(en("and then…"), "and then");
        assert_eq!(en("and then..."), "and then");
        assert_eq!(en("a well-known fact"), "a well-known fact");
    }
}
