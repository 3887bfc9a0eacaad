//! A read-along web page: `web/index.html` with the article, the section MP3s, the
//! timeline, a stylesheet and one small script (no framework, nothing fetched from
//! outside the folder), so it opens from `file://` or any static server.
//!
//! The text is the EPUB's ([`crate::export::epub::xhtml`]): the same sentence spans and
//! ids, so the timeline's clip ids point at them as the Media Overlays do. The MP3s are
//! the narration's own chapter streams, shared with the audio files rather than copied.

mod options;
mod page;
mod timeline;

use super::{Context, Exporter, Output};
use crate::error::Error;
use crate::export::epub::xhtml::{self, PageInfo};

pub use options::WebOptions;

/// The folder the page's files go into, inside the article's folder.
pub const DIR: &str = "web";

/// The page's script, also measured by `tools/web_bench.mjs` (it must stay small).
pub const SCRIPT: &str = include_str!("player.js");
const STYLE: &str = include_str!("style.css");
const FONTS: [(&str, &[u8]); 3] = [
    (
        "AtkinsonHyperlegible-Regular.ttf",
        include_bytes!("../../../assets/fonts/AtkinsonHyperlegible-Regular.ttf"),
    ),
    (
        "AtkinsonHyperlegible-Bold.ttf",
        include_bytes!("../../../assets/fonts/AtkinsonHyperlegible-Bold.ttf"),
    ),
    (
        "OFL-AtkinsonHyperlegible.txt",
        include_bytes!("../../../assets/fonts/OFL-AtkinsonHyperlegible.txt"),
    ),
];

/// Writes `web/`.
#[derive(Debug, Clone, Default)]
pub struct Web {
    options: WebOptions,
}

impl Web {
    /// The web page exporter with these options.
    pub fn new(options: WebOptions) -> Self {
        Web { options }
    }
}

fn failed(message: &str) -> Error {
    Error::Export {
        format: "web",
        message: message.into(),
    }
}

impl Exporter for Web {
    fn export(&self, ctx: &Context) -> Result<Vec<Output>, Error> {
        let article = ctx.article;
        let script = ctx
            .script
            .ok_or_else(|| failed("no speech script was made before the web export"))?;
        let narration = ctx
            .narration
            .ok_or_else(|| failed("no narration was made before the web export"))?;
        let lang = crate::export::epub::language(&article.lang);
        // The page highlights words wherever the narration timed them.
        let words = xhtml::timed_words(script, narration);
        let info = PageInfo {
            lang: &lang,
            css: false,
            words: Some(&words),
        };
        let docs = xhtml::documents(article, script, &info);
        let chapters = timeline::chapters(narration);
        let title = xhtml::non_empty(&article.title, "Untitled article");
        let parts = page::PageParts {
            lang: &lang,
            title: &title,
            voice: &xhtml::non_empty(&narration.voice, "a synthetic voice"),
            font: self.options.font,
        };
        let path = |name: &str| format!("{DIR}/{name}");
        let mut out = vec![
            Output::new(
                path("index.html"),
                page::index(article, &docs, &chapters, &parts).into_bytes(),
            ),
            Output::new(path("style.css"), STYLE.as_bytes().to_vec()),
            Output::new(path("player.js"), SCRIPT.as_bytes().to_vec()),
        ];
        for track in narration.tracks.iter().filter(|t| !t.clips.is_empty()) {
            out.push(Output::joined(
                path(&timeline::audio_path(&track.file)),
                vec![track.mp3.clone()],
            ));
        }
        if self.options.font {
            for (name, bytes) in FONTS {
                out.push(Output::new(path(&format!("fonts/{name}")), bytes.to_vec()));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
