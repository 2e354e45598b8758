//! Putting a built site on disk so that the output path holds the whole old or the whole new site
//! at every instant, even if the build is killed.
//!
//! 1. Leftovers of earlier builds of this output that were killed are removed: folders next to
//!    it whose name has tierbook's pattern (`.NAME.tierbook-` and 12 random letters or digits, or
//!    the older `.NAME.tierbook-new-PID` / `-old-PID`) and that hold the marker file (or nothing).
//!    A folder a running build still holds a lock on is left alone; nothing else is touched.
//! 2. The site is written into a new staging folder with a random name, created exclusively
//!    (`tempfile`: it never reuses or follows what is already there), locked, and marked first.
//! 3. The staging folder and the output are exchanged in one step (`renameat2(RENAME_EXCHANGE)`
//!    on Linux, `renameatx_np(RENAME_SWAP)` on macOS). Elsewhere, or on a file system that cannot
//!    exchange, two renames are used, with a moment between them when the output path is empty.
//! 4. The old site, now at the staging name, is removed with its marker file last, so a kill
//!    during the removal leaves a folder that step 1 of the next build recognises.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Output, MARKER, MARKER_TEXT};
use crate::error::{Diagnostic, Error, Result};

/// Random letters and digits in a staging folder's name.
const RANDOM_LEN: usize = 12;

/// Writes `outputs` to `output` (already checked by [`super::check_target`]), replacing it only
/// once every file is written. Returns warnings about anything left behind once the new site is
/// live: an error means the new site is not live.
pub fn write(outputs: &[Output], output: &Path) -> Result<Vec<Diagnostic>> {
    let staged = Staged::create(output)?;
    for file in outputs {
        staged.write_one(file);
    }
    staged.finish()
}

/// A new site being written into its staging folder (steps 1 and 2), file by file as the build
/// makes them ([`super::Sink`]); [`Staged::finish`] puts it live. Dropped unfinished (the build
/// failed), it removes the staging folder.
pub struct Staged {
    output: PathBuf,
    staging: Option<Staging>,
    /// What removing earlier builds' leftovers could not remove.
    warnings: Vec<Diagnostic>,
    /// The first write that failed, named as the file will be in the output.
    failed: std::sync::Mutex<Option<Error>>,
}

impl Staged {
    /// Steps 1 and 2 for `output` (already checked by [`super::check_target`]).
    pub fn create(output: &Path) -> Result<Staged> {
        let (parent, name) = parent_and_name(output)?;
        std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
        let warnings = remove_leftovers(parent, name);
        let staging = Staging::create(parent, name)?;
        Ok(Staged { output: output.to_path_buf(), staging: Some(staging), warnings, failed: Default::default() })
    }

    fn write_one(&self, file: &Output) {
        let Some(staging) = &self.staging else { return };
        let path = file.path.under(&staging.path);
        let written =
            path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| create_new(&path, &file.bytes));
        if let Err(err) = written {
            let mut failed = self.failed.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            failed.get_or_insert_with(|| Error::io(file.path.under(&self.output), err));
        }
    }

    /// Step 3 and 4: the staging folder becomes the output, once every file is in it. Returns
    /// warnings about anything left behind once the new site is live: an error means the new
    /// site is not live.
    pub fn finish(mut self) -> Result<Vec<Diagnostic>> {
        let mut warnings = std::mem::take(&mut self.warnings);
        let failed = self.failed.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        let Some(Staging { path: staging, lock }) = self.staging.take() else { return Ok(warnings) };
        let swapped = match failed {
            Some(err) => Err(err),
            None => swap(&staging, &self.output),
        };
        // The lock has done its work (no other build removed the folder while it was written);
        // the removals below take their own, which this one would block.
        drop(lock);
        match swapped {
            Ok(Some(old)) => warnings.extend(remove_ours(&old, Some("the old site"))),
            Ok(None) => {}
            Err(err) => {
                warnings.extend(remove_ours(&staging, Some("the unfinished new site")));
                return Err(with_warnings(err, &warnings));
            }
        }
        Ok(warnings)
    }
}

impl super::Sink for Staged {
    fn put(&self, _order: u64, output: Output) -> Result<()> {
        self.write_one(&output);
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(Staging { path, lock }) = self.staging.take() {
            drop(lock);
            // Nothing to report it to: a failed build's error is what the reader needs, and the
            // next build removes what is left.
            let _ = remove_ours(&path, Some("the unfinished new site"));
        }
    }
}

fn parent_and_name(output: &Path) -> Result<(&Path, &str)> {
    let parent = output.parent().ok_or_else(|| Error::Usage("the output folder has no parent".into()))?;
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Usage(format!("the output folder's name must be UTF-8 text: {}", output.display())))?;
    Ok((parent, name))
}

/// An error, with what was left behind while handling it.
fn with_warnings(err: Error, warnings: &[Diagnostic]) -> Error {
    if warnings.is_empty() {
        return err;
    }
    let notes: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    Error::Usage(format!("{err}\n{}", notes.join("\n")))
}

/// Whether `file` is a name tierbook gives staging or old folders of the output `name`.
pub(crate) fn is_leftover_name(name: &str, file: &str) -> bool {
    let Some(rest) =
        file.strip_prefix('.').and_then(|f| f.strip_prefix(name)).and_then(|f| f.strip_prefix(".tierbook-"))
    else {
        return false;
    };
    let random = rest.strip_suffix("-old").unwrap_or(rest);
    if random.len() == RANDOM_LEN && random.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return true;
    }
    // Before staging names were random: `.NAME.tierbook-new-PID` and `.NAME.tierbook-old-PID`.
    let pid = rest.strip_prefix("new-").or_else(|| rest.strip_prefix("old-"));
    pid.is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Step 1: removes what killed builds of `name` left in `parent`.
fn remove_leftovers(parent: &Path, name: &str) -> Vec<Diagnostic> {
    let Ok(entries) = std::fs::read_dir(parent) else { return Vec::new() };
    let mut warnings = Vec::new();
    for entry in entries.filter_map(std::result::Result::ok) {
        let file = entry.file_name();
        if file.to_str().is_some_and(|file| is_leftover_name(name, file)) {
            warnings.extend(remove_ours(&entry.path(), None));
        }
    }
    warnings
}

/// Removes `dir` if it is tierbook's (a real folder holding the marker file, or an empty one) and
/// no running build holds it. A warning if it could not be removed, or if `what` is a folder
/// this build put there (`Some`) and it is no longer tierbook's.
fn remove_ours(dir: &Path, what: Option<&str>) -> Option<Diagnostic> {
    let warn = |message: String| {
        Diagnostic::warning(dir, 0, 0, message)
            .with_hint("the next build of this output tries again; or delete the folder yourself")
    };
    let what_text = what.unwrap_or("a folder left by a build that was stopped");
    match fs::remove_if_ours(dir) {
        Ok(Removal::Removed | Removal::Locked) => None,
        Ok(Removal::NotOurs) => what.map(|what| {
            warn(format!("left {what} in place: it no longer holds tierbook's {MARKER} file, so it is not removed"))
        }),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => Some(warn(format!("could not remove {what_text}: {err}"))),
    }
}

/// What became of a folder tierbook tried to remove.
#[derive(Debug, PartialEq, Eq)]
enum Removal {
    Removed,
    /// A running build holds it.
    Locked,
    /// Not a folder with tierbook's marker (nor an empty one): left alone.
    NotOurs,
}

/// Step 2: a fresh folder next to the output, locked while this build runs.
struct Staging {
    path: PathBuf,
    lock: fs::Lock,
}

impl Staging {
    fn create(parent: &Path, name: &str) -> Result<Staging> {
        let prefix = format!(".{name}.tierbook-");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).rand_bytes(RANDOM_LEN);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // tempfile's default is 0700; a published site must be readable by the web server.
            builder.permissions(std::fs::Permissions::from_mode(0o755));
        }
        let path = builder.tempdir_in(parent).map_err(|err| Error::io(parent, err))?.keep();
        let lock = fs::Lock::take(&path).map_err(|err| Error::io(&path, err))?;
        create_new(&path.join(MARKER), MARKER_TEXT.as_bytes()).map_err(|err| Error::io(&path, err))?;
        Ok(Staging { path, lock })
    }
}

/// Creates a file that must not exist yet: never follows a link, never overwrites.
fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)?.write_all(bytes)
}

/// Step 3: puts `staging` at `output`. Returns where the old site now is, if there was one.
fn swap(staging: &Path, output: &Path) -> Result<Option<PathBuf>> {
    match std::fs::symlink_metadata(output) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            std::fs::rename(staging, output).map_err(|err| Error::io(output, err))?;
            return Ok(None);
        }
        Err(err) => return Err(Error::io(output, err)),
        Ok(_) => {}
    }
    match fs::exchange(staging, output) {
        Ok(true) => return Ok(Some(staging.to_path_buf())),
        Ok(false) => {}
        Err(err) => return Err(Error::io(output, err)),
    }
    swap_by_renames(staging, output).map(Some)
}

/// The swap where the system cannot exchange two paths: the output is renamed aside, then the
/// staging folder into its place; between the two the output path is empty. Returns where the
/// old site is.
fn swap_by_renames(staging: &Path, output: &Path) -> Result<PathBuf> {
    let mut old = staging.as_os_str().to_os_string();
    old.push("-old");
    let old = PathBuf::from(old);
    std::fs::rename(output, &old).map_err(|err| Error::io(output, err))?;
    if let Err(err) = std::fs::rename(staging, output) {
        return Err(match std::fs::rename(&old, output) {
            Ok(()) => Error::io(output, err),
            Err(back) => Error::Usage(format!(
                "{}: {err}; and the old site could not be put back ({back}): it is at {}",
                output.display(),
                old.display()
            )),
        });
    }
    Ok(old)
}

/// The file-system calls that differ between systems.
#[cfg(unix)]
mod fs {
    use std::ffi::{CStr, CString};
    use std::io;
    use std::os::fd::OwnedFd;
    use std::path::Path;

    use rustix::fs::{AtFlags, FileType, FlockOperation, Mode, OFlags};
    use rustix::io::Errno;

    use super::{Removal, MARKER};

    /// An exclusive lock on a folder, held until dropped (or the process ends, even by a kill).
    pub struct Lock(#[allow(dead_code)] OwnedFd);

    impl Lock {
        pub fn take(dir: &Path) -> io::Result<Lock> {
            let fd = open_dir(dir)?;
            rustix::fs::flock(&fd, FlockOperation::NonBlockingLockExclusive)?;
            Ok(Lock(fd))
        }
    }

    fn open_dir(dir: &Path) -> io::Result<OwnedFd> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        Ok(rustix::fs::open(dir, flags, Mode::empty())?)
    }

    /// Removes `dir` if it is a real folder (not a link) holding the marker file, or an empty
    /// one, that no running build has locked. Never follows a link; the marker goes last.
    pub fn remove_if_ours(dir: &Path) -> io::Result<Removal> {
        let fd = match open_dir(dir) {
            // A link, or not a folder.
            Err(err) if matches!(err.raw_os_error(), Some(code) if code == Errno::LOOP.raw_os_error() || code == Errno::NOTDIR.raw_os_error()) => {
                return Ok(Removal::NotOurs)
            }
            other => other?,
        };
        match rustix::fs::flock(&fd, FlockOperation::NonBlockingLockExclusive) {
            Err(Errno::WOULDBLOCK) => return Ok(Removal::Locked),
            other => other?,
        }
        let names = names(&fd)?;
        let marked = rustix::fs::statat(&fd, MARKER, AtFlags::SYMLINK_NOFOLLOW)
            .is_ok_and(|st| FileType::from_raw_mode(st.st_mode as _) == FileType::RegularFile);
        if !marked && !names.is_empty() {
            return Ok(Removal::NotOurs);
        }
        for name in names.iter().filter(|n| n.as_bytes() != MARKER.as_bytes()) {
            remove_entry(&fd, name)?;
        }
        match rustix::fs::unlinkat(&fd, MARKER, AtFlags::empty()) {
            Ok(()) | Err(Errno::NOENT) => {}
            Err(err) => return Err(err.into()),
        }
        std::fs::remove_dir(dir)?;
        Ok(Removal::Removed)
    }

    /// The names in a folder, without `.` and `..`.
    fn names(dir: &OwnedFd) -> io::Result<Vec<CString>> {
        let mut names = Vec::new();
        for entry in rustix::fs::Dir::read_from(dir)? {
            let name = entry?.file_name().to_owned();
            if name.as_bytes() != b"." && name.as_bytes() != b".." {
                names.push(name);
            }
        }
        Ok(names)
    }

    /// Removes one entry of `dir`: a folder with everything in it, or anything else itself.
    fn remove_entry(dir: &OwnedFd, name: &CStr) -> io::Result<()> {
        let st = rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)?;
        if FileType::from_raw_mode(st.st_mode as _) != FileType::Directory {
            return Ok(rustix::fs::unlinkat(dir, name, AtFlags::empty())?);
        }
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let sub = rustix::fs::openat(dir, name, flags, Mode::empty())?;
        for child in names(&sub)? {
            remove_entry(&sub, &child)?;
        }
        Ok(rustix::fs::unlinkat(dir, name, AtFlags::REMOVEDIR)?)
    }

    /// Exchanges two paths in one step. `Ok(false)` where the system or file system cannot.
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    pub fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
        use rustix::fs::{RenameFlags, CWD};
        match rustix::fs::renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            // (NOTSUP and OPNOTSUPP are one value on Linux, two on macOS.)
            Err(err) if [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP, Errno::OPNOTSUPP].contains(&err) => Ok(false),
            Err(err) => Err(err.into()),
        }
    }

    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    pub fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
        Ok(false)
    }
}

/// The same calls without locks or exchange, for systems without the Unix calls. Removal uses
/// the standard library's, which does not follow links either.
#[cfg(not(unix))]
mod fs {
    use std::io;
    use std::path::Path;

    use super::{Removal, MARKER};

    pub struct Lock;

    impl Lock {
        pub fn take(_: &Path) -> io::Result<Lock> {
            Ok(Lock)
        }
    }

    pub fn remove_if_ours(dir: &Path) -> io::Result<Removal> {
        if !std::fs::symlink_metadata(dir)?.is_dir() {
            return Ok(Removal::NotOurs);
        }
        let entries: Vec<_> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
        let marked = std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file());
        if !marked && !entries.is_empty() {
            return Ok(Removal::NotOurs);
        }
        for entry in entries.iter().filter(|e| e.file_name() != MARKER) {
            if entry.file_type()?.is_dir() {
                std::fs::remove_dir_all(entry.path())?;
            } else {
                std::fs::remove_file(entry.path())?;
            }
        }
        match std::fs::remove_file(dir.join(MARKER)) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
            _ => {}
        }
        std::fs::remove_dir(dir)?;
        Ok(Removal::Removed)
    }

    pub fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::OutPath;

    #[test]
    fn leftover_names() {
        assert!(is_leftover_name("public", ".public.tierbook-Ab3dEf9hIj2L"));
        assert!(is_leftover_name("public", ".public.tierbook-Ab3dEf9hIj2L-old"));
        assert!(is_leftover_name("public", ".public.tierbook-new-1234"));
        assert!(is_leftover_name("public", ".public.tierbook-old-9"));
        for other in [
            "public",
            ".public.tierbook-new-",
            ".public.tierbook-new-12a",
            ".public.tierbook-short",
            ".public.tierbook-Ab3dEf9hIj2L-new",
            ".other.tierbook-Ab3dEf9hIj2L",
            ".public.tierbook-Ab3dEf9hIj2L.tierbook-Ab3dEf9hIj2L",
            "public.tierbook-new-1",
        ] {
            assert!(!is_leftover_name("public", other), "{other}");
        }
    }

    fn site(dir: &Path, text: &str) {
        std::fs::create_dir_all(dir.join("a")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.join("a/index.html"), text).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.join(MARKER), MARKER_TEXT).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn removal_takes_only_marked_or_empty_real_folders() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let marked = tmp.path().join("marked");
        site(&marked, "x");
        let unmarked = tmp.path().join("unmarked");
        std::fs::create_dir_all(&unmarked).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(unmarked.join("keep"), "keep").unwrap_or_else(|e| panic!("{e}"));
        let empty = tmp.path().join("empty");
        std::fs::create_dir(&empty).unwrap_or_else(|e| panic!("{e}"));
        assert!(remove_ours(&marked, None).is_none() && !marked.exists());
        assert!(remove_ours(&unmarked, None).is_none() && unmarked.join("keep").exists());
        assert!(remove_ours(&unmarked, Some("the old site")).is_some(), "a folder this build put there is named");
        assert!(remove_ours(&empty, None).is_none() && !empty.exists());
    }

    #[cfg(unix)]
    #[test]
    fn removal_never_follows_links_and_skips_locked_folders() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = tmp.path().join("target");
        site(&target, "precious");
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap_or_else(|e| panic!("{e}"));
        assert!(remove_ours(&link, None).is_none() && link.exists(), "a link is not a folder of ours");
        let inner = tmp.path().join("marked");
        site(&inner, "x");
        std::os::unix::fs::symlink(&target, inner.join("a/escape")).unwrap_or_else(|e| panic!("{e}"));
        assert!(remove_ours(&inner, None).is_none() && !inner.exists());
        assert!(target.join("a/index.html").is_file(), "the link's target survived");
        let locked = tmp.path().join("locked");
        site(&locked, "x");
        let lock = fs::Lock::take(&locked).unwrap_or_else(|e| panic!("{e}"));
        assert!(remove_ours(&locked, None).is_none() && locked.exists(), "a running build's folder stays");
        drop(lock);
        assert!(remove_ours(&locked, None).is_none() && !locked.exists());
    }

    fn outputs(paths: &[&str]) -> Vec<Output> {
        paths
            .iter()
            .map(|p| Output::new(OutPath::new(p).unwrap_or_else(|e| panic!("{e}")), p.as_bytes().to_vec()))
            .collect()
    }

    /// The names in `dir`.
    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn a_write_that_fails_leaves_the_old_site_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let output = tmp.path().join("out");
        assert!(write(&outputs(&["index.html", "a/index.html"]), &output).unwrap_or_else(|e| panic!("{e}")).is_empty());
        // The same file twice: the second cannot be created.
        let err = write(&outputs(&["index.html", "b/index.html", "b/index.html"]), &output).err();
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("out/b/index.html") && !message.contains(".tierbook-"), "{message}");
        assert_eq!(listing(tmp.path()), ["out"], "the unfinished staging folder is removed");
        assert_eq!(listing(&output), [MARKER, "a", "index.html"], "the old site is untouched");
    }

    #[test]
    fn the_swap_leaves_the_old_site_at_the_staging_name() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (staging, output) = (tmp.path().join(".out.tierbook-Ab3dEf9hIj2L"), tmp.path().join("out"));
        site(&staging, "new");
        site(&output, "old");
        let old = swap(&staging, &output).unwrap_or_else(|e| panic!("{e}")).unwrap_or_default();
        assert_eq!(std::fs::read_to_string(output.join("a/index.html")).ok().as_deref(), Some("new"));
        assert_eq!(std::fs::read_to_string(old.join("a/index.html")).ok().as_deref(), Some("old"));
        if cfg!(target_os = "linux") {
            assert_eq!(old, staging, "exchanged in one step");
        }
    }

    #[test]
    fn the_fallback_swap_leaves_the_old_site_where_the_next_build_finds_it() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (staging, output) = (tmp.path().join(".out.tierbook-Ab3dEf9hIj2L"), tmp.path().join("out"));
        site(&staging, "new");
        site(&output, "old");
        let old = swap_by_renames(&staging, &output).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read_to_string(output.join("a/index.html")).ok().as_deref(), Some("new"));
        let name = old.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert!(is_leftover_name("out", name), "{name}");
        assert!(remove_leftovers(tmp.path(), "out").is_empty() && !old.exists());
        // A failed second rename puts the old site back.
        site(&output, "old");
        assert!(swap_by_renames(&tmp.path().join("missing"), &output).is_err());
        assert_eq!(std::fs::read_to_string(output.join("a/index.html")).ok().as_deref(), Some("old"));
    }
}
