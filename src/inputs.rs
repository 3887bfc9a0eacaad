//! Finding the articles named on the command line: files, or folders of them.

use crate::article::InputFormat;
use crate::error::Error;
use std::path::{Path, PathBuf};

/// Expand files and folders into a sorted list of article files; `-` (standard input)
/// is kept as it is.
///
/// A folder contributes the files directly inside it whose extension altformat reads
/// (hidden files skipped). A folder with none is an error naming it.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for path in paths {
        if path == Path::new(crate::article::source::STDIN) {
            out.push(path.clone());
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_dir() {
            out.push(path.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && is_article(p))
            .collect();
        if found.is_empty() {
            return Err(Error::io(
                path,
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no articles here (.txt, .md or .html files)",
                ),
            ));
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

fn is_article(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_none_or(|n| n.starts_with('.'));
    !hidden
        && path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(InputFormat::from_extension)
            .is_some()
}
