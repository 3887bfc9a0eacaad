//! Line breaking: styled text into lines no wider than the measure.
//!
//! Break opportunities come from the Unicode line-break algorithm (UAX #14, via
//! `unicode-linebreak`); widths are the shaped advances of the real glyphs. Lines are
//! filled greedily, ragged right, with no hyphenation. A piece of text with no break
//! opportunity that is wider than a line is cut between characters.
//!
//! Mixed left-to-right and right-to-left text follows the Unicode bidirectional
//! algorithm (UAX #9, via `unicode-bidi`): lines are broken in logical order, each run
//! is shaped in its resolved direction, and the runs of each line are then put in
//! visual order (rules L1 and L2). A paragraph whose base direction is right to left
//! is flagged so that it is drawn right-aligned.

use super::fonts::{Choice, FontId, Fonts, Shaped};
use std::collections::BTreeMap;
use unicode_bidi::{BidiInfo, Level};
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Longest text shaped at once; longer unbreakable runs are cut first, since no line
/// can hold this many characters anyway (keeps pathological input linear).
const MAX_SEGMENT_CHARS: usize = 512;

/// Inline emphasis, kept for tagging (it is drawn bold either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emph {
    /// Plain text.
    None,
    /// Emphasis (`em`).
    Em,
    /// Strong emphasis (`strong`).
    Strong,
}

/// A piece of input text with its style.
#[derive(Debug, Clone)]
pub struct Styled {
    /// The text.
    pub text: String,
    /// Drawn bold.
    pub bold: bool,
    /// Emphasis for the structure tree.
    pub emph: Emph,
    /// Index of the link target (in `Flow::links`) when this is a link.
    pub link: Option<u32>,
}

impl Styled {
    /// Text in one style.
    pub fn new(text: impl Into<String>, bold: bool, emph: Emph) -> Self {
        Styled {
            text: text.into(),
            bold,
            emph,
            link: None,
        }
    }

    /// The same text as a link to target number `link`.
    pub fn with_link(mut self, link: Option<u32>) -> Self {
        self.link = link;
        self
    }
}

/// A shaped run in a line.
#[derive(Debug, Clone)]
pub struct Run {
    /// The glyphs and their font.
    pub shaped: Shaped,
    /// Emphasis of this run.
    pub emph: Emph,
    /// Link target index, when the run is (part of) a link.
    pub link: Option<u32>,
    /// Bidi embedding level (odd: right to left).
    pub level: u8,
    /// Byte offset of the run's text in its paragraph (runs sort by it into reading order).
    pub start: usize,
}

impl Run {
    /// Position of the run's font in the PDF's font list.
    pub fn font_index(&self) -> usize {
        self.shaped.font.index()
    }
}

/// One laid-out line.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// Runs from left to right (visual order).
    pub runs: Vec<Run>,
    /// Width of the visible content in points (trailing spaces excluded).
    pub width: f32,
    /// The paragraph runs right to left: the line is right-aligned, and its trailing
    /// spaces are at its left end.
    pub rtl: bool,
}

impl Line {
    /// The line's text (for tests).
    #[cfg(test)]
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.shaped.text.as_str()).collect()
    }

    /// Width of everything drawn, trailing spaces included, in points at `size`.
    pub fn full_width(&self, size: f32) -> f32 {
        self.runs.iter().map(|r| r.shaped.width * size).sum()
    }

    /// Append a run in logical order (lines are put in visual order when complete).
    fn push(&mut self, run: Run) {
        if let Some(last) = self.runs.last_mut()
            && last.shaped.font == run.shaped.font
            && last.emph == run.emph
            && last.link == run.link
            && last.level == run.level
        {
            let offset = last.shaped.text.len();
            last.shaped.text.push_str(&run.shaped.text);
            last.shaped.width += run.shaped.width;
            let moved = run.shaped.glyphs.into_iter().map(|mut g| {
                g.text_range = g.text_range.start + offset..g.text_range.end + offset;
                g
            });
            if last.shaped.rtl {
                // Right to left: the later text is drawn to the left of the earlier.
                let old = std::mem::take(&mut last.shaped.glyphs);
                last.shaped.glyphs = moved.chain(old).collect();
            } else {
                last.shaped.glyphs.extend(moved);
            }
            return;
        }
        self.runs.push(run);
    }
}

/// Text between two break opportunities, shaped.
struct Segment {
    runs: Vec<Run>,
    /// Full width in points, trailing spaces included.
    width: f32,
    /// Width of the trailing spaces in points.
    trailing: f32,
}

/// Break `spans` at `size` points into lines of at most `max_width` points.
///
/// `rtl` is the paragraph's base direction (from the article's language); `None` takes
/// it from the text's first strong character, as the bidi algorithm does.
pub fn break_lines(
    fonts: &mut Fonts,
    spans: &[Styled],
    size: f32,
    max_width: f32,
    rtl: Option<bool>,
) -> Vec<Line> {
    let mut full = String::new();
    let mut styles = Vec::new();
    for s in spans {
        full.push_str(&s.text);
        styles.push((full.len(), s.bold, s.emph, s.link));
    }
    let base = rtl.map(|r| if r { Level::rtl() } else { Level::ltr() });
    let bidi = BidiInfo::new(&full, base);
    let para = bidi
        .paragraphs
        .first()
        .map_or(base.unwrap_or_else(Level::ltr), |p| p.level);
    let levels: Vec<u8> = if bidi.has_rtl() || para.is_rtl() {
        bidi.levels.iter().map(|l| l.number()).collect()
    } else {
        Vec::new() // all left to right: level 0 everywhere
    };
    let text = Text {
        full: &full,
        styles: &styles,
        levels: &levels,
    };
    let mut lines = logical_lines(fonts, &text, size, max_width);
    for line in &mut lines {
        visual_order(fonts, line, para.number(), size);
    }
    lines
}

/// Is `lang` (a BCP 47 tag) a language written right to left? Its paragraphs then
/// start right to left whatever their first letter is.
pub fn rtl_language(lang: &str) -> bool {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let script = lang
        .split(['-', '_'])
        .nth(1)
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        primary.as_str(),
        "ar" | "he" | "iw" | "fa" | "ur" | "yi" | "ps" | "sd" | "ug" | "dv" | "ckb" | "syr"
    ) || matches!(script.as_str(), "arab" | "hebr" | "syrc" | "thaa")
}

/// A paragraph's text with its styles (end offset, bold, emphasis, link) and bidi
/// levels (one per byte; empty when all is left to right).
struct Text<'a> {
    full: &'a str,
    styles: &'a [(usize, bool, Emph, Option<u32>)],
    levels: &'a [u8],
}

impl Text<'_> {
    fn level(&self, at: usize) -> u8 {
        self.levels.get(at).copied().unwrap_or(0)
    }
}

/// Lines in logical order (runs as they come in the text).
fn logical_lines(fonts: &mut Fonts, text: &Text, size: f32, max_width: f32) -> Vec<Line> {
    let full = text.full;
    let mut lines = Vec::new();
    let mut line = Line::default();
    let mut line_width = 0.0; // including the trailing spaces of the last segment
    let mut start = 0;
    for (end, opportunity) in linebreaks(full) {
        for piece in cut_long(full, start, end) {
            let seg = shape_segment(fonts, text, piece, size);
            if seg.runs.is_empty() {
                continue;
            }
            let content = seg.width - seg.trailing;
            if !line.runs.is_empty() && line_width + content > max_width {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            if line.runs.is_empty() && content > max_width {
                let mut parts = split_by_width(fonts, seg, size, max_width);
                let last = parts.pop().expect("at least one part");
                for p in parts {
                    lines.push(line_from(p));
                }
                line_width = last.width;
                line = line_from(last);
                continue;
            }
            line_width += seg.width;
            line.width = line_width - seg.trailing;
            for r in seg.runs {
                line.push(r);
            }
        }
        start = end;
        if opportunity == BreakOpportunity::Mandatory && !line.runs.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_width = 0.0;
        }
    }
    if !line.runs.is_empty() {
        lines.push(line);
    }
    lines
}

/// Put a complete line's runs in visual order: trailing white space takes the
/// paragraph's level (rule L1), then every stretch at or above each odd level is
/// reversed, from the highest level down (rule L2). Glyphs inside a run are already in
/// visual order from shaping.
fn visual_order(fonts: &mut Fonts, line: &mut Line, para: u8, size: f32) {
    line.rtl = para % 2 == 1;
    if line.runs.iter().all(|r| r.level == 0) {
        return;
    }
    split_trailing_space(fonts, line, para);
    let mut levels: Vec<u8> = line.runs.iter().map(|r| r.level).collect();
    let max = levels.iter().copied().max().unwrap_or(0);
    let lowest_odd = levels.iter().copied().filter(|l| l % 2 == 1).min();
    let Some(lowest_odd) = lowest_odd else {
        return;
    };
    for level in (lowest_odd..=max).rev() {
        let mut i = 0;
        while i < levels.len() {
            if levels[i] < level {
                i += 1;
                continue;
            }
            let start = i;
            while i < levels.len() && levels[i] >= level {
                i += 1;
            }
            line.runs[start..i].reverse();
            levels[start..i].reverse();
        }
    }
    line.width = line.full_width(size) - trailing_width(line, size);
}

/// The width of the white space at the logical end of the line, in points.
fn trailing_width(line: &Line, size: f32) -> f32 {
    let Some(last) = line.runs.iter().max_by_key(|r| r.start) else {
        return 0.0;
    };
    let text = &last.shaped.text;
    let content = text.trim_end_matches(' ').len();
    last.shaped
        .glyphs
        .iter()
        .filter(|g| g.text_range.start >= content)
        .map(|g| g.x_advance * size)
        .sum()
}

/// Rule L1: the spaces ending the line's last run move to a run of their own at the
/// paragraph's level (so in a right-to-left paragraph they sit at the left end).
fn split_trailing_space(fonts: &mut Fonts, line: &mut Line, para: u8) {
    let Some(last) = line.runs.last_mut() else {
        return;
    };
    if last.level == para {
        return;
    }
    let text = last.shaped.text.clone();
    let content = text.trim_end_matches(' ').len();
    if content == text.len() {
        return;
    }
    let rtl = para % 2 == 1;
    let spaces = fonts.shape(last.shaped.font, &text[content..], rtl);
    let (emph, link, start) = (last.emph, last.link, last.start);
    if content == 0 {
        last.level = para;
        last.shaped = spaces;
        return;
    }
    last.shaped = fonts.shape(last.shaped.font, &text[..content], last.level % 2 == 1);
    line.runs.push(Run {
        shaped: spaces,
        emph,
        link,
        level: para,
        start: start + content,
    });
}

fn line_from(seg: Segment) -> Line {
    let mut line = Line {
        runs: Vec::new(),
        width: seg.width - seg.trailing,
        rtl: false,
    };
    for r in seg.runs {
        line.push(r);
    }
    line
}

/// Cut `full[start..end]` into pieces of at most [`MAX_SEGMENT_CHARS`] characters.
fn cut_long(full: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut from = start;
    let mut count = 0;
    for (i, c) in full[start..end].char_indices() {
        let at = start + i;
        if count >= MAX_SEGMENT_CHARS && !is_mark(c) {
            pieces.push((from, at));
            from = at;
            count = 0;
        }
        count += 1;
    }
    pieces.push((from, end));
    pieces
}

/// Combining marks and joiners, which must stay with the character before them.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05BD}'
        | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0900}'..='\u{0903}'
        | '\u{093A}'..='\u{094F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}' | '\u{200D}' | '\u{20D0}'..='\u{20FF}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0100}'..='\u{E01EF}')
}

/// Shape `full[range]`, choosing a font per character and splitting runs where the
/// font, the style or the bidi level changes.
///
/// Long because it keeps its two passes (cutting into runs, then shaping them) and the
/// `Pending` run type they share in one place.
fn shape_segment(
    fonts: &mut Fonts,
    text: &Text,
    (start, end): (usize, usize),
    size: f32,
) -> Segment {
    struct Pending {
        font: FontId,
        emph: Emph,
        link: Option<u32>,
        level: u8,
        start: usize,
        text: String,
    }
    let styles = text.styles;
    let mut pending: Vec<Pending> = Vec::new();
    let mut style_ix = styles.partition_point(|(e, ..)| *e <= start);
    let mut prev: Option<FontId> = None;
    for (i, c) in text.full[start..end].char_indices() {
        let at = start + i;
        while styles.get(style_ix).is_some_and(|(e, ..)| *e <= at) {
            style_ix += 1;
        }
        let Some(&(_, bold, emph, link)) = styles.get(style_ix) else {
            break;
        };
        // All white space is drawn as a plain space; where lines may break was
        // already decided on the original text (a no-break space stays unbreakable).
        let c = if c.is_whitespace() { ' ' } else { c };
        let font = match fonts.choose(c, bold, prev) {
            Choice::Draw(f) => f,
            Choice::Ignore => continue,
            Choice::Missing => {
                fonts.missing.insert(c);
                continue;
            }
        };
        prev = Some(font);
        let level = text.level(at);
        match pending.last_mut() {
            Some(p) if p.font == font && p.emph == emph && p.link == link && p.level == level => {
                p.text.push(c)
            }
            _ => pending.push(Pending {
                font,
                emph,
                link,
                level,
                start: at,
                text: c.to_string(),
            }),
        }
    }
    let mut seg = Segment {
        runs: Vec::new(),
        width: 0.0,
        trailing: 0.0,
    };
    for p in pending {
        let shaped = fonts.shape(p.font, &p.text, p.level % 2 == 1);
        let trailing_chars = p.text.len() - p.text.trim_end_matches(' ').len();
        let trailing: f32 = shaped
            .glyphs
            .iter()
            .filter(|g| g.text_range.start >= p.text.len() - trailing_chars)
            .map(|g| g.x_advance)
            .sum();
        seg.trailing = if trailing_chars == p.text.len() {
            seg.trailing + trailing * size
        } else {
            trailing * size
        };
        seg.width += shaped.width * size;
        seg.runs.push(Run {
            shaped,
            emph: p.emph,
            link: p.link,
            level: p.level,
            start: p.start,
        });
    }
    seg
}

/// Cut a segment wider than a line between characters (grapheme clusters as the shaper
/// formed them) into parts that fit; each part is shaped again on its own.
fn split_by_width(fonts: &mut Fonts, seg: Segment, size: f32, max_width: f32) -> Vec<Segment> {
    let mut parts = Vec::new();
    for run in seg.runs {
        let shaped = &run.shaped;
        // Advance per cluster, in text order.
        let mut clusters: BTreeMap<usize, f32> = BTreeMap::new();
        for g in &shaped.glyphs {
            *clusters.entry(g.text_range.start).or_default() += g.x_advance * size;
        }
        let mut from = 0;
        let mut width = 0.0;
        let mut cuts = Vec::new();
        for (&s, &w) in &clusters {
            let mark = shaped.text[s..].chars().next().is_some_and(is_mark);
            if width + w > max_width && s > from && !mark {
                cuts.push((from, s));
                from = s;
                width = 0.0;
            }
            width += w;
        }
        cuts.push((from, shaped.text.len()));
        for (a, b) in cuts {
            let piece = fonts.shape(shaped.font, &shaped.text[a..b], shaped.rtl);
            let width = piece.width * size;
            let run = Run {
                shaped: piece,
                emph: run.emph,
                link: run.link,
                level: run.level,
                start: run.start + a,
            };
            // Parts of neighbouring runs share a line when they fit together.
            match parts.last_mut() {
                Some(Segment { runs, width: w, .. }) if *w + width <= max_width => {
                    runs.push(run);
                    *w += width;
                }
                _ => parts.push(Segment {
                    runs: vec![run],
                    width,
                    trailing: 0.0,
                }),
            }
        }
    }
    if let Some(last) = parts.last_mut() {
        last.trailing = seg.trailing;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Vec<Styled> {
        vec![Styled::new(text, false, Emph::None)]
    }

    fn words(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .flat_map(|l| {
                l.text()
                    .split_whitespace()
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn lines_fit_and_keep_every_word_in_order() {
        let mut f = Fonts::embedded_only();
        let text = "The quick brown fox jumps over the lazy dog. ".repeat(20);
        let lines = break_lines(&mut f, &plain(&text), 18.0, 400.0, None);
        assert!(lines.len() > 5);
        for l in &lines {
            assert!(l.width <= 400.0 + 0.01, "{} > 400", l.width);
            assert!(!l.text().starts_with(' '), "{:?}", l.text());
        }
        let expected: Vec<String> = text.split_whitespace().map(String::from).collect();
        assert_eq!(words(&lines), expected);
        // Greedy filling: no line could have taken the next line's first word.
        let space = f.shape(FontId::MAIN, " ", false).width * 18.0;
        for pair in lines.windows(2) {
            let next_word = pair[1].text().split(' ').next().unwrap().to_string();
            let w = f.shape(FontId::MAIN, &next_word, false).width * 18.0;
            assert!(pair[0].width + space + w > 400.0, "{:?}", pair[0].text());
        }
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_between_characters() {
        let mut f = Fonts::embedded_only();
        let long = "Donaudampfschifffahrtsgesellschaftskapitän".repeat(3);
        let text = format!("A {long} word");
        let lines = break_lines(&mut f, &plain(&text), 18.0, 200.0, None);
        assert!(lines.len() >= 4, "{}", lines.len());
        for l in &lines {
            assert!(l.width <= 200.0 + 0.5, "{} {:?}", l.width, l.text());
        }
        let joined: String = lines.iter().map(|l| l.text()).collect();
        assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn emphasis_and_fallback_make_separate_runs() {
        let mut f = Fonts::embedded_only();
        let spans = vec![
            Styled::new("plain ", false, Emph::None),
            Styled::new("strong", true, Emph::Strong),
            Styled::new(" and Жук", false, Emph::None),
        ];
        let lines = break_lines(&mut f, &spans, 18.0, 1000.0, None);
        assert_eq!(lines.len(), 1);
        let runs: Vec<(FontId, Emph, String)> = lines[0]
            .runs
            .iter()
            .map(|r| (r.shaped.font, r.emph, r.shaped.text.clone()))
            .collect();
        assert_eq!(runs[0], (FontId::MAIN, Emph::None, "plain ".into()));
        assert_eq!(runs[1], (FontId::MAIN_BOLD, Emph::Strong, "strong".into()));
        assert_eq!(runs.last().unwrap().0, FontId::FALLBACK);
        assert_eq!(lines[0].text(), "plain strong and Жук");
    }

    #[test]
    fn undrawable_characters_are_dropped_and_reported() {
        let mut f = Fonts::embedded_only();
        let lines = break_lines(
            &mut f,
            &plain("Seoul 서울 city\u{200B}"),
            18.0,
            1000.0,
            None,
        );
        assert_eq!(
            lines[0].text().split_whitespace().collect::<Vec<_>>(),
            ["Seoul", "city"]
        );
        assert!(f.missing.contains(&'서') && f.missing.contains(&'울'));
        assert!(!f.missing.contains(&'\u{200B}'));
    }

    #[test]
    fn huge_unbroken_input_is_cut_into_full_lines() {
        let mut f = Fonts::embedded_only();
        let text = "x".repeat(200_000);
        let lines = break_lines(&mut f, &plain(&text), 18.0, 450.0, None);
        let total: usize = lines.iter().map(|l| l.text().len()).sum();
        assert_eq!(total, 200_000);
        assert!(lines.iter().all(|l| l.width <= 450.0 + 0.01));
        // Lines are filled: only the cut at each shaped piece's end leaves one short.
        let full = lines.iter().map(|l| l.text().len()).max().unwrap();
        let most = 200_000 / full + 200_000 / MAX_SEGMENT_CHARS + 2;
        assert!(lines.len() <= most, "{} lines of up to {full}", lines.len());
        assert!(lines.iter().all(|l| !l.text().is_empty()));
    }

    #[test]
    fn mixed_lines_are_in_visual_order_and_rtl_paragraphs_flagged() {
        let mut f = Fonts::embedded_only();
        // A right-to-left paragraph: the first word is rightmost, the Latin word and
        // the number keep their own left-to-right order in the middle.
        let lines = break_lines(
            &mut f,
            &plain("שלום world 2024 עולם"),
            18.0,
            1000.0,
            Some(true),
        );
        let line = &lines[0];
        assert!(line.rtl);
        let texts: Vec<&str> = line.runs.iter().map(|r| r.shaped.text.as_str()).collect();
        let pos = |needle: &str| texts.iter().position(|t| t.contains(needle)).unwrap();
        assert!(
            pos("עולם") < pos("2024") && pos("2024") < pos("שלום"),
            "{texts:?}"
        );
        assert!(texts.contains(&"world 2024"), "{texts:?}");
        // A left-to-right paragraph keeps its runs in text order.
        let lines = break_lines(&mut f, &plain("hello שלום end"), 18.0, 1000.0, None);
        assert!(!lines[0].rtl);
        assert!(lines[0].runs[0].shaped.text.starts_with("hello"));
        assert!(lines[0].runs.last().unwrap().shaped.text.ends_with("end"));
        // The first strong letter decides when the language does not.
        assert!(break_lines(&mut f, &plain("שלום hello"), 18.0, 1000.0, None)[0].rtl);
    }

    #[test]
    fn right_to_left_languages() {
        for rtl in ["ar", "he", "fa-IR", "ur", "az-Arab"] {
            assert!(rtl_language(rtl), "{rtl}");
        }
        for ltr in ["en", "ko", "arn", "az"] {
            assert!(!rtl_language(ltr), "{ltr}");
        }
    }
}
