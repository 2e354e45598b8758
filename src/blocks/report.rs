//! The ` ```report ` block: the district report from the site's `data/*.csv` (see
//! [`crate::report`]) on a page, as words, tables and charts drawn by the chart block's code, with
//! a CSV download of each table (the build writes them under `reports/`). Suppressed cells say
//! "suppressed" here as everywhere; a chart with a suppressed value leaves that value out and
//! says so.
//!
//! ```toml
//! show = ["summary", "trends", "changes", "schools", "projection", "notes"]  # the default: all
//! ```
//!
//! Or the one-page board report (Letter and A4): the district, the date, the key figures, two
//! charts, the projection, the method and the caveats.
//!
//! ```toml
//! layout = "board"
//! date = "June 2024"     # printed on the page as written
//! ```

use std::fmt::Write as _;

use serde::Deserialize;
use toml::Spanned;

use super::chart::{self, Body, Categorical, Chart, Layout, Series, Unit};
use super::quiz::toml_error;
use super::{escape, BlockContext, BlockError};
use crate::report::{Report, Table, Value};

/// The parts a report block can show, in the order it shows them.
pub(crate) const PARTS: [&str; 7] = ["summary", "trends", "changes", "schools", "questions", "projection", "notes"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    show: Option<Spanned<Vec<Spanned<String>>>>,
    layout: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
}

/// Where the build writes a table's CSV, under the site's base path.
pub(crate) fn csv_path(table: &Table) -> String {
    format!("reports/{}.csv", table.id)
}

pub(crate) fn render(body: &str, ctx: &BlockContext) -> Result<String, Vec<BlockError>> {
    let raw: RawReport = toml::from_str(body).map_err(|err| vec![toml_error(body, &err)])?;
    let mut errors = Vec::new();
    let show: Vec<String> = match &raw.show {
        None => PARTS.iter().map(|p| p.to_string()).collect(),
        Some(list) => list
            .get_ref()
            .iter()
            .filter_map(|part| {
                if PARTS.contains(&part.get_ref().as_str()) {
                    Some(part.get_ref().clone())
                } else {
                    let (line, column) = super::line_col(body, part.span().start);
                    errors.push(
                        BlockError::new(line, column, format!("unknown report part `{}`", part.get_ref()))
                            .with_hint(format!("the parts are {}", PARTS.join(", "))),
                    );
                    None
                }
            })
            .collect(),
    };
    let board = match &raw.layout {
        None => false,
        Some(l) if l.get_ref() == "full" => false,
        Some(l) if l.get_ref() == "board" => true,
        Some(l) => {
            let (line, column) = super::line_col(body, l.span().start);
            errors.push(
                BlockError::new(line, column, format!("unknown report layout `{}`", l.get_ref()))
                    .with_hint("the layouts are full (the default) and board (one printed page)"),
            );
            false
        }
    };
    let date = raw.date.as_ref().map(|d| d.get_ref().trim().to_string()).filter(|d| !d.is_empty());
    if board && date.is_none() {
        let (line, column) = raw.layout.as_ref().map_or((1, 1), |l| super::line_col(body, l.span().start));
        errors.push(
            BlockError::new(line, column, "a board report needs the `date` it is presented")
                .with_hint("add date = \"June 2024\" (printed as written)"),
        );
    }
    if board && raw.show.is_some() {
        let (line, column) = raw.show.as_ref().map_or((1, 1), |s| super::line_col(body, s.span().start));
        errors.push(
            BlockError::new(line, column, "`show` is for the full layout; the board report has fixed parts")
                .with_hint("remove `show`, or remove layout = \"board\""),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let Some(report) = ctx.report else {
        return Err(vec![BlockError::new(
            1,
            1,
            "a report block needs the district's numbers, and the site has no data/*.csv",
        )
        .with_hint("put the numbers in data/*.csv at the site folder (docs/reports.md describes the columns)")]);
    };
    if board {
        return Ok(board_html(report, date.as_deref().unwrap_or_default(), ctx, body));
    }
    Ok(html(report, &show, ctx, body))
}

/// The stylesheet link, once per page.
fn stylesheet(h: &mut String, ctx: &BlockContext) {
    if ctx.first {
        let _ = writeln!(h, "<link rel=\"stylesheet\" href=\"{}css/report.css\">", ctx.base_path);
    }
}

/// The key figures of the last year beside the year before, with the change.
const KEY_FIGURES: [&str; 5] = ["caseload", "referrals_per_1000", "eligible_pct", "cost_per_student", "total_cost"];

fn board_html(report: &Report, date: &str, ctx: &BlockContext, body: &str) -> String {
    let id = ctx.dom_prefix("report", body);
    let mut h = String::with_capacity(16_384);
    stylesheet(&mut h, ctx);
    let _ = write!(
        h,
        "<div class=\"tb-report tb-report-board\" id=\"{id}\">\n<p class=\"tb-board-meta\"><strong>{}</strong>. Program report for the school board, school years {} to {}. {}.</p>\n",
        escape(&report.district),
        escape(&report.first_year),
        escape(&report.last_year),
        escape(date)
    );
    let t = &report.trends;
    let rows = &t.rows;
    let (previous, last) = match rows.len() {
        0 => (None, None),
        1 => (None, rows.last()),
        n => (rows.get(n - 2), rows.last()),
    };
    let change = report.changes.rows.last();
    let title = "Key figures";
    let _ = write!(
        h,
        "<h2>{title}</h2>\n<div class=\"tb-table\" role=\"region\" tabindex=\"0\" aria-label=\"{title}\">\n<table>\n<thead><tr><th scope=\"col\">Figure</th>"
    );
    for row in [previous, last].into_iter().flatten() {
        let _ = write!(h, "<th scope=\"col\">{}</th>", escape(&row.label));
    }
    if change.is_some() {
        h.push_str("<th scope=\"col\">Change</th>");
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for id in KEY_FIGURES {
        let Some(i) = t.column(id) else { continue };
        let column = &t.columns[i];
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", escape(column.label));
        for row in [previous, last].into_iter().flatten() {
            let _ = write!(h, "<td>{}</td>", escape(&column.format.write(row.cells[i])));
        }
        if let Some(change) = change {
            let cell = report
                .changes
                .column(id)
                .map(|c| report.changes.columns[c].format.write(change.cells[c]))
                .unwrap_or_default();
            let _ = write!(h, "<td>{}</td>", escape(&cell));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</div>\n<div class=\"tb-board-charts\">\n");
    let mut charts = 0;
    for (column, title) in
        [("referrals_per_1000", "Referrals per 1,000 students"), ("cost_per_student", "Cost per student on caseload")]
    {
        push_chart(&mut h, trend_chart(t, column, title, Layout::Line), &id, ctx, &mut charts);
    }
    h.push_str("</div>\n<h2>What the numbers say</h2>\n<ul>\n");
    for sentence in &report.summary {
        let _ = writeln!(h, "<li>{}</li>", escape(sentence));
    }
    for q in &report.questions {
        let _ = writeln!(h, "<li>{}</li>", escape(&q.text));
    }
    h.push_str("</ul>\n<h2>Projection</h2>\n");
    if let Some(p) = &report.projection.table {
        let totals: Vec<String> = p
            .rows
            .iter()
            .filter_map(|r| {
                let i = p.column("total_cost")?;
                Some(format!("{} in {}", p.columns[i].format.write(r.cells[i]), r.label))
            })
            .collect();
        let _ = writeln!(h, "<p>Total cost, projected: {}.</p>", escape(&totals.join("; ")));
    }
    let _ = writeln!(h, "<p>{}</p>", escape(&report.projection.method));
    h.push_str("<h2>Method and caveats</h2>\n<ul class=\"tb-board-notes\">\n");
    for note in &report.notes {
        let _ = writeln!(h, "<li>{}</li>", escape(note));
    }
    h.push_str("</ul>\n</div>\n");
    h
}

/// A chart of the report, numbered `charts` on the page (the first links the chart stylesheet), or
/// the note saying why there is none (`Err(None)`: nothing to say).
fn push_chart(h: &mut String, chart: Result<Chart, Option<String>>, id: &str, ctx: &BlockContext, charts: &mut usize) {
    match chart {
        Ok(chart) => {
            let chart_ctx = BlockContext { first: ctx.first && *charts == 0, ..*ctx };
            h.push_str(&chart::figure_html(&chart, &format!("{id}_chart{charts}"), &chart_ctx));
            *charts += 1;
        }
        Err(Some(why)) => {
            let _ = writeln!(h, "<p class=\"tb-report-note\">{}</p>", escape(&why));
        }
        Err(None) => {}
    }
}

fn html(report: &Report, show: &[String], ctx: &BlockContext, body: &str) -> String {
    let id = ctx.dom_prefix("report", body);
    let shows = |part: &str| show.iter().any(|s| s == part);
    let mut h = String::with_capacity(16_384);
    stylesheet(&mut h, ctx);
    let _ = write!(
        h,
        "<div class=\"tb-report\" id=\"{id}\">\n<p class=\"tb-report-source\">{}: figures from {}, {} to {}, computed when the site was built. Counts under {} are shown as “suppressed”.</p>\n",
        escape(&report.district),
        escape(&report.files.join(", ")),
        escape(&report.first_year),
        escape(&report.last_year),
        report.min_cell
    );
    let mut charts = 0;
    let mut figure = |h: &mut String, chart: Result<Chart, Option<String>>| push_chart(h, chart, &id, ctx, &mut charts);
    if shows("summary") && !report.summary.is_empty() {
        h.push_str("<h3>In words</h3>\n<ul>\n");
        for sentence in &report.summary {
            let _ = writeln!(h, "<li>{}</li>", escape(sentence));
        }
        h.push_str("</ul>\n");
    }
    if shows("trends") {
        table(&mut h, &report.trends, ctx);
        figure(&mut h, trend_chart(&report.trends, "caseload", "Students on caseload by school year", Layout::Grouped));
        figure(
            &mut h,
            trend_chart(
                &report.trends,
                "referrals_per_1000",
                "Referrals per 1,000 students by school year",
                Layout::Line,
            ),
        );
        figure(
            &mut h,
            trend_chart(
                &report.trends,
                "cost_per_student",
                "Cost per student on caseload by school year",
                Layout::Line,
            ),
        );
    }
    if shows("changes") && !report.changes.rows.is_empty() {
        table(&mut h, &report.changes, ctx);
    }
    if shows("schools") {
        if let Some(schools) = &report.schools {
            table(&mut h, schools, ctx);
            figure(&mut h, school_chart(schools));
        }
    }
    if shows("questions") && !report.questions.is_empty() {
        h.push_str("<h3>Questions for school teams</h3>\n<ul>\n");
        for q in &report.questions {
            let _ = writeln!(h, "<li>{}</li>", escape(&q.text));
        }
        h.push_str("</ul>\n");
    }
    if shows("projection") {
        match &report.projection.table {
            Some(t) => {
                table(&mut h, t, ctx);
                let _ = writeln!(h, "<p>{}</p>", escape(&report.projection.method));
            }
            None => {
                let _ = writeln!(h, "<h3>Projection</h3>\n<p>{}</p>", escape(&report.projection.method));
            }
        }
    }
    if shows("notes") {
        h.push_str("<h3>Method and caveats</h3>\n<ul>\n");
        for note in &report.notes {
            let _ = writeln!(h, "<li>{}</li>", escape(note));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</div>\n");
    h
}

/// A table with its title as a heading, every cell as text, and its CSV download.
fn table(h: &mut String, t: &Table, ctx: &BlockContext) {
    let _ = write!(
        h,
        "<h3>{title}</h3>\n<div class=\"tb-table\" role=\"region\" tabindex=\"0\" aria-label=\"{title}\">\n<table>\n<thead><tr><th scope=\"col\">{}</th>",
        escape(t.row_label),
        title = escape(&t.title)
    );
    for c in &t.columns {
        let _ = write!(h, "<th scope=\"col\">{}</th>", escape(c.label));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", escape(&row.label));
        for (v, c) in row.cells.iter().zip(&t.columns) {
            let class = if matches!(v, Value::Number(_)) { " class=\"tb-num\"" } else { "" };
            let _ = write!(h, "<td{class}>{}</td>", escape(&c.format.write(*v)));
        }
        h.push_str("</tr>\n");
    }
    let _ = writeln!(
        h,
        "</tbody>\n</table>\n</div>\n<p class=\"tb-report-download\"><a href=\"{}{}\" download>Download “{}” as CSV</a></p>",
        ctx.base_path,
        csv_path(t),
        escape(&t.title)
    );
}

fn unit_of(format: crate::report::Format) -> Unit {
    match format {
        crate::report::Format::Dollars => Unit::Dollars,
        crate::report::Format::Percent => Unit::Percent,
        _ => Unit::Number,
    }
}

/// One trend column as a chart over the years; not drawn for a single year, nor when a year's
/// value is hidden or missing (then it says so: the table shows which).
fn trend_chart(t: &Table, id: &str, title: &str, layout: Layout) -> Result<Chart, Option<String>> {
    let i = t.column(id).ok_or(None)?;
    let column = &t.columns[i];
    if t.rows.len() < 2 {
        return Err(None);
    }
    let values: Option<Vec<f64>> = t
        .rows
        .iter()
        .map(|r| match r.cells[i] {
            Value::Number(v) => Some(v),
            _ => None,
        })
        .collect();
    let Some(values) = values else {
        return Err(Some(format!(
            "The chart of {} is left out because a year's value is suppressed or not reported; the table above shows each year.",
            column.label.to_lowercase()
        )));
    };
    Ok(Chart {
        title: title.to_string(),
        caption: None,
        x_label: "School year".into(),
        y_label: column.label.to_string(),
        unit: unit_of(column.format),
        y_min: None,
        y_max: None,
        body: Body::Categorical(Categorical {
            layout,
            ordered: true,
            categories: t.rows.iter().map(|r| r.label.clone()).collect(),
            series: vec![Series { name: column.label.to_string(), values }],
        }),
    })
}

/// Referrals per 1,000 students by school, leaving out schools whose rate is hidden.
fn school_chart(t: &Table) -> Result<Chart, Option<String>> {
    let i = t.column("referrals_per_1000").ok_or(None)?;
    let shown: Vec<(&str, f64)> = t
        .rows
        .iter()
        .filter_map(|r| match r.cells[i] {
            Value::Number(v) => Some((r.label.as_str(), v)),
            _ => None,
        })
        .collect();
    if shown.is_empty() {
        return Err(Some(
            "The chart of referrals by school is left out because every school's rate is suppressed.".into(),
        ));
    }
    let left_out = t.rows.len() - shown.len();
    let caption = match left_out {
        0 => None,
        1 => Some("One school is left out because its rate is suppressed.".to_string()),
        n => Some(format!("{n} schools are left out because their rates are suppressed.")),
    };
    Ok(Chart {
        title: format!("Referrals per 1,000 students by school, {}", t.title.rsplit(", ").next().unwrap_or_default()),
        caption,
        x_label: "School".into(),
        y_label: "Referrals per 1,000 students".into(),
        unit: Unit::Number,
        y_min: None,
        y_max: None,
        body: Body::Categorical(Categorical {
            layout: Layout::Grouped,
            ordered: false,
            categories: shown.iter().map(|(s, _)| s.to_string()).collect(),
            series: vec![Series {
                name: "Referrals per 1,000 students".into(),
                values: shown.iter().map(|(_, v)| *v).collect(),
            }],
        }),
    })
}
