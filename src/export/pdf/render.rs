//! Drawing the paginated blocks with krilla (the structure tree, outline and metadata
//! it is given come from [`super::structure`]).
//!
//! Every line (or emphasised part of a line) is one marked-content sequence that
//! belongs to exactly one structure element; page numbers, running titles and the
//! quotation rule are artifacts. krilla's PDF/UA-1 validator is on, so a document
//! that breaks one of its checks (missing title, outline, glyph mapping) fails to
//! export instead of being written.

use super::flow::Flow;
use super::fonts::{FontId, Fonts};
use super::layout::{Emph, Line, Styled, break_lines};
use super::paginate::{Geometry, Placed};
use super::structure::{self, Content};
use crate::article::Article;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::DateTime;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag, TagTree};
use krilla::text::Font;
use krilla::{Document, SerializeSettings};

/// What the renderer needs besides the layout.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Page geometry.
    pub geometry: Geometry,
    /// Body size, used for page numbers and the running title.
    pub body: f32,
    /// Draw the running title on pages after the first.
    pub running_title: bool,
    /// Creation date for the metadata, when the build is dated (`SOURCE_DATE_EPOCH`).
    pub date: Option<DateTime>,
}

/// A link annotation waiting for its page's surface to be finished.
struct PendingLink {
    rect: Rect,
    link: u32,
}

/// Draw the pages and return the PDF bytes, or krilla's complaint. Kept whole for
/// now: the page loop threads the surface, the slots, the pending links, the
/// annotation numbers and the outline starts, which a per-page helper would all take
/// as parameters.
pub fn render(
    article: &Article,
    flow: &Flow,
    pages: &[Vec<Placed>],
    fonts: &mut Fonts,
    opts: &RenderOptions,
) -> Result<Vec<u8>, String> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| format!("{e:?}"))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut doc = Document::new_with(settings);
    let kfonts: Vec<Font> = FontId::ALL
        .iter()
        .map(|id| Font::new(id.data().into(), 0).expect("embedded font loads"))
        .collect();
    let (asc, desc) = fonts.main_metrics();
    let g = opts.geometry;
    let mut slots: Vec<Vec<Content>> = vec![Vec::new(); flow.slots];
    let mut annots: Vec<Identifier> = Vec::new();
    let mut starts: Vec<Option<(usize, f32)>> = vec![None; flow.blocks.len()];
    let header = running_title(article, fonts, opts);
    for (n, page) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(g.width, g.height).ok_or("bad page size")?;
        let mut page_builder = doc.start_page_with(settings);
        let mut s = page_builder.surface();
        let mut links: Vec<PendingLink> = Vec::new();
        let mut ctx = LineCtx {
            fonts: &kfonts,
            links: &mut links,
            first_annot: annots.len(),
        };
        for placed in page {
            let block = &flow.blocks[placed.block];
            let lh = block.line_height;
            let x = g.margin + block.indent;
            for (k, i) in placed.lines.clone().enumerate() {
                let top = g.margin + placed.top + k as f32 * lh;
                let baseline = top + (lh - (asc - desc) * block.size) / 2.0 + asc * block.size;
                if i == 0 {
                    starts[placed.block] = Some((n, top));
                    if let (Some(m), Some(slot)) = (&block.marker, block.marker_slot) {
                        let at = Point::from_xy(g.margin + block.marker_x, baseline);
                        slots[slot].extend(draw_line(&mut s, &mut ctx, m, at, block.size));
                    }
                }
                let at = Point::from_xy(x, baseline);
                let drawn = draw_line(&mut s, &mut ctx, &block.lines[i], at, block.size);
                slots[block.slot].extend(drawn);
            }
            if block.rule {
                let top = g.margin + placed.top;
                let height = placed.lines.len() as f32 * lh;
                let rect = Rect::from_xywh(x - block.indent * 0.6, top, 3.0, height);
                artifact(&mut s, ArtifactType::Layout, |s| fill_rect(s, rect));
            }
        }
        let number = format!("{}", n + 1);
        let line = one_line(fonts, &number, opts.body, true);
        let at = Point::from_xy((g.width - line.width) / 2.0, g.height - g.margin * 0.45);
        artifact(&mut s, ArtifactType::PageNumber, |s| {
            draw_glyph_runs(s, &kfonts, &line, at, opts.body)
        });
        if let (Some(h), true) = (&header, n > 0) {
            let at = Point::from_xy(g.margin, g.margin * 0.55);
            artifact(&mut s, ArtifactType::Header, |s| {
                draw_glyph_runs(s, &kfonts, h, at, opts.body)
            });
        }
        s.finish();
        for l in links {
            let uri = flow.links[l.link as usize].clone();
            let target = Target::Action(Action::Link(LinkAction::new(uri.clone())));
            let annot = Annotation::new_link(LinkAnnotation::new(l.rect, target), Some(uri));
            annots.push(page_builder.add_tagged_annotation(annot));
        }
        page_builder.finish();
    }
    let mut tree = TagTree::new().with_lang(Some(article.lang.clone()));
    for node in &flow.nodes {
        if let Some(n) = structure::tag_node(node, &mut slots, &annots) {
            tree.push(n);
        }
    }
    doc.set_tag_tree(tree);
    doc.set_outline(structure::outline(flow, &starts, g));
    doc.set_metadata(structure::metadata(article, opts.date));
    doc.finish().map_err(|e| format!("{e:?}"))
}

/// What drawing lines on one page needs besides the surface.
struct LineCtx<'a> {
    fonts: &'a [Font],
    links: &'a mut Vec<PendingLink>,
    /// Number the page's first annotation will get.
    first_annot: usize,
}

/// Draw one line, one marked-content sequence per stretch of equal emphasis and link.
fn draw_line(
    s: &mut Surface,
    ctx: &mut LineCtx,
    line: &Line,
    at: Point,
    size: f32,
) -> Vec<Content> {
    let mut out = Vec::new();
    let mut x = at.x;
    let mut i = 0;
    while i < line.runs.len() {
        let (emph, link) = (line.runs[i].emph, line.runs[i].link);
        let start = x;
        let id = s.start_tagged(ContentTag::Span(SpanTag::empty()));
        while i < line.runs.len() && line.runs[i].emph == emph && line.runs[i].link == link {
            let run = &line.runs[i].shaped;
            let f = ctx.fonts[run.font as usize].clone();
            s.draw_glyphs(
                Point::from_xy(x, at.y),
                &run.glyphs,
                f,
                &run.text,
                size,
                false,
            );
            x += run.width * size;
            i += 1;
        }
        s.end_tagged();
        // The clickable area covers the text from above its capitals to below its descenders.
        let annot = link.and_then(|link| {
            let rect = Rect::from_xywh(start, at.y - size, (x - start).max(1.0), size * 1.3)?;
            ctx.links.push(PendingLink { rect, link });
            Some(ctx.first_annot + ctx.links.len() - 1)
        });
        out.push((emph, id, annot));
    }
    out
}

/// Draw a line with no tagging (inside an artifact).
fn draw_glyph_runs(s: &mut Surface, fonts: &[Font], line: &Line, at: Point, size: f32) {
    let mut x = at.x;
    for run in &line.runs {
        let r = &run.shaped;
        let f = fonts[r.font as usize].clone();
        s.draw_glyphs(Point::from_xy(x, at.y), &r.glyphs, f, &r.text, size, false);
        x += r.width * size;
    }
}

fn artifact(s: &mut Surface, kind: ArtifactType, draw: impl FnOnce(&mut Surface)) {
    s.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
    draw(s);
    s.end_tagged();
}

fn fill_rect(s: &mut Surface, rect: Option<Rect>) {
    let mut pb = PathBuilder::new();
    if let Some(r) = rect {
        pb.push_rect(r);
    }
    if let Some(path) = pb.finish() {
        s.set_fill(Some(Fill::default()));
        s.draw_path(&path);
    }
}

fn one_line(fonts: &mut Fonts, text: &str, size: f32, bold: bool) -> Line {
    let spans = [Styled::new(text, bold, Emph::None)];
    break_lines(fonts, &spans, size, f32::MAX)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// The title on one line, cut with an ellipsis when it is too long.
fn running_title(article: &Article, fonts: &mut Fonts, opts: &RenderOptions) -> Option<Line> {
    if !opts.running_title {
        return None;
    }
    let width = opts.geometry.width - 2.0 * opts.geometry.margin;
    let full = one_line(fonts, &article.title, opts.body, false);
    if full.width <= width {
        return Some(full);
    }
    let ellipsis = one_line(fonts, "…", opts.body, false);
    let spans = [Styled::new(article.title.as_str(), false, Emph::None)];
    let lines = break_lines(fonts, &spans, opts.body, width - ellipsis.width);
    let mut line = lines.into_iter().next()?;
    line.width += ellipsis.width;
    line.runs.extend(ellipsis.runs);
    Some(line)
}
