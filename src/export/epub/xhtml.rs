//! The content documents: a title page (with the lead) and one document per section.

use super::escape::escape;
use super::inline::{self, Sentence};
use crate::article::{Article, Block};
use crate::narration::Narration;
use crate::speech::script::{OPENING, Script};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// One XHTML content document of the book.
#[derive(Debug, Clone)]
pub struct Doc {
    /// File name inside the package folder (`00-opening.xhtml`).
    pub file: String,
    /// The narration chapter it matches: `opening` or the section id.
    pub chapter: String,
    /// Label for the table of contents.
    pub label: String,
    /// 1 for the title page, else the section's heading level.
    pub level: u8,
    /// The whole document.
    pub xhtml: String,
    /// What its `<body>` holds (the web page puts these one after another).
    pub body: String,
    /// Ids of the elements a narration clip may point at, in reading order.
    pub ids: Vec<String>,
    /// Id of the element that holds the whole content (for a SMIL `epub:textref`).
    pub root: String,
}

/// Everything a page needs besides its body.
pub struct PageInfo<'a> {
    /// Language tag for `lang` and `xml:lang`.
    pub lang: &'a str,
    /// Link the stylesheet.
    pub css: bool,
    /// Words to put in spans of their own, for word-by-word highlighting.
    pub words: Option<&'a Words>,
}

/// The timed words of each utterance, by utterance id: each word's span id
/// ([`word_id`]) and byte range in the utterance's displayed text.
pub type Words = BTreeMap<String, Vec<(String, Range<usize>)>>;

/// The id of the span of word `n` (from 0) of utterance `utterance`.
pub fn word_id(utterance: &str, n: usize) -> String {
    format!("{utterance}-w{}", n + 1)
}

/// The words `narration` timed, for the utterances of `script`.
pub fn timed_words(script: &Script, narration: &Narration) -> Words {
    let display: HashMap<&str, &str> = script
        .utterances()
        .map(|u| (u.id.as_str(), u.display.as_str()))
        .collect();
    let mut words = Words::new();
    for clip in narration.tracks.iter().flat_map(|t| &t.clips) {
        let Some(text) = display
            .get(clip.id.as_str())
            .filter(|_| !clip.words.is_empty())
        else {
            continue;
        };
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        let spans = clip
            .words
            .iter()
            .enumerate()
            .filter_map(|(n, w)| {
                let range = *bytes.get(w.range[0])?..*bytes.get(w.range[1])?;
                Some((word_id(&clip.id, n), range))
            })
            .collect();
        words.insert(clip.id.clone(), spans);
    }
    words
}

/// The spans of utterance `id`'s words, shifted by `offset` bytes.
fn spans_of<'w>(words: Option<&'w Words>, id: &str, offset: usize) -> Vec<(&'w str, Range<usize>)> {
    words
        .and_then(|w| w.get(id))
        .into_iter()
        .flatten()
        .map(|(wid, r)| (wid.as_str(), r.start + offset..r.end + offset))
        .collect()
}

/// Build the documents of an article in reading order.
pub fn documents(article: &Article, script: &Script, info: &PageInfo) -> Vec<Doc> {
    let sentences = by_paragraph(script, info.words);
    let mut docs = vec![title_page(article, &sentences, info)];
    for (i, section) in article.sections.iter().enumerate() {
        let mut ids = Vec::new();
        let label = non_empty(&section.heading, &format!("Section {}", i + 1));
        let level = section.level.clamp(2, 6);
        let heading_id = format!("{}-heading", section.id);
        ids.push(heading_id.clone());
        let heading = inline::plain(&label, &spans_of(info.words, &heading_id, 0), &mut ids);
        let mut body = format!(
            "<section epub:type=\"chapter\" role=\"doc-chapter\" id=\"{id}\" aria-labelledby=\"{hid}\">\n\
             <h{level} id=\"{hid}\">{label}</h{level}>\n",
            id = escape(&section.id),
            hid = escape(&heading_id),
            label = heading,
        );
        body.push_str(&blocks(&section.blocks, &sentences, &mut ids));
        body.push_str("</section>\n");
        docs.push(Doc {
            file: format!("{:02}-{}.xhtml", i + 1, section.id),
            chapter: section.id.clone(),
            xhtml: page(info, &label, &body, None),
            body,
            label,
            level,
            ids,
            root: section.id.clone(),
        });
    }
    docs
}

fn title_page(
    article: &Article,
    sentences: &BTreeMap<&str, Vec<Sentence>>,
    info: &PageInfo,
) -> Doc {
    let title = non_empty(&article.title, "Untitled article");
    let mut ids = vec!["title".to_string()];
    let mut body = format!(
        "<header epub:type=\"titlepage\">\n<h1 id=\"title\">{}</h1>\n",
        inline::plain(&title, &spans_of(info.words, "title", 0), &mut ids)
    );
    if let Some(deck) = article.deck.as_deref().filter(|d| !d.trim().is_empty()) {
        ids.push("deck".into());
        body.push_str(&format!(
            "<p class=\"deck\" id=\"deck\">{}</p>\n",
            inline::plain(deck, &spans_of(info.words, "deck", 0), &mut ids)
        ));
    }
    let about = [
        ("byline", &article.byline),
        ("source", &article.source),
        ("date", &article.date),
    ];
    for (class, value) in about {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            body.push_str(&format!("<p class=\"{class}\">{}</p>\n", escape(v)));
        }
    }
    body.push_str("</header>\n");
    body.push_str(&blocks(&article.lead, sentences, &mut ids));
    Doc {
        file: format!("00-{OPENING}.xhtml"),
        chapter: OPENING.into(),
        xhtml: page(info, &title, &body, Some(OPENING)),
        body,
        label: title,
        level: 1,
        ids,
        root: OPENING.into(),
    }
}

/// Paragraphs, lists and quotes with their sentence spans.
pub(crate) fn blocks(
    blocks: &[Block],
    sentences: &BTreeMap<&str, Vec<Sentence>>,
    ids: &mut Vec<String>,
) -> String {
    let mut out = String::new();
    let para = |p: &crate::article::Paragraph, tag: &str, ids: &mut Vec<String>| {
        let s = sentences.get(p.id.as_str()).map_or(&[][..], |v| v);
        format!(
            "<{tag} id=\"{}\">{}</{tag}>\n",
            escape(&p.id),
            inline::render(p, s, ids)
        )
    };
    for block in blocks {
        match block {
            Block::Paragraph(p) => out.push_str(&para(p, "p", ids)),
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                out.push_str(&format!("<{tag}>\n"));
                for item in items {
                    out.push_str(&para(item, "li", ids));
                }
                out.push_str(&format!("</{tag}>\n"));
            }
            Block::Quote { paragraphs } => {
                out.push_str("<blockquote>\n");
                for p in paragraphs {
                    out.push_str(&para(p, "p", ids));
                }
                out.push_str("</blockquote>\n");
            }
            Block::Code { lang, code } => {
                // The id is on the `code` element, which holds the sentence spans.
                let class = lang.as_ref().map_or(String::new(), |l| {
                    format!(" class=\"language-{}\"", escape(&class_word(l)))
                });
                let inner = para(code, "code", ids);
                out.push_str(&format!(
                    "<pre>{}</pre>\n",
                    inner
                        .trim_end()
                        .replacen("<code", &format!("<code{class}"), 1)
                ));
            }
            Block::Table { .. } => table(block, &para, ids, &mut out),
        }
    }
    out
}

/// A table: header rows in `thead` with `th scope="col"`, the rest in `tbody` (row
/// headers as `th scope="row"`).
fn table(
    block: &Block,
    para: &dyn Fn(&crate::article::Paragraph, &str, &mut Vec<String>) -> String,
    ids: &mut Vec<String>,
    out: &mut String,
) {
    out.push_str("<table>\n");
    let row_headers = block.row_headers();
    let mut open: Option<&str> = None;
    for (header, row) in block.rows() {
        let group = if header { "thead" } else { "tbody" };
        if open != Some(group) {
            if let Some(g) = open {
                out.push_str(&format!("</{g}>\n"));
            }
            out.push_str(&format!("<{group}>\n"));
            open = Some(group);
        }
        out.push_str("<tr>\n");
        for (i, cell) in row.iter().enumerate() {
            let html = if header {
                para(cell, "th", ids).replacen("<th", "<th scope=\"col\"", 1)
            } else if i < row_headers {
                para(cell, "th", ids).replacen("<th", "<th scope=\"row\"", 1)
            } else {
                para(cell, "td", ids)
            };
            out.push_str(&html);
        }
        out.push_str("</tr>\n");
    }
    if let Some(g) = open {
        out.push_str(&format!("</{g}>\n"));
    }
    out.push_str("</table>\n");
}

/// A language name as one class word: letters, digits, `-`, `+` and `#` kept.
fn class_word(lang: &str) -> String {
    lang.chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '+' | '#' | '_'))
        .collect()
}

/// Sentences of each paragraph, from the speech script, with their timed `words`.
pub(crate) fn by_paragraph<'a>(
    script: &'a Script,
    words: Option<&'a Words>,
) -> BTreeMap<&'a str, Vec<Sentence<'a>>> {
    let mut map: BTreeMap<&str, Vec<Sentence>> = BTreeMap::new();
    for u in script.utterances() {
        if let (Some(p), Some(r)) = (&u.paragraph, &u.range) {
            map.entry(p.as_str()).or_default().push(Sentence {
                id: &u.id,
                range: r.clone(),
                // A sentence's display is its paragraph's text over `range`.
                words: spans_of(words, &u.id, r.start),
            });
        }
    }
    map
}

/// `text`, or `fallback` when nothing visible would be left after escaping.
pub fn non_empty(text: &str, fallback: &str) -> String {
    if escape(text).trim().is_empty() {
        fallback.to_string()
    } else {
        text.to_string()
    }
}

/// A complete XHTML document around `body`, the `<body>` element having `body_id`.
pub fn page(info: &PageInfo, title: &str, body: &str, body_id: Option<&str>) -> String {
    let body_id = body_id.map_or(String::new(), |id| format!(" id=\"{}\"", escape(id)));
    let css = if info.css {
        "<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n"
    } else {
        ""
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<title>{title}</title>\n{css}</head>\n\
         <body{body_id}>\n{body}</body>\n</html>\n",
        lang = escape(info.lang),
        title = escape(title),
    )
}
