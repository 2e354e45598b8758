//! How a command prints what it found: text for people, JSON for scripts. Its own module so
//! that the commands and the calculator can share it without depending on the command line.

/// Output format of reports (`--format text|json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}
