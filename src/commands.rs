//! The commands' library side: `build` and `check` (and the shared in-memory build that `serve`
//! uses). Each returns the process exit code or an [`Error`]; only `main` exits.

use std::io::Write;
use std::path::Path;

use crate::cli::{BuildArgs, CheckArgs, Format, NewArgs};
use crate::content::{self, front_matter::Date, Kind, LoadOptions};
use crate::error::{Diagnostic, Error, Result, Severity};
use crate::render::{self, Built, Theme};
use crate::{config, output, readability};

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub base_url: Option<String>,
    pub drafts: bool,
    /// For `serve`'s preview: leave out the service worker, which the preview never delivers (it
    /// answers `sw.js` with a script that retires workers), so edits rebuild sooner.
    pub preview: bool,
    /// For `export`: the LMS package the pages are rendered for (see `Config::lms`).
    pub lms: Option<&'static str>,
}

/// Loads and renders the site at `root` into memory: the one path `build`, `check` and `serve`
/// share.
pub fn build_site(root: &Path, options: &BuildOptions) -> Result<(content::Site, Built)> {
    build_site_with(root, options, &mut render::RenderCache::default())
}

/// [`build_site`] for repeated builds of one site (`serve`): pages whose inputs did not change
/// since the last build are not rendered again.
pub fn build_site_with(
    root: &Path,
    options: &BuildOptions,
    cache: &mut render::RenderCache,
) -> Result<(content::Site, Built)> {
    let memory = output::Memory::default();
    let (site, built) = build_site_into(root, options, cache, &memory)?;
    Ok((site, Built { outputs: memory.into_sorted(), ..built }))
}

/// [`build_site_with`], handing each file to `sink` as it is made (see [`render::render_into`]);
/// with [`output::Memory`], its files are in [`Built::outputs`].
pub fn build_site_into(
    root: &Path,
    options: &BuildOptions,
    cache: &mut render::RenderCache,
    sink: &dyn output::Sink,
) -> Result<(content::Site, Built)> {
    let mut phases = crate::timing::Phases::start();
    let mut config = config::load(root, options.base_url.as_deref())?;
    config.lms = options.lms;
    let theme = Theme::load_reusing(root, cache.theme.take())?;
    phases.mark("config and theme");
    let site = content::load_reusing(config, LoadOptions { drafts: options.drafts }, &mut cache.content)?;
    phases.mark("load content");
    let built = render::render_into(&site, &theme, cache, options.preview, sink)?;
    cache.theme = Some(theme);
    Ok((site, built))
}

/// `tierbook build`.
pub fn run_build(args: &BuildArgs) -> Result<u8> {
    let target = output::check_target(&args.root, &args.output)?;
    let started = std::time::Instant::now();
    let options = BuildOptions { base_url: args.base_url.clone(), drafts: args.drafts, preview: false, lms: None };
    // Each file is written into the staging folder as it is made, so the site's bytes are never
    // all in memory; a failed build removes the folder (`Staged` dropped unfinished).
    let staged = output::Staged::create(&target)?;
    let (site, built) = build_site_into(&args.root, &options, &mut render::RenderCache::default(), &staged)?;
    let mut phases = crate::timing::Phases::start();
    // The new site is live once `finish` returns; what it could not clean up is a warning, not a
    // failure, so the exit code says what is live.
    let left_behind = staged.finish()?;
    phases.mark("swap");
    let mut stderr = std::io::stderr().lock();
    for warning in built.warnings.iter().chain(&left_behind) {
        let _ = writeln!(stderr, "{warning}");
    }
    let _ = writeln!(
        stderr,
        "Built {} pages ({} files) into {} in {} ms",
        site.pages.len(),
        built.files,
        target.display(),
        started.elapsed().as_millis()
    );
    Ok(0)
}

/// `tierbook init DIR [--ci HOST]`.
pub fn run_init(dir: &Path, ci: crate::scaffold::Ci) -> Result<u8> {
    let written = crate::scaffold::init(dir, ci)?;
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "Created a tierbook site in {} ({} files).", dir.display(), written.len());
    let _ = writeln!(
        stdout,
        "Next: edit {0}/tierbook.toml, then run `tierbook serve --root {0}` to preview it.",
        dir.display()
    );
    Ok(0)
}

/// `tierbook generate man|completions SHELL`: what a package installs, from the same clap
/// definition as `--help`, so the two cannot drift apart.
pub fn run_generate(what: &crate::cli::Generate, out: &mut dyn std::io::Write) -> Result<u8> {
    use clap::CommandFactory;
    let command = crate::cli::Cli::command();
    let written = match what {
        crate::cli::Generate::Man => clap_mangen::Man::new(command).render(out),
        crate::cli::Generate::Completions { shell } => {
            let mut command = command;
            clap_complete::generate(*shell, &mut command, "tierbook", out);
            out.flush()
        }
    };
    written.map_err(|err| Error::io("<stdout>", err))?;
    Ok(0)
}

/// `tierbook new KIND PATH`.
pub fn run_new(args: &NewArgs) -> Result<u8> {
    let file = crate::scaffold::new(&args.root, args.kind, &args.path, Date::today())?;
    let _ = writeln!(std::io::stdout().lock(), "Created {}", file.display());
    Ok(0)
}

/// `tierbook check`: every validation of `build`, plus review dates and readability; writes
/// nothing. Exit 1 when there are errors.
pub fn run_check(args: &CheckArgs) -> Result<u8> {
    let report = check(&args.root, args.drafts, Date::today())?;
    let mut stdout = std::io::stdout().lock();
    let written = match args.format {
        Format::Json => serde_json::to_writer_pretty(&mut stdout, &report)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(stdout)),
        Format::Text => write_text_report(&mut stdout, &report),
    };
    written.map_err(|err| Error::io("<stdout>", err))?;
    Ok(if report.errors > 0 { 1 } else { 0 })
}

/// The findings of `tierbook check`.
#[derive(Debug, serde::Serialize)]
pub struct CheckReport {
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub readability: Vec<readability::PageReadability>,
    pub pages: usize,
    /// The INFLESZ score of each translated Spanish page.
    pub readability_spanish: Vec<readability::SpanishReadability>,
    /// Per language other than the default: pages translated, stale and missing.
    pub translations: Vec<content::translations::LanguageStatus>,
}

/// Runs every check of the site at `root`, as of `today` (for review dates).
pub fn check(root: &Path, drafts: bool, today: Date) -> Result<CheckReport> {
    let options = BuildOptions { base_url: None, drafts, preview: false, lms: None };
    let mut translations = Vec::new();
    let mut spanish = Vec::new();
    let (mut diagnostics, readability, pages) =
        match build_site_with(root, &options, &mut render::RenderCache::for_check()) {
            Ok((site, built)) => {
                let mut diagnostics = built.warnings.clone();
                let mut levels = Vec::new();
                for (page, reading) in site.pages.iter().zip(&built.reading) {
                    if let Some(review_by) = page.meta.review_by {
                        if review_by < today {
                            diagnostics.push(
                                Diagnostic::warning(
                                    &page.file,
                                    0,
                                    0,
                                    format!("due for review: review_by {review_by} has passed"),
                                )
                                .with_hint("check the page against its sources, then move review_by forward"),
                            );
                        }
                    }
                    let max = if page.kind == Kind::Guide {
                        readability::GUIDE_MAX_GRADE
                    } else {
                        readability::TEACHER_MAX_GRADE
                    };
                    if let Some(r) = readability::assess(&page.file, *reading, max) {
                        if r.grade > max {
                            diagnostics.push(
                                Diagnostic::warning(
                                    &page.file,
                                    0,
                                    0,
                                    format!(
                                    "reading level is grade {:.1}; this kind of page should be at most grade {max:.0}",
                                    r.grade
                                ),
                                )
                                .with_hint("use shorter sentences and shorter, common words"),
                            );
                        }
                        levels.push(r);
                    }
                }
                translations = site.translation_status();
                for (page, r) in spanish_readability(&site, &built) {
                    if r.score < r.min_score {
                        diagnostics.push(
                            Diagnostic::warning(
                                &r.path,
                                0,
                                0,
                                format!(
                                    "INFLESZ score is {:.0} ({}); this kind of page should score at least {:.0}",
                                    r.score, r.band, r.min_score
                                ),
                            )
                            .with_hint(format!(
                                "use shorter sentences and shorter, common words (as {} does in English)",
                                site.pages[page].file.display()
                            )),
                        );
                    }
                    spanish.push(r);
                }
                (diagnostics, levels, site.pages.len())
            }
            Err(Error::Content(diagnostics)) => (diagnostics, Vec::new(), 0),
            Err(err) => return Err(err),
        };
    diagnostics.sort();
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    Ok(CheckReport {
        errors,
        warnings: diagnostics.len() - errors,
        diagnostics,
        readability,
        pages,
        readability_spanish: spanish,
        translations,
    })
}

fn write_text_report(out: &mut dyn Write, report: &CheckReport) -> std::io::Result<()> {
    for d in &report.diagnostics {
        writeln!(out, "{d}")?;
    }
    if !report.readability.is_empty() {
        writeln!(out, "\nReadability (Flesch-Kincaid grade):")?;
        for r in &report.readability {
            let mark = if r.grade > r.max_grade { "  ABOVE LEVEL" } else { "" };
            writeln!(out, "  {:5.1} (max {:>2.0})  {}{mark}", r.grade, r.max_grade, r.path.display())?;
        }
    }
    if !report.readability_spanish.is_empty() {
        writeln!(out, "\nReadability in Spanish (INFLESZ, higher is easier):")?;
        for r in &report.readability_spanish {
            let mark = if r.score < r.min_score { "  BELOW TARGET" } else { "" };
            writeln!(out, "  {:5.1} (min {:>2.0}, {})  {}{mark}", r.score, r.min_score, r.band, r.path.display())?;
        }
    }
    write_translations(out, &report.translations)?;
    writeln!(out, "\n{} pages checked: {} errors, {} warnings", report.pages, report.errors, report.warnings)
}

/// The INFLESZ score of each translated page of a Spanish language (`es`, `es-us`, ...), with
/// its target: higher for guides and family pages.
fn spanish_readability(site: &content::Site, built: &Built) -> Vec<(usize, readability::SpanishReadability)> {
    built
        .translated_reading
        .iter()
        .filter(|l| l.code == "es" || l.code.starts_with("es-"))
        .flat_map(|l| &l.pages)
        .filter_map(|(page, file, counts)| {
            let p = &site.pages[*page];
            let family = p.meta.audience.contains(&content::Audience::Family) || p.rel.starts_with("families/");
            let min = if p.kind == Kind::Guide || family {
                readability::SPANISH_GUIDE_MIN_SCORE
            } else {
                readability::SPANISH_MIN_SCORE
            };
            Some((*page, readability::assess_spanish(file, *counts, min)?))
        })
        .collect()
}

/// Per language: the counts, then each stale and missing page with the `translated_from` line to
/// paste into its translation.
fn write_translations(out: &mut dyn Write, languages: &[content::translations::LanguageStatus]) -> std::io::Result<()> {
    for l in languages {
        writeln!(
            out,
            "\nTranslations into {} ({}): {} translated, {} stale, {} missing",
            l.name,
            l.code,
            l.translated.len(),
            l.stale.len(),
            l.missing.len()
        )?;
        for m in &l.stale {
            writeln!(
                out,
                "  stale    {}  (English page changed)\n           translated_from = \"{}\"",
                m.file.display(),
                m.translated_from
            )?;
        }
        for m in &l.missing {
            writeln!(
                out,
                "  missing  {}  (from {})\n           translated_from = \"{}\"",
                m.file.display(),
                m.english.display(),
                m.translated_from
            )?;
        }
    }
    Ok(())
}
