//! The book from a hand-made narration: files, links, metadata, shared audio, refusals.

use super::*;
use crate::export::epub::tests::{article, narration};

fn export(a: &Article, n: &Narration, options: DaisyOptions) -> Result<Vec<Output>, Error> {
    let script = Script::from_article(a, &Default::default(), &|s| s.to_string());
    let ctx = Context {
        article: a,
        script: Some(&script),
        narration: Some(n),
        date: &crate::export::SourceDate::new("1700000000"),
    };
    Daisy::new(options).export(&ctx)
}

fn file<'a>(out: &'a [Output], name: &str) -> &'a Output {
    out.iter()
        .find(|o| o.name.ends_with(name))
        .unwrap_or_else(|| panic!("no {name}"))
}

fn xml(o: &Output) -> String {
    let s = String::from_utf8(o.to_vec()).unwrap();
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(&s, opts).unwrap_or_else(|e| panic!("{}: {e}", o.name));
    s
}

#[test]
fn folder_files_metadata_and_links() {
    let a = article();
    let n = narration(&a);
    let out = export(&a, &n, DaisyOptions::default()).unwrap();
    let slug = base_name(&a);
    let names: Vec<&str> = out.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names[0], format!("{slug}-daisy/ncc.html"));
    assert_eq!(names[1], format!("{slug}-daisy/content.html"));
    assert_eq!(*names.last().unwrap(), format!("{slug}-daisy.zip"));
    // ncc, content, 3 tracks x (smil + mp3), master
    assert_eq!(out.len(), 2 + 2 * n.tracks.len() + 1 + 1);
    let ncc = xml(file(&out, "ncc.html"));
    let files = (out.len() - 1).to_string();
    for (name, value) in [
        ("dc:format", "Daisy 2.02"),
        ("dc:date", "2023-11-14"),
        ("ncc:multimediaType", "audioFullText"),
        ("ncc:files", files.as_str()),
        ("ncc:tocItems", "3"),
        ("ncc:depth", "3"),
        ("ncc:setInfo", "1 of 1"),
        ("ncc:narrator", "Test &lt;voice&gt;"),
    ] {
        let meta = format!("<meta name=\"{name}\" content=\"{value}\"/>");
        assert!(ncc.contains(&meta), "{meta} missing in\n{ncc}");
    }
    assert!(ncc.contains("<h1 class=\"title\" id=\"toc-1\"><a href=\"01.smil#par-title\">"));
    let content = xml(file(&out, "content.html"));
    let smil = xml(file(&out, "02.smil"));
    let first = &a.sections[0];
    assert!(ncc.contains(&format!("href=\"02.smil#par-{}-heading\"", first.id)));
    assert!(smil.contains(&format!(
        "<par endsync=\"last\" id=\"par-{}-heading\">",
        first.id
    )));
    for src in smil.split("text src=\"content.html#").skip(1) {
        let id = &src[..src.find('"').unwrap()];
        assert!(
            content.contains(&format!("id=\"{id}\"")),
            "{id} not in content"
        );
    }
    assert!(smil.contains("clip-begin=\"npt=1.000s\" clip-end=\"npt=1.750s\""));
    assert!(xml(file(&out, "master.smil")).contains("<ref src=\"03.smil\""));
}

#[test]
fn audio_is_the_narrations_own_bytes_not_a_copy() {
    let a = article();
    let n = narration(&a);
    let out = export(&a, &n, DaisyOptions::default()).unwrap();
    for (i, track) in n.tracks.iter().enumerate() {
        let mp3 = file(&out, &format!("{:02}.mp3", i + 1));
        assert!(Arc::ptr_eq(&mp3.parts[0], &track.mp3));
    }
}

#[test]
fn elapsed_times_add_up() {
    let a = article();
    let n = narration(&a);
    let out = export(&a, &n, DaisyOptions::default()).unwrap();
    let mut elapsed = 0;
    for (i, track) in n.tracks.iter().enumerate() {
        let smil = xml(file(&out, &format!("{:02}.smil", i + 1)));
        assert!(smil.contains(&format!(
            "ncc:totalElapsedTime\" content=\"{}\"",
            smil::clock(elapsed)
        )));
        elapsed += millis(track.duration);
    }
    assert!(xml(file(&out, "master.smil")).contains(&smil::clock(elapsed)));
}

#[test]
fn narration_that_does_not_fit_is_refused() {
    let a = article();
    let mut n = narration(&a);
    n.tracks[1].clips[0].id = "nowhere".into();
    let err = export(&a, &n, DaisyOptions::default()).unwrap_err();
    assert!(err.to_string().contains("nowhere"), "{err}");
    let mut n = narration(&a);
    n.tracks[1].clips[1].end = 99.0;
    assert!(export(&a, &n, DaisyOptions::default()).is_err());
    let options = DaisyOptions {
        identifier: Some(" ".into()),
        ..Default::default()
    };
    assert!(export(&a, &narration(&a), options).is_err());
}

#[test]
fn no_zip_when_turned_off_and_levels_never_skip() {
    let a = article();
    let options = DaisyOptions {
        zip: false,
        ..Default::default()
    };
    let out = export(&a, &narration(&a), options).unwrap();
    assert!(!out.iter().any(|o| o.name.ends_with(".zip")));
    let mut deep = article();
    deep.sections[0].level = 4;
    assert_eq!(levels(&deep), [2, 3]);
}
