//! Hardening: a corpus of bad and odd inputs built here, run end to end through the CLI
//! as one batch; unwritable and full output folders; a stale manifest.

use crate::common::*;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;

/// What a case must give: built, or failed with these words in its error.
enum Expect {
    Ok,
    Fails(&'static [&'static str]),
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

fn para(n: usize, sentence: &str) -> String {
    sentence.repeat(n)
}

/// The corpus: file name, bytes, what must happen. Heavy ones are sized as the issue asks.
fn corpus() -> Vec<(&'static str, Vec<u8>, Expect)> {
    use Expect::*;
    let body = "This paragraph is ordinary text. It has two sentences.\n";
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0".to_vec();
    elf.extend([0u8; 64]);
    let png =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    let fifty_k: String = (0..5_000)
        .map(|i| format!("Paragraph {i} has exactly ten words in it, no more.\n\n"))
        .collect();
    let sections: String = (0..1_000)
        .map(|i| format!("## Section number {i}\n\nSection {i} says one thing.\n\n"))
        .collect();
    let nested = format!(
        "<html><body><article><h1>Nested Deep</h1>{}<p>Deep inside the page. It is read.</p>{}</article></body></html>",
        "<div>".repeat(100),
        "</div>".repeat(100)
    );
    vec![
        ("empty.txt", Vec::new(), Fails(&["empty"])),
        ("blank.txt", b" \n\t\n\r\n   ".to_vec(), Fails(&["white space"])),
        ("image.txt", png, Fails(&["binary"])),
        ("program.txt", elf, Fails(&["binary"])),
        (
            "latin1.txt",
            b"Caf\xe9 Title\nA paragraph. Done.\n".to_vec(),
            Fails(&["not valid UTF-8 at byte 3"]),
        ),
        ("utf16le.txt", utf16(&format!("UTF Sixteen Little\n\n{body}"), false), Ok),
        ("utf16be.txt", utf16(&format!("UTF Sixteen Big\n\n{body}"), true), Ok),
        (
            "huge-paragraph.txt",
            format!(
                "Huge Paragraph\n\n{}",
                para(10_000_000 / 48, "This is one sentence of a very long paragraph. ")
            )
            .into_bytes(),
            Ok,
        ),
        ("fifty-thousand-words.txt", format!("Fifty Thousand Words\n\n{fifty_k}").into_bytes(), Ok),
        ("thousand-sections.md", format!("# Thousand Sections\n\n{sections}").into_bytes(), Ok),
        ("no-headings.txt", format!("No Headings\n\n{body}\n{body}").into_bytes(), Ok),
        ("headings-only.md", b"# Only Headings\n\n## One\n\n## Two\n\n### Three\n".to_vec(), Ok),
        ("long-title.txt", format!("{}\n\n{body}", "Long ".repeat(400)).into_bytes(), Ok),
        ("traversal.txt", format!("../../etc/passwd\n\n{body}").into_bytes(), Ok),
        ("con.txt", format!("CON\n\n{body}").into_bytes(), Ok),
        ("slash.txt", format!("/\n\n{body}").into_bytes(), Ok),
        ("평양.txt", format!("평양 이야기\n\n{body}").into_bytes(), Ok),
        (
            "markup.txt",
            format!("Markup <script>alert(1)</script>\n\nA &amp; B ]]> <![CDATA[ x ]]> \"q\" 'a'. {body}")
                .into_bytes(),
            Ok,
        ),
        (
            "control.txt",
            format!("Control Characters\n\nBell \x07 and escape \x1b[31m and form feed \x0c here. {body}")
                .into_bytes(),
            Ok,
        ),
        ("nul.txt", format!("Nul Byte\n\nA \0 in text. {body}").into_bytes(), Fails(&["binary"])),
        (
            "emoji.txt",
            format!("Emoji 👩‍👩‍👧‍👦 Family\n\nA family 👩‍👩‍👧‍👦, a flag 🏳️‍🌈 and a thumbs up 👍🏽. {body}")
                .into_bytes(),
            Ok,
        ),
        (
            "arabic.txt",
            "العمال في روسيا\n\nيعمل آلاف العمال في ظروف صعبة. هذه جملة ثانية.\n".into(),
            Ok,
        ),
        ("hebrew.txt", "עובדים ברוסיה\n\nאלפי עובדים עובדים בתנאים קשים. זה משפט שני.\n".into(), Ok),
        ("korean.txt", "북한 노동자\n\n수천 명의 노동자가 러시아에서 일합니다. 두 번째 문장입니다.\n".into(), Ok),
        ("chinese.txt", "朝鲜劳工\n\n数千名工人在俄罗斯工作。这是第二句话。\n".into(), Ok),
        (
            "mixed.txt",
            "Mixed Languages\n\nThe word 평양 means Pyongyang, Москва is Moscow, and مرحبا is hello. 中文 too.\n".into(),
            Ok,
        ),
        (
            "numbers.txt",
            "Odd Numbers\n\nVersion 1.2.3.4 shipped with 12,34,56 units and 99999999999999999999 bytes. \
             Also -0, 1e10, 0x1F, 3/4/5, ½ and 10^100.\n"
                .into(),
            Ok,
        ),
        ("no-body.html", b"<html><head><title>Only Head</title></head></html>".to_vec(), Fails(&["no article text"])),
        ("nested.html", nested.into_bytes(), Ok),
        ("front-matter.md", b"---\ntitle: Only Front Matter\nlang: en\n---\n".to_vec(), Ok),
        ("script-only.html", b"<html><body><script>alert(1)</script></body></html>".to_vec(), Fails(&["no article text"])),
        ("zero-width.txt", "\u{200b}\u{feff}\u{200d}\n\u{200b}\n".into(), Fails(&["white space"])),
    ]
}

/// Every article folder under `out`: a safe name, no `.part` file, and either no
/// manifest or one whose files all exist with the listed size and SHA-256.
pub fn check_outputs(out: &Path) {
    check_outputs_with(out, false);
}

/// As [`check_outputs`]; with `killed`, temp files a killed run left are allowed
/// (they are never listed as outputs, and the next run removes them).
pub fn check_outputs_with(out: &Path, killed: bool) {
    for entry in std::fs::read_dir(out).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(killed || !name.ends_with(".part"), "temp file left: {name}");
        if !entry.path().is_dir() {
            continue;
        }
        assert!(
            name.len() <= 70
                && name.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !["con", "prn", "aux", "nul"].contains(&name.as_str()),
            "unsafe folder name {name:?}"
        );
        for f in std::fs::read_dir(entry.path()).unwrap().flatten() {
            let f = f.file_name().to_string_lossy().into_owned();
            assert!(
                killed || !f.ends_with(".part"),
                "temp file left: {name}/{f}"
            );
        }
        let Ok(bytes) = std::fs::read(entry.path().join("manifest.json")) else {
            continue;
        };
        let manifest: Value = serde_json::from_slice(&bytes).expect("manifest is JSON");
        for file in manifest["files"].as_array().unwrap() {
            let listed = file["name"].as_str().unwrap();
            assert!(
                !listed.ends_with(".part"),
                "temp file listed as output: {listed}"
            );
            let path = entry.path().join(listed);
            let content = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("{} listed but unreadable: {e}", path.display()));
            assert_eq!(
                content.len() as u64,
                file["bytes"].as_u64().unwrap(),
                "{}",
                path.display()
            );
            let sha: String = Sha256::digest(&content)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(
                sha,
                file["sha256"].as_str().unwrap(),
                "{} hash",
                path.display()
            );
        }
    }
}

fn report(out: &Path) -> Vec<Value> {
    let bytes = std::fs::read(out.join("report.json")).expect("report.json written");
    serde_json::from_slice::<Value>(&bytes)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Write the cases into `dir/in`, plus the sample so a good article is in the batch.
fn write_corpus(dir: &Path, cases: &[(&str, Vec<u8>, Expect)]) {
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for (name, bytes, _) in cases {
        std::fs::write(inputs.join(name), bytes).unwrap();
    }
    std::fs::copy(sample(), inputs.join("sample.txt")).unwrap();
}

/// Each case's report: built or failed as expected, the error naming the file.
fn check_cases(dir: &Path, out: &std::process::Output, cases: &[(&str, Vec<u8>, Expect)]) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "panic: {err}");
    let reports = report(&dir.join("exports"));
    assert_eq!(reports.len(), cases.len() + 1, "{err}");
    let failures = cases
        .iter()
        .filter(|c| matches!(c.2, Expect::Fails(_)))
        .count();
    let code = if failures > 0 { 1 } else { 0 };
    assert_eq!(out.status.code(), Some(code), "{err}");
    for (name, _, expect) in cases
        .iter()
        .chain([&("sample.txt", Vec::new(), Expect::Ok)])
    {
        let r = reports
            .iter()
            .find(|r| r["input"].as_str().unwrap().ends_with(&format!("/{name}")))
            .unwrap_or_else(|| panic!("{name} missing from report.json"));
        match expect {
            Expect::Ok => {
                assert_eq!(r["status"], "ok", "{name}: {r}");
                let folder = Path::new(r["out_dir"].as_str().unwrap());
                let folder = dir.join(folder);
                assert_eq!(
                    folder.parent().unwrap(),
                    dir.join("exports"),
                    "{name} escaped --out"
                );
                assert!(
                    folder.join("manifest.json").is_file(),
                    "{name}: no manifest"
                );
            }
            Expect::Fails(words) => {
                assert_eq!(r["status"], "failed", "{name}: {r}");
                let e = r["error"].as_str().unwrap();
                assert!(
                    e.contains(name),
                    "{name}: error does not name the file: {e}"
                );
                for w in *words {
                    assert!(e.contains(w), "{name}: {w:?} not in {e:?}");
                }
                assert!(err.contains(e), "{name}: error not printed: {err}");
            }
        }
    }
    check_outputs(&dir.join("exports"));
    // Nothing was written beside the inputs and outputs (no path traversal).
    let mut top: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert!(
        top.iter()
            .all(|t| ["cache", "exports", "in"].contains(&t.as_str())),
        "{top:?}"
    );
}

#[test]
fn bad_input_corpus_builds_or_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let cases = corpus();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    write_corpus(dir.path(), &cases);
    let out = run_in(
        dir.path(),
        &["build", "in", "--formats", "json,epub,pdf", "--jobs", "2"],
    );
    check_cases(dir.path(), &out, &cases);
}

#[test]
fn odd_text_is_narrated() {
    let keep = [
        "numbers.txt",
        "emoji.txt",
        "korean.txt",
        "arabic.txt",
        "hebrew.txt",
        "mixed.txt",
        "control.txt",
        "empty.txt",
    ];
    let cases: Vec<_> = corpus()
        .into_iter()
        .filter(|c| keep.contains(&c.0))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), &cases);
    let out = run_in(
        dir.path(),
        &[
            "build",
            "in",
            "--formats",
            "audio",
            "--cache-dir",
            "cache",
            "--jobs",
            "2",
        ],
    );
    check_cases(dir.path(), &out, &cases);
}

#[test]
fn unknown_config_key_in_build_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("altformat.toml"),
        "[pdf]\nfont_size = 18\ncolour = \"red\"\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &["build", sample().to_str().unwrap(), "--formats", "pdf"],
    );
    assert_fails(&out, 2, &["altformat.toml", "colour"]);
    assert!(
        !dir.path().join("exports").exists(),
        "nothing built with a bad config"
    );
}

#[test]
fn output_folder_under_a_file_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("somefile"), "x").unwrap();
    let out = run_in(
        dir.path(),
        &[
            "build",
            sample().to_str().unwrap(),
            "--formats",
            "json",
            "--out",
            "somefile/x",
        ],
    );
    assert_fails(&out, 1, &["somefile/x"]);
    let out = run_in(
        dir.path(),
        &[
            "build",
            sample().to_str().unwrap(),
            "--formats",
            "json",
            "--out",
            "/proc/altformat",
        ],
    );
    assert_fails(&out, 1, &["/proc/altformat"]);
}

/// A tmpfs mounted for the test, unmounted when dropped (also on a failed assertion).
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Tmpfs {
        std::fs::create_dir_all(dir).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "the full-disk test mounts a tmpfs: run the tests as root (as .ci/run does) \
             with `mount` available (Debian package mount)"
        );
        Tmpfs(dir.to_path_buf())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn full_disk_fails_the_big_article_and_builds_the_small_one() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    // article.json of this one is about 300 kB: more than the disk holds.
    let big = format!(
        "Big Article\n\n{}",
        "A sentence that fills the disk. ".repeat(10_000)
    );
    std::fs::write(inputs.join("a-big.txt"), big).unwrap();
    std::fs::write(
        inputs.join("b-small.txt"),
        "Small Article\n\nIt fits. Easily.\n",
    )
    .unwrap();
    let disk = Tmpfs::mount(&dir.path().join("disk"), "200k");
    let out = run_in(
        dir.path(),
        &[
            "build",
            "in",
            "--formats",
            "json",
            "--jobs",
            "1",
            "--out",
            "disk/exports",
        ],
    );
    assert_fails(
        &out,
        1,
        &["a-big.txt", "No space left", "1 built, 1 failed"],
    );
    let exports = disk.0.join("exports");
    check_outputs(&exports);
    assert!(exports.join("small-article/manifest.json").is_file());
    assert!(!exports.join("big-article/manifest.json").exists());
    assert!(!exports.join("big-article/article.json").exists());
}

/// Bug: a run that failed (or was killed) between two output writes left the previous
/// run's manifest, whose hashes no longer matched the files already replaced.
#[test]
fn stale_manifest_is_removed_before_outputs_change() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "Stale Manifest\n\nFirst version. Two sentences.\n").unwrap();
    let args = ["build", "a.txt", "--formats", "json,epub"];
    assert!(run_in(dir.path(), &args).status.success());
    let art = dir.path().join("exports/stale-manifest");
    // Make the second write fail: a folder where the EPUB must go.
    std::fs::remove_file(art.join("stale-manifest.epub")).unwrap();
    std::fs::create_dir(art.join("stale-manifest.epub")).unwrap();
    std::fs::write(&input, "Stale Manifest\n\nSecond version. Changed text.\n").unwrap();
    let out = run_in(dir.path(), &args);
    assert_fails(&out, 1, &["stale-manifest.epub"]);
    assert!(!art.join("manifest.json").exists(), "stale manifest kept");
    check_outputs(&dir.path().join("exports"));
}
