//! The one place outputs reach the disk: temp file in the same folder, then rename.

use crate::error::Error;
use std::io::Write;
use std::path::Path;

/// Write `bytes` to `dir/name` atomically: readers see the old file or the new one,
/// never a partial one, even if the process is killed mid-write.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), Error> {
    write_atomic_parts(dir, name, &[bytes])
}

/// [`write_atomic`] for a file made of `parts` written one after another. `name` may
/// name a file in a subfolder (`book-daisy/ncc.html`); the subfolder is created.
pub fn write_atomic_parts(dir: &Path, name: &str, parts: &[impl AsRef<[u8]>]) -> Result<(), Error> {
    let path = dir.join(name);
    // The temp file goes beside the final file, so the rename stays in one folder.
    let dir = match path.parent() {
        Some(sub) if sub != dir => {
            create_dir(sub)?;
            sub
        }
        _ => dir,
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".altformat-").suffix(".part");
    // tempfile creates 0600 files; outputs are ordinary files that others may read,
    // so ask for 0666 and let the kernel apply the umask (0644 under umask 022).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    for part in parts {
        tmp.write_all(part.as_ref())
            .map_err(|e| Error::io(&path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(&path, e))?;
    tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
    Ok(())
}

/// Remove temp files that a killed run left in `dir` (they are never outputs).
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".altformat-") && name.ends_with(".part") {
            // Best effort: a file another run is still writing may vanish first.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Remove a file if it is there, naming it in the error.
pub fn remove(path: &Path) -> Result<(), Error> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, e)),
        _ => Ok(()),
    }
}

/// Create a folder and its parents, naming it in the error.
pub fn create_dir(dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(dir.path(), "a.txt", b"one").unwrap();
        write_atomic(dir.path(), "a.txt", b"two").unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.txt")).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    /// Bug: outputs were created 0600 (tempfile's default), unreadable by the group
    /// and others whatever the umask.
    #[cfg(unix)]
    #[test]
    fn outputs_follow_the_umask_not_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        // The umask is process-wide; read it by setting it, and put it back at once.
        // SAFETY: umask touches no memory; it is put back at once.
        let mask = unsafe { libc::umask(0o022) };
        unsafe { libc::umask(mask) };
        // mode_t is u32 on Linux but u16 on macOS: the conversion is needed there.
        #[allow(clippy::useless_conversion)]
        let mask = u32::from(mask);
        write_atomic(dir.path(), "a.txt", b"x").unwrap();
        let mode = std::fs::metadata(dir.path().join("a.txt"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o666 & !mask,
            "mode {:o} under umask {mask:o}",
            mode & 0o777
        );
        assert_ne!(mode & 0o777, 0o600);
    }

    #[test]
    fn stale_temps_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".altformat-x1.part"), b"half").unwrap();
        std::fs::write(dir.path().join("keep.txt"), b"x").unwrap();
        remove_stale_temps(dir.path());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["keep.txt"]);
    }

    #[test]
    fn files_in_subfolders_are_written_there() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(dir.path(), "book/ncc.html", b"x").unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("book/ncc.html")).unwrap(),
            b"x"
        );
        assert_eq!(
            std::fs::read_dir(dir.path().join("book")).unwrap().count(),
            1
        );
    }

    #[test]
    fn missing_folder_is_named() {
        let err = write_atomic(Path::new("/nonexistent/dir"), "a", b"x").unwrap_err();
        assert!(err.to_string().contains("/nonexistent/dir"), "{err}");
    }
}
