//! A small fluent harness over tiny sites: write a site into a temporary folder (from a fixture
//! under tests/fixtures/ or file by file), run the real `tierbook` binary on it, and look at what
//! it printed and wrote.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A site in a temporary folder.
pub struct TestSite {
    dir: tempfile::TempDir,
}

/// The minimal valid config, for sites built file by file.
pub const MINIMAL_CONFIG: &str = "title = \"Test site\"\nbase_url = \"https://example.test/\"\n\n[taxonomies]\nareas = [\"handwriting\", \"fine-motor\", \"self-regulation\", \"sensory\"]\n";

impl TestSite {
    /// An empty site with [`MINIMAL_CONFIG`] and a home page.
    pub fn new() -> Self {
        TestSite::empty()
            .file("tierbook.toml", MINIMAL_CONFIG)
            .file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nWelcome.\n")
    }

    /// A folder with nothing in it.
    pub fn empty() -> Self {
        TestSite { dir: tempfile::tempdir().expect("temporary folder") }
    }

    /// [`TestSite::new`] in a temporary folder under `parent`.
    pub fn new_in(parent: &Path) -> Self {
        TestSite { dir: tempfile::tempdir_in(parent).expect("temporary folder") }
            .file("tierbook.toml", MINIMAL_CONFIG)
            .file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nWelcome.\n")
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let site = TestSite::empty();
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        assert!(source.is_dir(), "no fixture at {}", source.display());
        copy_tree(&source, site.root());
        site
    }

    /// A copy of the repository's own bundled site (tierbook.toml and content/).
    pub fn bundled() -> Self {
        let site = TestSite::empty();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(repo.join("tierbook.toml"), site.root().join("tierbook.toml")).expect("copy config");
        copy_tree(&repo.join("content"), &site.root().join("content"));
        site
    }

    /// Writes (or replaces) a file, creating folders.
    pub fn file(self, path: &str, contents: &str) -> Self {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create folders");
        std::fs::write(path, contents).expect("write file");
        self
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder used by [`TestSite::build`].
    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Runs `tierbook <args>` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = tierbook().args(args).current_dir(self.root()).output().expect("run the tierbook binary");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `tierbook build --root <site> --output <site>/public`.
    pub fn build(&self) -> Run {
        self.build_with(&[])
    }

    pub fn build_with(&self, extra: &[&str]) -> Run {
        let root = self.root().to_string_lossy().into_owned();
        let out = self.out().to_string_lossy().into_owned();
        let mut args = vec!["build", "--root", root.as_str(), "--output", out.as_str()];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Builds and expects success.
    pub fn built(self) -> Self {
        self.build().success();
        self
    }

    /// Reads an output file as text.
    pub fn read(&self, path: &str) -> String {
        let path = self.out().join(path);
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.out().join(path).exists()
    }
}

/// The real binary, with the environment scrubbed so output does not depend on the caller's.
pub fn tierbook() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tierbook"));
    for var in ["RUST_BACKTRACE", "RUST_LOG", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        cmd.env_remove(var);
    }
    cmd
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn success(&self) -> &Self {
        assert_eq!(self.code, Some(0), "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    pub fn exit(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "expected exit {code}\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    /// Asserts stderr contains `needle`.
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}:\n{}", self.stderr);
        self
    }

    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(self.stdout.contains(needle), "stdout lacks {needle:?}:\n{}", self.stdout);
        self
    }

    /// The `file:line:col: error: message` lines of stderr.
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(": error: ")).collect()
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("under root"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
