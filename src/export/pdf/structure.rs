//! The accessible side of the PDF: structure tree, bookmarks and metadata.
//!
//! The structure tree mirrors the article (see [`super::flow::Node`]); each element is
//! filled with the marked content drawn for its slot, wrapped in `Em`/`Strong` and
//! `Link` elements where the text carries them.

use super::flow::{Flow, Leaf, Node};
use super::layout::Emph;
use super::paginate::Geometry;
use crate::article::Article;
use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::tagging::{Identifier, ListNumbering, TableHeaderScope, Tag, TagGroup, TagKind};

/// Marked content drawn for a slot: its emphasis, its identifier, and the number of
/// its link annotation when it is a link.
pub type Content = (Emph, Identifier, Option<usize>);
use std::num::NonZeroU16;

/// Turn a skeleton node into a tag group, filled with the content drawn for its slots.
pub fn tag_node(
    node: &Node,
    slots: &mut [Vec<Content>],
    annots: &[Identifier],
) -> Option<krilla::tagging::Node> {
    let group = match node {
        Node::Leaf(leaf, slot) => {
            let tag: TagKind = match leaf {
                Leaf::H(level, title) => {
                    let level = NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN);
                    Tag::Hn(level, Some(title.clone())).into()
                }
                Leaf::P => Tag::P.into(),
                Leaf::Lbl => Tag::Lbl.into(),
                Leaf::LBody => Tag::LBody.into(),
                Leaf::TH => Tag::TH(TableHeaderScope::Column).into(),
                Leaf::RowTH => Tag::TH(TableHeaderScope::Row).into(),
                Leaf::TD => Tag::TD.into(),
                Leaf::Code => Tag::Code.into(),
            };
            let children = std::mem::take(&mut slots[*slot])
                .into_iter()
                .map(|content| tag_content(content, annots))
                .collect();
            TagGroup::with_children(tag, children)
        }
        Node::List(ordered, items) => {
            let numbering = if *ordered {
                ListNumbering::Decimal
            } else {
                ListNumbering::Disc
            };
            TagGroup::with_children(Tag::L(numbering), tag_nodes(items, slots, annots))
        }
        Node::Item(children) => {
            TagGroup::with_children(Tag::LI, tag_nodes(children, slots, annots))
        }
        Node::Quote(children) => {
            TagGroup::with_children(Tag::BlockQuote, tag_nodes(children, slots, annots))
        }
        Node::Table(rows) => TagGroup::with_children(Tag::Table, tag_nodes(rows, slots, annots)),
        Node::Row(cells) => TagGroup::with_children(Tag::TR, tag_nodes(cells, slots, annots)),
    };
    // A group with no content (text made only of undrawable characters) is left out.
    (!group.children.is_empty()).then(|| group.into())
}

/// One marked-content sequence, wrapped in Em/Strong and Link elements as needed.
fn tag_content((emph, id, annot): Content, annots: &[Identifier]) -> krilla::tagging::Node {
    let text: krilla::tagging::Node = match emph {
        Emph::None => id.into(),
        Emph::Em => TagGroup::with_children(Tag::Em, vec![id.into()]).into(),
        Emph::Strong => TagGroup::with_children(Tag::Strong, vec![id.into()]).into(),
    };
    // PDF/UA: a Link element holds its annotation first, then the text it covers.
    match annot.and_then(|a| annots.get(a)) {
        Some(a) => TagGroup::with_children(Tag::Link, vec![(*a).into(), text]).into(),
        None => text,
    }
}

fn tag_nodes(
    nodes: &[Node],
    slots: &mut [Vec<Content>],
    annots: &[Identifier],
) -> Vec<krilla::tagging::Node> {
    nodes
        .iter()
        .filter_map(|n| tag_node(n, slots, annots))
        .collect()
}

/// Bookmarks: the title and the sections, subsections nested under their section.
pub fn outline(flow: &Flow, starts: &[Option<(usize, f32)>], g: Geometry) -> Outline {
    let mut outline = Outline::new();
    let mut open: Option<OutlineNode> = None;
    // A heading that drew nothing points where the next drawn block starts.
    let place = |block: usize| {
        starts[block..]
            .iter()
            .chain(starts[..block].iter().rev())
            .find_map(|s| *s)
            .unwrap_or((0, g.margin))
    };
    for mark in &flow.marks {
        let (page, y) = place(mark.block);
        let node = OutlineNode::new(
            mark.title.clone(),
            XyzDestination::new(page, Point::from_xy(g.margin, y)),
        );
        if mark.level > 2
            && let Some(parent) = open.as_mut()
        {
            parent.push_child(node);
            continue;
        }
        if let Some(done) = open.take() {
            outline.push_child(done);
        }
        if mark.level == 2 {
            open = Some(node);
        } else {
            outline.push_child(node);
        }
    }
    if let Some(done) = open {
        outline.push_child(done);
    }
    outline
}

/// Document metadata: title, language, author, description, and the date only when given.
pub fn metadata(article: &Article, date: Option<DateTime>) -> Metadata {
    let mut m = Metadata::new()
        .title(article.title.clone())
        .language(article.lang.clone())
        .creator("altformat".into());
    if let Some(by) = &article.byline {
        m = m.authors(vec![by.clone()]);
    }
    if let Some(deck) = &article.deck {
        m = m.description(deck.clone());
    }
    if let Some(date) = date {
        m = m.creation_date(date);
    }
    m
}
