//! Times, escaping, line wrapping and splitting, and the files from a hand-made narration.

use super::cue::{CUE_LINES, LINE_COLUMNS, columns, fill, split, wrap};
use super::text::{escape, subrip, timestamp, webvtt};
use super::*;
use crate::article::Article;
use crate::export::epub::smil::millis;
use crate::export::epub::tests::{article, narration};
use crate::narration::{Narration, mp3};
use crate::speech::script::Script;

#[test]
fn timestamps_round_to_the_millisecond_and_never_show_60() {
    assert_eq!(timestamp(0, '.'), "00:00:00.000");
    assert_eq!(timestamp(3_723_456, ','), "01:02:03,456");
    assert_eq!(timestamp(millis(59.9996), '.'), "00:01:00.000");
    assert_eq!(timestamp(millis(59.9994), '.'), "00:00:59.999");
    // 3599.9995 s is a hair under the half in binary: either neighbour, never ":60".
    let t = timestamp(millis(3599.9995), '.');
    assert!(t == "01:00:00.000" || t == "00:59:59.999", "{t}");
    assert_eq!(timestamp(millis(3599.9996), ','), "01:00:00,000");
    assert_eq!(timestamp(100 * 3_600_000, '.'), "100:00:00.000");
    for ms in (0..7_300_000).step_by(997) {
        let t = timestamp(ms, '.');
        let p: Vec<&str> = t.split([':', '.']).collect();
        assert!(p[1] < "60" && p[2] < "60" && p[3].len() == 3, "{t}");
    }
}

#[test]
fn escaping_keeps_every_other_character() {
    assert_eq!(escape("Q&A <b> --> x"), "Q&amp;A &lt;b&gt; --&gt; x");
    for s in [
        "مرحبا بالعالم",
        "שלום",
        "北朝鮮の労働者",
        "naïve — “quoted”",
    ] {
        assert_eq!(escape(s), s);
    }
}

#[test]
fn lines_fit_and_keep_the_text() {
    assert_eq!(wrap("  Short   title \n"), ["Short title"]);
    assert!(wrap(" \n \u{1}").is_empty());
    assert_eq!(wrap("A \u{0}control"), ["A control"]);
    let long = "The Kremlin, grappling with a significant worker deficit intensified by its \
                military campaign, has turned to a previously-owned solution in the east.";
    let lines = wrap(long);
    assert!(lines.len() > 2);
    assert!(
        lines
            .iter()
            .all(|l| columns(l) <= LINE_COLUMNS && !l.is_empty())
    );
    assert!(lines.iter().all(|l| l.trim() == l));
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(squeeze(&lines.concat()), squeeze(long));
    // Greedy filling cuts a line only where the next word would not fit...
    let greedy = fill(long, LINE_COLUMNS);
    for pair in greedy.windows(2) {
        let next = pair[1].split([' ', '-']).next().unwrap();
        let space = usize::from(!pair[0].ends_with('-'));
        assert!(columns(&pair[0]) + space + columns(next) > LINE_COLUMNS);
    }
    // ...and the lines are then balanced: as many, none longer, no lone last word.
    assert_eq!(lines.len(), greedy.len());
    let longest = |l: &[String]| l.iter().map(|l| columns(l)).max().unwrap();
    assert!(longest(&lines) <= longest(&greedy));
    let two = wrap("interests and a shared contempt for global standards.");
    assert_eq!(
        two,
        ["interests and a shared", "contempt for global standards."]
    );
    // CJK breaks between ideographs; a run with no break opportunity (Thai) is cut
    // between characters, never before a combining mark.
    let cjk = "北朝鮮の労働者がロシアの経済を支えている。".repeat(3);
    let lines = wrap(&cjk);
    assert!(lines.len() >= 3 && lines.iter().all(|l| columns(l) <= LINE_COLUMNS));
    assert!(
        lines.iter().all(|l| l.chars().count() <= LINE_COLUMNS / 2),
        "{lines:?}"
    );
    assert_eq!(lines.concat(), cjk);
    let thai = "ภาษาไทยไม่มีช่องว่างระหว่างคำ".repeat(4);
    let lines = wrap(&thai);
    assert_eq!(lines.concat(), thai);
    assert!(lines.len() > 1);
    for l in &lines {
        let first = l.chars().next().unwrap();
        assert!(
            !unicode_normalization::char::is_combining_mark(first),
            "{l}"
        );
        assert!(columns(l) <= LINE_COLUMNS + 2);
    }
}

#[test]
fn a_long_sentence_is_shared_out_by_characters() {
    let lines: Vec<String> = [
        "a".repeat(40),
        "b".repeat(40),
        "c".repeat(40),
        "d".repeat(18),
    ]
    .map(String::from)
    .into();
    let cues = split("p1-s1", 1000, 2400, lines.clone());
    assert_eq!(cues.len(), 2);
    assert_eq!(
        (cues[0].id.as_str(), cues[1].id.as_str()),
        ("p1-s1/1", "p1-s1/2")
    );
    assert_eq!(cues[0].lines, lines[..CUE_LINES]);
    assert_eq!(cues[1].lines, lines[CUE_LINES..]);
    // 82 and 60 characters (a space each line) of 1400 ms: 808 and 592 ms.
    assert_eq!((cues[0].start, cues[0].end), (1000, 1808));
    assert_eq!((cues[1].start, cues[1].end), (1808, 2400));
    // Too short to share: one cue with every line rather than an empty one.
    let cues = split("x", 10, 11, lines.clone());
    assert_eq!(cues.len(), 1);
    assert_eq!((cues[0].id.as_str(), cues[0].lines.len()), ("x", 4));
    assert_eq!(split("y", 0, 500, lines[..2].to_vec()).len(), 1);
}

#[test]
fn file_formats() {
    let cues = [
        Cue {
            id: "title".into(),
            start: 1105,
            end: 2000,
            lines: vec!["Fish & <chips>".into()],
        },
        Cue {
            id: "p1-s1".into(),
            start: 2250,
            end: 3_600_001,
            lines: vec!["مرحبا".into(), "two".into()],
        },
    ];
    assert_eq!(
        webvtt(&cues),
        "WEBVTT\n\ntitle\n00:00:01.105 --> 00:00:02.000\nFish &amp; &lt;chips&gt;\n\n\
         p1-s1\n00:00:02.250 --> 01:00:00.001\nمرحبا\ntwo\n"
    );
    assert_eq!(
        subrip(&cues),
        "1\n00:00:01,105 --> 00:00:02,000\nFish & <chips>\n\n\
         2\n00:00:02,250 --> 01:00:00,001\nمرحبا\ntwo\n\n"
    );
    assert_eq!(webvtt(&[]), "WEBVTT\n");
}

/// The EPUB tests' narration with real MP3 streams as long as each track says.
fn narrated(a: &Article) -> Narration {
    let mut n = narration(a);
    for t in &mut n.tracks {
        let samples = (t.duration * 22050.0) as usize;
        t.mp3 = mp3::encode(&vec![0; samples], 22050, 64).unwrap().into();
        t.duration = mp3::frames(&t.mp3).unwrap().seconds();
    }
    n
}

fn export(a: &Article, n: Option<&Narration>) -> Result<Vec<Output>, Error> {
    let script = Script::from_article(a, &Default::default(), &|s| s.to_string());
    let ctx = Context {
        article: a,
        script: Some(&script),
        narration: n,
        date: &Default::default(),
    };
    Captions.export(&ctx)
}

fn text(out: &[Output], name: &str) -> String {
    let o = out.iter().find(|o| o.name == name).expect(name);
    String::from_utf8(o.to_vec()).unwrap()
}

#[test]
fn files_per_track_and_whole_article_shifted_by_the_chapter_starts() {
    let a = article();
    let n = narrated(&a);
    let out = export(&a, Some(&n)).unwrap();
    let base = base_name(&a);
    let mut names = vec![format!("{base}.vtt"), format!("{base}.srt")];
    for t in &n.tracks {
        let stem = t.file.strip_suffix(".mp3").unwrap();
        names.extend([format!("{stem}.vtt"), format!("{stem}.srt")]);
    }
    let got: Vec<&str> = out.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(got, names);

    let vtt = text(&out, &names[0]);
    assert!(vtt.starts_with("WEBVTT\n\ntitle\n00:00:00.000 --> 00:00:00.750\nBreaking"));
    // The 45-character title takes two lines, balanced (UAX #14 breaks after a slash);
    // its markup is text.
    let title = "\nBreaking &lt;script&gt;alert(1)&lt;/\nscript&gt; &amp; ]]&gt; news\n";
    assert!(vtt.contains(title), "{vtt}");
    let starts = chapter_times(&n.tracks).unwrap();
    let clips: usize = n.tracks.iter().map(|t| t.clips.len()).sum();
    assert_eq!(vtt.matches(" --> ").count(), clips);
    // The second track's heading moves by where that track starts in the whole MP3.
    let heading = &n.tracks[1].clips[0];
    let at = millis(heading.start) + u64::from(starts[1].0);
    let cue = format!("{}\n{} --> ", heading.id, timestamp(at, '.'));
    assert!(vtt.contains(&cue), "{cue:?} not in\n{vtt}");
    let track_vtt = text(&out, &names[4]);
    assert!(track_vtt.contains(&format!("{}\n00:00:00.000 --> 00:00:00.750\n", heading.id)));
    assert!(
        vtt.contains("\nA deck with a control &amp; \"quotes\"\n"),
        "{vtt}"
    );
    let srt = text(&out, &names[1]);
    assert!(srt.starts_with(
        "1\n00:00:00,000 --> 00:00:00,750\nBreaking <script>alert(1)</\nscript> & ]]> news\n\n2\n"
    ));
    assert!(srt.contains(&format!("\n\n{clips}\n")));
    assert!(!srt.contains(&format!("\n\n{}\n", clips + 1)));
    // Deterministic.
    assert_eq!(out.iter().map(Output::to_vec).collect::<Vec<_>>(), {
        let again = export(&a, Some(&n)).unwrap();
        again.iter().map(Output::to_vec).collect::<Vec<_>>()
    });
}

#[test]
fn an_utterance_with_nothing_to_show_has_no_cue() {
    let mut a = article();
    // Only white space and invisible format characters (zero-width space, BOM).
    a.sections[1].heading = " \u{200b}\n \u{feff}".into();
    let n = narrated(&a);
    let out = export(&a, Some(&n)).unwrap();
    let track = &n.tracks[2];
    let vtt = text(&out, &track.file.replace(".mp3", ".vtt"));
    assert_eq!(vtt.matches(" --> ").count(), track.clips.len() - 1, "{vtt}");
    assert!(!vtt.contains(&track.clips[0].id), "{vtt}");
    assert!(!vtt.contains("\n\n\n"));
}

#[test]
fn narration_that_does_not_fit_is_refused() {
    let a = article();
    let message = |n: Option<&Narration>| export(&a, n).unwrap_err().to_string();
    assert!(message(None).contains("need narration"));
    let mut n = narrated(&a);
    n.tracks[0].clips[0].id = "nowhere".into();
    let m = message(Some(&n));
    assert!(
        m.contains("\"nowhere\"") && m.contains("not in the speech script"),
        "{m}"
    );
    let mut n = narrated(&a);
    n.tracks[0].clips[1].start = 0.5;
    let m = message(Some(&n));
    assert!(m.contains("out of order"), "{m}");
    let mut n = narrated(&a);
    let track = &mut n.tracks[0];
    track.clips.last_mut().unwrap().end = track.duration + 0.5;
    assert!(message(Some(&n)).contains("past the end"));
}
