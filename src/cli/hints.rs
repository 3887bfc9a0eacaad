//! The library's errors and outcomes in the command line's words: where a flag would
//! change the outcome, the message names it (the library never names flags).

use altformat::batch::{ArticleReport, Status};
use altformat::voice::Engine;
use altformat::voice::list::ReadyVoice;
use altformat::{Error, ReadError};

/// What a user sees for `e`: its message, and the flag that would help.
pub fn error(e: &Error) -> String {
    match e {
        Error::Input {
            problem: ReadError::UnknownFormat(_),
            ..
        } => format!("{e}, or pass --input-format"),
        Error::NoSuchVoice { name, available } => format!(
            "--voice-name: the speech service has no voice named {name:?} \
             (`altformat speak --list-voices` lists the {available} it has)"
        ),
        _ => e.to_string(),
    }
}

/// The report's error as the user sees it.
pub fn report_error(r: &ArticleReport) -> Option<String> {
    match (&r.failure, &r.error) {
        (Some(e @ Error::Input { .. }), Some(message)) => {
            let plain = e.to_string();
            Some(message.replacen(&plain, &error(e), 1))
        }
        (_, message) => message.clone(),
    }
}

/// The report's warnings, with a note on an article that was not rebuilt.
pub fn report_warnings(r: &ArticleReport) -> Vec<String> {
    let mut warnings = r.warnings.clone();
    if r.status == Status::UpToDate {
        warnings.insert(0, "up to date; not rebuilt (--force rebuilds)".into());
    }
    warnings
}

/// Put the command line's words into a finished report (for the summary and
/// `report.json`).
pub fn apply(r: &mut ArticleReport) {
    r.error = report_error(r);
    r.warnings = report_warnings(r);
}

/// After a build narrated by eSpeak NG: the Piper voices that could have narrated it,
/// one flag away.
pub fn natural_voice(ready: &[ReadyVoice]) -> Option<String> {
    let names: Vec<String> = ready
        .iter()
        .map(|v| format!("{} ({})", v.name, v.lang))
        .collect();
    (!names.is_empty()).then(|| {
        format!(
            "altformat: narrated by eSpeak NG; the Piper voice {} is installed: \
             `--voice piper` narrates with it",
            names.join(", ")
        )
    })
}

/// `altformat voices`, last: the voice each language gets.
pub fn voice_by_language(ready: &[ReadyVoice], engine: Engine) -> String {
    let mut out = String::from("By language:\n");
    let mut langs: Vec<&str> = ready.iter().map(|v| v.lang.as_str()).collect();
    langs.sort_unstable();
    langs.dedup();
    for lang in langs {
        let piper: Vec<&str> = ready
            .iter()
            .filter(|v| v.lang == lang)
            .map(|v| v.name.as_str())
            .collect();
        out.push_str(&match engine {
            Engine::Espeak => format!(
                "  {lang}: eSpeak NG (default); Piper {} with --voice piper\n",
                piper.join(", ")
            ),
            Engine::Piper => format!(
                "  {lang}: Piper {} ([audio] engine); eSpeak NG with --voice espeak\n",
                piper[0]
            ),
        });
    }
    out.push_str(match engine {
        Engine::Espeak => "  every other language: eSpeak NG\n",
        Engine::Piper => "  every other language: no Piper voice; eSpeak NG with --voice espeak\n",
    });
    out
}
