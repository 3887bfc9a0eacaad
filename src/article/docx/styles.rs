//! What a paragraph's style makes it (`word/styles.xml`), and whether a numbered
//! paragraph is a bulleted or a numbered list (`word/numbering.xml`).

use super::xml::{attr, child, children, local};
use roxmltree::{Document, Node};
use std::collections::BTreeMap;

/// What a paragraph style stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The document's title.
    Title,
    /// The subtitle (the deck).
    Subtitle,
    /// The author line pandoc writes under the title.
    Author,
    /// The date line pandoc writes under the title.
    Date,
    /// A heading, 1 to 6.
    Heading(u8),
    /// A block quotation.
    Quote,
    /// A picture's caption.
    Caption,
    /// An entry or the heading of a table of contents (not content: the sections are).
    Toc,
    /// Running text.
    Body,
}

/// One style as written.
#[derive(Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    bold: bool,
    italic: bool,
}

/// The styles of a document.
#[derive(Debug, Default)]
pub struct Styles {
    styles: BTreeMap<String, Style>,
    /// The default language (`w:docDefaults`).
    pub lang: Option<String>,
}

impl Styles {
    /// Read `styles.xml`.
    pub fn read(doc: &Document) -> Styles {
        let mut out = Styles::default();
        let root = doc.root_element();
        out.lang = root
            .descendants()
            .find(|n| local(n) == "docDefaults")
            .and_then(|d| d.descendants().find(|n| local(n) == "lang"))
            .and_then(|l| attr(&l, "val"))
            .map(str::to_string);
        for s in children(&root, "style") {
            let Some(id) = attr(&s, "styleId") else {
                continue;
            };
            let ppr = child(&s, "pPr");
            let rpr = child(&s, "rPr");
            let style = Style {
                name: child(&s, "name")
                    .and_then(|n| attr(&n, "val"))
                    .unwrap_or(id)
                    .to_lowercase(),
                based_on: child(&s, "basedOn")
                    .and_then(|n| attr(&n, "val"))
                    .map(str::to_string),
                outline: ppr
                    .and_then(|p| child(&p, "outlineLvl"))
                    .and_then(|o| attr(&o, "val")?.parse().ok()),
                num_id: ppr
                    .and_then(|p| child(&p, "numPr"))
                    .and_then(|n| child(&n, "numId"))
                    .and_then(|n| attr(&n, "val"))
                    .map(str::to_string),
                bold: rpr.is_some_and(|r| on(r, "b")),
                italic: rpr.is_some_and(|r| on(r, "i")),
            };
            out.styles.insert(id.to_string(), style);
        }
        out
    }

    /// The role of paragraph style `id`, following `basedOn` (a style based on
    /// Heading 2 is a heading 2).
    pub fn role(&self, id: &str) -> Role {
        for style in self.chain(id) {
            if let Some(role) = role_by_name(&style.name) {
                return role;
            }
            if let Some(level) = style.outline.filter(|l| *l < 6) {
                return Role::Heading(level + 1);
            }
        }
        Role::Body
    }

    /// The list a paragraph style puts its paragraphs in (`List Bullet`), if any.
    pub fn num_id(&self, id: &str) -> Option<&str> {
        self.chain(id).find_map(|s| s.num_id.as_deref())
    }

    /// Bold and italic of character style `id`.
    pub fn char_format(&self, id: &str) -> (bool, bool) {
        self.chain(id)
            .fold((false, false), |(b, i), s| (b || s.bold, i || s.italic))
    }

    /// The style and those it is based on, at most ten deep (a loop ends there).
    fn chain<'s>(&'s self, id: &str) -> impl Iterator<Item = &'s Style> {
        let mut next = self.styles.get(id);
        std::iter::from_fn(move || {
            let style = next?;
            next = style.based_on.as_deref().and_then(|b| self.styles.get(b));
            Some(style)
        })
        .take(10)
    }
}

fn role_by_name(name: &str) -> Option<Role> {
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    Some(match compact.as_str() {
        "title" => Role::Title,
        "subtitle" => Role::Subtitle,
        "author" => Role::Author,
        "date" => Role::Date,
        "quote" | "intensequote" | "blocktext" | "blockquote" => Role::Quote,
        "caption" | "imagecaption" | "tablecaption" => Role::Caption,
        "tocheading" => Role::Toc,
        s if s.starts_with("toc") && s[3..].parse::<u8>().is_ok() => Role::Toc,
        s => {
            let level: u8 = s.strip_prefix("heading")?.parse().ok()?;
            Role::Heading(level.clamp(1, 6))
        }
    })
}

/// Is the toggle property `name` (`b`, `i`, `vanish`) of a run-properties element on?
pub fn on(rpr: Node, name: &str) -> bool {
    child(&rpr, name).is_some_and(|n| !matches!(attr(&n, "val"), Some("0" | "false" | "off")))
}

/// Which numbering definitions are ordered (numbers) rather than bullets.
#[derive(Debug, Default)]
pub struct Numbering {
    /// `(numId, level)` -> ordered.
    ordered: BTreeMap<(String, u8), bool>,
}

impl Numbering {
    /// Read `numbering.xml`.
    pub fn read(doc: &Document) -> Numbering {
        let root = doc.root_element();
        let mut abstracts: BTreeMap<&str, BTreeMap<u8, bool>> = BTreeMap::new();
        for a in children(&root, "abstractNum") {
            let levels = children(&a, "lvl")
                .filter_map(|l| {
                    let level = attr(&l, "ilvl")?.parse().ok()?;
                    let fmt = child(&l, "numFmt")
                        .and_then(|f| attr(&f, "val"))
                        .unwrap_or("");
                    Some((level, !matches!(fmt, "bullet" | "none" | "")))
                })
                .collect();
            if let Some(id) = attr(&a, "abstractNumId") {
                abstracts.insert(id, levels);
            }
        }
        let mut ordered = BTreeMap::new();
        for num in children(&root, "num") {
            let (Some(id), Some(abs)) = (
                attr(&num, "numId"),
                child(&num, "abstractNumId").and_then(|a| attr(&a, "val")),
            ) else {
                continue;
            };
            for (level, o) in abstracts.get(abs).into_iter().flatten() {
                ordered.insert((id.to_string(), *level), *o);
            }
        }
        Numbering { ordered }
    }

    /// Is list `num_id` at `level` numbered? Unknown lists are bullets.
    pub fn is_ordered(&self, num_id: &str, level: u8) -> bool {
        self.ordered
            .get(&(num_id.to_string(), level))
            .copied()
            .unwrap_or(false)
    }
}
