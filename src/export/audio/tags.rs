//! ID3v2.4 tags: the whole-article tag with CHAP/CTOC chapter frames, and one tag per
//! section file.

use crate::article::Article;
use crate::narration::mp3::{self, Mp3Error};
use crate::narration::{Narration, Track};
use id3::frame::{Chapter, TableOfContents};
use id3::{Frame, Tag, TagLike, Version};

/// Why a tag could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TagError {
    /// A track's MP3 frames could not be timed for its chapter frame.
    #[error("{0}")]
    Frames(#[from] Mp3Error),
    /// The tag could not be written.
    #[error("ID3 tag: {0}")]
    Write(#[from] id3::Error),
}

/// Start and end of each track within the joined file, in milliseconds, from the MP3
/// frames each track actually holds (so chapter marks land on the audio).
pub fn chapter_times(tracks: &[Track]) -> Result<Vec<(u32, u32)>, Mp3Error> {
    let mut samples = 0usize;
    let mut times = Vec::with_capacity(tracks.len());
    for t in tracks {
        let f = mp3::frames(&t.mp3)?;
        let ms = |n: usize| (n as u64 * 1000 / u64::from(f.rate.max(1))) as u32;
        let start = ms(samples);
        samples += f.samples();
        times.push((start, ms(samples)));
    }
    Ok(times)
}

fn common(tag: &mut Tag, article: &Article) {
    tag.set_album(article.title.clone());
    if let Some(by) = &article.byline {
        tag.set_artist(by.clone());
    }
    tag.set_genre("Speech");
    tag.add_frame(Frame::text("TLAN", article.lang.clone()));
    // The page the article came from (a web address's final URL, an HTML page's own
    // canonical address): ID3's "official audio source webpage".
    if let Some(source) = &article.source {
        tag.add_frame(Frame::link("WOAS", source.clone()));
    }
}

fn bytes(tag: &Tag) -> Result<Vec<u8>, TagError> {
    let mut out = Vec::new();
    tag.write_to(&mut out, Version::Id3v24)?;
    Ok(out)
}

/// The tag of the whole-article MP3: title, author, album, genre, chapters and a table
/// of contents listing them in order.
pub fn whole(article: &Article, narration: &Narration) -> Result<Vec<u8>, TagError> {
    let mut tag = Tag::with_version(Version::Id3v24);
    tag.set_title(article.title.clone());
    common(&mut tag, article);
    let times = chapter_times(&narration.tracks)?;
    let ids: Vec<String> = (1..=times.len()).map(|i| format!("chp{i}")).collect();
    tag.add_frame(TableOfContents {
        element_id: "toc".into(),
        top_level: true,
        ordered: true,
        elements: ids.clone(),
        frames: vec![Frame::text("TIT2", article.title.clone())],
    });
    for ((id, track), (start, end)) in ids.into_iter().zip(&narration.tracks).zip(times) {
        tag.add_frame(Chapter {
            element_id: id,
            start_time: start,
            end_time: end,
            // No byte offsets: players go by the times.
            start_offset: u32::MAX,
            end_offset: u32::MAX,
            frames: vec![Frame::text("TIT2", track.title.clone())],
        });
    }
    bytes(&tag)
}

/// The tag of one section file: its title, track `n` of `total`, album = article title.
pub fn section(article: &Article, track: &Track, n: u32, total: u32) -> Result<Vec<u8>, TagError> {
    let mut tag = Tag::with_version(Version::Id3v24);
    tag.set_title(track.title.clone());
    tag.set_track(n);
    tag.set_total_tracks(total);
    common(&mut tag, article);
    bytes(&tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn track(title: &str, samples: usize) -> Track {
        Track {
            chapter: title.to_lowercase(),
            title: title.into(),
            file: format!("{title}.mp3"),
            duration: 0.0,
            clips: Vec::new(),
            mp3: mp3::encode(&vec![0i16; samples], 22050, 64).unwrap().into(),
            pcm: None,
        }
    }

    #[test]
    fn chapter_times_follow_frames() {
        let tracks = [track("A", 22050), track("B", 44100)];
        let t = chapter_times(&tracks).unwrap();
        let fa = mp3::frames(&tracks[0].mp3).unwrap();
        let fb = mp3::frames(&tracks[1].mp3).unwrap();
        assert_eq!(t[0], (0, fa.millis() as u32));
        assert_eq!(t[1].0, t[0].1);
        let total = (fa.samples() + fb.samples()) as u64 * 1000 / 22050;
        assert_eq!(t[1].1 as u64, total);
    }

    #[test]
    fn whole_tag_reads_back_with_ordered_chapters() {
        let article: Article =
            serde_json::from_str(r#"{"title":"T","lang":"en","byline":"Ann Author"}"#).unwrap();
        let narration = Narration {
            voice: "v".into(),
            sample_rate: 22050,
            tracks: vec![track("Opening", 22050), track("Second", 22050)],
        };
        let bytes = whole(&article, &narration).unwrap();
        let tag = Tag::read_from2(std::io::Cursor::new(&bytes)).unwrap();
        assert_eq!(tag.version(), Version::Id3v24);
        assert_eq!(tag.title(), Some("T"));
        assert_eq!(tag.artist(), Some("Ann Author"));
        assert_eq!(tag.genre(), Some("Speech"));
        let chapters: Vec<_> = tag.chapters().collect();
        assert_eq!(chapters.len(), 2);
        assert_eq!(chapters[1].start_time, chapters[0].end_time);
        let toc: Vec<_> = tag.tables_of_contents().collect();
        assert_eq!(toc.len(), 1);
        assert!(toc[0].top_level && toc[0].ordered);
        assert_eq!(toc[0].elements, ["chp1", "chp2"]);
        // Deterministic bytes.
        assert_eq!(bytes, whole(&article, &narration).unwrap());
    }

    #[test]
    fn section_tag_numbers_tracks() {
        let article: Article = serde_json::from_str(r#"{"title":"T","lang":"en"}"#).unwrap();
        let bytes = section(&article, &track("Second", 100), 2, 5).unwrap();
        let tag = Tag::read_from2(std::io::Cursor::new(&bytes)).unwrap();
        assert_eq!(tag.title(), Some("Second"));
        assert_eq!(tag.album(), Some("T"));
        assert_eq!((tag.track(), tag.total_tracks()), (Some(2), Some(5)));
    }
}
