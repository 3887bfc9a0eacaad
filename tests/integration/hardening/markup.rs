//! Speech markup in article text or a lexicon never reaches eSpeak NG as commands.

use crate::common::*;

/// Bug: `See [[Paris]] now.` was passed to eSpeak NG as phoneme codes (the word lost)
/// while `inspect --speech` said "(as displayed)".
#[test]
fn double_brackets_in_an_article_are_text_and_shown_in_inspect_speech() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("wiki.txt"),
        "Wiki Links\n\nSee [[Paris]] now. Then ]]odd[[ marks.\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["inspect", "--speech", "wiki.txt"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let review = stdout(&out);
    assert!(
        review.contains("spoken:  See [[[ → ␣]Paris[]] → ␣] now."),
        "{review}"
    );
    let json = run_in(dir.path(), &["build", "wiki.txt", "--formats", "epub"]);
    assert!(json.status.success(), "{}", stderr(&json));
}

/// Bug: a lexicon phoneme string holding `]]` broke out of phoneme mode and injected
/// words; one of only brackets silenced the word. Both are configuration errors now.
#[test]
fn lexicon_phonemes_that_break_out_are_a_configuration_error() {
    for entry in ["Paris = \"p]]Hello world[[a\"", "Paris = \"[[]]\""] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("altformat.toml"), "").unwrap();
        std::fs::write(
            dir.path().join("lexicon.toml"),
            format!("[phonemes]\n{entry}\n"),
        )
        .unwrap();
        let out = run_in(
            dir.path(),
            &["build", sample().to_str().unwrap(), "--formats", "epub"],
        );
        assert_fails(&out, 2, &["lexicon.toml", "Paris"]);
        assert!(!dir.path().join("exports").exists());
    }
}
