//! The text content document (`content.html`, XHTML 1.0 Strict): the title page, the
//! lead and every section, every sentence a `<span>` with its speech-script id.

use super::Book;
use crate::export::epub::escape;
use crate::export::epub::xhtml::{blocks, by_paragraph, non_empty};

/// File name of the content document.
pub const FILE: &str = "content.html";

/// The document and the ids of the elements narration clips may point at.
pub fn document(book: &Book) -> (String, Vec<String>) {
    let article = book.article;
    let sentences = by_paragraph(book.script, None);
    let mut ids = vec!["title".to_string()];
    let mut body = format!("<h1 id=\"title\">{}</h1>\n", escape(&book.title));
    if let Some(deck) = article.deck.as_deref().filter(|d| !d.trim().is_empty()) {
        body.push_str(&format!("<p id=\"deck\">{}</p>\n", escape(deck)));
        ids.push("deck".into());
    }
    for value in [&article.byline, &article.source, &article.date] {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            body.push_str(&format!("<p>{}</p>\n", escape(v)));
        }
    }
    body.push_str(&blocks(&article.lead, &sentences, &mut ids));
    for (section, level) in article.sections.iter().zip(&book.levels) {
        let id = format!("{}-heading", section.id);
        let label = non_empty(&section.heading, "Section");
        body.push_str(&format!(
            "<h{level} id=\"{}\">{}</h{level}>\n",
            escape(&id),
            escape(&label)
        ));
        ids.push(id);
        body.push_str(&blocks(&section.blocks, &sentences, &mut ids));
    }
    (page(book, &book.title, "", &body), ids)
}

/// An XHTML 1.0 Strict document (the DTD DAISY 2.02 names) around `body`.
pub fn page(book: &Book, title: &str, head: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \
         \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"{lang}\" xml:lang=\"{lang}\">\n\
         <head>\n<meta http-equiv=\"Content-type\" content=\"text/html; charset=utf-8\"/>\n\
         <title>{title}</title>\n{head}</head>\n<body>\n{body}</body>\n</html>\n",
        lang = escape(&book.lang),
        title = escape(title),
    )
}
