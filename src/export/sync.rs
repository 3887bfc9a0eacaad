//! Narration that does not fit the text it reads: the read-along formats (EPUB Media
//! Overlays, DAISY) refuse it rather than write a silently broken book.

/// How a narration's clips or chapters fail to match the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// A clip reads an id the text file lacks.
    #[error("narration clip {clip:?} has no element in {file}")]
    NoElement {
        /// The clip's element id.
        clip: String,
        /// The text file searched.
        file: String,
    },
    /// A clip comes before one it follows in the text.
    #[error("narration clip {0:?} is out of reading order")]
    OutOfOrder(String),
    /// A clip overlaps the one before, is empty, or ends after its audio (EPUB's words).
    #[error(
        "narration clip {clip:?} ({start}..{end} ms) overlaps, is empty or passes the end of \
         {audio} ({duration} ms)"
    )]
    BadTiming {
        /// The clip's element id.
        clip: String,
        /// Where it starts, in milliseconds.
        start: u64,
        /// Where it ends, in milliseconds.
        end: u64,
        /// The audio file it plays.
        audio: String,
        /// That file's length in milliseconds.
        duration: u64,
    },
    /// A clip out of order, overlapping, empty or past its audio (DAISY's words).
    #[error(
        "narration clip {clip:?} ({start}..{end} ms) is out of order, empty or past the end \
         of {audio} ({duration} ms)"
    )]
    Misplaced {
        /// The clip's element id.
        clip: String,
        /// Where it starts, in milliseconds.
        start: u64,
        /// Where it ends, in milliseconds.
        end: u64,
        /// The audio file it plays.
        audio: String,
        /// That file's length in milliseconds.
        duration: u64,
    },
    /// A narrated chapter has no part of the book to go with (`what`: document, section).
    #[error("narration chapter {chapter:?} has no {what}")]
    NoChapter {
        /// The chapter's id.
        chapter: String,
        /// What the book lacks for it.
        what: &'static str,
    },
    /// A section's narration does not read its heading (the label given).
    #[error("the narration of {0:?} does not read its heading")]
    UnreadHeading(String),
    /// The first track does not read the title.
    #[error("the narration does not start with the title")]
    NoTitle,
}
