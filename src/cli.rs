//! The command line, as clap derive types. Only `main` parses it.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// `tierbook --version`: the package version and the commit it was built from (see build.rs).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("TIERBOOK_COMMIT"), ")");

/// Build training and resource sites for schools from a folder of markdown.
#[derive(Debug, Parser)]
#[command(name = "tierbook", version = VERSION, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run, so the size of the larger variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load, validate and render the site, then write it to the output folder.
    Build(BuildArgs),
    /// Build the site in memory, serve it on this computer, and reload pages as files change.
    Serve(ServeArgs),
    /// Run every validation of `build` plus reports (review dates, readability), writing nothing.
    Check(CheckArgs),
    /// Run the cost calculator on the command line.
    Calc(crate::calc::CalcArgs),
    /// Print the program report from the district's own numbers in data/*.csv: trends per year,
    /// year-over-year change, schools compared and a projection.
    Report(ReportArgs),
    /// Make a new site in DIR: settings with comments, a sample module, guide and case study, and
    /// empty templates/ and static/ folders for your overrides.
    Init {
        /// The folder to create; it must not exist or be empty.
        dir: PathBuf,
        /// The CI recipe to write beside the site, which builds and publishes it on every push and
        /// on a schedule: github (.github/workflows/tierbook.yml, for GitHub Pages), gitlab
        /// (.gitlab-ci.yml, for GitLab Pages) or none. A recipe does nothing until the site is
        /// pushed to that host.
        #[arg(long, value_enum, value_name = "HOST", default_value_t = crate::scaffold::Ci::Github)]
        ci: crate::scaffold::Ci,
    },
    /// Make a new content file with the front matter its kind needs.
    New(NewArgs),
    /// Package modules for a learning management system (Canvas, Schoology, Moodle, ...).
    Export(ExportArgs),
    /// Print the man page or a shell's completion script (for packagers: scripts/release.sh).
    #[command(hide = true)]
    Generate {
        #[command(subcommand)]
        what: Generate,
    },
}

#[derive(Debug, Subcommand)]
pub enum Generate {
    /// The man page, tierbook.1, in roff.
    Man,
    /// The completion script for SHELL.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportKind,
}

#[derive(Debug, Subcommand)]
pub enum ExportKind {
    /// One SCORM zip per module: its lessons and knowledge check as one SCO that reports progress,
    /// score and pass or fail to the LMS.
    Scorm(ScormArgs),
    /// The knowledge checks' questions as a question bank per module, with the feedback of every
    /// choice (GIFT, which Moodle imports; QTI 1.2, which Canvas imports).
    Questions(QuestionsArgs),
    /// One IMS Common Cartridge per module: its pages as web content in the module's order and
    /// its knowledge check as a QTI 1.2 quiz (Canvas, Schoology, Moodle).
    Cc(CcArgs),
}

#[derive(Debug, clap::Args)]
pub struct CcArgs {
    /// The site folder: the one holding tierbook.toml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The Common Cartridge version: 1.3 (Canvas, Moodle), 1.2 (Schoology) or 1.1 (older LMSs).
    #[arg(long, value_enum, default_value = "1.3")]
    pub version: CcVersion,
    /// Only this module: its folder under content/, e.g. trainings/referral-quality.
    #[arg(long, value_name = "PATH")]
    pub module: Option<String>,
    /// The folder to write the cartridges into (made if missing; existing ones of the same name
    /// are replaced).
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
}

/// Which Common Cartridge a cartridge is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CcVersion {
    /// Common Cartridge 1.1, for LMSs that read no later one.
    #[value(name = "1.1")]
    Cc11,
    /// Common Cartridge 1.2: what Schoology imports.
    #[value(name = "1.2")]
    Cc12,
    /// Common Cartridge 1.3: Canvas and Moodle.
    #[value(name = "1.3")]
    Cc13,
}

impl CcVersion {
    /// The name pages and file names use: `cc11`, `cc12` or `cc13`.
    pub fn key(self) -> &'static str {
        match self {
            CcVersion::Cc11 => "cc11",
            CcVersion::Cc12 => "cc12",
            CcVersion::Cc13 => "cc13",
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct QuestionsArgs {
    /// The site folder: the one holding tierbook.toml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The question-bank format.
    #[arg(long, value_enum, default_value_t = QuestionFormat::Gift)]
    pub format: QuestionFormat,
    /// Only this module: its folder under content/, e.g. trainings/referral-quality.
    #[arg(long, value_name = "PATH")]
    pub module: Option<String>,
    /// The folder to write the files into (made if missing).
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
}

/// Question-bank formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QuestionFormat {
    /// Moodle's GIFT text format (`.gift`).
    Gift,
    /// A QTI 1.2 item bank in a zip with its IMS manifest (`-qti.zip`), as Canvas imports it.
    Qti,
}

#[derive(Debug, clap::Args)]
pub struct ScormArgs {
    /// The site folder: the one holding tierbook.toml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The SCORM version: 1.2 (Moodle, Canvas, Schoology) or 2004 (4th edition).
    #[arg(long, value_enum, default_value = "1.2")]
    pub version: ScormVersion,
    /// Only this module: its folder under content/, e.g. trainings/referral-quality.
    #[arg(long, value_name = "PATH")]
    pub module: Option<String>,
    /// The folder to write the zips into (made if missing; existing zips of the same name are
    /// replaced).
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// What to make.
    #[arg(value_enum)]
    pub kind: crate::scaffold::NewKind,
    /// Where, inside content/: e.g. `guides/hand-warm-ups` or `trainings/my-module` (a module is a
    /// folder with an _index.md).
    pub path: String,
    /// The site folder: the one holding tierbook.toml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site folder: the one holding tierbook.toml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site. Replaced only after a successful build; must not be the site
    /// folder, a parent of it, your home folder or `/`.
    #[arg(long, short, value_name = "DIR", default_value = "public")]
    pub output: PathBuf,
    /// Override `base_url` from tierbook.toml, e.g. https://district.example/pd/
    #[arg(long, value_name = "URL", value_parser = base_url)]
    pub base_url: Option<String>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site folder: the one holding tierbook.toml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on. Anything other than loopback makes the preview visible to your
    /// network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: String,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, short, value_name = "N", default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default web browser once it is served.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft = true`. Off by default: anything that can reach the preview
    /// would see them.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site folder: the one holding tierbook.toml and content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// How to print the findings: text for people, json for CI.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The site folder: the one holding tierbook.toml and data/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// How to print the report: text for people, json for scripts.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `--base-url`: refused here, before anything is built, when a browser could read it as another
/// host (see [`crate::config::check_base_url`]).
fn base_url(value: &str) -> Result<String, String> {
    crate::config::check_base_url(value)
        .map(|_| value.to_string())
        .map_err(|reason| format!("the base URL {reason}; use e.g. https://district.example/pd/ or /pd/"))
}

pub use crate::format::Format;

/// Which SCORM a package is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScormVersion {
    /// SCORM 1.2: what Moodle, Canvas and Schoology play most reliably.
    #[value(name = "1.2")]
    Scorm12,
    /// SCORM 2004 4th edition.
    #[value(name = "2004")]
    Scorm2004,
}

impl ScormVersion {
    /// The name pages and file names use: `scorm12` or `scorm2004`.
    pub fn key(self) -> &'static str {
        match self {
            ScormVersion::Scorm12 => "scorm12",
            ScormVersion::Scorm2004 => "scorm2004",
        }
    }
}
