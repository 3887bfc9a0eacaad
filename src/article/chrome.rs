//! Signals that a line is site chrome (menus, share links, notices) rather than article.
//!
//! No single signal decides: the readers combine these with position (the edges of the
//! page), line shape (short, no sentences) and list shape (menu-like runs of short items).

/// Phrases that, on a short line of their own, are navigation or page furniture.
const CHROME_PHRASES: &[&str] = &[
    "recently added",
    "recent posts",
    "related posts",
    "related articles",
    "related stories",
    "you may also like",
    "you might also like",
    "more stories",
    "read more",
    "read next",
    "most popular",
    "popular posts",
    "trending",
    "categories",
    "category",
    "tags",
    "archives",
    "share this",
    "share this article",
    "share on",
    "share",
    "tweet",
    "advertisement",
    "sponsored",
    "subscribe",
    "newsletter",
    "sign up",
    "sign in",
    "log in",
    "follow us",
    "leave a comment",
    "leave a reply",
    "comments",
    "skip to content",
    "main menu",
    "menu",
    "search",
    "home",
    "privacy policy",
    "terms of use",
    "terms of service",
    "all rights reserved",
    "back to top",
    "don't miss",
    "don\u{2019}t miss",
    "must read",
    "most read",
    "more news",
    "more from",
    "latest news",
    "top stories",
    "top video",
    "top videos",
    "editor's picks",
    "editors' picks",
    "recommended",
    "recommended stories",
    "what to read next",
    "about the author",
    "highlights",
    "related",
    "related topics",
    "related links",
    "related content",
    "more on this story",
    "more in",
    "more on",
    "explore further",
    "view all",
    "previous post",
    "next post",
    "story timeline",
    "feedback to editors",
    "send feedback",
    "user comments",
    "topics",
    "learn more",
    "see more",
    "close extra sharing options",
];

/// Words that mark a cookie or consent notice when they occur in a line.
const NOTICE_WORDS: &[&str] = &["cookie", "cookies", "consent", "gdpr"];

/// Does this short line read like a piece of site chrome?
///
/// True for lines that are (or start with) a known chrome phrase, for copyright lines,
/// and for short cookie or consent notices.
pub fn is_chrome_line(line: &str) -> bool {
    let lower = line
        .trim()
        .trim_end_matches([':', '.', '!', '\u{2026}'])
        .to_lowercase();
    if lower.is_empty() {
        return false;
    }
    if lower.starts_with('\u{a9}') || lower.starts_with("copyright ") {
        return true;
    }
    let words = lower.split_whitespace().count();
    if words <= 5 && CHROME_PHRASES.iter().any(|p| phrase_matches(&lower, p)) {
        return true;
    }
    words <= 40
        && NOTICE_WORDS
            .iter()
            .any(|w| lower.split(|c: char| !c.is_alphanumeric()).any(|t| t == *w))
}

/// True when `line` is the phrase itself, or the phrase followed by a separator.
fn phrase_matches(line: &str, phrase: &str) -> bool {
    line == phrase
        || line
            .strip_prefix(phrase)
            .is_some_and(|rest| rest.starts_with([' ', ':', '|', '-', '\u{2013}', '\u{2014}']))
}

/// Does a run of list items look like a menu: several items, all short, none a sentence?
pub fn is_menu_like(items: &[&str]) -> bool {
    items.len() >= 3
        && items.iter().all(|item| {
            let words = item.split_whitespace().count();
            words <= 6 && !super::lines::ends_sentence(item)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_phrases_on_their_own() {
        assert!(is_chrome_line("Recently Added"));
        assert!(is_chrome_line("Categories"));
        assert!(is_chrome_line("Share this:"));
        assert!(is_chrome_line("Related posts"));
        assert!(is_chrome_line("Advertisement"));
        assert!(is_chrome_line("\u{a9} 2024 Example News"));
        assert!(is_chrome_line(
            "We use cookies to improve your experience. Accept all"
        ));
    }

    #[test]
    fn article_lines_are_not_chrome() {
        assert!(!is_chrome_line("A Partnership Born from War"));
        assert!(!is_chrome_line("Share prices fell sharply on Monday"));
        assert!(!is_chrome_line("Home Truths About the Housing Market"));
        assert!(!is_chrome_line("Next Stop: Donbas?"));
    }

    #[test]
    fn menus_versus_lists() {
        assert!(is_menu_like(&["Blog", "Education", "Sport And Fitness"]));
        assert!(!is_menu_like(&["Blog", "Education"]));
        assert!(!is_menu_like(&[
            "Workers slept in containers.",
            "Pay was withheld.",
            "Phones were banned."
        ]));
    }
}
