//! The library's errors and outcomes in the command line's words: where a flag would
//! change the outcome, the message names it (the library never names flags).

use altformat::batch::{ArticleReport, Status};
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
