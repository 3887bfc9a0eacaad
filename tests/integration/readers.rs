//! Readers through the CLI: the sample text, Markdown, and bad input.

use crate::common::*;
use serde_json::Value;

fn inspect_json(path: &std::path::Path) -> Value {
    let (_d, out) = run(&["inspect", "--json", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("inspect --json prints JSON")
}

#[test]
fn sample_text_structure() {
    let a = inspect_json(&sample());
    assert_eq!(a["title"], "North Korean Labour Fuels Russia");
    assert_eq!(
        a["deck"],
        "Moscow\u{2019}s Shadow Workforce: How Pyongyang\u{2019}s Labourers Power Russia\u{2019}s Economy"
    );
    assert_eq!(a["lang"], "en");
    assert_eq!(a["lead"].as_array().unwrap().len(), 1);
    let sections = a["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 17);
    assert_eq!(sections[0]["heading"], "A Partnership Born from War");
    assert_eq!(sections[10]["heading"], "Next Stop: Donbas?");
    assert_eq!(sections[16]["heading"], "A Dark and Lasting Alliance");
    // Nowhere in the model; reported by `inspect` (and in the manifest).
    let body = serde_json::to_string(&a).unwrap();
    let dropped = dropped_lines(&sample(), &[]);
    for chrome in [
        "Recently Added",
        "Categories",
        "Criminology",
        "Sport And Fitness",
        "Uncategorized",
        "Videos",
    ] {
        assert!(!body.contains(chrome), "{chrome} leaked into the model");
        assert!(
            dropped.iter().any(|d| d == chrome),
            "{chrome} not reported as dropped"
        );
    }
}

#[test]
fn golden_inspect_json() {
    for (fixture_path, golden_name) in [
        (sample(), "sample-text.json"),
        (
            fixture("markdown/feature-article.md"),
            "markdown-feature.json",
        ),
    ] {
        let (_d, out) = run(&["inspect", "--json", fixture_path.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        golden(golden_name, &stdout(&out));
        let (_d, out) = run(&["inspect", fixture_path.to_str().unwrap()]);
        golden(&golden_name.replace(".json", ".inspect.txt"), &stdout(&out));
    }
}

#[test]
fn inspect_summary_shows_dropped_chrome() {
    let (_d, out) = run(&["inspect", sample().to_str().unwrap()]);
    let s = stdout(&out);
    assert!(s.contains("Sections: 17"), "{s}");
    assert!(s.contains("Dropped as site chrome"), "{s}");
    let (_d, out) = run(&["inspect", "--keep-chrome", sample().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let kept = stdout(&out);
    assert!(!kept.contains("Dropped as site chrome"), "{kept}");
    assert!(
        kept.contains("Recently Added"),
        "the chrome is kept: {kept}"
    );
}

#[test]
fn build_writes_model_and_manifest() {
    let (dir, out) = run(&build_args(sample().to_str().unwrap(), "json", &[]));
    assert!(out.status.success(), "{}", stderr(&out));
    let art = dir.path().join("exports/north-korean-labour-fuels-russia");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(art.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["files"][0]["name"], "article.json");
    assert_eq!(manifest["files"][0]["sha256"].as_str().unwrap().len(), 64);
    let dropped = manifest["dropped"].as_array().unwrap();
    assert!(dropped.iter().any(|d| d == "Recently Added"), "{manifest}");
    assert!(art.join("article.json").is_file());
    assert!(dir.path().join("exports/report.json").is_file());
}

/// Each bad input: (file name, bytes, expected words in the error).
fn bad_inputs() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        ("empty.txt", Vec::new(), "empty"),
        ("blank.txt", b"  \n\n\t \n".to_vec(), "white space"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0".to_vec(), "binary"),
        (
            "noise.txt",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8 | 1).collect(),
            "not text in any encoding",
        ),
        (
            "notes.doc",
            b"Title\nText.\n".to_vec(),
            "unknown input format",
        ),
    ]
}

#[test]
fn bad_inputs_fail_clearly_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for (name, bytes, expected) in bad_inputs() {
        let path = inputs.join(name);
        std::fs::write(&path, &bytes).unwrap();
        let out = run_in(dir.path(), &["inspect", path.to_str().unwrap()]);
        assert_fails(&out, 1, &[name, expected]);
    }
    std::fs::copy(sample(), inputs.join("good.txt")).unwrap();
    let out = run_in(dir.path(), &build_args("in", "json", &[]));
    assert_fails(&out, 1, &["empty.txt", "binary", "1 built, 4 failed"]);
    assert!(
        dir.path()
            .join("exports/north-korean-labour-fuels-russia/article.json")
            .is_file()
    );
}

#[test]
fn missing_file_and_empty_folder() {
    let (_d, out) = run(&["inspect", "/no/such/file.txt"]);
    assert_fails(&out, 1, &["/no/such/file.txt", "No such file"]);
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["build", "."]);
    assert_fails(&out, 1, &["no articles here"]);
}

#[test]
fn unknown_config_key_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("altformat.toml"),
        "[input]\nlanguage = \"en\"\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["inspect", sample().to_str().unwrap()]);
    assert_fails(&out, 2, &["altformat.toml", "language"]);
}

#[test]
fn huge_single_paragraph_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    let sentence = "This is one sentence of a very long paragraph. ";
    std::fs::write(&path, sentence.repeat(10_000_000 / sentence.len())).unwrap();
    let out = run_in(dir.path(), &["inspect", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Title:    big"));
}

#[test]
fn markup_in_plain_text_is_kept_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("markup.txt");
    std::fs::write(
        &path,
        "Title\nA <script>alert('x')</script> & ]]> test. Done.\n",
    )
    .unwrap();
    let a = inspect_json(&path);
    assert_eq!(
        a["lead"][0]["spans"][0]["text"],
        "A <script>alert('x')</script> & ]]> test. Done."
    );
}

/// An unchanged re-run leaves up-to-date articles alone; a changed input, a damaged
/// output or `--force` rebuilds.
#[test]
fn unchanged_rerun_skips_up_to_date_articles() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    std::fs::copy(sample(), &input).unwrap();
    let build = |extra: &[&str]| {
        let mut args = build_args("a.txt", "json,epub,pdf", &[]);
        args.extend_from_slice(extra);
        let out = run_in(dir.path(), &args);
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out)
    };
    assert!(!build(&[]).contains("up to date"));
    assert!(build(&[]).contains("up to date"));
    assert!(!build(&["--force"]).contains("up to date"));
    let art = dir.path().join("exports/north-korean-labour-fuels-russia");
    std::fs::write(art.join("article.json"), b"damaged").unwrap();
    assert!(!build(&[]).contains("up to date"));
    assert_ne!(std::fs::read(art.join("article.json")).unwrap(), b"damaged");
    let mut text = std::fs::read_to_string(&input).unwrap();
    text = text.replacen("grim new aspect", "grim, new aspect", 1);
    std::fs::write(&input, text).unwrap();
    assert!(!build(&[]).contains("up to date"));
}
