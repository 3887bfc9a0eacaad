//! The headline without the site's name: "Ferries Go Electric | Harbour Herald".

use super::dom;
use super::page::{Page, Verdict};
use crate::article::assemble::collapse;

/// Separators between a headline and the site name in `<title>`.
pub const TITLE_SEPARATORS: &[&str] = &[
    " | ",
    " - ",
    " \u{2013} ",
    " \u{2014} ",
    " :: ",
    " \u{b7} ",
    " \u{bb} ",
];

/// Remove a " | Site Name" suffix (or "Site Name | " prefix) when the part is the
/// site's name, or repeats text of the site's own furniture (logo, footer).
pub fn strip_site(title: &str, site: Option<&str>, repeats: &dyn Fn(&str) -> bool) -> String {
    let title = collapse(title);
    let is_site = |part: &str| {
        let part = part.trim();
        site.is_some_and(|s| collapse(s).eq_ignore_ascii_case(part))
            || (part.chars().count() >= 3 && repeats(part))
    };
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && !head.trim().is_empty()
            && is_site(tail)
        {
            return head.trim().to_string();
        }
        if let Some((head, tail)) = title.split_once(sep)
            && !tail.trim().is_empty()
            && is_site(head)
        {
            return tail.trim().to_string();
        }
    }
    title
}

/// Does `part` occur in the text of the page's furniture?
pub fn repeats(page: &Page<'_>, part: &str) -> bool {
    let part = part.to_lowercase();
    page.verdicts.iter().any(|(id, v)| {
        matches!(v, Verdict::Chrome(_))
            && page.body.tree().get(*id).is_some_and(|n| {
                dom::visible_text(n, &|_| false)
                    .to_lowercase()
                    .contains(&part)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffixes_are_stripped() {
        let never = |_: &str| false;
        let strip = |t: &str, site: Option<&str>| strip_site(t, site, &never);
        assert_eq!(
            strip(
                "Ferries Go Electric | Harbour Herald",
                Some("Harbour Herald")
            ),
            "Ferries Go Electric"
        );
        assert_eq!(
            strip(
                "Harbour Herald - Ferries Go Electric",
                Some("harbour herald")
            ),
            "Ferries Go Electric"
        );
        assert_eq!(
            strip_site("Ferries Go Electric - Millbrook History", None, &|s| s
                == "Millbrook History"),
            "Ferries Go Electric"
        );
        // A dash inside the headline is not a site name.
        assert_eq!(
            strip("Cold War - Warm Hearts", Some("Harbour Herald")),
            "Cold War - Warm Hearts"
        );
        assert_eq!(strip("Just A Title", None), "Just A Title");
    }
}
