//! Writing to standard output and standard error without ever panicking.
//!
//! `println!` and `eprintln!` panic when the stream is a closed pipe
//! (`altformat build ... 2>&1 | head -1`), which would leave articles unbuilt and no
//! report. Here a failed write is dropped and a closed pipe remembered, so the build
//! finishes its work, writes its report, and exits with 141 (128 + SIGPIPE, what a
//! shell shows for a program stopped by a closed pipe).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Exit code after a write to a closed pipe.
pub const EXIT_BROKEN_PIPE: u8 = 141;

/// The two output streams, and whether either turned out to be a closed pipe.
#[derive(Debug, Default)]
pub struct Console {
    broken: AtomicBool,
}

impl Console {
    /// `text` on standard output.
    pub fn out(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        self.note(written);
    }

    /// `line` and a newline on standard error.
    pub fn err(&self, line: &str) {
        let written = writeln!(std::io::stderr().lock(), "{line}");
        self.note(written);
    }

    /// `text` as it is on standard error.
    pub fn err_text(&self, text: &str) {
        let written = std::io::stderr().lock().write_all(text.as_bytes());
        self.note(written);
    }

    fn note(&self, written: std::io::Result<()>) {
        if let Err(e) = written
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            self.broken.store(true, Ordering::Relaxed);
        }
    }

    /// Was a write refused because the reader closed the pipe?
    pub fn broken_pipe(&self) -> bool {
        self.broken.load(Ordering::Relaxed)
    }
}
