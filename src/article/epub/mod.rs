//! EPUB reader: the spine's content documents in order, through the HTML reader's
//! structure (not its main-content guessing: in a book everything in the spine is
//! content), headed by the table of contents where a document has no heading of its
//! own; title, author, language and identifier from the package metadata.

mod nav;
mod package;
mod pls;
mod xhtml;

use super::assemble::shift_levels;
use super::html;
use super::model::{Article, Block, Section};
use super::zipped::Container;
use crate::error::ReadError;

/// Read an EPUB from its bytes, unpacking at most `limit` bytes. `lang` is used when
/// the book does not say; `fallback_title` when it has no title.
///
/// Long because the spine loop gathers what the metadata step then needs (document
/// language, subtitle, formulas left unsaid), and each metadata field has its fallback.
pub fn read_epub(
    bytes: &[u8],
    limit: u64,
    lang: &str,
    fallback_title: &str,
) -> Result<Article, ReadError> {
    let mut zip = Container::open(bytes, "EPUB", limit)?;
    let pkg = package::read(&mut zip)?;
    package::check_encryption(&mut zip, &pkg)?;
    let mut article = Article::new("", "");
    let toc = nav::read(&mut zip, &pkg, &mut article.warnings)?;
    let mut doc_lang = None;
    let mut unread_formulas = 0;
    let mut subtitle = None;
    // The book's lexicons first, then the ssml:ph of its text: the more particular wins.
    article.pronunciations = lexicons(&mut zip, &pkg, &mut article.warnings)?;
    let mut spans_said = Vec::new();
    for id in &pkg.spine {
        let Some(item) = pkg.items.get(id) else {
            article
                .warnings
                .push(format!("the spine names {id:?}, which the manifest lacks"));
            continue;
        };
        if !matches!(
            item.media_type.as_str(),
            "application/xhtml+xml" | "text/html"
        ) {
            article.warnings.push(format!(
                "{} ({}) is not a text document; skipped",
                item.part, item.media_type
            ));
            continue;
        }
        let Some(text) = zip.text(&item.part)? else {
            return Err(ReadError::Damaged(
                "EPUB",
                format!("{} (in the spine) is missing", item.part),
            ));
        };
        let doc = html::read_book_document(&xhtml::expand_self_closing(&text));
        doc_lang = doc_lang.or(doc.lang);
        spans_said.extend(doc.pronunciations);
        subtitle = subtitle.or(doc.subtitle);
        unread_formulas += doc.unread_formulas;
        let entry = toc
            .get(&item.part)
            .filter(|e| pkg.title.as_ref() != Some(&e.label));
        append(&mut article, doc.content, entry);
    }
    article.pronunciations.append(&mut spans_said);
    if unread_formulas > 0 {
        article.warnings.push(format!(
            "{unread_formulas} MathML formula(s) have no alttext and are left unsaid"
        ));
    }
    article.title = pkg
        .title
        .clone()
        .or_else(|| article.sections.first().map(|s| s.heading.clone()))
        .unwrap_or_else(|| fallback_title.to_string());
    // A first heading that only repeats the book's title (a title page's h1) heads nothing.
    if article.sections.first().is_some_and(|s| {
        s.blocks.is_empty() && s.heading.to_lowercase() == article.title.to_lowercase()
    }) {
        article.sections.remove(0);
    }
    shift_levels(&mut article.sections);
    if pkg.title.is_none() {
        article
            .warnings
            .push("the package metadata has no dc:title".into());
    }
    article.deck = pkg.subtitle.clone().or(subtitle);
    // "Unknown author" is what a writer (altformat among them) puts for none.
    let creators: Vec<&str> = pkg
        .creators
        .iter()
        .map(String::as_str)
        .filter(|c| !matches!(c.to_lowercase().as_str(), "unknown" | "unknown author"))
        .collect();
    article.byline = (!creators.is_empty()).then(|| creators.join(", "));
    article.lang = pkg
        .lang
        .clone()
        .or(doc_lang)
        .unwrap_or_else(|| lang.to_string());
    article.identifier = pkg.identifier.clone();
    article.date = pkg.date.clone();
    article.source = pkg.publisher.clone();
    article.assign_ids();
    if article.word_count() == 0 {
        return Err(ReadError::NoText);
    }
    Ok(article)
}

/// The pronunciations of every PLS lexicon in the manifest, in manifest order.
fn lexicons(
    zip: &mut Container,
    pkg: &package::Package,
    warnings: &mut Vec<String>,
) -> Result<Vec<super::Pronunciation>, ReadError> {
    let mut out = Vec::new();
    for item in pkg
        .items
        .values()
        .filter(|i| i.media_type == "application/pls+xml")
    {
        let Some(text) = zip.text(&item.part)? else {
            warnings.push(format!("the lexicon {} is missing; not used", item.part));
            continue;
        };
        match pls::read(&text) {
            Ok((mut said, other_alphabet)) => {
                if other_alphabet > 0 {
                    warnings.push(format!(
                        "{other_alphabet} entries of the lexicon {} are not in IPA; not used",
                        item.part
                    ));
                }
                out.append(&mut said);
            }
            Err(e) => warnings.push(format!(
                "the lexicon {} is not well-formed XML ({e}); not used",
                item.part
            )),
        }
    }
    Ok(out)
}

/// Add one content document's blocks and sections to the book. Blocks before its
/// first heading go under the table of contents' `entry` for it when there is one,
/// else they continue the section before.
fn append(book: &mut Article, doc: Article, entry: Option<&nav::Entry>) {
    let mut lead: Vec<Block> = doc.lead;
    if !lead.is_empty()
        && let Some(entry) = entry
    {
        book.sections.push(Section {
            id: String::new(),
            heading: entry.label.clone(),
            level: (entry.depth + 1).clamp(2, 6),
            blocks: std::mem::take(&mut lead),
        });
    }
    match book.sections.last_mut() {
        Some(last) => last.blocks.append(&mut lead),
        None => book.lead.append(&mut lead),
    }
    book.sections.extend(doc.sections);
}

#[cfg(test)]
mod tests;
