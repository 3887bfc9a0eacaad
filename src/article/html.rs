//! HTML reader. First version: title, h2/h3 sections and paragraphs only.
//! (Main-content detection and chrome removal are being built out; see issue 2.)

use super::assemble::Assembler;
use super::model::{Article, Block, Paragraph};
use crate::error::ReadError;
use scraper::{Html, Selector};

/// Read an HTML page.
pub fn read_html(
    text: &str,
    lang: &str,
    fallback_title: &str,
    _keep_chrome: bool,
) -> Result<Article, ReadError> {
    let doc = Html::parse_document(text);
    let sel = |s: &str| Selector::parse(s).expect("static selector");
    let title = doc
        .select(&sel("h1"))
        .next()
        .or_else(|| doc.select(&sel("title")).next())
        .map(|e| e.text().collect::<String>())
        .unwrap_or_else(|| fallback_title.to_string());
    let lang = doc
        .select(&sel("html"))
        .next()
        .and_then(|e| e.value().attr("lang"))
        .unwrap_or(lang)
        .to_string();
    let mut asm = Assembler::new(title, lang);
    for el in doc.select(&sel("h2, h3, p")) {
        let text: String = el.text().collect();
        match el.value().name() {
            "h2" => asm.heading(&text, 2),
            "h3" => asm.heading(&text, 3),
            _ => asm.block(Block::Paragraph(Paragraph::plain(
                super::assemble::collapse(&text),
            ))),
        }
    }
    let article = asm.finish();
    if article.word_count() == 0 {
        return Err(ReadError::NoText);
    }
    Ok(article)
}
