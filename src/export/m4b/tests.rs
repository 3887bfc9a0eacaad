use super::*;
use crate::narration::Track;

fn track(id: &str, pcm: Option<Vec<i16>>, samples: usize) -> Track {
    Track {
        chapter: id.into(),
        title: id.to_uppercase(),
        file: format!("{id}.mp3"),
        duration: 0.0,
        clips: Vec::new(),
        mp3: mp3::encode(&vec![0i16; samples], 22050, 64).unwrap().into(),
        pcm: pcm.map(Into::into),
    }
}

#[test]
fn book_pcm_lays_each_chapter_on_its_mp3_frames_after_the_decoder_delay() {
    let narration = Narration {
        voice: "v".into(),
        sample_rate: 22050,
        tracks: vec![
            track("a", Some(vec![7; 5000]), 5000),
            track("b", Some(vec![9; 3000]), 3000),
        ],
    };
    // The pieces as ffmpeg is fed them.
    let mut bytes = Vec::new();
    ffmpeg::feed(&mut bytes, &book_pcm(&narration).unwrap()).unwrap();
    let pcm: Vec<i16> = bytes
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    let la = mp3::frames(&narration.tracks[0].mp3).unwrap().samples();
    let lb = mp3::frames(&narration.tracks[1].mp3).unwrap().samples();
    assert_eq!(pcm.len(), la + lb, "as long as the MP3 frames");
    let d = mp3::DECODER_DELAY;
    assert!(pcm[..d].iter().all(|&s| s == 0));
    assert!(pcm[d..d + 5000].iter().all(|&s| s == 7));
    assert!(pcm[d + 5000..la].iter().all(|&s| s == 0));
    assert!(pcm[la + d..la + d + 3000].iter().all(|&s| s == 9));
    let missing = Narration {
        tracks: vec![track("a", None, 100)],
        ..narration
    };
    let err = book_pcm(&missing).unwrap_err();
    assert!(err.contains("chapter a"), "{err}");
}

#[test]
fn metadata_escapes_and_carries_tags_chapters_and_year() {
    let article: Article = serde_json::from_value(serde_json::json!({
        "title": "A=B; #1", "lang": "en", "byline": "Jo \\ Bo", "date": "12 March 2024"
    }))
    .unwrap();
    let m = ffmetadata(
        &article,
        &SourceDate::default(),
        &[("One", 0, 1500), ("Two", 1500, 4000)],
    );
    assert!(m.starts_with(";FFMETADATA1\n"));
    for line in [
        "title=A\\=B\\; \\#1",
        "album=A\\=B\\; \\#1",
        "artist=Jo \\\\ Bo",
        "genre=Audiobook",
        "date=2024",
        "START=1500\nEND=4000\ntitle=Two",
    ] {
        assert!(m.contains(line), "{line} in {m}");
    }
    let undated: Article =
        serde_json::from_value(serde_json::json!({"title": "T", "lang": "en"})).unwrap();
    // 2001-09-09 from SOURCE_DATE_EPOCH when the article has no date.
    let m = ffmetadata(&undated, &SourceDate::new("1000000000"), &[]);
    assert!(m.contains("date=2001\n") && !m.contains("artist="), "{m}");
    assert!(!ffmetadata(&undated, &SourceDate::default(), &[]).contains("date="));
}

#[test]
fn a_missing_encoder_is_one_clear_error() {
    let article: Article =
        serde_json::from_value(serde_json::json!({"title": "T", "lang": "en"})).unwrap();
    let narration = Narration {
        voice: "v".into(),
        sample_rate: 22050,
        tracks: vec![track("a", Some(vec![0; 2000]), 2000)],
    };
    let m4b = M4b::new(M4bOptions {
        ffmpeg: "/nonexistent/ffmpeg".into(),
        ..M4bOptions::default()
    });
    let ctx = Context {
        article: &article,
        script: None,
        narration: Some(&narration),
        date: &SourceDate::default(),
    };
    let err = m4b.export(&ctx).unwrap_err().to_string();
    assert!(
        err.contains("was not found") && err.contains("apt-get install ffmpeg"),
        "{err}"
    );
    let ctx = Context {
        narration: None,
        ..ctx
    };
    assert!(m4b.export(&ctx).is_err());
}
