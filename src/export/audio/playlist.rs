//! The `.m3u8` playlist of the section files, with durations and titles.

use crate::narration::Track;

/// An extended M3U playlist (UTF-8) listing each track's file with its length and title.
pub fn m3u8(title: &str, tracks: &[Track]) -> String {
    let mut out = String::from("#EXTM3U\n");
    out.push_str(&format!("#PLAYLIST:{}\n", one_line(title)));
    for t in tracks {
        out.push_str(&format!(
            "#EXTINF:{:.3},{}\n{}\n",
            t.duration,
            one_line(&t.title),
            t.file
        ));
    }
    out
}

/// Titles must stay on one line or they would be read as file names.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_files_with_durations() {
        let t = |title: &str, file: &str, d: f64| Track {
            chapter: String::new(),
            title: title.into(),
            file: file.into(),
            duration: d,
            clips: Vec::new(),
            mp3: Vec::new().into(),
            pcm: None,
        };
        let p = m3u8(
            "Art",
            &[
                t("Art", "01-opening.mp3", 61.25),
                t("Two\nlines", "02-b.mp3", 3.0),
            ],
        );
        assert_eq!(
            p,
            "#EXTM3U\n#PLAYLIST:Art\n#EXTINF:61.250,Art\n01-opening.mp3\n#EXTINF:3.000,Two lines\n02-b.mp3\n"
        );
    }
}
