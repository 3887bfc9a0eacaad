//! SMIL 1.0: one file per narration track with a `par` per utterance (its text in the
//! content document, its clip of the track's MP3), and `master.smil` listing them.

use super::Book;
use super::content;
use crate::export::epub::escape;
use crate::export::epub::smil::millis;
use crate::export::sync::SyncError;
use crate::narration::Track;

const DOCTYPE: &str = "<!DOCTYPE smil PUBLIC \"-//W3C//DTD SMIL 1.0//EN\" \
                       \"http://www.w3.org/TR/REC-smil/SMIL10.dtd\">";

/// A SMIL clock value `hh:mm:ss.sss`, as DAISY 2.02 writes times.
pub fn clock(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// A normal-play-time clip value, `npt=12.345s`.
fn npt(ms: u64) -> String {
    format!("npt={}.{:03}s", ms / 1000, ms % 1000)
}

/// The `id` of the `par` that plays utterance `id` (NCC headings link to it).
pub fn par_id(id: &str) -> String {
    format!("par-{id}")
}

/// One track's SMIL. `elapsed_ms` is the book's time before this track. Narration that
/// does not fit the text is an error, never a silently broken book: a clip for an id
/// the content lacks, clips out of order or overlapping, empty or past the audio's end.
pub fn track(
    book: &Book,
    track: &Track,
    audio: &str,
    ids: &[String],
    elapsed_ms: u64,
) -> Result<String, SyncError> {
    let duration = millis(track.duration);
    let mut pars = String::new();
    let (mut prev_end, mut prev_pos) = (0, None);
    for (n, clip) in track.clips.iter().enumerate() {
        let pos = ids
            .iter()
            .position(|id| *id == clip.id)
            .ok_or_else(|| SyncError::NoElement {
                clip: clip.id.clone(),
                file: content::FILE.into(),
            })?;
        let (start, end) = (millis(clip.start), millis(clip.end));
        if prev_pos.is_some_and(|p| pos <= p) || start < prev_end || end <= start || end > duration
        {
            return Err(SyncError::Misplaced {
                clip: clip.id.clone(),
                start,
                end,
                audio: track.file.clone(),
                duration,
            });
        }
        pars.push_str(&format!(
            "<par endsync=\"last\" id=\"{par}\">\n\
             <text src=\"{file}#{id}\" id=\"text-{n}\"/>\n\
             <audio src=\"{audio}\" clip-begin=\"{begin}\" clip-end=\"{end}\" id=\"audio-{n}\"/>\n\
             </par>\n",
            par = escape(&par_id(&clip.id)),
            file = content::FILE,
            id = escape(&clip.id),
            audio = escape(audio),
            begin = npt(start),
            end = npt(end),
            n = n + 1,
        ));
        (prev_end, prev_pos) = (end, Some(pos));
    }
    let head = format!(
        "{}<meta name=\"ncc:totalElapsedTime\" content=\"{}\"/>\n\
         <meta name=\"ncc:timeInThisSmil\" content=\"{}\"/>\n",
        common_meta(book),
        clock(elapsed_ms),
        clock(duration)
    );
    Ok(document(
        &head,
        &format!(
            "<seq dur=\"{}.{:03}s\">\n{pars}</seq>\n",
            duration / 1000,
            duration % 1000
        ),
    ))
}

/// `master.smil`: every track's SMIL in order, titled by its chapter.
pub fn master(book: &Book, smils: &[(String, String)], total_ms: u64) -> String {
    let head = format!(
        "{}<meta name=\"ncc:timeInThisSmil\" content=\"{}\"/>\n",
        common_meta(book),
        clock(total_ms)
    );
    let body: String = smils
        .iter()
        .enumerate()
        .map(|(i, (file, title))| {
            format!(
                "<ref src=\"{}\" title=\"{}\" id=\"ref-{}\"/>\n",
                escape(file),
                escape(title),
                i + 1
            )
        })
        .collect();
    document(&head, &body)
}

fn common_meta(book: &Book) -> String {
    format!(
        "<meta name=\"dc:format\" content=\"Daisy 2.02\"/>\n\
         <meta name=\"dc:title\" content=\"{}\"/>\n\
         <meta name=\"dc:identifier\" content=\"{}\"/>\n\
         <meta name=\"ncc:generator\" content=\"{}\"/>\n",
        escape(&book.title),
        escape(&book.identifier),
        super::GENERATOR
    )
}

fn document(head: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{DOCTYPE}\n<smil>\n<head>\n{head}\
         <layout>\n<region id=\"text-view\"/>\n</layout>\n</head>\n<body>\n{body}</body>\n</smil>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(clock(0), "00:00:00.000");
        assert_eq!(clock(3_723_456), "01:02:03.456");
        assert_eq!(npt(1_005), "npt=1.005s");
    }
}
