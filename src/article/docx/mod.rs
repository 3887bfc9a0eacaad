//! Word reader (`.docx`): the main document's body through its styles and
//! numbering, footnotes and endnotes gathered into a closing "Notes" section, the
//! title from the Title style (else the core properties, else the first heading).
//! Headers, footers, comments, tracked deletions and field codes are never read.

mod body;
mod inline;
mod styles;
mod table;
mod xml;

use super::assemble::{Assembler, shift_levels};
use super::model::{Article, Block, Paragraph, Section};
use super::zipped::{Container, OLE_MAGIC, parse_xml, resolve};
use crate::error::ReadError;
use inline::{Context, NoteKind, Spans};
use std::collections::BTreeMap;
use xml::{attr, local};

const KIND: &str = "Word document";

/// Read a Word document from its bytes, unpacking at most `limit` bytes. `lang` is
/// used when the document does not say; `fallback_title` when it has no title.
///
/// Long because it reads the package's parts in the order they depend on each other
/// (styles and links before the body, the body before its notes); each step is a call.
pub fn read_docx(
    bytes: &[u8],
    limit: u64,
    lang: &str,
    fallback_title: &str,
) -> Result<Article, ReadError> {
    // Word writes a password-protected document as an encrypted OLE container.
    if bytes.starts_with(OLE_MAGIC) {
        return Err(ReadError::Protected(KIND));
    }
    let mut zip = Container::open(bytes, KIND, limit)?;
    let main = main_part(&mut zip)?;
    let text = zip.required(&main)?;
    let doc = parse_xml(&text).map_err(|e| zip.bad_xml(&main, &e))?;
    let styles = match zip.text("word/styles.xml")? {
        Some(t) => {
            styles::Styles::read(&parse_xml(&t).map_err(|e| zip.bad_xml("word/styles.xml", &e))?)
        }
        None => styles::Styles::default(),
    };
    let numbering = match zip.text("word/numbering.xml")? {
        Some(t) => styles::Numbering::read(
            &parse_xml(&t).map_err(|e| zip.bad_xml("word/numbering.xml", &e))?,
        ),
        None => styles::Numbering::default(),
    };
    let links = relationships(&mut zip, &main)?;
    let mut notes = Vec::new();
    let mut cx = Context {
        styles: &styles,
        links: &links,
        notes: &mut notes,
        unread_formulas: 0,
    };
    let mut asm = Assembler::new("", lang);
    let body_node = doc
        .root_element()
        .children()
        .find(|n| local(n) == "body")
        .ok_or_else(|| ReadError::Damaged(KIND, format!("{main} has no body")))?;
    let mut reader = body::Body::new(&styles, &numbering, &mut cx);
    reader.read(body_node, &mut asm);
    reader.close(&mut asm);
    let front = std::mem::take(&mut reader.front);
    let unread = cx.unread_formulas;
    let mut article = asm.finish();
    let core = core_properties(&mut zip)?;
    finish_metadata(&mut article, front, core, fallback_title);
    shift_levels(&mut article.sections);
    let note_blocks = read_notes(&mut zip, &styles, &notes)?;
    if !note_blocks.is_empty() {
        article.sections.push(Section {
            id: String::new(),
            heading: "Notes".into(),
            level: 2,
            blocks: note_blocks,
        });
    }
    article.lang = styles
        .lang
        .clone()
        .or_else(|| settings_lang(&mut zip).ok().flatten())
        .unwrap_or_else(|| lang.to_string());
    if unread > 0 {
        article.warnings.push(format!(
            "{unread} equation(s) have no text alternative and are left unsaid"
        ));
    }
    article.assign_ids();
    if article.word_count() == 0 {
        return Err(ReadError::NoText);
    }
    Ok(article)
}

/// The main document's part name, from the package relationships.
fn main_part(zip: &mut Container) -> Result<String, ReadError> {
    let default = "word/document.xml".to_string();
    let Some(rels) = zip.text("_rels/.rels")? else {
        return Ok(default);
    };
    let doc = parse_xml(&rels).map_err(|e| zip.bad_xml("_rels/.rels", &e))?;
    let target = doc
        .descendants()
        .filter(|n| local(n) == "Relationship")
        .find(|n| attr(n, "Type").is_some_and(|t| t.ends_with("/officeDocument")))
        .and_then(|n| attr(&n, "Target"))
        .map(|t| resolve("", t));
    Ok(target.unwrap_or(default))
}

/// The external hyperlink targets of `part` (its `_rels/<name>.rels`): id -> URL.
fn relationships(zip: &mut Container, part: &str) -> Result<BTreeMap<String, String>, ReadError> {
    let (dir, name) = part.rsplit_once('/').unwrap_or(("", part));
    let rels_name = format!("{dir}/_rels/{name}.rels")
        .trim_start_matches('/')
        .to_string();
    let Some(text) = zip.text(&rels_name)? else {
        return Ok(BTreeMap::new());
    };
    let doc = parse_xml(&text).map_err(|e| zip.bad_xml(&rels_name, &e))?;
    Ok(doc
        .descendants()
        .filter(|n| local(n) == "Relationship" && attr(n, "TargetMode") == Some("External"))
        .filter_map(|n| Some((attr(&n, "Id")?.to_string(), attr(&n, "Target")?.to_string())))
        .collect())
}

/// The notes referenced in the text, in the order referenced, as one numbered list
/// (item n is the note marked `[n]`).
///
/// Long because each note is found in its part and read with that part's own links, in
/// one loop that keeps the parsed parts borrowed.
fn read_notes(
    zip: &mut Container,
    styles: &styles::Styles,
    refs: &[(NoteKind, String)],
) -> Result<Vec<Block>, ReadError> {
    let mut parts: BTreeMap<NoteKind, (String, BTreeMap<String, String>)> = BTreeMap::new();
    for (kind, name) in [
        (NoteKind::Foot, "word/footnotes.xml"),
        (NoteKind::End, "word/endnotes.xml"),
    ] {
        if refs.iter().any(|(k, _)| *k == kind)
            && let Some(text) = zip.text(name)?
        {
            parts.insert(kind, (text, relationships(zip, name)?));
        }
    }
    let mut items = Vec::new();
    let mut inner = Vec::new(); // references inside notes are not followed
    for (kind, id) in refs {
        let Some((text, links)) = parts.get(kind) else {
            continue;
        };
        let name = if *kind == NoteKind::Foot {
            "footnotes"
        } else {
            "endnotes"
        };
        let doc = parse_xml(text).map_err(|e| zip.bad_xml(&format!("word/{name}.xml"), &e))?;
        let Some(note) = doc
            .root_element()
            .children()
            .find(|n| attr(n, "id") == Some(id))
        else {
            continue;
        };
        let mut cx = Context {
            styles,
            links,
            notes: &mut inner,
            unread_formulas: 0,
        };
        let mut spans = Vec::new();
        for p in note.children().filter(|n| local(n) == "p") {
            let mut s = Spans::new(&mut cx);
            s.read(p);
            let s = s.finish();
            if !spans.is_empty() && !s.is_empty() {
                spans.push(crate::article::model::Span::plain(" "));
            }
            spans.extend(s);
        }
        if spans.is_empty() {
            spans.push(crate::article::model::Span::plain("(empty note)"));
        }
        items.push(Paragraph {
            id: String::new(),
            spans,
        });
    }
    Ok(if items.is_empty() {
        Vec::new()
    } else {
        vec![Block::List {
            ordered: true,
            items,
        }]
    })
}

/// `docProps/core.xml`: title, creator, language.
#[derive(Debug, Default)]
struct Core {
    title: Option<String>,
    creator: Option<String>,
}

fn core_properties(zip: &mut Container) -> Result<Core, ReadError> {
    let name = "docProps/core.xml";
    let Some(text) = zip.text(name)? else {
        return Ok(Core::default());
    };
    let doc = parse_xml(&text).map_err(|e| zip.bad_xml(name, &e))?;
    let field = |tag: &str| {
        doc.descendants()
            .find(|n| local(n) == tag)
            .and_then(|n| n.text())
            .map(crate::article::assemble::collapse)
            .filter(|t| !t.is_empty())
    };
    Ok(Core {
        title: field("title"),
        creator: field("creator"),
    })
}

/// The language the settings give for the document's text, if any.
fn settings_lang(zip: &mut Container) -> Result<Option<String>, ReadError> {
    let Some(text) = zip.text("word/settings.xml")? else {
        return Ok(None);
    };
    let Ok(doc) = parse_xml(&text) else {
        return Ok(None);
    };
    Ok(doc
        .descendants()
        .find(|n| local(n) == "themeFontLang")
        .and_then(|n| attr(&n, "val"))
        .map(str::to_string))
}

/// Title (Title style, else core title, else the first heading), deck, byline, date.
fn finish_metadata(article: &mut Article, front: body::Front, core: Core, fallback: &str) {
    article.title = match front.title.or(core.title) {
        Some(title) => title,
        None if !article.sections.is_empty() => {
            let first = article.sections.remove(0);
            article.lead.extend(first.blocks);
            first.heading
        }
        None => {
            article.warnings.push(
                "no title found (no Title style, core title or heading); the file name is used"
                    .into(),
            );
            fallback.to_string()
        }
    };
    article.deck = front.subtitle;
    article.byline = front.author.or(core.creator);
    article.date = front.date;
}

#[cfg(test)]
mod tests;
