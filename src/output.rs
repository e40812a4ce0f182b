//! Where a run's output may go, checked before any work starts, and how it is written.
//!
//! A planner's catalogue or a scenario's base must never be lost to a mistyped `--out`. So
//! an output path is refused when it is any file the run reads (compared by device and
//! inode, so a hard link, a symbolic link or another spelling of the same path is caught),
//! when it exists and is not a regular file (a device, a FIFO, a directory), and when its
//! folder is missing or not writable. All of this is known before the solve, so a run that
//! would fail to write fails at once, not after an hour of solving.
//!
//! Writing is atomic (a temporary file in the same folder, renamed over the target), and the
//! file keeps the permissions of the one it replaces, or the umask's for a new one.

use std::fs::{self, Permissions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// Why an output path is refused.
#[derive(Debug, Error)]
pub enum OutputError {
    /// The output is a file this run reads.
    #[error("`{out}` is {what} `{input}`, which this run reads; flexrota never writes over its input\n  = hint: choose another output path")]
    IsInput {
        /// The output path given.
        out: PathBuf,
        /// The input it names.
        input: PathBuf,
        /// "the file" or "a link to the file".
        what: &'static str,
    },
    /// The output exists and is not a regular file.
    #[error("`{out}` is {kind}, not a regular file; flexrota writes only regular files\n  = hint: give the path of a new or existing regular file")]
    NotRegular {
        /// The output path given.
        out: PathBuf,
        /// What it is instead.
        kind: &'static str,
    },
    /// The output's folder is missing or not writable.
    #[error("cannot write `{out}`: {reason}\n  = hint: {hint}")]
    Folder {
        /// The output path given.
        out: PathBuf,
        /// What is wrong.
        reason: String,
        /// What to do about it.
        hint: &'static str,
    },
    /// Writing failed after the checks (disk full, say).
    #[error("cannot write `{out}`: {source}")]
    Write {
        /// The output path given.
        out: PathBuf,
        /// The failure.
        source: std::io::Error,
    },
}

/// An output path that passed [`Target::check`]: write it with [`Target::write`].
#[derive(Debug, Clone)]
pub struct Target {
    /// The path as given (shown in messages).
    shown: PathBuf,
    /// Where the file is written: the path, or a symbolic link's final target.
    path: PathBuf,
    /// The permissions of the file replaced, if one exists.
    permissions: Option<Permissions>,
}

impl Target {
    /// Checks that `out` may receive this run's output: it is none of `inputs` (nor a link
    /// to one), it is a regular file or a new path, and its folder exists and is writable.
    ///
    /// # Errors
    ///
    /// [`OutputError`] saying which of these fails.
    pub fn check(out: &Path, inputs: &[PathBuf]) -> Result<Target, OutputError> {
        let shown = out.to_path_buf();
        // A symbolic link is followed: the file it names is what would be replaced.
        let path = match fs::symlink_metadata(out) {
            Ok(m) if m.file_type().is_symlink() => match out.canonicalize() {
                Ok(p) => p,
                // A dangling link: the write replaces the link itself with the file.
                Err(_) => out.to_path_buf(),
            },
            _ => out.to_path_buf(),
        };
        let permissions = match fs::metadata(&path) {
            Ok(meta) => {
                if !meta.is_file() {
                    return Err(OutputError::NotRegular {
                        out: shown,
                        kind: kind_of(&meta),
                    });
                }
                for input in inputs {
                    if let Ok(theirs) = fs::metadata(input) {
                        if same_node(&meta, &theirs) {
                            let linked = fs::symlink_metadata(out)
                                .is_ok_and(|m| m.file_type().is_symlink())
                                || !same_spelling(out, input);
                            return Err(OutputError::IsInput {
                                out: shown,
                                input: input.clone(),
                                what: if linked {
                                    "a link to or another name of"
                                } else {
                                    "the file"
                                },
                            });
                        }
                    }
                }
                Some(meta.permissions())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(OutputError::Folder {
                    out: shown,
                    reason: e.to_string(),
                    hint: "check the path and its permissions",
                })
            }
        };
        let dir = folder(&path);
        match fs::metadata(&dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(OutputError::Folder {
                    out: shown,
                    reason: format!("`{}` is not a folder", dir.display()),
                    hint: "the output's parent must be a folder",
                })
            }
            Err(e) => {
                return Err(OutputError::Folder {
                    out: shown,
                    reason: format!("folder `{}`: {e}", dir.display()),
                    hint: "create the folder first, or choose another path",
                })
            }
        }
        // Writable: the same temporary file the write will use, made and removed now.
        if let Err(e) = tempfile::NamedTempFile::new_in(&dir) {
            return Err(OutputError::Folder {
                out: shown,
                reason: format!("folder `{}` is not writable: {e}", dir.display()),
                hint: "choose a folder you can write to",
            });
        }
        Ok(Target {
            shown,
            path,
            permissions,
        })
    }

    /// Writes `text` atomically: a temporary file in the same folder, synced, given the
    /// replaced file's permissions (or the umask's), then renamed over the target.
    ///
    /// # Errors
    ///
    /// [`OutputError::Write`] when the disk refuses; the old file is then left as it was.
    pub fn write(&self, text: &str) -> Result<(), OutputError> {
        let failed = |source| OutputError::Write {
            out: self.shown.clone(),
            source,
        };
        let mut tmp = temporary(&folder(&self.path)).map_err(failed)?;
        tmp.write_all(text.as_bytes()).map_err(failed)?;
        if let Some(p) = &self.permissions {
            fs::set_permissions(tmp.path(), p.clone()).map_err(failed)?;
        }
        tmp.as_file().sync_all().map_err(failed)?;
        tmp.persist(&self.path).map_err(|e| failed(e.error))?;
        Ok(())
    }
}

/// A temporary file in `dir` created as a new file would be (mode 0666 less the umask), not
/// with `tempfile`'s private 0600.
fn temporary(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".flexrota-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// The folder a file is written in (`.` for a bare file name).
fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether two metadata are of the same file (device and inode on Unix).
#[cfg(unix)]
fn same_node(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_node(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// Whether two paths name the same file by their canonical spelling.
fn same_spelling(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// What a non-regular file is, in words.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn an_input_is_refused_by_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let input = write(dir.path(), "team.yaml", "x");
        let other = dir.path().join("sub/../team.yaml");
        fs::create_dir(dir.path().join("sub")).unwrap();
        for out in [input.clone(), other] {
            let e = Target::check(&out, std::slice::from_ref(&input)).unwrap_err();
            assert!(matches!(e, OutputError::IsInput { .. }), "{e}");
        }
        assert_eq!(fs::read_to_string(&input).unwrap(), "x");
    }

    #[cfg(unix)]
    #[test]
    fn hard_and_symbolic_links_to_an_input_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = write(dir.path(), "shifts.yaml", "x");
        let hard = dir.path().join("hard.yaml");
        fs::hard_link(&input, &hard).unwrap();
        let soft = dir.path().join("soft.yaml");
        std::os::unix::fs::symlink(&input, &soft).unwrap();
        for out in [hard, soft] {
            let e = Target::check(&out, std::slice::from_ref(&input)).unwrap_err();
            assert!(e.to_string().contains("a link to"), "{e}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success(), "mkfifo");
        for (out, kind) in [
            (PathBuf::from("/dev/null"), "character device"),
            (fifo, "FIFO"),
            (dir.path().to_path_buf(), "folder"),
        ] {
            let e = Target::check(&out, &[]).unwrap_err();
            assert!(e.to_string().contains(kind), "{e}");
        }
    }

    #[test]
    fn a_missing_folder_is_refused_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        let e = Target::check(&dir.path().join("no/such/rota.json"), &[]).unwrap_err();
        assert!(matches!(e, OutputError::Folder { .. }), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_or_follow_the_umask() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let old = write(dir.path(), "rota.json", "old");
        fs::set_permissions(&old, Permissions::from_mode(0o640)).unwrap();
        Target::check(&old, &[]).unwrap().write("new").unwrap();
        assert_eq!(fs::read_to_string(&old).unwrap(), "new");
        let mode = fs::metadata(&old).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        // A new file: what the umask gives a file the usual way.
        let reference = write(dir.path(), "reference", "");
        let fresh = dir.path().join("fresh.json");
        Target::check(&fresh, &[]).unwrap().write("x").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fresh), mode(&reference));
    }
}
