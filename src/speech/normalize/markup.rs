//! Engine markup in article text: eSpeak NG reads text between `[[` and `]]` as phoneme
//! codes (phoneme input is on, for the lexicon), so a wiki link such as `[[Paris]]` in
//! an article would be said as phonemes and the word lost. Article text is always
//! text: runs of two or more square brackets are taken out (the words between stay),
//! and the change is shown by the speech review (`speech::review`) like any other.

use super::Cx;

/// A run of two or more `[` or of two or more `]` at `pos` is said as a space.
pub(crate) fn rule(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let rest = cx.text.get(pos..)?.as_bytes();
    let bracket = *rest.first().filter(|b| matches!(b, b'[' | b']'))?;
    let run = rest.iter().take_while(|&&b| b == bracket).count();
    (run >= 2).then(|| (pos + run, " ".to_string()))
}

#[cfg(test)]
mod tests {
    use super::super::{Rules, normalize};

    /// Bug: `See [[Paris]] now.` reached eSpeak NG as phoneme codes and "Paris" was lost,
    /// while the speech review said "(as displayed)".
    #[test]
    fn double_brackets_in_article_text_never_reach_the_engine() {
        for (lang, text) in [
            ("en", "See [[Paris]] now."),
            ("de", "Siehe [[Paris]] jetzt."),
            ("en", "odd]]close and [[[open"),
            ("en", "x[[y]]z"),
        ] {
            let s = normalize(text, lang, &Rules::default());
            assert!(
                !s.text.contains("[[") && !s.text.contains("]]"),
                "{lang} {text:?} -> {:?}",
                s.text
            );
            assert!(!s.changes.is_empty(), "{text:?}: change not recorded");
        }
        let s = normalize("See [[Paris]] now.", "en", &Rules::default());
        assert_eq!(s.text, "See Paris now.");
        assert_eq!(
            s.marked("See [[Paris]] now."),
            "See [[[ → ␣]Paris[]] → ␣] now."
        );
        // Single brackets are ordinary text.
        assert_eq!(
            normalize("a [note] b", "en", &Rules::default()).text,
            "a [note] b"
        );
    }
}
