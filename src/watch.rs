//! Watching a site for changes: notify events, filtered to the files a build reads and debounced
//! into batches. What to do with a batch is the caller's business (`serve` rebuilds the whole
//! site: Zola deleted its partial-rebuild crate after stale-page bugs, so a full in-memory build
//! that re-reads the config is the default here).
//!
//! Watched: `tierbook.toml` and the folders `content/`, `templates/`, `static/` and `themes/`
//! (each once it exists). Dropped: editor temp and backup files, hidden files and folders (which
//! covers `.git/`), `public/`, and any folder holding an output marker (`.tierbook-output`).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::config::CONFIG_FILE;
use crate::error::{Error, Result};
use crate::output::MARKER;

/// A batch ends once no relevant event has arrived for this long...
pub const QUIET: Duration = Duration::from_millis(50);
/// ...or this long after its first event, whichever comes first. This is the debounce window.
pub const MAX_DELAY: Duration = Duration::from_millis(100);

/// The folders of a site that a build reads.
const SOURCE_DIRS: [&str; 4] = ["content", "templates", "static", "themes"];

/// A running watch over one site.
pub struct Watch {
    root: PathBuf,
    watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watched: BTreeSet<PathBuf>,
}

impl Watch {
    /// Starts watching the site at `root` (which should be canonical, as event paths are
    /// compared with it).
    pub fn new(root: &Path) -> Result<Watch> {
        let (tx, events) = mpsc::channel();
        let watcher = notify::recommended_watcher(tx).map_err(|err| watch_error(root, err))?;
        let mut watch = Watch { root: root.to_path_buf(), watcher, events, watched: BTreeSet::new() };
        // Non-recursive on the root: it sees `tierbook.toml` (also when an editor replaces it by a
        // rename) and the source folders appearing, but nothing inside `target/` or `public/`.
        watch.watcher.watch(root, RecursiveMode::NonRecursive).map_err(|err| watch_error(root, err))?;
        for dir in SOURCE_DIRS {
            watch.watch_dir(&root.join(dir))?;
        }
        Ok(watch)
    }

    fn watch_dir(&mut self, dir: &Path) -> Result<()> {
        if !dir.is_dir() || self.watched.contains(dir) {
            return Ok(());
        }
        self.watcher.watch(dir, RecursiveMode::Recursive).map_err(|err| watch_error(dir, err))?;
        self.watched.insert(dir.to_path_buf());
        Ok(())
    }

    /// Blocks until the next batch of relevant changes and returns the changed paths, sorted.
    /// `Ok(None)` once the watcher has stopped.
    pub fn next_batch(&mut self) -> Result<Option<Vec<PathBuf>>> {
        let mut changed = BTreeSet::new();
        let mut first: Option<Instant> = None;
        loop {
            let received = match first {
                None => self.events.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(first) => {
                    let now = Instant::now();
                    // The quiet window restarts with every event; the batch never waits past
                    // MAX_DELAY after its first relevant event.
                    let deadline = (first + MAX_DELAY).min(now + QUIET);
                    self.events.recv_timeout(deadline.saturating_duration_since(now))
                }
            };
            match received {
                Ok(Ok(event)) => {
                    if self.take(&event, &mut changed)? && first.is_none() {
                        first = Some(Instant::now());
                    }
                }
                // Errors of single events (e.g. a queue overflow) mean "something changed".
                Ok(Err(_)) => {
                    changed.insert(self.root.clone());
                    first.get_or_insert_with(Instant::now);
                }
                Err(RecvTimeoutError::Timeout) => return Ok(Some(changed.into_iter().collect())),
                Err(RecvTimeoutError::Disconnected) => {
                    return Ok((!changed.is_empty()).then(|| changed.into_iter().collect()));
                }
            }
        }
    }

    /// Adds the relevant paths of `event` to `changed`; true if there were any. Source folders
    /// created after start-up get watched.
    fn take(&mut self, event: &notify::Event, changed: &mut BTreeSet<PathBuf>) -> Result<bool> {
        if !is_change(&event.kind) {
            return Ok(false);
        }
        let mut any = false;
        for path in &event.paths {
            if let Ok(rel) = path.strip_prefix(&self.root) {
                let top = rel.to_str().unwrap_or_default();
                if SOURCE_DIRS.contains(&top) {
                    if path.is_dir() {
                        self.watch_dir(path)?;
                    } else {
                        self.watched.remove(path);
                    }
                }
            }
            if is_relevant(&self.root, path) && !in_output_folder(&self.root, path) {
                changed.insert(path.clone());
                any = true;
            }
        }
        Ok(any)
    }
}

fn watch_error(path: &Path, err: notify::Error) -> Error {
    let message = match err.kind {
        notify::ErrorKind::MaxFilesWatch => "too many files to watch (raise fs.inotify.max_user_watches)".to_string(),
        _ => err.to_string(),
    };
    Error::io(path, std::io::Error::other(format!("cannot watch for changes: {message}")))
}

/// Whether an event kind can change what a build reads. Reads (which every build does, and
/// which inotify reports as opens) must not count, or each build would trigger the next.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// Whether a changed path is one a build reads: `tierbook.toml`, or a file under a source folder
/// that is not an editor temp file or hidden. Pure: looks at the path only.
pub fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let mut names = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(name) => names.push(name.to_string_lossy()),
            _ => return false,
        }
    }
    match names.as_slice() {
        [only] => only == CONFIG_FILE || SOURCE_DIRS.contains(&only.as_ref()),
        [top, rest @ ..] => SOURCE_DIRS.contains(&top.as_ref()) && !rest.iter().any(|name| is_temp_file(name)),
        [] => false,
    }
}

/// Editor leftovers and hidden files: what `content::load` skips, plus the patterns of vim
/// (`4913`, `.swx`), JetBrains, kate and emacs lock files.
pub fn is_temp_file(name: &str) -> bool {
    crate::content::is_ignored(name)
        || name == "4913"
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".kate-swp")
        || name.ends_with(".bak")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with("___jb_bak___")
}

/// Whether `path` is inside a folder tierbook wrote (it holds the output marker), between the
/// root and the path.
fn in_output_folder(root: &Path, path: &Path) -> bool {
    let mut dir = path.parent();
    while let Some(current) = dir {
        if current == root || !current.starts_with(root) {
            return false;
        }
        if current.join(MARKER).exists() {
            return true;
        }
        dir = current.parent();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevant_paths() {
        let root = Path::new("/site");
        let table = [
            ("/site/tierbook.toml", true),
            ("/site/content/guides/x.md", true),
            ("/site/content/guides/photo.png", true),
            ("/site/content", true),
            ("/site/templates/page.html", true),
            ("/site/static/css/brand.css", true),
            ("/site/themes/default/templates/base.html", true),
            ("/site/content/guides/.x.md.swp", false),
            ("/site/content/guides/x.md.swx", false),
            ("/site/content/guides/x.md~", false),
            ("/site/content/guides/#x.md#", false),
            ("/site/content/guides/.#x.md", false),
            ("/site/content/guides/4913", false),
            ("/site/content/x.md___jb_tmp___", false),
            ("/site/content/x.md.kate-swp", false),
            ("/site/content/.git/index", false),
            ("/site/.git/index", false),
            ("/site/public/index.html", false),
            ("/site/target/debug/tierbook", false),
            ("/site/README.md", false),
            ("/site/tierbook.toml.swp", false),
            ("/site/.tierbook.toml.swp", false),
            ("/elsewhere/content/x.md", false),
            ("/site/content/../../etc/passwd", false),
        ];
        for (path, expected) in table {
            assert_eq!(is_relevant(root, Path::new(path)), expected, "{path}");
        }
    }

    #[test]
    fn reads_are_not_changes() {
        use notify::event::{CreateKind, DataChange, RemoveKind};
        assert!(!is_change(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(!is_change(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(DataChange::Any))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Remove(RemoveKind::File)));
    }

    #[test]
    fn output_folders_are_found_by_their_marker() {
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("temp dir: {err}"));
        let root = dir.path();
        let out = root.join("static/old-build");
        std::fs::create_dir_all(out.join("css")).unwrap_or_else(|err| panic!("{err}"));
        std::fs::write(out.join(MARKER), "").unwrap_or_else(|err| panic!("{err}"));
        assert!(in_output_folder(root, &out.join("css/style.css")));
        assert!(!in_output_folder(root, &root.join("static/css/style.css")));
    }

    #[test]
    fn a_saved_file_comes_out_as_one_batch() {
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("temp dir: {err}"));
        let root = dir.path().canonicalize().unwrap_or_else(|err| panic!("{err}"));
        std::fs::create_dir_all(root.join("content")).unwrap_or_else(|err| panic!("{err}"));
        let mut watch = Watch::new(&root).unwrap_or_else(|err| panic!("{err}"));
        let page = root.join("content/x.md");
        std::fs::write(root.join("content/.x.md.swp"), "temp").unwrap_or_else(|err| panic!("{err}"));
        std::fs::write(&page, "one").unwrap_or_else(|err| panic!("{err}"));
        let started = Instant::now();
        let batch = watch.next_batch().unwrap_or_else(|err| panic!("{err}")).unwrap_or_default();
        assert_eq!(batch, vec![page]);
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}
