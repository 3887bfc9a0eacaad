use super::*;
use crate::article::{self, ReadOptions};
use crate::export::SourceDate;
use crate::narration::{Clip, Narration, Track};
use crate::speech::{self, SpeechOptions, script::Script};

fn article(text: &str) -> crate::article::Article {
    article::read_bytes(text.as_bytes(), Some("txt"), "t", &ReadOptions::default()).unwrap()
}

/// A narration with one clip per utterance, a second each, as the pipeline makes.
fn narration(script: &Script) -> Narration {
    let tracks = script
        .chapters
        .iter()
        .enumerate()
        .map(|(i, ch)| Track {
            chapter: ch.id.clone(),
            title: ch.title.clone(),
            file: format!("{:02}-{}.mp3", i + 1, ch.id),
            duration: ch.utterances.len() as f64,
            clips: ch
                .utterances
                .iter()
                .enumerate()
                .map(|(n, u)| Clip {
                    id: u.id.clone(),
                    start: n as f64,
                    end: n as f64 + 0.5,
                    words: Vec::new(),
                })
                .collect(),
            mp3: vec![i as u8; 4].into(),
            pcm: None,
        })
        .collect();
    Narration {
        voice: "Test <voice>".into(),
        sample_rate: 22050,
        tracks,
    }
}

fn export(text: &str, options: WebOptions) -> Vec<Output> {
    let article = article(text);
    let script = speech::prepare(&article, &SpeechOptions::default());
    let narration = narration(&script);
    let date = SourceDate::default();
    let ctx = Context {
        article: &article,
        script: Some(&script),
        narration: Some(&narration),
        date: &date,
    };
    Web::new(options).export(&ctx).unwrap()
}

const TEXT: &str = "A Title </script> here\n\nFirst sentence here. Second one <b>too</b>.\n\n\
                    Next Part\n\nA paragraph in the section. And more of it.\n";

#[test]
fn every_clip_points_at_an_element_of_the_page() {
    let out = export(TEXT, WebOptions::default());
    let html = String::from_utf8(out[0].to_vec()).unwrap();
    assert_eq!(out[0].name, "web/index.html");
    let start = html.find("id=\"timeline\">").unwrap() + 14;
    let json = &html[start..start + html[start..].find("</script>").unwrap()];
    let chapters: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut n = 0;
    for ch in chapters.as_array().unwrap() {
        for clip in ch["clips"].as_array().unwrap() {
            let id = clip[0].as_str().unwrap();
            assert!(html.contains(&format!("id=\"{id}\"")), "{id} missing");
            n += 1;
        }
        let audio = ch["audio"].as_str().unwrap();
        assert!(
            out.iter().any(|o| o.name == format!("web/{audio}")),
            "{audio}"
        );
        assert!(
            html.contains(&format!("href=\"{audio}\"")),
            "{audio} not linked"
        );
    }
    assert!(n >= 6, "{n} clips");
    // The article's text cannot end the timeline's script element or inject markup.
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(html.contains("Test &lt;voice&gt;"));
}

#[test]
fn mp3s_are_shared_not_copied_and_fonts_optional() {
    let article = article(TEXT);
    let script = speech::prepare(&article, &SpeechOptions::default());
    let narration = narration(&script);
    let date = SourceDate::default();
    let ctx = Context {
        article: &article,
        script: Some(&script),
        narration: Some(&narration),
        date: &date,
    };
    let out = Web::default().export(&ctx).unwrap();
    let mp3 = out
        .iter()
        .find(|o| o.name == "web/audio/01-opening.mp3")
        .unwrap();
    assert!(std::sync::Arc::ptr_eq(
        &mp3.parts[0],
        &narration.tracks[0].mp3
    ));
    assert!(out.iter().any(|o| o.name.starts_with("web/fonts/")));
    let plain = export(TEXT, WebOptions { font: false });
    assert!(!plain.iter().any(|o| o.name.starts_with("web/fonts/")));
    let html = String::from_utf8(plain[0].to_vec()).unwrap();
    assert!(
        !html.contains("id=\"font\""),
        "font option offered without the font"
    );
}

#[test]
fn script_stays_small() {
    assert!(SCRIPT.len() < 20_000, "player.js is {} bytes", SCRIPT.len());
}

#[test]
fn no_narration_is_an_error_naming_the_format() {
    let article = article(TEXT);
    let script = speech::prepare(&article, &SpeechOptions::default());
    let date = SourceDate::default();
    let ctx = Context {
        article: &article,
        script: Some(&script),
        narration: None,
        date: &date,
    };
    let err = Web::default().export(&ctx).unwrap_err().to_string();
    assert!(err.contains("web") && err.contains("narration"), "{err}");
}
