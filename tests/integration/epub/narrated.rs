//! Narrated EPUBs, validated and read back: the overlays must match the text and the
//! audio. One is built through the library with MP3s made by ffmpeg, one by the CLI
//! with its own eSpeak NG narration.

use super::*;
use std::collections::BTreeMap;

/// Make `seconds` of a quiet sine tone as a mono 22.05 kHz MP3 and return its bytes.
fn mp3(dir: &Path, name: &str, seconds: f64) -> Vec<u8> {
    let path = dir.join(name);
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!(
            "sine=frequency=330:sample_rate=22050:duration={seconds:.3}"
        ))
        .args(["-ac", "1", "-b:a", "32k"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("ffmpeg: {e}; install Debian ffmpeg"));
    assert!(out.status.success(), "ffmpeg: {}", stderr(&out));
    std::fs::read(&path).unwrap()
}

/// Duration of an audio file in seconds, as ffprobe decodes it.
fn ffprobe_seconds(path: &Path) -> f64 {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
        ])
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("ffprobe: {e}; install Debian ffmpeg"));
    assert!(out.status.success(), "ffprobe: {}", stderr(&out));
    stdout(&out)
        .trim()
        .parse()
        .expect("ffprobe prints a duration")
}

/// A narration in the shape the audio exporter makes: one track per chapter, each
/// utterance 0.5 s of audio followed by a 0.1 s pause.
fn narration(script: &Script, dir: &Path) -> Narration {
    let tracks = script
        .chapters
        .iter()
        .enumerate()
        .map(|(i, chapter)| {
            let clips: Vec<Clip> = chapter
                .utterances
                .iter()
                .enumerate()
                .map(|(k, u)| Clip {
                    id: u.id.clone(),
                    start: 0.2 + k as f64 * 0.6,
                    end: 0.7 + k as f64 * 0.6,
                    words: Vec::new(),
                })
                .collect();
            let duration = 0.5 + clips.len() as f64 * 0.6;
            let file = format!("{:02}-{}.mp3", i + 1, chapter.id);
            Track {
                chapter: chapter.id.clone(),
                title: chapter.title.clone(),
                mp3: mp3(dir, &file, duration).into(),
                pcm: None,
                file,
                duration,
                clips,
            }
        })
        .collect();
    Narration {
        voice: "Test tone".into(),
        sample_rate: 22050,
        tracks,
    }
}

fn clock(v: &str) -> f64 {
    let parts: Vec<f64> = v.split(':').map(|p| p.parse().unwrap()).collect();
    assert_eq!(parts.len(), 3, "clock value {v}");
    parts[0] * 3600.0 + parts[1] * 60.0 + parts[2]
}

fn parse(text: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opts).expect("well-formed XML")
}

#[test]
fn narrated_sample_is_valid_and_overlays_match_text_and_audio() {
    let dir = tempfile::tempdir().unwrap();
    let article = altformat::article::read_file(&sample(), &Default::default()).unwrap();
    let script = Script::from_article(&article, &Default::default(), &|s| s.to_string());
    let narration = narration(&script, dir.path());
    let date = SourceDate::default();
    let ctx = Context {
        article: &article,
        script: Some(&script),
        narration: Some(&narration),
        date: &date,
    };
    let bytes = Epub::default().export(&ctx).unwrap().remove(0).to_vec();
    let again = Epub::default().export(&ctx).unwrap().remove(0).to_vec();
    assert!(bytes == again, "two narrated builds differ");
    let epub = dir.path().join("book.epub");
    std::fs::write(&epub, &bytes).unwrap();
    validate(&epub);
    check_overlays(&bytes, dir.path(), script.utterances().count());
}

/// The narration the CLI really makes (eSpeak NG, MP3s from LAME), read along in the
/// EPUB: valid under both EPUBChecks and Ace, one `par` per sentence, clips inside
/// the audio.
#[test]
fn cli_narrated_epub_is_valid_and_overlays_match_text_and_audio() {
    let dir = tempfile::tempdir().unwrap();
    let epub = cli_narrated_epub(dir.path());
    let bytes = std::fs::read(&epub).unwrap();
    let article = altformat::article::read_file(&sample(), &Default::default()).unwrap();
    let script = altformat::speech::prepare(&article, &Default::default());
    check_overlays(&bytes, dir.path(), script.utterances().count());
}

/// Build the sample with `--formats audio,epub` in `dir` (with its `altformat.toml`, if
/// any), check the EPUB with both EPUBChecks and Ace, and return its path.
fn cli_narrated_epub(dir: &Path) -> PathBuf {
    let cache = dir.join("cache");
    let out = run_in(
        dir,
        &build_args(
            sample().to_str().unwrap(),
            "audio,epub",
            &["--cache-dir", cache.to_str().unwrap()],
        ),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = find_epub(&dir.join("exports"));
    validate(&epub);
    epub
}

/// The length in seconds of the EPUB entry `mp3` (among `files`) as ffprobe decodes it,
/// probed once per entry (`probed` remembers).
fn entry_seconds(
    files: &[(String, Vec<u8>)],
    mp3: &str,
    dir: &Path,
    probed: &mut BTreeMap<String, f64>,
) -> f64 {
    *probed.entry(mp3.to_string()).or_insert_with(|| {
        let (_, bytes) = files.iter().find(|(n, _)| *n == mp3).unwrap();
        let path = dir.join("probe.mp3");
        std::fs::write(&path, bytes).unwrap();
        ffprobe_seconds(&path)
    })
}

/// Every sentence, title, deck and heading has exactly one `par`; clips increase, do
/// not overlap, and end inside their MP3 as ffprobe decodes it.
fn check_overlays(bytes: &[u8], dir: &Path, utterances: usize) {
    let files = unzip(bytes);
    // Every element a clip may point at: sentence spans, the title, deck and headings.
    let mut targets: BTreeMap<String, usize> = BTreeMap::new();
    let mut sentences = 0;
    for (name, data) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let file = name.trim_start_matches("OEBPS/");
        let text = String::from_utf8(data.clone()).unwrap();
        for node in parse(&text).descendants() {
            let Some(id) = node.attribute("id") else {
                continue;
            };
            let sentence = node.has_tag_name("span");
            let narrated = sentence || id == "title" || id == "deck" || id.ends_with("-heading");
            if narrated && !file.starts_with("nav") {
                targets.insert(format!("{file}#{id}"), 0);
                sentences += usize::from(sentence);
            }
        }
    }
    assert!(sentences > 100, "only {sentences} sentence spans");
    let mut pars = 0;
    // Each MP3's length as ffprobe decodes it, probed once per file.
    let mut probed: BTreeMap<String, f64> = BTreeMap::new();
    for (name, data) in files.iter().filter(|(n, _)| n.ends_with(".smil")) {
        let text = String::from_utf8(data.clone()).unwrap();
        let doc = parse(&text);
        let mut prev_end = 0.0;
        for par in doc.descendants().filter(|n| n.has_tag_name("par")) {
            pars += 1;
            let text_el = par.children().find(|n| n.has_tag_name("text")).unwrap();
            let audio = par.children().find(|n| n.has_tag_name("audio")).unwrap();
            let src = text_el.attribute("src").unwrap();
            *targets
                .get_mut(src)
                .unwrap_or_else(|| panic!("{name}: par points at unknown {src}")) += 1;
            let (begin, end) = (
                clock(audio.attribute("clipBegin").unwrap()),
                clock(audio.attribute("clipEnd").unwrap()),
            );
            assert!(
                begin >= prev_end && end > begin,
                "{name}: {src} {begin}..{end}"
            );
            prev_end = end;
            let mp3 = format!("OEBPS/{}", audio.attribute("src").unwrap());
            let seconds = entry_seconds(&files, &mp3, dir, &mut probed);
            assert!(
                end <= seconds,
                "{name}: {src} ends at {end}s, audio {seconds}s"
            );
        }
    }
    let wrong: Vec<_> = targets.iter().filter(|(_, n)| **n != 1).collect();
    assert!(wrong.is_empty(), "not exactly one par each: {wrong:?}");
    assert_eq!(pars, utterances);
}

/// `[epub] highlight = "word"` with the CLI's eSpeak NG narration: still valid under
/// both EPUBChecks and Ace; each sentence's `seq` holds a `par` per word whose element
/// holds that word, inside its sentence's clip, in order, inside the audio; nearly every
/// utterance is read word by word.
#[test]
fn word_highlight_epub_is_valid_and_every_word_par_resolves_inside_the_audio() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("altformat.toml"),
        "[epub]\nhighlight = \"word\"\n",
    )
    .unwrap();
    let epub = cli_narrated_epub(dir.path());
    let narration: serde_json::Value =
        serde_json::from_slice(&std::fs::read(epub.with_file_name("narration.json")).unwrap())
            .unwrap();
    // Each clip's span in its track, and each timed word's text, by id.
    let mut clips: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let mut words: BTreeMap<String, String> = BTreeMap::new();
    for clip in narration["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["clips"].as_array().unwrap())
    {
        let id = clip["id"].as_str().unwrap().to_string();
        for (n, w) in clip["words"].as_array().into_iter().flatten().enumerate() {
            words.insert(
                format!("{id}-w{}", n + 1),
                w["text"].as_str().unwrap().into(),
            );
        }
        clips.insert(
            id,
            (
                clip["start"].as_f64().unwrap(),
                clip["end"].as_f64().unwrap(),
            ),
        );
    }
    let files = unzip(&std::fs::read(&epub).unwrap());
    // The text of every element with an id, by `file#id`.
    let mut elements: BTreeMap<String, String> = BTreeMap::new();
    for (name, data) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let file = name.trim_start_matches("OEBPS/");
        let text = String::from_utf8(data.clone()).unwrap();
        for node in parse(&text).descendants() {
            if let Some(id) = node.attribute("id") {
                let inner: String = node
                    .descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect();
                elements.insert(format!("{file}#{id}"), inner);
            }
        }
    }
    let (mut word_pars, mut seqs, mut sentence_pars) = (0, 0, 0);
    let mut probed: BTreeMap<String, f64> = BTreeMap::new();
    for (name, data) in files.iter().filter(|(n, _)| n.ends_with(".smil")) {
        let text = String::from_utf8(data.clone()).unwrap();
        let doc = parse(&text);
        let mut prev_end = 0.0;
        for par in doc.descendants().filter(|n| n.has_tag_name("par")) {
            let src = par
                .children()
                .find(|n| n.has_tag_name("text"))
                .and_then(|t| t.attribute("src"))
                .unwrap();
            let audio = par.children().find(|n| n.has_tag_name("audio")).unwrap();
            let (begin, end) = (
                clock(audio.attribute("clipBegin").unwrap()),
                clock(audio.attribute("clipEnd").unwrap()),
            );
            assert!(
                begin >= prev_end && end > begin,
                "{name}: {src} {begin}..{end}"
            );
            prev_end = end;
            let shown = elements
                .get(src)
                .unwrap_or_else(|| panic!("{name}: par points at unknown {src}"));
            let id = src.split_once('#').unwrap().1;
            let parent = par.parent_element().unwrap();
            if parent.has_tag_name("seq") && parent.attribute("id") != Some("seq-1") {
                word_pars += 1;
                assert_eq!(Some(shown), words.get(id), "{src}");
                let sentence = parent
                    .attribute(("http://www.idpf.org/2007/ops", "textref"))
                    .unwrap()
                    .split_once('#')
                    .unwrap()
                    .1;
                assert!(
                    id.starts_with(&format!("{sentence}-w")),
                    "{src} in {sentence}"
                );
                let (start, stop) = clips[sentence];
                assert!(
                    begin >= start - 0.0015 && end <= stop + 0.0015,
                    "{src} {begin}..{end} outside its sentence {start}..{stop}"
                );
            } else {
                sentence_pars += 1;
            }
            let mp3 = format!("OEBPS/{}", audio.attribute("src").unwrap());
            let seconds = entry_seconds(&files, &mp3, dir.path(), &mut probed);
            assert!(
                end <= seconds,
                "{name}: {src} ends at {end}s, audio {seconds}s"
            );
        }
        seqs += doc
            .descendants()
            .filter(|n| n.has_tag_name("seq") && n.attribute("id") != Some("seq-1"))
            .count();
    }
    assert!(word_pars > 1500, "only {word_pars} word pars");
    let utterances = clips.len();
    assert_eq!(
        seqs + sentence_pars,
        utterances,
        "one seq or par per utterance"
    );
    assert!(
        seqs * 100 >= utterances * 98,
        "only {seqs} of {utterances} utterances word by word"
    );
}
