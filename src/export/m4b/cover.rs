//! The cover image: the title (and byline) drawn in the large-print font on a plain
//! square, so every audiobook has a cover a player can show and a listener can tell
//! apart. PNG, 1400 pixels square (what audiobook stores ask for).

use crate::article::Article;
use crate::export::pdf::{FALLBACK_BOLD, MAIN_BOLD};
use rustybuzz::ttf_parser::{Face, GlyphId, OutlineBuilder};
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Transform};

/// Width and height of the cover in pixels.
pub const SIZE: u32 = 1400;
const MARGIN: f32 = 120.0;
const BACKGROUND: (u8, u8, u8) = (0x1d, 0x35, 0x57);
const INK: (u8, u8, u8) = (0xf8, 0xf4, 0xe3);
/// The largest and smallest title size in pixels; long titles shrink to fit.
const TITLE_PX: (f32, f32) = (170.0, 56.0);
const BYLINE_PX: f32 = 64.0;

/// The cover as PNG bytes.
pub fn png(article: &Article) -> Result<Vec<u8>, String> {
    let fonts = [
        Face::parse(MAIN_BOLD, 0).map_err(|e| format!("cover font: {e}"))?,
        Face::parse(FALLBACK_BOLD, 0).map_err(|e| format!("cover font: {e}"))?,
    ];
    let mut pixmap = Pixmap::new(SIZE, SIZE).ok_or("cover: no memory for the image")?;
    let (r, g, b) = BACKGROUND;
    pixmap.fill(Color::from_rgba8(r, g, b, 255));
    let width = SIZE as f32 - 2.0 * MARGIN;
    let byline = article
        .byline
        .as_deref()
        .map(|b| wrap(&fonts, b, BYLINE_PX, width));
    let byline_height = byline
        .as_ref()
        .map_or(0.0, |l| l.len() as f32 * BYLINE_PX * 1.3);
    let room = SIZE as f32 - 2.0 * MARGIN - byline_height - BYLINE_PX;
    let mut px = TITLE_PX.0;
    let mut title = wrap(&fonts, &article.title, px, width);
    while px > TITLE_PX.1
        && (title.len() as f32 * px * 1.2 > room || widest(&fonts, &title, px) > width)
    {
        px *= 0.9;
        title = wrap(&fonts, &article.title, px, width);
    }
    let mut path = PathBuilder::new();
    let mut y = MARGIN + px;
    for line in &title {
        draw_line(&fonts, line, px, y, &mut path);
        y += px * 1.2;
    }
    if let Some(lines) = &byline {
        let mut y = SIZE as f32 - MARGIN - byline_height + BYLINE_PX;
        for line in lines {
            draw_line(&fonts, line, BYLINE_PX, y, &mut path);
            y += BYLINE_PX * 1.3;
        }
    }
    if let Some(path) = path.finish() {
        let mut paint = Paint::default();
        let (r, g, b) = INK;
        paint.set_color_rgba8(r, g, b, 255);
        pixmap.fill_path(
            &path,
            &paint,
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
    pixmap.encode_png().map_err(|e| format!("cover PNG: {e}"))
}

/// The glyph for `c` and the font that has it (Atkinson Hyperlegible, else DejaVu Sans).
fn glyph<'a>(fonts: &'a [Face<'a>], c: char) -> Option<(&'a Face<'a>, GlyphId)> {
    fonts
        .iter()
        .find_map(|f| f.glyph_index(c).filter(|g| g.0 != 0).map(|g| (f, g)))
}

/// Width of `text` at `px` pixels per em.
fn measure(fonts: &[Face], text: &str, px: f32) -> f32 {
    text.chars()
        .filter_map(|c| glyph(fonts, c))
        .map(|(f, g)| advance(f, g, px))
        .sum()
}

fn advance(face: &Face, g: GlyphId, px: f32) -> f32 {
    f32::from(face.glyph_hor_advance(g).unwrap_or(0)) * px / f32::from(face.units_per_em())
}

fn widest(fonts: &[Face], lines: &[String], px: f32) -> f32 {
    lines
        .iter()
        .map(|l| measure(fonts, l, px))
        .fold(0.0, f32::max)
}

/// Greedy word wrap to `width`; a word longer than a line stays whole on its own line.
fn wrap(fonts: &[Face], text: &str, px: f32, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if measure(fonts, &format!("{line} {word}"), px) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Add one centred line of glyph outlines to `path`, its baseline at `y`.
fn draw_line(fonts: &[Face], line: &str, px: f32, y: f32, path: &mut PathBuilder) {
    let mut x = (SIZE as f32 - measure(fonts, line, px)) / 2.0;
    for (face, g) in line.chars().filter_map(|c| glyph(fonts, c)) {
        let scale = px / f32::from(face.units_per_em());
        let mut pen = Pen { path, x, y, scale };
        face.outline_glyph(g, &mut pen);
        x += advance(face, g, px);
    }
}

/// Font outlines (y up, font units) into image coordinates (y down, pixels).
struct Pen<'a> {
    path: &'a mut PathBuilder,
    x: f32,
    y: f32,
    scale: f32,
}

impl Pen<'_> {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.scale, self.y - y * self.scale)
    }
}

impl OutlineBuilder for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let ((x1, y1), (x, y)) = (self.at(x1, y1), self.at(x, y));
        self.path.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let ((x1, y1), (x2, y2), (x, y)) = (self.at(x1, y1), self.at(x2, y2), self.at(x, y));
        self.path.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.path.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str) -> Article {
        serde_json::from_value(
            serde_json::json!({"title": title, "lang": "en", "byline": "A. Writer"}),
        )
        .unwrap()
    }

    #[test]
    fn cover_is_a_square_png_with_the_title_drawn_and_is_reproducible() {
        let a = article("North Korean labour fuels Russia");
        let bytes = png(&a).unwrap();
        assert_eq!(bytes, png(&a).unwrap(), "same title, same bytes");
        let img = Pixmap::decode_png(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (SIZE, SIZE));
        let inked = img.pixels().iter().filter(|p| p.red() > 200).count();
        assert!(inked > 10_000, "the title is drawn ({inked} light pixels)");
        let other = png(&article("Другой заголовок")).unwrap();
        assert_ne!(bytes, other, "Cyrillic drawn from the fallback font");
    }

    #[test]
    fn long_titles_shrink_and_wrap_inside_the_margins() {
        let fonts = [Face::parse(MAIN_BOLD, 0).unwrap()];
        let lines = wrap(&fonts, "one two three four five six seven", 170.0, 1160.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| measure(&fonts, l, 170.0) <= 1160.0));
        assert_eq!(lines.join(" "), "one two three four five six seven");
        let long = "A very long title ".repeat(12);
        let img = Pixmap::decode_png(&png(&article(&long)).unwrap()).unwrap();
        let w = SIZE as usize;
        let edge_inked = img.pixels().chunks(w).any(|row| {
            row[..60]
                .iter()
                .chain(&row[w - 60..])
                .any(|p| p.red() > 200)
        });
        assert!(!edge_inked, "nothing drawn in the side margins");
    }
}
