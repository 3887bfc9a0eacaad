//! `altformat voices add` against a Piper voice repository served on 127.0.0.1
//! ([`serve`]), never the internet: a voice is fetched, checked against the list and
//! put in place; a wrong digest, a missing file, a stalled server and an unknown name
//! each fail with one clear line and leave no voice behind; a transfer that breaks off
//! resumes where it stopped.

use crate::common::*;
use crate::serve::{Route, Server};
use sha2::Digest;
use std::collections::HashMap;
use std::path::Path;

const NAME: &str = "en_US-test-low";
const MODEL: &str = "/en/en_US/test/low/en_US-test-low.onnx";
const CONFIG: &str = "/en/en_US/test/low/en_US-test-low.onnx.json";

/// A stand-in model: 300 kB of bytes that differ, so a piece out of place shows.
fn model() -> Vec<u8> {
    (0..300_000u32).map(|i| (i * 7 + i / 251) as u8).collect()
}

fn config() -> Vec<u8> {
    br#"{"audio": {"sample_rate": 16000}, "espeak": {"voice": "en-us"}}"#.to_vec()
}

fn hex(d: &[u8]) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// The repository's `voices.json` for the test voice, with the digests the Piper
/// repository gives (MD5), or SHA-256 ones; `model_md5` overrides the model's.
fn list(model_md5: Option<&str>, sha256: bool) -> String {
    let digest = |bytes: &[u8]| match sha256 {
        true => format!(
            "\"sha256_digest\": \"{}\"",
            hex(&sha2::Sha256::digest(bytes))
        ),
        false => format!("\"md5_digest\": \"{}\"", hex(&md5::Md5::digest(bytes))),
    };
    let model_digest = match model_md5 {
        Some(md5) => format!("\"md5_digest\": \"{md5}\""),
        None => digest(&model()),
    };
    format!(
        r#"{{"{NAME}": {{"key": "{NAME}", "name": "test", "quality": "low",
            "language": {{"code": "en_US", "family": "en", "name_english": "English"}},
            "num_speakers": 1, "speaker_id_map": {{}}, "aliases": [],
            "files": {{"{m}": {{"size_bytes": {ms}, {model_digest}}},
                      "{c}": {{"size_bytes": {cs}, {cd}}},
                      "en/en_US/test/low/MODEL_CARD": {{"size_bytes": 5, "md5_digest": "0"}}}}}},
          "de_DE-other-medium": {{"key": "de_DE-other-medium", "quality": "medium",
            "language": {{"code": "de_DE"}}, "files": {{}}}}}}"#,
        m = &MODEL[1..],
        c = &CONFIG[1..],
        ms = model().len(),
        cs = config().len(),
        cd = digest(&config()),
    )
}

/// A repository with the voice list and the two files, `model` answering as given.
fn repository(voices_json: String, model: Option<Route>) -> Server {
    let mut routes = HashMap::from([
        ("/voices.json", Route::ok("application/json", voices_json)),
        (CONFIG, Route::ok("application/json", config())),
    ]);
    if let Some(route) = model {
        routes.insert(MODEL, route);
    }
    Server::start(routes)
}

/// `altformat voices add ARGS` with the repository at `server` and a 1 s timeout.
fn add(dir: &Path, server: &Server, args: &[&str]) -> std::process::Output {
    std::fs::write(
        dir.join("altformat.toml"),
        format!(
            "[input]\nfetch_timeout_s = 1\n\n[piper]\nvoices_url = \"{}\"\n",
            server.url("/")
        ),
    )
    .unwrap();
    let mut all = vec!["voices", "add", "--dir", "voices"];
    all.extend_from_slice(args);
    run_in(dir, &all)
}

/// The files a user sees in the voices folder (not the hidden partial downloads).
fn visible(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("voices"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_voice_is_added_checked_and_listed() {
    for sha256 in [false, true] {
        let server = repository(
            list(None, sha256),
            Some(Route::ok("application/octet-stream", model())),
        );
        let dir = tempfile::tempdir().unwrap();
        let out = add(dir.path(), &server, &[NAME]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stdout(&out).contains(&format!("added {NAME}")),
            "{}",
            stdout(&out)
        );
        assert_eq!(
            visible(dir.path()),
            [format!("{NAME}.onnx"), format!("{NAME}.onnx.json")]
        );
        let voices = dir.path().join("voices");
        assert!(std::fs::read(voices.join(format!("{NAME}.onnx"))).unwrap() == model());
        assert_eq!(
            std::fs::read(voices.join(format!("{NAME}.onnx.json"))).unwrap(),
            config()
        );
        let hidden = std::fs::read_dir(&voices).unwrap().count();
        assert_eq!(hidden, 2, "no partial downloads left");

        let out = add(dir.path(), &server, &["--list", "--lang", "en"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let listed = stdout(&out);
        assert!(
            listed.contains(NAME) && listed.contains("(installed)"),
            "{listed}"
        );
        assert!(!listed.contains("de_DE-other-medium"), "{listed}");
    }
    let heads = repository(
        list(None, false),
        Some(Route::ok("application/octet-stream", model())),
    );
    let dir = tempfile::tempdir().unwrap();
    assert!(add(dir.path(), &heads, &[NAME]).status.success());
    assert!(
        heads
            .requests()
            .iter()
            .all(|h| h.contains("user-agent: altformat/")),
        "{:?}",
        heads.requests()
    );
}

#[test]
fn a_wrong_digest_a_missing_file_a_stall_and_an_unknown_name_fail_cleanly() {
    let model_route = || Some(Route::ok("application/octet-stream", model()));
    let cases: [(Server, &str, i32, String); 4] = [
        (
            repository(
                list(Some("00112233445566778899aabbccddeeff"), false),
                model_route(),
            ),
            NAME,
            1,
            format!("{NAME}.onnx: MD5 does not match the voice list"),
        ),
        (
            repository(list(None, false), None),
            NAME,
            1,
            "HTTP 404 Not Found".into(),
        ),
        (
            repository(
                list(None, false),
                Some(Route {
                    stall: true,
                    ..Route::ok("application/octet-stream", model())
                }),
            ),
            NAME,
            1,
            "timed out receiving the page (no answer in 1 s)".into(),
        ),
        (
            repository(list(None, false), model_route()),
            "en_US-nobody-high",
            2,
            format!(
                "no Piper voice named \"en_US-nobody-high\" in the voice list; in that language: {NAME}"
            ),
        ),
    ];
    for (server, name, code, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out = add(dir.path(), &server, &[name]);
        assert_fails(&out, code, &[&message]);
        assert_eq!(stderr(&out).trim().lines().count(), 1, "{}", stderr(&out));
        assert!(
            visible(dir.path()).is_empty(),
            "{message}: {:?}",
            visible(dir.path())
        );
    }
    // The 404 names the file's address.
    let server = repository(list(None, false), None);
    let dir = tempfile::tempdir().unwrap();
    let out = add(dir.path(), &server, &[NAME]);
    assert_fails(
        &out,
        1,
        &[&format!("{}: HTTP 404 Not Found", server.url(MODEL))],
    );
}

#[test]
fn a_broken_off_transfer_resumes_where_it_stopped() {
    let cut = 120_000;
    let broken = repository(
        list(None, false),
        Some(Route {
            cut: Some(cut),
            ..Route::ok("application/octet-stream", model())
        }),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = add(dir.path(), &broken, &[NAME]);
    assert_fails(&out, 1, &[&broken.url(MODEL)]);
    let part = dir.path().join(format!("voices/.{NAME}.onnx.part"));
    assert_eq!(
        std::fs::metadata(&part).unwrap().len(),
        cut as u64,
        "what arrived is kept"
    );
    assert!(visible(dir.path()).is_empty(), "{:?}", visible(dir.path()));

    let resuming = repository(
        list(None, false),
        Some(Route {
            ranges: true,
            ..Route::ok("application/octet-stream", model())
        }),
    );
    let out = add(dir.path(), &resuming, &[NAME]);
    assert!(out.status.success(), "{}", stderr(&out));
    let voices = dir.path().join("voices");
    assert!(std::fs::read(voices.join(format!("{NAME}.onnx"))).unwrap() == model());
    let asked: Vec<String> = resuming
        .requests()
        .into_iter()
        .filter(|h| h.contains(".onnx "))
        .collect();
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(
        asked[0].contains(&format!("range: bytes={cut}-")),
        "{}",
        asked[0]
    );
    assert!(!part.exists());
}
