//! User-visible failures. Content problems are collected as [`Diagnostic`]s and reported together;
//! everything else stops the build at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is. Errors fail `build` and `check`; warnings are reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file, at a line and column where there is one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based; 0 when the problem is about the whole file.
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), line, column, severity: Severity::Error, message: message.into(), hint: None }
    }

    pub fn warning(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, line, column, message) }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column.max(1))?;
        }
        write!(f, ": {kind}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Everything that can stop a tierbook command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more content errors; all of them, sorted by file and position.
    #[error("{} content error{} found", count_errors(.0), if count_errors(.0) == 1 { "" } else { "s" })]
    Content(Vec<Diagnostic>),

    /// `tierbook.toml` is missing or wrong.
    #[error("{0}")]
    Config(Box<Diagnostic>),

    /// A template of the theme or of the site failed to parse or render.
    #[error("template `{name}`: {message}")]
    Template { name: String, message: String },

    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A command was asked to do something it must refuse (e.g. write into the site root).
    #[error("{0}")]
    Usage(String),
}

fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.is_error()).count()
}

impl Error {
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io { path: path.as_ref().to_path_buf(), source }
    }

    /// The process exit code this error maps to: 1 for problems in the site's content and
    /// templates, 2 for usage, configuration and I/O problems.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Content(_) | Error::Template { .. } => 1,
            Error::Config(_) | Error::Io { .. } | Error::Usage(_) => 2,
        }
    }

    /// A template error, saying which page was being rendered when it happened.
    pub(crate) fn while_rendering(self, page: &Path) -> Self {
        match self {
            Error::Template { name, message } => {
                Error::Template { name, message: format!("while rendering {}: {message}", page.display()) }
            }
            other => other,
        }
    }

    /// Renders a Tera error with its whole `source()` chain: Tera's top-level "Failed to render"
    /// hides the real cause.
    pub(crate) fn template(name: &str, err: &tera::Error) -> Self {
        let mut message = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Error::Template { name: name.to_string(), message }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown variant ...") message
/// says: the right words, and the one closest to the wrong word if any is close.
pub(crate) struct Expected {
    pub closest: Option<String>,
    pub candidates: Vec<String>,
}

/// Reads an "unknown field" or "unknown variant" message; `None` for any other message.
pub(crate) fn expected(message: &str) -> Option<Expected> {
    let rest = message.split("unknown field `").nth(1).or_else(|| message.split("unknown variant `").nth(1))?;
    let (wrong, expected) = rest.split_once('`')?;
    let candidates: Vec<String> = expected.split('`').skip(1).step_by(2).map(str::to_string).collect();
    let closest = candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.clone());
    Some(Expected { closest, candidates })
}

/// The hint for an unknown key in tierbook.toml or front matter.
pub(crate) fn unknown_key_hint(message: &str) -> Option<String> {
    let expected = expected(message)?;
    Some(match expected.closest {
        Some(key) => format!("did you mean `{key}`?"),
        None if message.contains("unknown variant") => format!("expected one of: {}", expected.candidates.join(", ")),
        None => "free-form data goes under [extra]".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_hints() {
        let field = "unknown field `tilte`, expected one of `title`, `weight`";
        assert_eq!(unknown_key_hint(field).as_deref(), Some("did you mean `title`?"));
        let far = "unknown field `colour_scheme`, expected one of `title`, `weight`";
        assert_eq!(unknown_key_hint(far).as_deref(), Some("free-form data goes under [extra]"));
        let variant = "unknown variant `guied`, expected one of `page`, `guide`";
        assert_eq!(unknown_key_hint(variant).as_deref(), Some("did you mean `guide`?"));
        assert!(unknown_key_hint("invalid type: string").is_none());
    }
}
