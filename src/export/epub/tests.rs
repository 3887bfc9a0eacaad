//! Whole-book tests: well-formed documents, escaping, overlays, reproducibility.

use super::*;
use crate::article::{Block, Paragraph, Section, Span};
use crate::config::Config;
use crate::narration::{Clip, Track};
use std::io::{Cursor, Read};

pub(crate) fn article() -> Article {
    let mut a = Article::new("Breaking <script>alert(1)</script> & ]]> news", "en");
    a.deck = Some("A deck with \u{1} a control & \"quotes\"".into());
    a.byline = Some("By <b>Someone</b>".into());
    a.lead = vec![Block::Paragraph(Paragraph::plain(
        "First <script> sentence. Second & ]]> sentence.",
    ))];
    a.sections = vec![
        Section {
            id: String::new(),
            heading: "Why ]]> & <this>?".into(),
            level: 2,
            blocks: vec![
                Block::Paragraph(Paragraph {
                    id: String::new(),
                    spans: vec![
                        Span::plain("Plain start. Then "),
                        Span {
                            text: "emphasis. Across".into(),
                            em: true,
                            strong: false,
                            link: None,
                        },
                        Span::plain(" sentences."),
                    ],
                }),
                Block::List {
                    ordered: false,
                    items: vec![Paragraph::plain("One."), Paragraph::plain("Two.")],
                },
            ],
        },
        Section {
            id: String::new(),
            heading: "Sub".into(),
            level: 3,
            blocks: vec![Block::Quote {
                paragraphs: vec![Paragraph::plain("Quoted \u{0}text.")],
            }],
        },
    ];
    a.assign_ids();
    a
}

fn export(a: &Article, config: &Config, narration: Option<&Narration>) -> Result<Vec<u8>, Error> {
    // The script the batch runner would give without a voice's normalisation.
    let script = Script::from_article(a, &Default::default(), &|s| s.to_string());
    let ctx = Context {
        article: a,
        script: Some(&script),
        narration,
        date: &Default::default(),
    };
    let mut out = Epub::new(config.epub.clone()).export(&ctx)?;
    assert_eq!(out.len(), 1);
    Ok(out.remove(0).to_vec())
}

fn files(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

pub(crate) fn narration(a: &Article) -> Narration {
    let script = Script::from_article(a, &Default::default(), &|s| s.to_string());
    let tracks = script
        .chapters
        .iter()
        .map(|c| {
            let clips: Vec<Clip> = c
                .utterances
                .iter()
                .enumerate()
                .map(|(i, u)| Clip {
                    id: u.id.clone(),
                    start: i as f64,
                    end: i as f64 + 0.75,
                    words: Vec::new(),
                })
                .collect();
            Track {
                chapter: c.id.clone(),
                title: c.title.clone(),
                file: format!("{}.mp3", c.id),
                duration: clips.len() as f64,
                clips,
                mp3: vec![0xFF, 0xFB, 0x90, 0x00].into(),
                pcm: None,
            }
        })
        .collect();
    Narration {
        voice: "Test <voice>".into(),
        sample_rate: 22050,
        tracks,
    }
}

#[test]
fn every_document_is_well_formed_and_markup_stays_text() {
    let a = article();
    let epub = export(&a, &Config::default(), None).unwrap();
    let mut text = String::new();
    for (name, bytes) in files(&epub) {
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
            let s = String::from_utf8(bytes).unwrap();
            let opts = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            let doc = roxmltree::Document::parse_with_options(&s, opts)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                !doc.descendants()
                    .any(|n| n.has_tag_name("script") || n.has_tag_name("b")),
                "{name} has markup from the input"
            );
            text.extend(doc.descendants().filter_map(|n| n.text()));
        }
    }
    for needle in [
        "<script>alert(1)</script>",
        "Second & ]]> sentence.",
        "Why ]]> & <this>?",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from the text");
    }
    assert!(
        text.contains("A deck with  a control"),
        "control character dropped"
    );
}

#[test]
fn sentences_heading_and_title_carry_script_ids() {
    let a = article();
    let epub = export(&a, &Config::default(), None).unwrap();
    let all: String = files(&epub)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    let script = Script::from_article(&a, &Default::default(), &|s| s.to_string());
    for u in script.utterances() {
        assert_eq!(
            all.matches(&format!("id=\"{}\"", u.id)).count(),
            1,
            "{}",
            u.id
        );
    }
    assert!(all.contains("<span id=\"why-this-p1-s2\">Then <em>emphasis.</em></span>"));
    assert!(all.contains("role=\"doc-chapter\""));
    assert!(all.contains("<h3 id=\"sub-heading\">Sub</h3>"));
}

#[test]
fn two_builds_are_byte_identical() {
    let a = article();
    let n = narration(&a);
    let one = export(&a, &Config::default(), Some(&n)).unwrap();
    let two = export(&a, &Config::default(), Some(&n)).unwrap();
    assert_eq!(one, two);
}

#[test]
fn overlays_are_linked_with_metadata() {
    let a = article();
    let n = narration(&a);
    let epub = export(&a, &Config::default(), Some(&n)).unwrap();
    let files = files(&epub);
    let opf = files
        .iter()
        .find(|(n, _)| n == "OEBPS/content.opf")
        .unwrap();
    let opf = String::from_utf8(opf.1.clone()).unwrap();
    assert_eq!(opf.matches("media-overlay=\"mo-").count(), 3);
    assert_eq!(opf.matches("property=\"media:duration\"").count(), 4);
    assert!(opf.contains("<meta property=\"media:narrator\">Test &lt;voice&gt;</meta>"));
    assert!(opf.contains(">synchronizedAudioText<"));
    assert!(opf.contains(">auditory<"));
    let smils = files.iter().filter(|(n, _)| n.ends_with(".smil")).count();
    assert_eq!(smils, 3);
    for (name, bytes) in &files {
        if name.ends_with(".mp3") {
            let mut z = zip::ZipArchive::new(Cursor::new(&epub)).unwrap();
            let f = z.by_name(name).unwrap();
            assert_eq!(f.compression(), zip::CompressionMethod::Stored);
            assert_eq!(bytes.len(), 4);
        }
    }
}

#[test]
fn narration_that_does_not_fit_is_an_error() {
    let a = article();
    let mut n = narration(&a);
    n.tracks[1].clips[1].id = "no-such-sentence".into();
    let err = export(&a, &Config::default(), Some(&n)).unwrap_err();
    assert!(err.to_string().contains("no-such-sentence"), "{err}");
    let mut n = narration(&a);
    n.tracks[0].chapter = "missing".into();
    assert!(export(&a, &Config::default(), Some(&n)).is_err());
}

#[test]
fn options_change_identifier_date_and_css() {
    let a = article();
    let config = Config::parse(
        "[epub]\nidentifier = \"urn:isbn:9780000000000\"\nmodified = \"2024-05-31T12:00:00Z\"\ncss = false\n",
    )
    .unwrap();
    let epub = export(&a, &config, None).unwrap();
    let files = files(&epub);
    assert!(!files.iter().any(|(n, _)| n.ends_with(".css")));
    let opf = String::from_utf8(files[2].1.clone()).unwrap();
    assert!(opf.contains(">urn:isbn:9780000000000<"));
    assert!(opf.contains(">2024-05-31T12:00:00Z<"));
    // A bad date is refused when the config is read, and by the exporter too.
    assert!(Config::parse("[epub]\nmodified = \"yesterday\"\n").is_err());
    let mut bad = Config::default();
    bad.epub.modified = Some("yesterday".into());
    assert!(export(&a, &bad, None).is_err());
}

#[test]
fn default_identifier_is_stable_uuid_v5() {
    let a = article();
    let id = default_identifier(&a);
    assert_eq!(id, default_identifier(&a.clone()));
    assert!(
        id.starts_with("urn:uuid:") && id.as_bytes()[23] == b'5',
        "{id}"
    );
    let mut b = a.clone();
    b.title.push('!');
    assert_ne!(id, default_identifier(&b));
}

#[test]
fn language_tags_are_checked() {
    assert_eq!(language("en-GB"), "en-GB");
    assert_eq!(language("ko"), "ko");
    assert_eq!(language(""), "und");
    assert_eq!(language("e n"), "und");
    assert_eq!(language("en-"), "und");
}
