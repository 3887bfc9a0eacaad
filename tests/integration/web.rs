//! The read-along web page in a real browser: Debian's chromium, headless, driven over
//! the DevTools protocol by `web/check.mjs` (npm puppeteer-core, with axe-core for the
//! audit). Needs `apt-get install chromium espeak-ng nodejs` and the npm packages in
//! `/opt/web-tools` (`WEB_TOOLS`), all installed by `.ci/install-tools.sh`.

use crate::common::*;
use std::path::Path;
use std::process::Command;

const SLUG: &str = "north-korean-labour-fuels-russia";

/// Build the sample with `--formats web` (the sentence cache in the test's folder).
fn build_web(dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_altformat"))
        .args([
            "build",
            sample().to_str().unwrap(),
            "--formats",
            "web",
            "--quiet",
        ])
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .output()
        .expect("altformat runs");
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn sample_page_reads_along_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    build_web(dir.path());
    let web = dir.path().join("exports").join(SLUG).join("web");
    let out = Command::new("node")
        .arg(root().join("tests/integration/web/check.mjs"))
        .arg(&web)
        .output()
        .unwrap_or_else(|e| {
            panic!("node is needed for this test ({e}): bash .ci/install-tools.sh")
        });
    let report = stdout(&out);
    assert!(
        out.status.success(),
        "browser checks failed:\n{report}\n{}",
        stderr(&out)
    );
    // Every check printed its line: a script that stopped early cannot pass.
    for check in [
        "play advances currentTime",
        "the highlighted sentence is",
        "the underlined word is",
        "seeks to",
        "Enter on",
        "shortcuts",
        "speed sets playbackRate",
        "survive a reload",
        "resume offered",
        "axe-core: 0 violations, theme light",
        "axe-core: 0 violations, theme dark",
        "axe-core: 0 violations, theme contrast",
        "axe-core: 0 violations, theme system (dark)",
        "no console errors",
    ] {
        assert!(
            report
                .lines()
                .any(|l| l.starts_with("ok ") && l.contains(check)),
            "no '{check}' in:\n{report}"
        );
    }
    assert_eq!(report.matches("the highlighted sentence is").count(), 3);
    assert_eq!(report.matches("the underlined word is").count(), 3);
}

#[test]
fn sample_page_is_a_plain_page_without_javascript() {
    let dir = tempfile::tempdir().unwrap();
    build_web(dir.path());
    let web = dir.path().join("exports").join(SLUG).join("web");
    let html = std::fs::read_to_string(web.join("index.html")).unwrap();
    // The controls need the script: hidden until it runs. The audio is linked.
    for id in ["controls", "shortcuts", "settings"] {
        assert!(
            html.contains(&format!("id=\"{id}\" hidden")),
            "{id} shown without JS"
        );
    }
    let links: Vec<&str> = html
        .split("<a href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .filter(|h| h.starts_with("audio/"))
        .collect();
    assert!(links.len() >= 2, "{links:?}");
    for link in links {
        assert!(web.join(link).is_file(), "{link} is linked but missing");
    }
    // Landmarks, the skip link, the table of contents and no outside references.
    for needle in [
        "<main id=\"article\"",
        "<nav id=\"contents\"",
        "href=\"#article\"",
        "<footer>",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    // What the page loads by itself (scripts, styles, media) stays in its folder.
    for attr in ["src=\"", "<link rel=\"stylesheet\" href=\""] {
        for value in html.split(attr).skip(1).map(|s| &s[..s.find('"').unwrap()]) {
            assert!(
                web.join(value).is_file(),
                "{attr}{value} is not a file of the folder"
            );
        }
    }
    assert!(!html.contains("autoplay"));
}
