//! Fonts beyond the embedded ones: faces on the machine or named in `[pdf] fonts`,
//! chosen for the characters of one article before layout.
//!
//! Nothing is read when the embedded fonts draw every character (the usual English
//! article). Otherwise `fontdb` lists the faces (their names only; files are mapped,
//! not read), the faces are ranked (named files first, then a family that names the
//! script or the article's CJK region, sans before serif, regular or bold weight), and
//! each script the embedded fonts cannot fully draw gets the best-covering face, as
//! do single leftover characters. Only the chosen faces stay mapped: a Korean article
//! maps the one Noto Sans CJK collection file per weight and never copies it.

use super::fonts::{self, Assignments, FontFile, FontId};
use super::options::PdfOptions;
use crate::error::Error;
use fontdb::{Database, ID, Stretch, Style};
use rustybuzz::ttf_parser;
use std::collections::{BTreeMap, BTreeSet};
use unicode_script::{Script, UnicodeScript};

/// The share of an article's characters that may be missing before the PDF fails.
pub const MAX_MISSING_SHARE: f64 = 0.01;

/// The fonts chosen for one article.
pub struct Chosen {
    /// The embedded fonts, then the chosen faces ([`FontId`] indexes this).
    pub files: Vec<FontFile>,
    /// Which chosen face draws what.
    pub assigned: Assignments,
}

/// Choose fonts for `chars` (each character with how often it occurs) of an article in
/// language `lang`; fail when more than [`MAX_MISSING_SHARE`] of them would be missing.
pub fn choose(
    chars: &BTreeMap<char, usize>,
    lang: &str,
    opts: &PdfOptions,
) -> Result<Chosen, Error> {
    let mut files = FontFile::embedded();
    let embedded: Vec<_> = files
        .iter()
        .map(|f| fonts::parse(f).expect("embedded font parses"))
        .collect();
    let drawn_by = |ids: [usize; 2], c: char| ids.iter().any(|&i| fonts::covers(&embedded[i], c));
    let drawable: Vec<char> = chars
        .keys()
        .copied()
        .filter(|&c| !fonts::is_ignorable(c) && !c.is_whitespace())
        .collect();
    let lacking: Vec<[bool; 2]> = drawable
        .iter()
        .map(|&c| [!drawn_by([0, 2], c), !drawn_by([1, 3], c)])
        .collect();
    let mut assigned = Assignments::default();
    if lacking.iter().any(|l| l[0] || l[1]) {
        let mut finder = Finder::new(opts)?;
        for (weight, slot) in [(400, 0), (700, 1)] {
            let need: Vec<char> = drawable
                .iter()
                .zip(&lacking)
                .filter(|(_, l)| l[slot])
                .map(|(c, _)| *c)
                .collect();
            finder.assign(&need, chars, lang, weight, slot, &mut assigned);
        }
        files.extend(finder.load()?);
    }
    let missing = still_missing(&files, &assigned, &drawable);
    check_share(chars, &missing)?;
    Ok(Chosen { files, assigned })
}

/// The drawable characters no face (embedded or chosen) has, in regular text.
fn still_missing(files: &[FontFile], assigned: &Assignments, drawable: &[char]) -> Vec<char> {
    let faces: Vec<_> = files.iter().filter_map(fonts::parse).collect();
    let has = |id: FontId, c: char| faces.get(id.index()).is_some_and(|f| fonts::covers(f, c));
    drawable
        .iter()
        .copied()
        .filter(|&c| {
            let script = assigned.by_script.get(&c.script()).map(|p| p.0);
            let single = assigned.by_char.get(&c).map(|p| p.0);
            ![Some(FontId::MAIN), Some(FontId::FALLBACK), script, single]
                .into_iter()
                .flatten()
                .any(|id| has(id, c))
        })
        .collect()
}

/// Fail when the missing characters are more than a small share of the text, naming
/// each script and the Debian package with a font for it.
fn check_share(chars: &BTreeMap<char, usize>, missing: &[char]) -> Result<(), Error> {
    // Emoji and pictographs are left out and warned about, but do not fail the PDF:
    // the share is about the text's letters.
    let counted = |c: char| !fonts::is_ignorable(c) && !c.is_whitespace() && !is_pictograph(c);
    let total: usize = chars
        .iter()
        .filter(|(c, _)| counted(**c))
        .map(|(_, n)| n)
        .sum();
    let missing: Vec<char> = missing.iter().copied().filter(|&c| counted(c)).collect();
    let missing = missing.as_slice();
    let lost: usize = missing.iter().map(|c| chars[c]).sum();
    if total == 0 || (lost as f64) <= MAX_MISSING_SHARE * total as f64 {
        return Ok(());
    }
    let mut by_script: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for c in missing {
        let script = c.script();
        let entry = by_script
            .entry(script.full_name())
            .or_insert((0, package_for(script)));
        entry.0 += chars[c];
    }
    let scripts: Vec<String> = by_script
        .iter()
        .map(|(name, (n, package))| {
            format!("{name} ({n} characters; Debian package {package} has a font)")
        })
        .collect();
    Err(Error::Export {
        format: "pdf",
        message: format!(
            "{lost} of {total} characters ({:.1}%) have no font and would be missing: {}; \
             install the package, or name a font file in [pdf] fonts",
            100.0 * lost as f64 / total as f64,
            scripts.join(", ")
        ),
    })
}

/// Emoji and pictographic symbols (dingbats, miscellaneous symbols, the emoji planes).
fn is_pictograph(c: char) -> bool {
    matches!(u32::from(c), 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF)
}

/// The Debian package that has a font for `script`.
pub fn package_for(script: Script) -> &'static str {
    match script {
        Script::Han | Script::Hangul | Script::Hiragana | Script::Katakana | Script::Bopomofo => {
            "fonts-noto-cjk"
        }
        Script::Common | Script::Inherited | Script::Unknown => "fonts-symbola",
        _ => "fonts-noto-core",
    }
}

/// One candidate face: what ranking needs.
struct Candidate {
    id: ID,
    configured: bool,
    family: String,
    weight: u16,
    stretch: Stretch,
    path: String,
    index: u32,
}

/// The font database and the faces chosen from it so far.
struct Finder {
    db: Database,
    candidates: Vec<Candidate>,
    /// Chosen faces in the order they were chosen; position + 4 is the [`FontId`].
    chosen: Vec<ID>,
}

impl Finder {
    /// List the faces of the configured files and folders, then (when allowed) the
    /// system's; a configured path that holds no font is an error naming it.
    fn new(opts: &PdfOptions) -> Result<Finder, Error> {
        let mut db = Database::new();
        for path in &opts.fonts {
            let before = db.len();
            if path.is_dir() {
                db.load_fonts_dir(path);
            } else {
                db.load_font_file(path).map_err(|e| Error::io(path, e))?;
            }
            if db.len() == before {
                return Err(Error::Export {
                    format: "pdf",
                    message: format!("{}: no font found there (pdf.fonts)", path.display()),
                });
            }
        }
        let configured = db.len();
        if opts.system_fonts {
            db.load_system_fonts();
        }
        let mut candidates: Vec<Candidate> = db
            .faces()
            .enumerate()
            .filter(|(_, f)| f.style == Style::Normal)
            .map(|(i, f)| Candidate {
                id: f.id,
                configured: i < configured,
                family: f.families.first().map(|x| x.0.clone()).unwrap_or_default(),
                weight: f.weight.0,
                stretch: f.stretch,
                path: match &f.source {
                    fontdb::Source::File(p) => p.display().to_string(),
                    _ => String::new(),
                },
                index: f.index,
            })
            .collect();
        // A stable base order, so ties never depend on the order folders were read in.
        candidates
            .sort_by(|a, b| (&a.family, &a.path, a.index).cmp(&(&b.family, &b.path, b.index)));
        Ok(Finder {
            db,
            candidates,
            chosen: Vec::new(),
        })
    }

    /// Assign faces of `weight` to the characters in `need` (slot 0 regular, 1 bold):
    /// first one face per script, then one per leftover character.
    fn assign(
        &mut self,
        need: &[char],
        chars: &BTreeMap<char, usize>,
        lang: &str,
        weight: u16,
        slot: usize,
        out: &mut Assignments,
    ) {
        // By name, so the order (and so the fonts' numbering) is always the same.
        let mut scripts: BTreeMap<&str, (Script, Vec<char>)> = BTreeMap::new();
        for &c in need {
            let s = c.script();
            if !matches!(s, Script::Common | Script::Inherited | Script::Unknown) {
                scripts.entry(s.full_name()).or_insert((s, Vec::new()));
            }
        }
        // A script's face must draw all of the article's characters in it, not just
        // the ones the embedded fonts lack, so that a word stays in one font.
        for (c, _) in chars.iter() {
            if let Some((_, v)) = scripts.get_mut(c.script().full_name()) {
                v.push(*c);
            }
        }
        let mut left: BTreeSet<char> = need.iter().copied().collect();
        for (script, members) in scripts.values() {
            let order = self.ranked(&tokens(Some(*script), lang), weight);
            if let Some((id, covered)) = self.best(&order, members) {
                let font = self.font_id(id);
                set(
                    out.by_script.entry(*script).or_insert((font, font)),
                    slot,
                    font,
                );
                covered.iter().for_each(|c| {
                    left.remove(c);
                });
            }
        }
        if left.is_empty() {
            return;
        }
        let order = self.ranked(&tokens(None, lang), weight);
        for id in order {
            let Some(found) = self.coverage(id, &left) else {
                continue;
            };
            if found.is_empty() {
                continue;
            }
            let font = self.font_id(id);
            for c in found {
                left.remove(&c);
                set(out.by_char.entry(c).or_insert((font, font)), slot, font);
            }
            if left.is_empty() {
                break;
            }
        }
    }

    /// Faces in order of preference for text whose family names should contain one of
    /// `tokens`, at `weight`.
    fn ranked(&self, tokens: &[String], weight: u16) -> Vec<ID> {
        let mut order: Vec<(_, ID)> = self
            .candidates
            .iter()
            .map(|c| {
                let family = c.family.to_lowercase().replace(' ', "");
                // The earlier the token a family names, the better (the CJK region
                // before any sans face).
                let named = tokens
                    .iter()
                    .position(|t| family.contains(t.as_str()))
                    .unwrap_or(tokens.len());
                let penalty = ["mono", "serif", "ui", "display", "looped", "kufi", "rashi"]
                    .iter()
                    .filter(|w| family.contains(*w))
                    .count();
                let key = (
                    !c.configured,
                    named,
                    penalty,
                    c.stretch != Stretch::Normal,
                    c.weight.abs_diff(weight),
                );
                (key, c.id)
            })
            .collect();
        // A stable sort keeps the base order (family, path, index) among equals.
        order.sort_by_key(|(key, _)| *key);
        order.into_iter().map(|(_, id)| id).collect()
    }

    /// The face covering most of `members` (the first in `order` among equals), and
    /// what it covers; stops at the first that covers all.
    fn best(&self, order: &[ID], members: &[char]) -> Option<(ID, Vec<char>)> {
        let set: BTreeSet<char> = members.iter().copied().collect();
        let mut best: Option<(ID, Vec<char>)> = None;
        for &id in order {
            let Some(found) = self.coverage(id, &set) else {
                continue;
            };
            let all = found.len() == set.len();
            if best.as_ref().is_none_or(|(_, b)| found.len() > b.len()) && !found.is_empty() {
                best = Some((id, found));
            }
            if all {
                break;
            }
        }
        best
    }

    /// Which of `chars` face `id` draws (`None` when its file cannot be read).
    fn coverage(&self, id: ID, chars: &BTreeSet<char>) -> Option<Vec<char>> {
        self.db.with_face_data(id, |data, index| {
            let face = ttf_parser::Face::parse(data, index).ok()?;
            Some(
                chars
                    .iter()
                    .copied()
                    .filter(|&c| fonts::covers(&face, c))
                    .collect(),
            )
        })?
    }

    /// The [`FontId`] face `id` will have, choosing it if it was not chosen yet.
    fn font_id(&mut self, id: ID) -> FontId {
        let n = match self.chosen.iter().position(|&c| c == id) {
            Some(n) => n,
            None => {
                self.chosen.push(id);
                self.chosen.len() - 1
            }
        };
        FontId(u16::try_from(n + 4).unwrap_or(u16::MAX))
    }

    /// Map the chosen faces' files.
    fn load(mut self) -> Result<Vec<FontFile>, Error> {
        let mut files = Vec::new();
        for id in std::mem::take(&mut self.chosen) {
            // SAFETY: the file is mapped read-only for the length of one export. A font
            // file changed in place while it is mapped could show the change (package
            // managers replace files by renaming a new one into place, which does not
            // touch the mapped one); mapping is what keeps a 20 MB CJK collection out
            // of each article's memory.
            let shared = unsafe { self.db.make_shared_face_data(id) };
            let Some((data, index)) = shared else {
                let path = self
                    .db
                    .face_source(id)
                    .map(|(s, _)| match s {
                        fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => {
                            p.display().to_string()
                        }
                        fontdb::Source::Binary(_) => "a font".into(),
                    })
                    .unwrap_or_default();
                return Err(Error::Export {
                    format: "pdf",
                    message: format!("{path}: the font file could not be read"),
                });
            };
            let file = FontFile {
                data: data.into(),
                index,
            };
            if fonts::parse(&file).is_none() {
                return Err(Error::Export {
                    format: "pdf",
                    message: "a chosen font could not be parsed".into(),
                });
            }
            files.push(file);
        }
        Ok(files)
    }
}

fn set(pair: &mut (FontId, FontId), slot: usize, font: FontId) {
    if slot == 0 {
        pair.0 = font;
    } else {
        pair.1 = font;
    }
}

/// Lower-case words a well-named family for `script` (or, with none, for the article's
/// language) contains: the script's name, or the CJK region of the language, since Han
/// characters are drawn differently in Japan, Korea, China, Taiwan and Hong Kong.
fn tokens(script: Option<Script>, lang: &str) -> Vec<String> {
    let lang = lang.to_ascii_lowercase();
    let region = if lang.starts_with("ja") {
        "cjkjp"
    } else if lang.starts_with("ko") {
        "cjkkr"
    } else if lang.contains("hant") || lang.ends_with("-tw") {
        "cjktc"
    } else if lang.ends_with("-hk") || lang.ends_with("-mo") {
        "cjkhk"
    } else {
        "cjksc"
    };
    let mut out = Vec::new();
    match script {
        Some(Script::Hangul) => out.push("cjkkr".to_string()),
        Some(Script::Hiragana | Script::Katakana) => out.push("cjkjp".to_string()),
        Some(Script::Han | Script::Bopomofo) | None => out.push(region.to_string()),
        Some(s) => out.push(s.full_name().to_lowercase().replace(['_', ' '], "")),
    }
    if script.is_none() {
        out.push("sans".into());
    }
    out
}

/// Every character of `texts`, with how often it occurs.
pub fn count_chars<'a>(texts: impl IntoIterator<Item = &'a str>) -> BTreeMap<char, usize> {
    let mut counts = BTreeMap::new();
    for t in texts {
        for c in t.chars() {
            *counts.entry(c).or_insert(0) += 1;
        }
    }
    counts
}
