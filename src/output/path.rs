//! [`OutPath`]: the one type for a path the build writes. Every output file's path is made by
//! [`OutPath::new`] (or [`OutPath::for_url`], which calls it), which accepts only relative,
//! normalised `/`-separated components, so joining one under the output folder can never reach
//! outside it, whatever a slug, alias, file name or taxonomy term says.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// The longest file or folder name most file systems take (ext4, APFS, NTFS: 255).
pub const MAX_COMPONENT_BYTES: usize = 255;

/// A relative path inside the output folder, with `/` separators: `guides/x/index.html`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutPath(Cow<'static, str>);

/// Why a string is not an output path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Empty,
    Absolute,
    NotFromRoot,
    DoubleSlash,
    EmptyComponent,
    Dot,
    DotDot,
    Backslash,
    Control,
    DrivePrefix,
    TooLong,
}

impl Problem {
    pub fn describe(self) -> &'static str {
        match self {
            Problem::Empty => "it is empty",
            Problem::Absolute => "it is an absolute path (it starts with `/`)",
            Problem::NotFromRoot => "a URL path must start with `/`",
            Problem::DoubleSlash => "it starts with `//`, which would make it an absolute path",
            Problem::EmptyComponent => "it has an empty part (`//`, or a `/` at the start or end)",
            Problem::Dot => "it has a `.` part",
            Problem::DotDot => "it has a `..` part, which would climb out of its folder",
            Problem::Backslash => "it has a `\\`, a folder separator on Windows",
            Problem::Control => "it has a control character (such as NUL or a line break)",
            Problem::DrivePrefix => "it has a drive prefix such as `C:`",
            Problem::TooLong => "one part is longer than 255 bytes, the limit of most file systems",
        }
    }
}

/// A string that cannot be an output path, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub path: String,
    pub problem: Problem,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} cannot be written in the output folder: {}", self.path, self.problem.describe())
    }
}

impl std::error::Error for PathError {}

/// Checks one component. A `const fn` so that fixed names are checked when tierbook compiles.
const fn check_component(bytes: &[u8], start: usize, end: usize) -> Result<(), Problem> {
    let len = end - start;
    if len == 0 {
        return Err(Problem::EmptyComponent);
    }
    if len > MAX_COMPONENT_BYTES {
        return Err(Problem::TooLong);
    }
    if len == 1 && bytes[start] == b'.' {
        return Err(Problem::Dot);
    }
    if len == 2 && bytes[start] == b'.' && bytes[start + 1] == b'.' {
        return Err(Problem::DotDot);
    }
    // `C:x` would make Windows' path join start at the root of drive C.
    if len >= 2 && bytes[start].is_ascii_alphabetic() && bytes[start + 1] == b':' {
        return Err(Problem::DrivePrefix);
    }
    let mut i = start;
    while i < end {
        match bytes[i] {
            b'\\' => return Err(Problem::Backslash),
            0..=0x1f | 0x7f => return Err(Problem::Control),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Checks a whole path: see [`OutPath::new`].
const fn check(path: &str) -> Result<(), Problem> {
    let bytes = path.as_bytes();
    if bytes.is_empty() {
        return Err(Problem::Empty);
    }
    if bytes[0] == b'/' {
        return Err(Problem::Absolute);
    }
    let mut start = 0;
    let mut i = 0;
    while i <= bytes.len() {
        if i == bytes.len() || bytes[i] == b'/' {
            if let Err(problem) = check_component(bytes, start, i) {
                return Err(problem);
            }
            start = i + 1;
        }
        i += 1;
    }
    Ok(())
}

impl OutPath {
    /// The one constructor: `path` must be relative, `/`-separated, and every component must be
    /// non-empty, not `.` or `..`, free of `\` and control characters (NUL included), without a
    /// drive prefix, and at most 255 bytes.
    pub fn new(path: &str) -> Result<OutPath, PathError> {
        match check(path) {
            Ok(()) => Ok(OutPath(Cow::Owned(path.to_string()))),
            Err(problem) => Err(PathError { path: path.to_string(), problem }),
        }
    }

    /// A fixed name of tierbook's own (`sitemap.xml`), checked by [`OutPath::new`]'s rules when
    /// tierbook is compiled: use it through the `fixed_path!` macro, whose `const` turns a bad
    /// name into a compile error.
    pub const fn fixed(path: &'static str) -> OutPath {
        assert!(check(path).is_ok(), "not an output path");
        OutPath(Cow::Borrowed(path))
    }

    /// The file of a site URL path: `/a/b/` (and `/a/b`) -> `a/b/index.html`, `/` ->
    /// `index.html`, `/a/b.html` -> `a/b.html`. The URL must start with one `/`.
    pub fn for_url(url: &str) -> Result<OutPath, PathError> {
        let Some(rest) = url.strip_prefix('/') else {
            return Err(PathError { path: url.to_string(), problem: Problem::NotFromRoot });
        };
        let file = if rest.is_empty() {
            "index.html".to_string()
        } else if rest.ends_with('/') {
            format!("{rest}index.html")
        } else if rest.ends_with(".html") {
            rest.to_string()
        } else {
            format!("{rest}/index.html")
        };
        OutPath::new(&file).map_err(|err| {
            let problem = if err.problem == Problem::Absolute { Problem::DoubleSlash } else { err.problem };
            PathError { path: url.to_string(), problem }
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// This path under `root` (the staging folder).
    pub fn under(&self, root: &Path) -> PathBuf {
        let mut path = root.to_path_buf();
        path.extend(self.0.split('/'));
        path
    }

    /// The folders this path sits in, outermost first: `a/b/c.html` -> `a`, `a/b`.
    pub fn folders(&self) -> impl Iterator<Item = &str> {
        self.0.match_indices('/').map(|(i, _)| &self.0[..i])
    }
}

impl std::ops::Deref for OutPath {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OutPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for OutPath {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for OutPath {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// An [`OutPath`] for a fixed name, checked at compile time.
macro_rules! fixed_path {
    ($path:expr) => {{
        const PATH: $crate::output::OutPath = $crate::output::OutPath::fixed($path);
        PATH
    }};
}
pub(crate) use fixed_path;

/// The form of a path under which a case-insensitive or Unicode-normalising file system (Windows,
/// macOS) stores it: two paths with the same key are one file there.
pub fn fold_key(path: &str) -> Cow<'_, str> {
    if path.is_ascii() {
        if path.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Owned(path.to_ascii_lowercase());
        }
        return Cow::Borrowed(path);
    }
    let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
    let lower = nfc.normalize(path).to_lowercase();
    Cow::Owned(nfc.normalize(&lower).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Component;

    #[test]
    fn accepts_ordinary_paths() {
        for path in ["index.html", "guides/x/index.html", "a b/ü.html", "..x/.y", "calculator/calculator_bg.wasm"] {
            assert_eq!(OutPath::new(path).map(|p| p.as_str().to_string()), Ok(path.to_string()));
        }
    }

    #[test]
    fn refuses_every_kind_of_escape() {
        let long = "x".repeat(256);
        let table = [
            ("", Problem::Empty),
            ("/tmp/x.html", Problem::Absolute),
            ("//some/dir/index.html", Problem::Absolute),
            ("a//b", Problem::EmptyComponent),
            ("a/", Problem::EmptyComponent),
            ("./a", Problem::Dot),
            ("a/../../etc", Problem::DotDot),
            ("..", Problem::DotDot),
            ("a\\..\\b", Problem::Backslash),
            ("a\0b", Problem::Control),
            ("a\nb", Problem::Control),
            ("C:/Windows", Problem::DrivePrefix),
            ("x/c:y", Problem::DrivePrefix),
            (long.as_str(), Problem::TooLong),
        ];
        for (path, problem) in table {
            assert_eq!(OutPath::new(path).map_err(|e| e.problem), Err(problem), "{path:?}");
        }
        assert!(OutPath::new(&"x".repeat(255)).is_ok());
    }

    #[test]
    fn urls_become_files() {
        let file = |url| OutPath::for_url(url).map(|p| p.as_str().to_string());
        assert_eq!(file("/"), Ok("index.html".into()));
        assert_eq!(file("/guides/x/"), Ok("guides/x/index.html".into()));
        assert_eq!(file("/old/place"), Ok("old/place/index.html".into()));
        assert_eq!(file("/old.html"), Ok("old.html".into()));
        assert_eq!(file("//tmp/x.html").map_err(|e| e.problem), Err(Problem::DoubleSlash));
        assert_eq!(file("//some/dir/").map_err(|e| e.problem), Err(Problem::DoubleSlash));
        assert!(file("relative/").is_err());
    }

    #[test]
    fn fixed_names_and_folders() {
        let sitemap = fixed_path!("search/index.json");
        assert_eq!(sitemap, "search/index.json");
        assert_eq!(sitemap.folders().collect::<Vec<_>>(), ["search"]);
        let nested = OutPath::new("a/b/c.html").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(nested.folders().collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(nested.under(Path::new("/out")), Path::new("/out/a/b/c.html"));
    }

    #[test]
    fn fold_keys_match_what_case_and_normalisation_insensitive_systems_store() {
        assert_eq!(fold_key("Guide/index.html"), fold_key("guide/index.html"));
        assert_eq!(fold_key("caf\u{e9}/index.html"), fold_key("cafe\u{301}/index.html"));
        assert_eq!(fold_key("CAF\u{c9}"), fold_key("cafe\u{301}"));
        assert_ne!(fold_key("guide-a"), fold_key("guide-b"));
    }

    proptest::proptest! {
        // Any string is either a path whose join stays strictly under the root, made only of
        // ordinary components no longer than 255 bytes, or refused with a reason.
        #[test]
        fn any_string_is_a_safe_path_or_refused(path in "(\\PC|[/\\\\.:\0\n]|\\.\\.){0,40}") {
            let root = Path::new("/staging/root");
            match OutPath::new(&path) {
                Ok(out) => {
                    let joined = out.under(root);
                    proptest::prop_assert!(joined.starts_with(root) && joined != root);
                    let rest = joined.strip_prefix(root).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
                    for component in rest.components() {
                        let Component::Normal(name) = component else {
                            return Err(proptest::test_runner::TestCaseError::fail(format!("{component:?} in {path:?}")));
                        };
                        proptest::prop_assert!(name.len() <= MAX_COMPONENT_BYTES);
                        proptest::prop_assert!(!name.as_encoded_bytes().contains(&0));
                    }
                    proptest::prop_assert_eq!(rest.components().count(), path.split('/').count());
                }
                Err(err) => proptest::prop_assert!(!err.to_string().is_empty()),
            }
        }
    }
}
