//! `index.html`: the article with its sentence ids, the player and the reading settings.
//!
//! Everything the page needs without JavaScript is in the markup: the article, a table
//! of contents and a list of the section MP3s to open. The player controls and the
//! settings are `hidden` until `player.js` runs and shows them.

use super::timeline::{self, Chapter};
use crate::article::Article;
use crate::export::epub::escape;
use crate::export::epub::xhtml::Doc;
use crate::speech::script::OPENING;

/// What the page shows besides the article's documents.
pub struct PageParts<'a> {
    /// The page language.
    pub lang: &'a str,
    /// The article's title.
    pub title: &'a str,
    /// The voice that reads it.
    pub voice: &'a str,
    /// Whether the hyperlegible font was copied.
    pub font: bool,
}

/// The whole page.
pub fn index(article: &Article, docs: &[Doc], chapters: &[Chapter], parts: &PageParts) -> String {
    let mut body = String::new();
    body.push_str("<a class=\"skip\" href=\"#article\">Skip to the article</a>\n");
    body.push_str(&contents(docs));
    body.push_str("<main id=\"article\" tabindex=\"-1\">\n<article>\n");
    for doc in docs {
        if doc.chapter == OPENING {
            // The title page has no wrapper of its own in the EPUB (its <body> has the id).
            body.push_str(&format!(
                "<div id=\"{}\" class=\"chapter\">\n{}</div>\n",
                escape(&doc.root),
                doc.body
            ));
        } else {
            body.push_str(&doc.body);
        }
    }
    body.push_str("</article>\n</main>\n");
    body.push_str(&player(chapters, parts));
    body.push_str(&format!(
        "<footer>\n<p>Made by altformat{}{}.</p>\n</footer>\n",
        article
            .source
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map_or(String::new(), |s| format!(" from {}", escape(s))),
        if chapters.is_empty() {
            String::new()
        } else {
            format!("; read by {}", escape(parts.voice))
        }
    ));
    body.push_str(&format!(
        "<script type=\"application/json\" id=\"timeline\">{}</script>\n",
        timeline::json(chapters)
    ));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n\
         <script src=\"player.js\" defer></script>\n</head>\n<body>\n{body}</body>\n</html>\n",
        lang = escape(parts.lang),
        title = escape(parts.title),
    )
}

/// The table of contents: the title page, then every section at its level.
fn contents(docs: &[Doc]) -> String {
    let mut out = String::from(
        "<nav id=\"contents\" aria-labelledby=\"contents-heading\">\n\
         <h2 id=\"contents-heading\">Contents</h2>\n<ol>\n",
    );
    for doc in docs {
        out.push_str(&format!(
            "<li class=\"level-{}\"><a href=\"#{}\">{}</a></li>\n",
            doc.level,
            escape(&doc.root),
            escape(&doc.label)
        ));
    }
    out.push_str("</ol>\n</nav>\n");
    out
}

/// The player: the section list (links to the MP3s, shown without JavaScript; a
/// progress bar each), the controls, the shortcuts and the settings.
fn player(chapters: &[Chapter], parts: &PageParts) -> String {
    if chapters.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<section id=\"player\" aria-labelledby=\"player-heading\">\n\
         <h2 id=\"player-heading\">Listen</h2>\n\
         <div id=\"controls\" hidden>\n\
         <p id=\"resume\" hidden><span id=\"resume-text\"></span> \
         <button type=\"button\" id=\"resume-yes\">Resume</button> \
         <button type=\"button\" id=\"resume-no\">Start over</button></p>\n\
         <div class=\"buttons\">\n\
         <button type=\"button\" id=\"prev-section\" aria-keyshortcuts=\"P\">Previous section</button>\n\
         <button type=\"button\" id=\"prev-sentence\" aria-keyshortcuts=\"J\">Previous sentence</button>\n\
         <button type=\"button\" id=\"play\" aria-keyshortcuts=\"K\">Play</button>\n\
         <button type=\"button\" id=\"next-sentence\" aria-keyshortcuts=\"L\">Next sentence</button>\n\
         <button type=\"button\" id=\"next-section\" aria-keyshortcuts=\"N\">Next section</button>\n\
         </div>\n\
         <p class=\"row\"><label for=\"speed\">Speed</label> \
         <input type=\"range\" id=\"speed\" min=\"0.5\" max=\"3\" step=\"0.25\" value=\"1\" \
         aria-keyshortcuts=\"Minus Equal\"> <output id=\"speed-value\" for=\"speed\">1x</output> \
         <span class=\"follow\"><input type=\"checkbox\" id=\"follow\" checked> \
         <label for=\"follow\">Follow along</label></span></p>\n\
         <p id=\"now\" class=\"row\"></p>\n\
         </div>\n<details id=\"sections\" open>\n\
         <summary>Sections (audio files)</summary>\n<ol id=\"tracks\">\n",
    );
    for (i, c) in chapters.iter().enumerate() {
        out.push_str(&format!(
            "<li><a href=\"{audio}\" type=\"audio/mpeg\">{title}</a> ({len}) \
             <progress id=\"progress-{i}\" max=\"{max}\" value=\"0\" aria-label=\"Heard of {title}\" hidden></progress></li>\n",
            audio = escape(&c.audio),
            title = escape(c.title),
            len = clock(c.duration),
            max = c.duration,
        ));
    }
    out.push_str("</ol>\n</details>\n");
    out.push_str(SHORTCUTS);
    out.push_str(&settings(parts.font));
    out.push_str("</section>\n");
    out
}

const SHORTCUTS: &str = "<details id=\"shortcuts\" hidden>\n<summary>Keyboard shortcuts</summary>\n\
<p>These keys work while the focus is in the player, so they never take keys from a screen reader \
reading the article.</p>\n<dl>\n\
<dt>K</dt><dd>play or pause</dd>\n<dt>J, L</dt><dd>previous, next sentence</dd>\n\
<dt>P, N</dt><dd>previous, next section</dd>\n<dt>Minus, Equals</dt><dd>slower, faster</dd>\n\
</dl>\n<p>Click a sentence, or press Enter on it, to play from there.</p>\n</details>\n";

fn settings(font: bool) -> String {
    let font = if font {
        "<p class=\"row\"><input type=\"checkbox\" id=\"font\"> \
         <label for=\"font\">Hyperlegible font (Atkinson Hyperlegible)</label></p>\n"
    } else {
        ""
    };
    format!(
        "<details id=\"settings\" hidden>\n<summary>Reading settings</summary>\n\
         <p class=\"row\"><label for=\"size\">Text size</label> <select id=\"size\">\
         <option value=\"1\">100%</option><option value=\"1.25\">125%</option>\
         <option value=\"1.5\">150%</option><option value=\"2\">200%</option>\
         <option value=\"2.5\">250%</option><option value=\"3\">300%</option></select></p>\n\
         <p class=\"row\"><label for=\"leading\">Line spacing</label> <select id=\"leading\">\
         <option value=\"1.5\">normal</option><option value=\"1.8\">wide</option>\
         <option value=\"2.2\">wider</option></select></p>\n{font}\
         <p class=\"row\"><label for=\"theme\">Colours</label> <select id=\"theme\">\
         <option value=\"\">as the system</option><option value=\"light\">light</option>\
         <option value=\"dark\">dark</option><option value=\"contrast\">high contrast</option>\
         </select></p>\n</details>\n"
    )
}

/// `m:ss` (or `h:mm:ss`) for the section list.
fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::clock;

    #[test]
    fn clock_values() {
        assert_eq!(clock(0.4), "0:00");
        assert_eq!(clock(61.6), "1:02");
        assert_eq!(clock(3723.0), "1:02:03");
    }
}
