//! The fonts compiled into the binary, the per-character font choice, and shaping.
//!
//! Atkinson Hyperlegible (Braille Institute, SIL OFL) is the main font; DejaVu Sans
//! (Bitstream Vera license) covers what it lacks, such as Cyrillic and Greek. Both
//! are embedded with `include_bytes!` so a PDF can be made with no system fonts.
//! Shaping uses rustybuzz, the shaper krilla itself is built on, so measuring and
//! drawing use the very same glyphs and advances.

use krilla::text::{GlyphId, KrillaGlyph};
use rustybuzz::{Face, UnicodeBuffer};
use std::collections::{BTreeSet, HashMap};

const MAIN_REGULAR: &[u8] =
    include_bytes!("../../../assets/fonts/AtkinsonHyperlegible-Regular.ttf");
pub(crate) const MAIN_BOLD: &[u8] =
    include_bytes!("../../../assets/fonts/AtkinsonHyperlegible-Bold.ttf");
const FALLBACK_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub(crate) const FALLBACK_BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// One of the four embedded font files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontId {
    /// Atkinson Hyperlegible Regular.
    Main,
    /// Atkinson Hyperlegible Bold.
    MainBold,
    /// DejaVu Sans.
    Fallback,
    /// DejaVu Sans Bold.
    FallbackBold,
}

impl FontId {
    /// All fonts, in a fixed order.
    pub const ALL: [FontId; 4] = [
        FontId::Main,
        FontId::MainBold,
        FontId::Fallback,
        FontId::FallbackBold,
    ];

    /// The font file's bytes.
    pub fn data(self) -> &'static [u8] {
        match self {
            FontId::Main => MAIN_REGULAR,
            FontId::MainBold => MAIN_BOLD,
            FontId::Fallback => FALLBACK_REGULAR,
            FontId::FallbackBold => FALLBACK_BOLD,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A shaped run of text in one font: its text, glyphs and width in em.
#[derive(Debug, Clone)]
pub struct Shaped {
    /// The font.
    pub font: FontId,
    /// The text the glyphs stand for (only characters that are drawn).
    pub text: String,
    /// Glyphs with advances in em and byte ranges into `text`.
    pub glyphs: Vec<KrillaGlyph>,
    /// Sum of the advances, in em.
    pub width: f32,
}

/// The parsed fonts plus a cache of shaped words (deterministic: it only saves work).
pub struct Fonts {
    faces: Vec<Face<'static>>,
    cache: HashMap<(FontId, String), (Vec<KrillaGlyph>, f32)>,
    /// Characters no font could draw, for the warning.
    pub missing: BTreeSet<char>,
}

/// What to do with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Draw it with this font.
    Draw(FontId),
    /// Invisible formatting character (zero-width space, soft hyphen, ...): drop silently.
    Ignore,
    /// No embedded font has it: drop and warn.
    Missing,
}

impl Fonts {
    /// Parse the embedded fonts.
    pub fn new() -> Fonts {
        let faces = FontId::ALL
            .iter()
            .map(|id| Face::from_slice(id.data(), 0).expect("embedded font parses"))
            .collect();
        Fonts {
            faces,
            cache: HashMap::new(),
            missing: BTreeSet::new(),
        }
    }

    fn face(&self, id: FontId) -> &Face<'static> {
        &self.faces[id.index()]
    }

    /// Ascent and descent (negative) of the main font, in em, from its typographic metrics.
    pub fn main_metrics(&self) -> (f32, f32) {
        let face = self.face(FontId::Main);
        let upem = face.units_per_em() as f32;
        let asc = face.typographic_ascender().unwrap_or(face.ascender());
        let desc = face.typographic_descender().unwrap_or(face.descender());
        (f32::from(asc) / upem, f32::from(desc) / upem)
    }

    /// Choose the font for `c`: the main font when it has the glyph, else the fallback.
    ///
    /// Spaces and punctuation stay in `prev` when it has them, so a Cyrillic sentence is
    /// not chopped into alternating fonts at every space.
    pub fn choose(&self, c: char, bold: bool, prev: Option<FontId>) -> Choice {
        if is_ignorable(c) {
            return Choice::Ignore;
        }
        let c = if c.is_whitespace() { ' ' } else { c };
        if let Some(p) = prev
            && !c.is_alphanumeric()
            && self.face(p).glyph_index(c).is_some_and(|g| g.0 != 0)
        {
            return Choice::Draw(p);
        }
        let (main, fallback) = if bold {
            (FontId::MainBold, FontId::FallbackBold)
        } else {
            (FontId::Main, FontId::Fallback)
        };
        for id in [main, fallback] {
            if self.face(id).glyph_index(c).is_some_and(|g| g.0 != 0) {
                return Choice::Draw(id);
            }
        }
        Choice::Missing
    }

    /// Shape `text` (already filtered to drawable characters) in one font.
    pub fn shape(&mut self, font: FontId, text: &str) -> Shaped {
        let key = (font, text.to_string());
        if let Some((glyphs, width)) = self.cache.get(&key) {
            return Shaped {
                font,
                text: key.1,
                glyphs: glyphs.clone(),
                width: *width,
            };
        }
        let (glyphs, width) = shape_uncached(self.face(font), text);
        if text.len() <= 64 {
            self.cache.insert(key, (glyphs.clone(), width));
        }
        Shaped {
            font,
            text: text.to_string(),
            glyphs,
            width,
        }
    }
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts::new()
    }
}

fn shape_uncached(face: &Face<'static>, text: &str) -> (Vec<KrillaGlyph>, f32) {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let out = rustybuzz::shape(face, &[], buffer);
    let upem = face.units_per_em() as f32;
    // A glyph covers the text from its cluster to the next larger cluster, which holds
    // for both directions and for ligatures (several characters, one glyph).
    let mut starts: Vec<usize> = out
        .glyph_infos()
        .iter()
        .map(|g| g.cluster as usize)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let mut width = 0.0;
    let glyphs = out
        .glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        // The .notdef glyph is the "tofu" box, which PDF/UA forbids; characters without
        // a glyph were filtered before shaping, so this only guards odd font tables.
        .filter(|(info, _)| info.glyph_id != 0)
        .map(|(info, pos)| {
            let start = info.cluster as usize;
            let end = starts
                .get(starts.partition_point(|&s| s <= start))
                .copied()
                .unwrap_or(text.len());
            let advance = pos.x_advance as f32 / upem;
            width += advance;
            KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                advance,
                pos.x_offset as f32 / upem,
                pos.y_offset as f32 / upem,
                pos.y_advance as f32 / upem,
                start..end,
                None,
            )
        })
        .collect();
    (glyphs, width)
}

/// Invisible characters that are dropped without a warning: controls, zero-width
/// spaces and joiners, direction marks, variation selectors, soft hyphens (no
/// hyphenation in large print), byte-order marks.
pub fn is_ignorable(c: char) -> bool {
    (c.is_control() && !c.is_whitespace())
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFC}'
            | '\u{E0000}'..='\u{E0FFF}')
        || ('\u{E000}'..='\u{F8FF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_font_first_then_fallback_then_missing() {
        let f = Fonts::new();
        assert_eq!(f.choose('a', false, None), Choice::Draw(FontId::Main));
        assert_eq!(f.choose('a', true, None), Choice::Draw(FontId::MainBold));
        assert_eq!(f.choose('Ж', false, None), Choice::Draw(FontId::Fallback));
        assert_eq!(
            f.choose('λ', true, None),
            Choice::Draw(FontId::FallbackBold)
        );
        assert_eq!(f.choose('한', false, None), Choice::Missing);
        assert_eq!(f.choose('\u{200B}', false, None), Choice::Ignore);
        // A space after a Cyrillic word stays in the fallback font.
        assert_eq!(
            f.choose(' ', false, Some(FontId::Fallback)),
            Choice::Draw(FontId::Fallback)
        );
    }

    #[test]
    fn shaping_gives_real_advances_and_ranges() {
        let mut f = Fonts::new();
        let wide = f.shape(FontId::Main, "WWWW");
        let narrow = f.shape(FontId::Main, "iiii");
        assert!(
            wide.width > 2.0 * narrow.width,
            "{} {}",
            wide.width,
            narrow.width
        );
        assert_eq!(wide.glyphs.len(), 4);
        assert_eq!(wide.glyphs[1].text_range, 1..2);
        let bold = f.shape(FontId::MainBold, "WWWW");
        assert!(bold.width >= wide.width);
        let cyr = f.shape(FontId::Fallback, "Жук");
        assert_eq!(cyr.glyphs.last().unwrap().text_range, 4..6);
    }

    #[test]
    fn metrics_are_plausible() {
        let (asc, desc) = Fonts::new().main_metrics();
        assert!(asc > 0.6 && asc < 1.2, "{asc}");
        assert!(desc < 0.0 && desc > -0.5, "{desc}");
    }
}
