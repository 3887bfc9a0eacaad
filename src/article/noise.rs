//! Lines that are not article text however they are marked up: datelines and bylines,
//! picture credits and placeholders, promotions, and the labels of page widgets.
//!
//! Both readers use these: the HTML reader to drop such paragraphs from the body, the
//! plain-text reader so that such a line never becomes a heading. Each test looks at
//! one line alone and errs on the side of keeping text: a line must be short and
//! match a shape that prose does not have.

/// What kind of non-article line this is, as reported among the dropped lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noise {
    /// "Updated 5:27 am CST, Wednesday, November 20, 2019", "18 Nov 2019, 19:09".
    Date,
    /// "By Tess Bonn - 11/19/19", "Associated Press".
    Byline,
    /// "Photo: Hau Dinh, AP", "(Image: NASA/ESA)", "Image copyright Getty Images", "Image".
    Credit,
    /// "Subscribe to our newsletter", "Click here to get the app".
    Promo,
    /// Widget labels: "Close", "Next", "1 - 5 of 36", "438.3K", "arrow_forward_ios".
    Widget,
}

impl Noise {
    /// The label under which the line is reported.
    pub fn label(self) -> &'static str {
        match self {
            Noise::Date => "date",
            Noise::Byline => "byline",
            Noise::Credit => "picture credit",
            Noise::Promo => "promotion",
            Noise::Widget => "page widget",
        }
    }
}

/// Month names, in English, as datelines write them.
#[rustfmt::skip] // one word per line would hide the list
const MONTHS: &[&str] = &[
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
    "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
    "november", "dec", "december",
];

/// Other words of datelines: weekdays, times, zones, "updated".
#[rustfmt::skip] // one word per line would hide the list
const DATE_WORDS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "am", "pm", "a.m",
    "p.m", "est", "edt", "cst", "cdt", "pst", "pdt", "gmt", "bst", "utc", "et", "pt", "ist",
    "updated", "published", "posted", "last", "modified", "on", "at", "first", "ago", "hours",
    "hour", "minutes", "min", "mins", "days", "day", "yesterday", "today", "de", "às",
];

/// Openings of a picture credit or caption label.
#[rustfmt::skip] // one word per line would hide the list
const CREDIT_OPENINGS: &[&str] = &[
    "photo:", "photos:", "photo by", "photograph:", "image:", "image by", "images:",
    "picture:", "pictures:", "credit:", "credits:", "image copyright", "image caption",
    "media caption", "copyright", "source:", "illustration:", "video:", "graphic:",
    "(photo", "(image", "(credit", "(picture", "(illustration", "(getty", "(ap photo",
    "(reuters", "image source", "getty images", "photo credit", "foto:", "courtesy ",
    "provided by ",
];

/// Agencies whose name ends a picture credit ("Alex Wong | Getty Images",
/// "Al Goldis, Associated Press").
const AGENCY_ENDINGS: &[&str] = &[
    "getty images",
    "associated press",
    "ap photo",
    "reuters",
    "afp",
    "epa",
    "shutterstock",
    "alamy",
    "istock",
    "ap",
];

/// Openings of a page's labels for its own furniture, whatever follows them: tag lists,
/// word counts, "Filed under".
#[rustfmt::skip] // one word per line would hide the list
const LABEL_OPENINGS: &[&str] = &[
    "tags:", "tagged:", "topics:", "filed under", "in this article:", "wordcount:",
    "word count:", "permalink",
];

/// Words that a counter widget counts ("445 shares", "0 replies", "Shares").
#[rustfmt::skip] // one word per line would hide the list
const COUNTED: &[&str] = &[
    "shares", "share", "comments", "comment", "replies", "reply", "views", "likes", "reads",
];

/// Phrases of promotions for the publisher's other products, anywhere in a short paragraph.
#[rustfmt::skip] // one word per line would hide the list
const PROMO_PHRASES: &[&str] = &[
    "subscribe to", "sign up for", "sign up to", "our newsletter", "newsletters", "click here",
    "follow us on", "download the app", "get the app", "in your inbox", "like us on facebook",
    "on twitter @", "join the conversation", "support our journalism", "become a member",
    "already a subscriber", "sponsored content",
];

/// Openings of promotions and cross-links.
#[rustfmt::skip] // one word per line would hide the list
const PROMO_OPENINGS: &[&str] = &[
    "read more", "see also", "related:", "more:", "watch:", "listen:", "also read", "also see",
    "share this", "tell us what you think", "get access to", "recommended:", "read next",
];

/// Networks named by "Follow … on Twitter" lines.
const NETWORKS: &[&str] = &[
    "twitter",
    "facebook",
    "instagram",
    "youtube",
    "tiktok",
    "linkedin",
];

/// Single words that label page widgets when they stand alone.
#[rustfmt::skip] // one word per line would hide the list
const WIDGET_WORDS: &[&str] = &[
    "close", "next", "prev", "previous", "caption", "image", "photo", "video", "videos",
    "advert", "advertisement", "loading", "print", "email", "e-mail", "share", "tweet",
    "comments", "comment", "reply", "expand", "collapse", "more", "less", "false", "true",
    "undefined", "null", "play", "pause", "replay", "enlarge", "gallery", "menu", "toggle",
    "back", "top", "open", "highlights", "posts", "twitter", "facebook", "linkedin",
    "whatsapp", "pinterest", "reddit",
];

/// Longest caption, in words, recognised by its credit or its opening.
const CAPTION_MAX_WORDS: usize = 60;

/// A picture caption: one that ends with its credit ("… (Image: Getty)", "…Credit: EPA")
/// or opens as wire captions do ("In this Dec. 12, 2006, file photo, …").
fn is_caption(lower: &str) -> bool {
    let credit_end = lower.rfind('(').is_some_and(|open| {
        let inner = &lower[open + 1..];
        lower.ends_with(')')
            && [
                "image:", "photo:", "picture:", "credit:", "getty", "ap photo", "reuters",
            ]
            .iter()
            .any(|w| inner.trim_start().starts_with(w))
    });
    let credit_word = lower
        .rfind("credit:")
        .is_some_and(|at| lower[at..].split_whitespace().count() <= 8);
    let head: String = lower.chars().take(90).collect();
    let wire = lower.starts_with("in this ")
        && ["photo", "image", "picture", "handout"]
            .iter()
            .any(|w| head.contains(w));
    credit_end || credit_word || wire
}

/// Longest line, in words, that can be a dateline, byline or credit.
const SHORT: usize = 14;

/// Longest paragraph, in words, that a promotion phrase can take out.
const PROMO_MAX_WORDS: usize = 30;

/// What kind of non-article line `line` is, if it is one.
pub fn classify(line: &str) -> Option<Noise> {
    let t = line.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let lower = t.to_lowercase();
    if words.len() <= 10 && is_byline_line(t) {
        return Some(Noise::Byline);
    }
    if words.len() <= SHORT && is_date_line(&lower) {
        return Some(Noise::Date);
    }
    if is_widget(&lower, &words) {
        return Some(Noise::Widget);
    }
    let bracketed = t.starts_with('(') && t.ends_with(')');
    if words.len() <= CAPTION_MAX_WORDS && is_caption(&lower) {
        return Some(Noise::Credit);
    }
    if words.len() <= SHORT && (bracketed || CREDIT_OPENINGS.iter().any(|o| lower.starts_with(o))) {
        return Some(Noise::Credit);
    }
    let agency = AGENCY_ENDINGS.iter().any(|a| {
        lower
            .strip_suffix(a)
            .is_some_and(|rest| rest.trim_end().ends_with([',', '|', '/']))
    });
    // "Via SyndiGate.info", not "Via Appia": a source named by its web address.
    let via = lower
        .strip_prefix("via ")
        .is_some_and(|r| r.contains('.') && words.len() <= 3);
    let caption_label = lower.starts_with("image caption") || lower.starts_with("media caption");
    if via
        || (agency && words.len() <= SHORT)
        || (caption_label && words.len() <= CAPTION_MAX_WORDS)
    {
        return Some(Noise::Credit);
    }
    if words.len() <= PROMO_MAX_WORDS && LABEL_OPENINGS.iter().any(|o| lower.starts_with(o)) {
        return Some(Noise::Widget);
    }
    let follow = lower.starts_with("follow ") && NETWORKS.iter().any(|n| lower.contains(n));
    if words.len() <= PROMO_MAX_WORDS
        && (follow
            || PROMO_PHRASES.iter().any(|p| lower.contains(p))
            || PROMO_OPENINGS.iter().any(|p| lower.starts_with(p)))
    {
        return Some(Noise::Promo);
    }
    None
}

/// A widget label: a lone widget word, an icon name, a counter, or a pager line.
fn is_widget(lower: &str, words: &[&str]) -> bool {
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if words.len() == 1 && (WIDGET_WORDS.contains(&bare) || bare.contains('_')) {
        return true;
    }
    // A counter: "445 shares", "0shares", "34 Comments".
    let count =
        bare.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | 'k'));
    let counted = count.trim_start();
    if words.len() <= 2 && count.len() < bare.len() && COUNTED.contains(&counted) {
        return true;
    }
    if words.len() == 1 && COUNTED.contains(&bare) {
        return true;
    }
    // Only digits, signs and units ("438.3K", "-5.44%", "1 - 5 of 36", "\u{2022}"): no
    // more letters than digits, and no word of letters longer than one (but "of").
    let letter_words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && *w != "of")
        .collect();
    let letters: usize = letter_words.iter().map(|w| w.chars().count()).sum();
    let digits = lower.chars().filter(char::is_ascii_digit).count();
    let symbols = !lower.chars().any(char::is_alphanumeric);
    words.len() <= 6
        && (symbols || (digits > 0 && digits >= letters))
        && letter_words.iter().all(|w| w.chars().count() <= 1)
}

/// Mostly date and time words and numbers, with at least one number.
fn is_date_line(lower: &str) -> bool {
    let tokens: Vec<&str> = lower
        .split(|c: char| {
            c.is_whitespace()
                || matches!(c, ',' | '|' | '-' | '/' | '\u{2013}' | '\u{b7}' | '(' | ')')
        })
        .map(|w| w.trim_matches(|c: char| matches!(c, '.' | ':' | ',' | ';')))
        .filter(|w| !w.is_empty())
        .collect();
    let numeric = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
    let datey = tokens
        .iter()
        .filter(|w| numeric(w) || MONTHS.contains(w) || DATE_WORDS.contains(w))
        .count();
    let has_number = tokens.iter().any(|w| numeric(w));
    let has_month = tokens.iter().any(|w| MONTHS.contains(w));
    let all_numbers = tokens.len() >= 2 && tokens.iter().all(|w| numeric(w));
    let clock = tokens.iter().any(|w| w.contains(':'));
    // "Published 22 hours ago".
    let ago = tokens.last() == Some(&"ago");
    has_number && (has_month || clock || all_numbers || ago) && datey * 3 >= tokens.len() * 2
}

/// "By Name", "By Name and Name | date", or a wire-service credit line.
fn is_byline_line(t: &str) -> bool {
    let rest = ["By ", "BY ", "by "].iter().find_map(|p| t.strip_prefix(p));
    if let Some(rest) = rest {
        // A name: capitalised words, perhaps "and", then maybe a date or a bar.
        let name_words = rest
            .split_whitespace()
            .take_while(|w| !matches!(*w, "|" | "-" | "\u{2013}" | "\u{2014}" | "\u{b7}"))
            .filter(|w| !matches!(*w, "and" | "&" | "de" | "van" | "von"))
            .collect::<Vec<_>>();
        return !name_words.is_empty()
            && name_words.len() <= 6
            && name_words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    }
    let lower = t.to_lowercase();
    [
        "associated press",
        "the associated press",
        "reuters",
        "afp",
        "staff writer",
        "staff reports",
        "staff report",
    ]
    .iter()
    .any(|w| lower == *w || (lower.starts_with(w) && is_date_line(&lower[w.len()..])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        for line in [
            "Updated 5:27 am CST, Wednesday, November 20, 2019",
            "18 Nov 2019, 19:09",
            "Updated: 18 Nov 2019, 19:11",
            "Published November 20th, 2019 - 07:29 GMT",
            "First Published on Nov 20, 2019 01:38 pm",
            "November 18, 2019",
            "2018-08-16",
            "Published 22 hours ago",
        ] {
            assert_eq!(classify(line), Some(Noise::Date), "{line}");
        }
    }

    #[test]
    fn bylines_and_credits() {
        assert_eq!(
            classify("By Tess Bonn - 11/19/19 06:56 AM EST"),
            Some(Noise::Byline)
        );
        assert_eq!(
            classify("Associated Press November 19, 2019, 9:02 AM"),
            Some(Noise::Byline)
        );
        for line in [
            "Photo: Hau Dinh, AP",
            "(Image: \u{a9} NASA/ESA/K. Retherford/SWRI)",
            "Image copyright Getty Images",
            "(Jacquelyn Martin / Associated Press)",
            "Alex Wong | Getty Images",
            "Al Goldis, Associated Press",
            "Courtesy Google",
            "Via SyndiGate.info",
            "Provided by European Space Agency",
            "Image caption Scooter Braun has managed Justin Bieber's career since he was a teenager and the singer has been a vocal supporter of him",
        ] {
            assert_eq!(classify(line), Some(Noise::Credit), "{line}");
        }
    }

    #[test]
    fn promotions_and_widgets() {
        assert_eq!(
            classify(
                "Get the latest updates right in your inbox. Subscribe to NJ.com\u{2019}s newsletters."
            ),
            Some(Noise::Promo)
        );
        for line in [
            "Close",
            "arrow_forward_ios",
            "1 - 5 of 36",
            "438.3K",
            "-5.44%",
            "\u{2022}",
            "NEXT",
            "445 shares",
            "0shares",
            "Shares",
            "34 Comments",
            "Tags: ads, advertisement, awareness, meth, methamphetamine",
            "Filed under afghanistan , hostages , middle east",
            "Wordcount: 717",
        ] {
            assert_eq!(classify(line), Some(Noise::Widget), "{line}");
        }
    }

    #[test]
    fn article_text_is_not_noise() {
        for line in [
            "The council met on 12 March 2024 to vote on the budget.",
            "By the end of the war, the town had lost half its people.",
            "By 2030 the line will run to the coast.",
            "Hostage swap",
            "The plague in history",
            "Photographers gathered outside the court at dawn, waiting for the verdict to be read.",
            "In 2016, the department reported that the number of young users had doubled.",
            "May",
            "Via Appia",
            "The courtesy of strangers",
            "Comments from readers poured in after the story ran.",
            "Shares fell 5% on Monday.",
            "Reporting by phone from the front, she filed twice a day.",
        ] {
            assert_eq!(classify(line), None, "{line}");
        }
    }
}
