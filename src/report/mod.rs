//! Program reports from the district's own numbers: `data/*.csv` (schema: docs/reports.md) read
//! and checked by [`load`], turned into figures by [`figures`], printed by `tierbook report` and
//! rendered on pages by the ` ```report ` block. Below render: nothing here knows Tera or HTML.
//!
//! Aggregates only: a column whose header looks like a name or an identifier is refused, and any
//! count under `[reports] min_cell` (10 by default) is suppressed everywhere a figure is shown.

pub mod figures;
pub mod load;

use std::io::Write;

pub use figures::{Format, Report, Table, Value};
pub use load::{Dataset, SchoolYear};

use crate::cli::{Format as OutputFormat, ReportArgs};
use crate::config::{self, Config};
use crate::error::{Error, Result};

/// The site's report: `Ok(None)` when the site has no data files.
pub fn site_report(config: &Config) -> Result<Option<Report>> {
    let data = load::load(&config.root, &config.reports).map_err(Error::Content)?;
    Ok(data.map(|d| figures::report(&d, &config.reports.district, config.reports.min_cell)))
}

/// `tierbook report`.
pub fn run(args: &ReportArgs) -> Result<u8> {
    let config = config::load(&args.root, None)?;
    let Some(report) = site_report(&config)? else {
        return Err(Error::Usage(format!(
            "{} has no data files: put the district's numbers in {}/*.csv (docs/reports.md describes the columns)",
            args.root.display(),
            load::DATA_DIR
        )));
    };
    let mut stdout = std::io::stdout().lock();
    let written = match args.format {
        OutputFormat::Json => serde_json::to_writer_pretty(&mut stdout, &report)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(stdout)),
        OutputFormat::Text => write_text(&mut stdout, &report),
    };
    written.map_err(|err| Error::io("<stdout>", err))?;
    Ok(0)
}

/// The report for a terminal: each table with aligned columns, then the figures in words.
pub fn write_text(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    writeln!(out, "{}: program report, {} to {}", report.district, report.first_year, report.last_year)?;
    writeln!(out, "From {}. Counts under {} are suppressed.", report.files.join(", "), report.min_cell)?;
    write_table(out, &report.trends)?;
    if !report.changes.rows.is_empty() {
        write_table(out, &report.changes)?;
    }
    writeln!(out, "\nIn words:")?;
    for sentence in &report.summary {
        writeln!(out, "- {sentence}")?;
    }
    if let Some(schools) = &report.schools {
        write_table(out, schools)?;
    }
    if !report.questions.is_empty() {
        writeln!(out, "\nQuestions for school teams:")?;
        for q in &report.questions {
            writeln!(out, "- {}", q.text)?;
        }
    }
    match &report.projection.table {
        Some(table) => {
            write_table(out, table)?;
            writeln!(out, "{}", report.projection.method)?;
        }
        None => writeln!(out, "\n{}", report.projection.method)?,
    }
    writeln!(out, "\nMethod and caveats:")?;
    for note in &report.notes {
        writeln!(out, "- {note}")?;
    }
    Ok(())
}

fn write_table(out: &mut dyn Write, table: &Table) -> std::io::Result<()> {
    writeln!(out, "\n{}", table.title)?;
    let mut grid = vec![std::iter::once(table.row_label.to_string())
        .chain(table.columns.iter().map(|c| c.label.to_string()))
        .collect::<Vec<_>>()];
    for row in &table.rows {
        grid.push(
            std::iter::once(row.label.clone())
                .chain(row.cells.iter().zip(&table.columns).map(|(v, c)| c.format.write(*v)))
                .collect(),
        );
    }
    // Long labels wrap poorly in a terminal: one row per column, as "label: value" lines, is
    // easier to read than a table wider than the screen.
    for row in &grid[1..] {
        writeln!(out, "  {}", row[0])?;
        for (c, cell) in row.iter().enumerate().skip(1) {
            writeln!(out, "    {}: {cell}", grid[0][c])?;
        }
    }
    Ok(())
}

/// The data check for `build` and `check`: every data problem, as content errors.
pub fn check(config: &Config) -> Vec<crate::Diagnostic> {
    match load::load(&config.root, &config.reports) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    }
}

#[cfg(test)]
mod tests;
