//! Output files in memory, and writing them to disk safely: into a fresh folder next to the
//! target, swapped into place only after every file is written. tierbook refuses to write into
//! the site root, a parent of it, the home folder or `/`, and only ever replaces a folder that
//! carries its marker file.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The marker that proves tierbook created an output folder.
pub const MARKER: &str = ".tierbook-output";
const MARKER_TEXT: &str = "This folder was written by tierbook. `tierbook build` replaces it whole.\n";

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative path with `/` separators, e.g. `guides/x/index.html`.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl Output {
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        Output { path: path.into(), bytes }
    }
}

/// Checks that `output` is a folder tierbook may replace, for a site at `root`.
pub fn check_target(root: &Path, output: &Path) -> Result<PathBuf> {
    let root = root.canonicalize().map_err(|err| Error::io(root, err))?;
    let output = absolute(output)?;
    let refuse = |why: &str| Err(Error::Usage(format!("refusing to write the site to {}: {why}", output.display())));
    if output.parent().is_none() {
        return refuse("it is the file-system root");
    }
    if root.starts_with(&output) {
        return refuse("it is the site folder or a parent of it");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from).and_then(|h| h.canonicalize().ok()) {
        if home.starts_with(&output) {
            return refuse("it is your home folder or a parent of it");
        }
    }
    for source in ["content", "templates", "static", "themes"] {
        if output.starts_with(root.join(source)) {
            return refuse(&format!("it is inside the site's {source}/ folder"));
        }
    }
    if output.exists() {
        if !output.is_dir() {
            return refuse("it is a file, not a folder");
        }
        let empty = std::fs::read_dir(&output).map_err(|err| Error::io(&output, err))?.next().is_none();
        if !empty && !output.join(MARKER).is_file() {
            return refuse(&format!("it is not empty and was not made by tierbook (no {MARKER} file); choose another --output or empty it yourself"));
        }
    }
    Ok(output)
}

/// Makes a path absolute and normalised without requiring it to exist: the nearest existing
/// ancestor is canonicalized (resolving symlinks), the rest appended.
fn absolute(path: &Path) -> Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(|err| Error::io(".", err))?.join(path)
    };
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().map_err(|err| Error::io(&existing, err))?;
    for part in rest.into_iter().rev() {
        match part.to_str() {
            Some("..") => {
                out.pop();
            }
            Some(".") => {}
            _ => out.push(part),
        }
    }
    Ok(out)
}

/// Writes `outputs` to `output` (already checked by [`check_target`]), replacing it only once
/// every file is written.
pub fn write(outputs: &[Output], output: &Path) -> Result<()> {
    let parent = output.parent().ok_or_else(|| Error::Usage("the output folder has no parent".into()))?;
    std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
    let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.tierbook-new-{}", std::process::id()));
    let result = write_tree(outputs, &staging).and_then(|()| swap(&staging, output, parent, &name));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn write_tree(outputs: &[Output], dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
    std::fs::write(dir.join(MARKER), MARKER_TEXT).map_err(|err| Error::io(dir.join(MARKER), err))?;
    for output in outputs {
        let path = dir.join(&output.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
        }
        std::fs::write(&path, &output.bytes).map_err(|err| Error::io(&path, err))?;
    }
    Ok(())
}

fn swap(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<()> {
    if output.exists() {
        let old = parent.join(format!(".{name}.tierbook-old-{}", std::process::id()));
        std::fs::rename(output, &old).map_err(|err| Error::io(output, err))?;
        if let Err(err) = std::fs::rename(staging, output) {
            let _ = std::fs::rename(&old, output);
            return Err(Error::io(output, err));
        }
        // `old` carries our marker or was empty (checked before the build).
        std::fs::remove_dir_all(&old).map_err(|err| Error::io(&old, err))?;
    } else {
        std::fs::rename(staging, output).map_err(|err| Error::io(output, err))?;
    }
    Ok(())
}
