//! The fonts one PDF uses, the per-character font choice, and shaping.
//!
//! Atkinson Hyperlegible (Braille Institute, SIL OFL) is the main font; DejaVu Sans
//! (Bitstream Vera license) covers what it lacks, such as Cyrillic and Greek. Both
//! are embedded with `include_bytes!` so a PDF can be made with no system fonts.
//! Characters neither has (Hangul, Han, Thai...) come from fonts found on the machine
//! or named in `[pdf] fonts` ([`super::system`] picks them before layout).
//! Shaping uses rustybuzz, the shaper krilla itself is built on, so measuring and
//! drawing use the very same glyphs and advances.

use krilla::text::{GlyphId, KrillaGlyph};
use rustybuzz::{Direction, Face, UnicodeBuffer};
use std::collections::{BTreeSet, HashMap};
use unicode_script::{Script, UnicodeScript};

const MAIN_REGULAR: &[u8] =
    include_bytes!("../../../assets/fonts/AtkinsonHyperlegible-Regular.ttf");
pub(crate) const MAIN_BOLD: &[u8] =
    include_bytes!("../../../assets/fonts/AtkinsonHyperlegible-Bold.ttf");
const FALLBACK_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub(crate) const FALLBACK_BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// One font face of a PDF: an index into its [`FontFile`]s. The first four are the
/// embedded fonts; faces found on the machine follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub u16);

impl FontId {
    /// Atkinson Hyperlegible Regular.
    pub const MAIN: FontId = FontId(0);
    /// Atkinson Hyperlegible Bold.
    pub const MAIN_BOLD: FontId = FontId(1);
    /// DejaVu Sans.
    pub const FALLBACK: FontId = FontId(2);
    /// DejaVu Sans Bold.
    pub const FALLBACK_BOLD: FontId = FontId(3);

    /// Position in the font list.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// A font file's data and the face's index in it (collections hold several faces).
#[derive(Clone)]
pub struct FontFile {
    /// The whole file (for a system font, mapped from disk, not copied).
    pub data: krilla::Data,
    /// The face's index in a collection (0 for a single font).
    pub index: u32,
}

impl FontFile {
    /// The four embedded fonts, in [`FontId`] order.
    pub fn embedded() -> Vec<FontFile> {
        [MAIN_REGULAR, MAIN_BOLD, FALLBACK_REGULAR, FALLBACK_BOLD]
            .into_iter()
            .map(|data| FontFile {
                data: data.into(),
                index: 0,
            })
            .collect()
    }
}

/// Which extra face draws which characters, decided before layout.
#[derive(Debug, Clone, Default)]
pub struct Assignments {
    /// Per script: the faces for regular and bold text, tried before the embedded fonts
    /// (one face per script keeps joined scripts such as Arabic in one font).
    pub by_script: HashMap<Script, (FontId, FontId)>,
    /// Single characters the embedded fonts lack (symbols, punctuation): regular, bold.
    pub by_char: HashMap<char, (FontId, FontId)>,
}

/// A shaped run of text in one font: its text, glyphs and width in em.
#[derive(Debug, Clone)]
pub struct Shaped {
    /// The font.
    pub font: FontId,
    /// The text the glyphs stand for (only characters that are drawn).
    pub text: String,
    /// Glyphs in visual order (left to right), with advances in em and byte ranges
    /// into `text`.
    pub glyphs: Vec<KrillaGlyph>,
    /// Sum of the advances, in em.
    pub width: f32,
    /// Right-to-left text (an odd bidi level).
    pub rtl: bool,
}

/// The parsed fonts plus a cache of shaped words (deterministic: it only saves work).
pub struct Fonts<'a> {
    faces: Vec<Face<'a>>,
    assigned: Assignments,
    cache: HashMap<(FontId, bool, String), (Vec<KrillaGlyph>, f32)>,
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
    /// No font has it: drop and warn.
    Missing,
}

/// Parse a face; `None` when the data is not a font.
pub fn parse(file: &FontFile) -> Option<Face<'_>> {
    Face::from_slice(file.data.as_ref(), file.index)
}

/// Does `face` have a real glyph (not .notdef) for `c`?
pub fn covers(face: &rustybuzz::ttf_parser::Face, c: char) -> bool {
    face.glyph_index(c).is_some_and(|g| g.0 != 0)
}

impl<'a> Fonts<'a> {
    /// Parse `files` (the embedded fonts first, as from [`FontFile::embedded`], then the
    /// faces `assigned` refers to).
    pub fn new(files: &'a [FontFile], assigned: Assignments) -> Fonts<'a> {
        let faces = files
            .iter()
            .map(|f| parse(f).expect("font files are checked when chosen"))
            .collect();
        Fonts {
            faces,
            assigned,
            cache: HashMap::new(),
            missing: BTreeSet::new(),
        }
    }

    fn face(&self, id: FontId) -> &Face<'a> {
        &self.faces[id.index()]
    }

    fn has(&self, id: FontId, c: char) -> bool {
        covers(self.face(id), c)
    }

    /// Ascent and descent (negative) of the main font, in em, from its typographic metrics.
    pub fn main_metrics(&self) -> (f32, f32) {
        let face = self.face(FontId::MAIN);
        let upem = face.units_per_em() as f32;
        let asc = face.typographic_ascender().unwrap_or(face.ascender());
        let desc = face.typographic_descender().unwrap_or(face.descender());
        (f32::from(asc) / upem, f32::from(desc) / upem)
    }

    /// Choose the font for `c`: a face chosen for its script, else the main font when it
    /// has the glyph, else the fallback, else a face chosen for the character.
    ///
    /// Spaces, punctuation and combining marks stay in `prev` when it has them, so a
    /// Cyrillic sentence is not chopped into alternating fonts at every space.
    pub fn choose(&self, c: char, bold: bool, prev: Option<FontId>) -> Choice {
        if is_ignorable(c) {
            return Choice::Ignore;
        }
        let c = if c.is_whitespace() { ' ' } else { c };
        if let Some(p) = prev
            && !c.is_alphanumeric()
            && self.has(p, c)
        {
            return Choice::Draw(p);
        }
        let pick = |(regular, heavy): (FontId, FontId)| if bold { heavy } else { regular };
        let script = self.assigned.by_script.get(&c.script()).copied().map(pick);
        let (main, fallback) = if bold {
            (FontId::MAIN_BOLD, FontId::FALLBACK_BOLD)
        } else {
            (FontId::MAIN, FontId::FALLBACK)
        };
        let single = self.assigned.by_char.get(&c).copied().map(pick);
        [script, Some(main), Some(fallback), single]
            .into_iter()
            .flatten()
            .find(|&id| self.has(id, c))
            .map_or(Choice::Missing, Choice::Draw)
    }

    /// Shape `text` (already filtered to drawable characters) in one font and direction.
    pub fn shape(&mut self, font: FontId, text: &str, rtl: bool) -> Shaped {
        let key = (font, rtl, text.to_string());
        if let Some((glyphs, width)) = self.cache.get(&key) {
            return Shaped {
                font,
                text: key.2,
                glyphs: glyphs.clone(),
                width: *width,
                rtl,
            };
        }
        let (glyphs, width) = shape_uncached(self.face(font), text, rtl);
        if text.len() <= 64 {
            self.cache.insert(key, (glyphs.clone(), width));
        }
        Shaped {
            font,
            text: text.to_string(),
            glyphs,
            width,
            rtl,
        }
    }
}

#[cfg(test)]
impl Fonts<'static> {
    /// The embedded fonts only (unit tests).
    pub fn embedded_only() -> Fonts<'static> {
        static EMBEDDED: std::sync::LazyLock<Vec<FontFile>> =
            std::sync::LazyLock::new(FontFile::embedded);
        Fonts::new(&EMBEDDED, Assignments::default())
    }
}

fn shape_uncached(face: &Face, text: &str, rtl: bool) -> (Vec<KrillaGlyph>, f32) {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    // The direction is the bidi algorithm's, not the script's guess: digits inside
    // Arabic text are left to right, a Latin word in an RTL paragraph too.
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
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
/// hyphenation in large print), byte-order marks, private-use characters and
/// noncharacters.
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
        // Noncharacters: U+FDD0..U+FDEF and the last two code points of every plane.
        || ('\u{FDD0}'..='\u{FDEF}').contains(&c)
        || (u32::from(c) & 0xFFFE) == 0xFFFE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_font_first_then_fallback_then_missing() {
        let f = Fonts::embedded_only();
        assert_eq!(f.choose('a', false, None), Choice::Draw(FontId::MAIN));
        assert_eq!(f.choose('a', true, None), Choice::Draw(FontId::MAIN_BOLD));
        assert_eq!(f.choose('Ж', false, None), Choice::Draw(FontId::FALLBACK));
        assert_eq!(
            f.choose('λ', true, None),
            Choice::Draw(FontId::FALLBACK_BOLD)
        );
        assert_eq!(f.choose('한', false, None), Choice::Missing);
        assert_eq!(f.choose('\u{200B}', false, None), Choice::Ignore);
        // A space after a Cyrillic word stays in the fallback font.
        assert_eq!(
            f.choose(' ', false, Some(FontId::FALLBACK)),
            Choice::Draw(FontId::FALLBACK)
        );
    }

    #[test]
    fn shaping_gives_real_advances_and_ranges() {
        let mut f = Fonts::embedded_only();
        let wide = f.shape(FontId::MAIN, "WWWW", false);
        let narrow = f.shape(FontId::MAIN, "iiii", false);
        assert!(
            wide.width > 2.0 * narrow.width,
            "{} {}",
            wide.width,
            narrow.width
        );
        assert_eq!(wide.glyphs.len(), 4);
        assert_eq!(wide.glyphs[1].text_range, 1..2);
        let bold = f.shape(FontId::MAIN_BOLD, "WWWW", false);
        assert!(bold.width >= wide.width);
        let cyr = f.shape(FontId::FALLBACK, "Жук", false);
        assert_eq!(cyr.glyphs.last().unwrap().text_range, 4..6);
    }

    #[test]
    fn metrics_are_plausible() {
        let (asc, desc) = Fonts::embedded_only().main_metrics();
        assert!(asc > 0.6 && asc < 1.2, "{asc}");
        assert!(desc < 0.0 && desc > -0.5, "{desc}");
    }
}
