//! The text of a paragraph as styled spans: runs with bold and italic, hyperlinks,
//! note references as `[n]`, pictures by their alt text. Tracked deletions, field
//! instructions, hidden text and comments are not text.

use super::styles::{Styles, on};
use super::xml::{attr, child, local};
use crate::article::model::Span;
use roxmltree::Node;
use std::collections::BTreeMap;

/// Which note a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoteKind {
    /// `word/footnotes.xml`.
    Foot,
    /// `word/endnotes.xml`.
    End,
}

/// What the inline reader needs and gathers across a document.
pub struct Context<'s> {
    /// The styles (character styles' bold and italic).
    pub styles: &'s Styles,
    /// Hyperlink relationships of the part being read: id -> URL.
    pub links: &'s BTreeMap<String, String>,
    /// Notes referenced so far, in order; a reference is numbered by its place here.
    pub notes: &'s mut Vec<(NoteKind, String)>,
    /// Office Math formulas left unsaid (they have no text alternative).
    pub unread_formulas: usize,
}

/// Spans being collected for one paragraph.
pub struct Spans<'c, 's> {
    cx: &'c mut Context<'s>,
    spans: Vec<Span>,
    link: Option<String>,
    /// Inside a field's instructions (between `begin` and `separate`).
    in_field_code: bool,
    /// Alt texts of the pictures met, to drop a caption that repeats one.
    pub alts: Vec<String>,
}

impl<'c, 's> Spans<'c, 's> {
    /// Start a paragraph.
    pub fn new(cx: &'c mut Context<'s>) -> Self {
        Spans {
            cx,
            spans: Vec::new(),
            link: None,
            in_field_code: false,
            alts: Vec::new(),
        }
    }

    /// Read the inline content of `node` (a paragraph, a hyperlink, an insertion).
    pub fn read(&mut self, node: Node) {
        for c in node.children().filter(Node::is_element) {
            match local(&c) {
                "r" => self.run(c),
                "hyperlink" => {
                    let target = attr(&c, "id").and_then(|id| self.cx.links.get(id)).cloned();
                    let inherited = self.link.clone();
                    let outer = std::mem::replace(&mut self.link, target.or(inherited));
                    self.read(c);
                    self.link = outer;
                }
                "ins" | "moveTo" | "smartTag" | "customXml" | "sdt" | "sdtContent"
                | "fldSimple" | "bdo" | "dir" => self.read(c),
                "oMath" | "oMathPara" => {
                    self.cx.unread_formulas += 1;
                    self.push(" ", false, false);
                }
                // "del", "moveFrom", comment ranges, bookmarks, proofing marks: not text.
                _ => {}
            }
        }
    }

    fn run(&mut self, r: Node) {
        let rpr = child(&r, "rPr");
        if rpr.is_some_and(|p| on(p, "vanish")) {
            return;
        }
        let (cb, ci) = rpr
            .and_then(|p| child(&p, "rStyle"))
            .and_then(|s| attr(&s, "val"))
            .map_or((false, false), |id| self.cx.styles.char_format(id));
        let strong = cb || rpr.is_some_and(|p| on(p, "b"));
        let em = ci || rpr.is_some_and(|p| on(p, "i"));
        for c in r.children().filter(Node::is_element) {
            match local(&c) {
                "t" if !self.in_field_code => self.push(c.text().unwrap_or(""), em, strong),
                "tab" | "br" | "cr" => self.push(" ", em, strong),
                "noBreakHyphen" => self.push("-", em, strong),
                "fldChar" => self.in_field_code = attr(&c, "fldCharType") == Some("begin"),
                "footnoteReference" | "endnoteReference" => self.note(c),
                "drawing" | "pict" | "AlternateContent" | "object" => self.picture(c),
                // instrText (field codes), delText (deletions), footnoteRef, symbols.
                _ => {}
            }
        }
    }

    fn note(&mut self, reference: Node) {
        let kind = if local(&reference) == "endnoteReference" {
            NoteKind::End
        } else {
            NoteKind::Foot
        };
        let Some(id) = attr(&reference, "id") else {
            return;
        };
        self.cx.notes.push((kind, id.to_string()));
        let marker = format!("[{}]", self.cx.notes.len());
        self.push(&marker, false, false);
    }

    /// A picture is read by its description (`wp:docPr descr`, VML `alt`).
    fn picture(&mut self, node: Node) {
        let alt = node
            .descendants()
            .filter(|d| matches!(local(d), "docPr" | "shape" | "imagedata"))
            .find_map(|d| attr(&d, "descr").or_else(|| attr(&d, "alt")))
            .map(crate::article::assemble::collapse)
            .filter(|a| !a.is_empty());
        if let Some(alt) = alt {
            self.push(&format!(" {alt} "), false, false);
            self.alts.push(alt);
        }
    }

    fn push(&mut self, text: &str, em: bool, strong: bool) {
        if text.is_empty() {
            return;
        }
        let link = self.link.clone();
        match self.spans.last_mut() {
            Some(last) if last.em == em && last.strong == strong && last.link == link => {
                last.text.push_str(text)
            }
            _ => self.spans.push(Span {
                text: text.to_string(),
                em,
                strong,
                link,
            }),
        }
    }

    /// The spans, white space collapsed (across spans too) and trimmed, as the HTML
    /// reader tidies its own.
    pub fn finish(self) -> Vec<Span> {
        crate::article::html::tidy_spans(self.spans)
    }
}
