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
use crate::content::strings::Words;
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

/// The block's own words, each a key of the theme's strings (`report_*`) with its English.
/// The figures' own words (the summary sentences, notes, table and column names) come from
/// [`crate::report`] in the default language; on a page in another language they are marked
/// `lang` of that language (docs/i18n.md).
type Word = (&'static str, &'static str);

pub(crate) const WORDS: [Word; 22] = [
    ("report_board_meta", "Program report for the school board, school years {first} to {last}."),
    ("report_key_figures", "Key figures"),
    ("report_figure", "Figure"),
    ("report_change", "Change"),
    ("report_chart_referrals", "Referrals per 1,000 students"),
    ("report_chart_cost", "Cost per student on caseload"),
    ("report_what_numbers_say", "What the numbers say"),
    ("report_projection", "Projection"),
    ("report_projected", "Total cost, projected: {totals}."),
    ("report_total_in", "{total} in {year}"),
    ("report_method", "Method and caveats"),
    ("report_source", "{district}: figures from {files}, {first} to {last}, computed when the site was built. Counts under {min} are shown as “suppressed”."),
    ("report_in_words", "In words"),
    ("report_caseload_by_year", "Students on caseload by school year"),
    ("report_referrals_by_year", "Referrals per 1,000 students by school year"),
    ("report_cost_by_year", "Cost per student on caseload by school year"),
    ("report_questions", "Questions for school teams"),
    ("report_download", "Download “{title}” as CSV"),
    ("report_left_out", "The chart of {figure} is left out because a year's value is suppressed or not reported; the table above shows each year."),
    ("report_school_year", "School year"),
    ("report_school", "School"),
    ("report_schools_left_out", "The chart of referrals by school is left out because every school's rate is suppressed."),
];

/// More of the block's words: the schools chart.
pub(crate) const SCHOOL_WORDS: [Word; 4] = [
    ("report_col_caseload", "Students on caseload"),
    ("report_school_left_out_one", "One school is left out because its rate is suppressed."),
    ("report_school_left_out", "{count} schools are left out because their rates are suppressed."),
    ("report_referrals_by_school", "Referrals per 1,000 students by school, {year}"),
];

/// `key`'s words in the page's language, filled from `args` (not escaped).
fn say(w: Words<'_>, key: &'static str, args: &[(&str, &str)]) -> String {
    let english = WORDS.iter().chain(&SCHOOL_WORDS).find(|(k, _)| *k == key).map_or("", |(_, e)| *e);
    w.fill(key, english, args)
}

/// The `lang` attribute for words of the figures (English) on a page in another language.
fn figures_lang(ctx: &BlockContext) -> &'static str {
    if ctx.words.lang == "en" {
        ""
    } else {
        " lang=\"en\""
    }
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
    let w = ctx.words;
    let en = figures_lang(ctx);
    let mut h = String::with_capacity(16_384);
    stylesheet(&mut h, ctx);
    let _ = write!(
        h,
        "<div class=\"tb-report tb-report-board\" id=\"{id}\">\n<p class=\"tb-board-meta\"><strong>{}</strong>. {} {}.</p>\n",
        escape(&report.district),
        escape(&say(w, "report_board_meta", &[("first", &report.first_year), ("last", &report.last_year)])),
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
    let title = escape(&say(w, "report_key_figures", &[]));
    let _ = write!(
        h,
        "<h2>{title}</h2>\n<div class=\"tb-table\" role=\"region\" tabindex=\"0\" aria-label=\"{title}\">\n<table>\n<thead><tr><th scope=\"col\">{}</th>",
        escape(&say(w, "report_figure", &[]))
    );
    for row in [previous, last].into_iter().flatten() {
        let _ = write!(h, "<th scope=\"col\">{}</th>", escape(&row.label));
    }
    if change.is_some() {
        let _ = write!(h, "<th scope=\"col\">{}</th>", escape(&say(w, "report_change", &[])));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for id in KEY_FIGURES {
        let Some(i) = t.column(id) else { continue };
        let column = &t.columns[i];
        let _ = write!(h, "<tr><th scope=\"row\"{en}>{}</th>", escape(column.label));
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
    for (column, title) in [("referrals_per_1000", "report_chart_referrals"), ("cost_per_student", "report_chart_cost")]
    {
        push_chart(&mut h, trend_chart(t, column, &say(w, title, &[]), Layout::Line, w), &id, ctx, &mut charts);
    }
    let _ = write!(h, "</div>\n<h2>{}</h2>\n<ul{en}>\n", escape(&say(w, "report_what_numbers_say", &[])));
    for sentence in &report.summary {
        let _ = writeln!(h, "<li>{}</li>", escape(sentence));
    }
    for q in &report.questions {
        let _ = writeln!(h, "<li>{}</li>", escape(&q.text));
    }
    let _ = write!(h, "</ul>\n<h2>{}</h2>\n", escape(&say(w, "report_projection", &[])));
    if let Some(p) = &report.projection.table {
        let totals: Vec<String> = p
            .rows
            .iter()
            .filter_map(|r| {
                let i = p.column("total_cost")?;
                Some(say(
                    w,
                    "report_total_in",
                    &[("total", &p.columns[i].format.write(r.cells[i])), ("year", &r.label)],
                ))
            })
            .collect();
        let _ = writeln!(h, "<p>{}</p>", escape(&say(w, "report_projected", &[("totals", &totals.join("; "))])));
    }
    let _ = writeln!(h, "<p{en}>{}</p>", escape(&report.projection.method));
    let _ = write!(h, "<h2>{}</h2>\n<ul class=\"tb-board-notes\"{en}>\n", escape(&say(w, "report_method", &[])));
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
    let w = ctx.words;
    let en = figures_lang(ctx);
    let shows = |part: &str| show.iter().any(|s| s == part);
    let mut h = String::with_capacity(16_384);
    stylesheet(&mut h, ctx);
    let source = say(
        w,
        "report_source",
        &[
            ("district", &report.district),
            ("files", &report.files.join(", ")),
            ("first", &report.first_year),
            ("last", &report.last_year),
            ("min", &report.min_cell.to_string()),
        ],
    );
    let _ = write!(h, "<div class=\"tb-report\" id=\"{id}\">\n<p class=\"tb-report-source\">{}</p>\n", escape(&source));
    let mut charts = 0;
    let mut figure = |h: &mut String, chart: Result<Chart, Option<String>>| push_chart(h, chart, &id, ctx, &mut charts);
    if shows("summary") && !report.summary.is_empty() {
        let _ = write!(h, "<h3>{}</h3>\n<ul{en}>\n", escape(&say(w, "report_in_words", &[])));
        for sentence in &report.summary {
            let _ = writeln!(h, "<li>{}</li>", escape(sentence));
        }
        h.push_str("</ul>\n");
    }
    if shows("trends") {
        table(&mut h, &report.trends, ctx);
        for (column, title, layout) in [
            ("caseload", "report_caseload_by_year", Layout::Grouped),
            ("referrals_per_1000", "report_referrals_by_year", Layout::Line),
            ("cost_per_student", "report_cost_by_year", Layout::Line),
        ] {
            figure(&mut h, trend_chart(&report.trends, column, &say(w, title, &[]), layout, w));
        }
    }
    if shows("changes") && !report.changes.rows.is_empty() {
        table(&mut h, &report.changes, ctx);
    }
    if shows("schools") {
        if let Some(schools) = &report.schools {
            table(&mut h, schools, ctx);
            figure(&mut h, school_chart(schools, w));
        }
    }
    if shows("questions") && !report.questions.is_empty() {
        let _ = write!(h, "<h3>{}</h3>\n<ul{en}>\n", escape(&say(w, "report_questions", &[])));
        for q in &report.questions {
            let _ = writeln!(h, "<li>{}</li>", escape(&q.text));
        }
        h.push_str("</ul>\n");
    }
    if shows("projection") {
        match &report.projection.table {
            Some(t) => {
                table(&mut h, t, ctx);
                let _ = writeln!(h, "<p{en}>{}</p>", escape(&report.projection.method));
            }
            None => {
                let _ = writeln!(
                    h,
                    "<h3>{}</h3>\n<p{en}>{}</p>",
                    escape(&say(w, "report_projection", &[])),
                    escape(&report.projection.method)
                );
            }
        }
    }
    if shows("notes") {
        let _ = write!(h, "<h3>{}</h3>\n<ul{en}>\n", escape(&say(w, "report_method", &[])));
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
    let en = figures_lang(ctx);
    let _ = write!(
        h,
        "<h3{en}>{title}</h3>\n<div class=\"tb-table\" role=\"region\" tabindex=\"0\" aria-label=\"{title}\"{en}>\n<table>\n<thead><tr><th scope=\"col\">{}</th>",
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
        "</tbody>\n</table>\n</div>\n<p class=\"tb-report-download\"><a href=\"{}{}\" download>{}</a></p>",
        ctx.base_path,
        csv_path(t),
        escape(&say(ctx.words, "report_download", &[("title", &t.title)]))
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
fn trend_chart(t: &Table, id: &str, title: &str, layout: Layout, w: Words<'_>) -> Result<Chart, Option<String>> {
    let i = t.column(id).ok_or(None)?;
    let column = &t.columns[i];
    // The charted figures' names in the page's language (the table keeps the report's own).
    let label = match id {
        "caseload" => say(w, "report_col_caseload", &[]),
        "referrals_per_1000" => say(w, "report_chart_referrals", &[]),
        "cost_per_student" => say(w, "report_chart_cost", &[]),
        _ => column.label.to_string(),
    };
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
        return Err(Some(say(w, "report_left_out", &[("figure", &label.to_lowercase())])));
    };
    Ok(Chart {
        title: title.to_string(),
        caption: None,
        x_label: say(w, "report_school_year", &[]),
        y_label: label.clone(),
        unit: unit_of(column.format),
        y_min: None,
        y_max: None,
        body: Body::Categorical(Categorical {
            layout,
            ordered: true,
            categories: t.rows.iter().map(|r| r.label.clone()).collect(),
            series: vec![Series { name: label, values }],
        }),
    })
}

/// Referrals per 1,000 students by school, leaving out schools whose rate is hidden.
fn school_chart(t: &Table, w: Words<'_>) -> Result<Chart, Option<String>> {
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
        return Err(Some(say(w, "report_schools_left_out", &[])));
    }
    let left_out = t.rows.len() - shown.len();
    let caption = match left_out {
        0 => None,
        1 => Some(say(w, "report_school_left_out_one", &[])),
        n => Some(say(w, "report_school_left_out", &[("count", &n.to_string())])),
    };
    let referrals = say(w, "report_chart_referrals", &[]);
    Ok(Chart {
        title: say(w, "report_referrals_by_school", &[("year", t.title.rsplit(", ").next().unwrap_or_default())]),
        caption,
        x_label: say(w, "report_school", &[]),
        y_label: referrals.clone(),
        unit: Unit::Number,
        y_min: None,
        y_max: None,
        body: Body::Categorical(Categorical {
            layout: Layout::Grouped,
            ordered: false,
            categories: shown.iter().map(|(s, _)| s.to_string()).collect(),
            series: vec![Series { name: referrals, values: shown.iter().map(|(_, v)| *v).collect() }],
        }),
    })
}
