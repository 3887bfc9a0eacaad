//! The speech script: what the narrator says, in order, with stable ids.
//!
//! Chapter 0 (`opening`) reads the title, the deck and the lead; each section is a
//! chapter of its own that starts with its heading. Every utterance keeps the text as
//! displayed (for EPUB highlighting) and the text as spoken (after normalisation).

use crate::article::{Article, Block};
use serde::Serialize;

/// Id of the chapter that reads the title, deck and lead.
pub const OPENING: &str = "opening";

/// What kind of thing an utterance is; pauses and voice settings depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The article title.
    Title,
    /// The deck (subtitle).
    Deck,
    /// A section heading.
    Heading,
    /// A sentence of body text.
    Sentence,
}

/// One thing to say.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Utterance {
    /// Stable id: `title`, `deck`, `<section-id>-heading`, or `<paragraph-id>-s<n>`.
    pub id: String,
    /// What it is.
    pub kind: Kind,
    /// The paragraph it belongs to (sentences only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// Byte range of the sentence within its paragraph's text (sentences only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<std::ops::Range<usize>>,
    /// The text as shown.
    pub display: String,
    /// The text as the voice should read it.
    pub spoken: String,
    /// Silence after this utterance, in milliseconds.
    pub pause_after_ms: u32,
}

/// A chapter of narration: the opening, or one section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chapter {
    /// [`OPENING`] or the section id.
    pub id: String,
    /// The chapter title (the article title for the opening, else the heading).
    pub title: String,
    /// What is said, in order.
    pub utterances: Vec<Utterance>,
}

/// The whole speech script of an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Script {
    /// Language of the text (BCP 47).
    pub lang: String,
    /// Chapters in order.
    pub chapters: Vec<Chapter>,
}

/// Pauses, in milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Pauses {
    /// After a sentence inside a paragraph.
    pub sentence_ms: u32,
    /// After the last sentence of a paragraph.
    pub paragraph_ms: u32,
    /// After a heading (and after the title and deck).
    pub heading_ms: u32,
    /// At the end of a chapter, before the next heading.
    pub chapter_ms: u32,
}

impl Default for Pauses {
    fn default() -> Self {
        Pauses {
            sentence_ms: 250,
            paragraph_ms: 600,
            heading_ms: 700,
            chapter_ms: 1000,
        }
    }
}

impl Script {
    /// All utterances in reading order.
    pub fn utterances(&self) -> impl Iterator<Item = &Utterance> {
        self.chapters.iter().flat_map(|c| c.utterances.iter())
    }
}

impl Script {
    /// The script of an article. `spoken` turns display text into spoken text
    /// (normalisation and lexicon); pass `|s| s.to_string()` for none.
    pub fn from_article(
        article: &Article,
        pauses: &Pauses,
        spoken: &dyn Fn(&str) -> String,
    ) -> Script {
        let mut opening = Chapter {
            id: OPENING.into(),
            title: article.title.clone(),
            utterances: vec![whole("title", Kind::Title, &article.title, pauses, spoken)],
        };
        if let Some(deck) = &article.deck {
            opening
                .utterances
                .push(whole("deck", Kind::Deck, deck, pauses, spoken));
        }
        add_blocks(&mut opening, &article.lead, &article.lang, pauses, spoken);
        let mut chapters = vec![opening];
        for section in &article.sections {
            let mut chapter = Chapter {
                id: section.id.clone(),
                title: section.heading.clone(),
                utterances: vec![whole(
                    &format!("{}-heading", section.id),
                    Kind::Heading,
                    &section.heading,
                    pauses,
                    spoken,
                )],
            };
            add_blocks(&mut chapter, &section.blocks, &article.lang, pauses, spoken);
            chapters.push(chapter);
        }
        for chapter in &mut chapters {
            if let Some(last) = chapter.utterances.last_mut() {
                last.pause_after_ms = pauses.chapter_ms;
            }
        }
        Script {
            lang: article.lang.clone(),
            chapters,
        }
    }
}

fn whole(
    id: &str,
    kind: Kind,
    text: &str,
    pauses: &Pauses,
    speak: &dyn Fn(&str) -> String,
) -> Utterance {
    Utterance {
        id: id.into(),
        kind,
        paragraph: None,
        range: None,
        display: text.into(),
        spoken: speak(text),
        pause_after_ms: pauses.heading_ms,
    }
}

fn add_blocks(
    chapter: &mut Chapter,
    blocks: &[Block],
    lang: &str,
    pauses: &Pauses,
    speak: &dyn Fn(&str) -> String,
) {
    for block in blocks {
        for p in block.paragraphs() {
            let text = p.text();
            let ranges = super::sentences::split(&text, lang);
            let n = ranges.len();
            for (i, r) in ranges.into_iter().enumerate() {
                let display = text[r.clone()].to_string();
                chapter.utterances.push(Utterance {
                    id: format!("{}-s{}", p.id, i + 1),
                    kind: Kind::Sentence,
                    paragraph: Some(p.id.clone()),
                    range: Some(r),
                    spoken: speak(&display),
                    display,
                    pause_after_ms: if i + 1 == n {
                        pauses.paragraph_ms
                    } else {
                        pauses.sentence_ms
                    },
                });
            }
        }
    }
}
