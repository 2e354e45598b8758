//! Output files in memory, and writing them to disk safely. Every output's path is an
//! [`OutPath`] (relative and normalised, so it stays inside the output folder), and every output
//! says where it comes from ([`Origin`]) so that collisions are errors naming both sources.
//! [`write`] puts a site on disk with an atomic swap (see `disk.rs`); tierbook refuses to write
//! into the site root, a parent of it, the home folder or `/`, and only ever replaces a folder
//! that carries its marker file.

mod clash;
mod disk;
mod path;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use clash::{clashes, Origin};
pub use disk::{write, Staged};
pub(crate) use path::fixed_path;
pub use path::{fold_key, OutPath, PathError, Problem};

use crate::error::{Error, Result};

/// The marker that proves tierbook created an output folder.
pub const MARKER: &str = ".tierbook-output";
const MARKER_TEXT: &str = "This folder was written by tierbook. `tierbook build` replaces it whole.\n";

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: OutPath,
    /// Shared, so that `serve` hands a page it kept from the last build to the new one without
    /// copying it.
    pub bytes: Arc<Vec<u8>>,
    /// What made it, for messages about collisions.
    pub origin: Origin,
}

impl Output {
    /// One of tierbook's own files; [`Output::with_origin`] says where another comes from.
    pub fn new(path: OutPath, bytes: Vec<u8>) -> Self {
        Output::shared(path, Arc::new(bytes))
    }

    /// [`Output::new`] with bytes that may be shared with another build's file.
    pub fn shared(path: OutPath, bytes: Arc<Vec<u8>>) -> Self {
        Output { path, bytes, origin: Origin::generated("a file tierbook writes itself") }
    }

    /// Its bytes, copied only if another build still shares them.
    pub fn into_bytes(self) -> Vec<u8> {
        Arc::unwrap_or_clone(self.bytes)
    }

    pub fn with_origin(mut self, origin: Origin) -> Self {
        self.origin = origin;
        self
    }
}

/// Where a build puts its files as they are made: kept in memory ([`Memory`], for `serve`,
/// `check` and `export`) or written straight into the staging folder ([`Staged`], for `build`),
/// so a page's bytes need not be held until the whole site is rendered.
pub trait Sink: Sync {
    /// Takes one file; `order` is its place among files of the same path (which are a clash,
    /// reported by the build). A [`Staged`] sink keeps a failed write's error for [`Staged::finish`], so
    /// that collisions, which also fail writes, are reported as such first.
    fn put(&self, order: u64, output: Output) -> Result<()>;
}

/// Files kept in memory, in the order they came (see [`Memory::into_sorted`]).
#[derive(Default)]
pub struct Memory(std::sync::Mutex<Vec<(u64, Output)>>);

impl Memory {
    /// Every file, sorted by path (then by `order`).
    pub fn into_sorted(self) -> Vec<Output> {
        let mut files = self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_by(|a, b| a.1.path.cmp(&b.1.path).then(a.0.cmp(&b.0)));
        files.into_iter().map(|(_, o)| o).collect()
    }
}

impl Sink for Memory {
    fn put(&self, order: u64, output: Output) -> Result<()> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((order, output));
        Ok(())
    }
}

/// A path made while rendering, refused or not: a refusal is a content error at `origin`.
pub(crate) fn located(path: std::result::Result<OutPath, PathError>, origin: &Origin) -> Result<OutPath> {
    path.map_err(|err| {
        let file = origin.file.clone().unwrap_or_else(|| PathBuf::from("tierbook.toml"));
        Error::Content(vec![crate::error::Diagnostic::error(file, origin.line, origin.column, err.to_string())
            .with_hint("rename it with letters, digits and -")])
    })
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
