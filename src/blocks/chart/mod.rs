//! The ` ```chart ` block: a progress-monitoring graph, a line chart or a bar chart (grouped or
//! stacked), from TOML with the data inline or in a CSV file next to the page. The build checks
//! the data (errors at the block's line, or at the CSV file's row and column), evaluates the
//! decision rule of a progress graph ([`rules`]), and writes an accessible inline SVG ([`svg`])
//! with a description and a data table ([`html`]).
//!
//! ```toml
//! kind = "progress"                # progress | line | bar
//! title = "Maya's copying speed"
//! y_label = "Letters per minute"   # what is measured
//! x_label = "Week"
//! baseline = true                  # the first phase is the baseline
//! goal = { x = 15, y = 20 }        # the aim line runs from the baseline median to here
//! rule = "four-point"              # four-point | trend | median-of-three
//! trend = "least-squares"          # least-squares | split-middle
//! data = "maya.csv"                # or [[phases]] with label and points = [[1, 9], ...]
//! ```

pub(crate) use crate::text::csv as data;
mod html;
mod parse;
pub mod rules;
pub(crate) mod svg;
pub(crate) mod words;

pub(crate) use data::parse_number;
pub(crate) use html::bare_figure;

use serde::Deserialize;
use toml::Spanned;

use self::data::Table;
use self::rules::{Evaluation, Line, Point, Rule, TrendMethod};
use super::quiz::{toml_error, Errors};
use super::{escape, BlockContext, BlockError};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChart {
    kind: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    caption: Option<Spanned<String>>,
    x_label: Option<Spanned<String>>,
    y_label: Option<Spanned<String>>,
    unit: Option<Spanned<String>>,
    y_min: Option<Spanned<f64>>,
    y_max: Option<Spanned<f64>>,
    data: Option<Spanned<String>>,
    // progress
    baseline: Option<Spanned<bool>>,
    goal: Option<Spanned<RawPoint>>,
    rule: Option<Spanned<String>>,
    trend: Option<Spanned<String>>,
    phases: Option<Spanned<Vec<Spanned<RawPhase>>>>,
    // line and bar
    layout: Option<Spanned<String>>,
    categories: Option<Spanned<Vec<String>>>,
    series: Option<Spanned<Vec<Spanned<RawSeries>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPoint {
    x: f64,
    y: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    label: Option<String>,
    points: Option<Spanned<Vec<Spanned<Vec<f64>>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeries {
    name: Option<Spanned<String>>,
    values: Option<Spanned<Vec<f64>>>,
}

/// How values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Number,
    Dollars,
    Percent,
}

impl Unit {
    /// `1,250`, `$1,250`, `45%`, with `decimals` places.
    pub fn format(self, v: f64, decimals: usize) -> String {
        let text = format!("{:.*}", decimals, v.abs());
        let (whole, fraction) = text.split_once('.').map_or((text.as_str(), ""), |(w, f)| (w, f));
        let mut grouped = String::new();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        if !fraction.is_empty() {
            grouped = format!("{grouped}.{fraction}");
        }
        let sign = if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
        match self {
            Unit::Number => format!("{sign}{grouped}"),
            Unit::Dollars => format!("{sign}${grouped}"),
            Unit::Percent => format!("{sign}{grouped}%"),
        }
    }
}

/// How many decimals (0 to 2) a value needs.
pub(crate) fn decimals_of(v: f64) -> usize {
    (0..2).find(|d| ((v * 10f64.powi(*d as i32)).round() - v * 10f64.powi(*d as i32)).abs() < 1e-6).unwrap_or(2)
}

/// A validated chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chart {
    pub title: String,
    pub caption: Option<String>,
    pub x_label: String,
    pub y_label: String,
    pub unit: Unit,
    pub y_min: Option<f64>,
    pub y_max: Option<f64>,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    Progress(Progress),
    Categorical(Categorical),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Progress {
    pub phases: Vec<Phase>,
    /// Whether the first phase is the baseline.
    pub baseline: bool,
    pub goal: Option<Point>,
    pub rule: Option<Rule>,
    pub trend: Option<TrendMethod>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Phase {
    pub label: String,
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    Line,
    Grouped,
    Stacked,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Categorical {
    pub layout: Layout,
    /// Whether the categories run in an order (years): then the description says how each
    /// series changes from the first to the last.
    pub ordered: bool,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

impl Categorical {
    /// The lowest and highest value drawn (stack totals when stacked).
    pub fn bounds(&self, stacked: bool) -> (f64, f64) {
        let values: Vec<f64> = if stacked {
            (0..self.categories.len()).map(|i| self.series.iter().map(|s| s.values[i]).sum()).collect()
        } else {
            self.series.iter().flat_map(|s| s.values.iter().copied()).collect()
        };
        (values.iter().copied().fold(0.0, f64::min), values.iter().copied().fold(0.0, f64::max))
    }
}

/// The aim line of a progress graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Aim {
    pub start: Point,
    pub goal: Point,
    pub line: Line,
}

/// What a progress graph shows beyond its points, computed once for the drawing and the words.
pub(crate) struct ProgressView<'a> {
    pub progress: &'a Progress,
    pub aim: Option<Aim>,
    /// The points the rule and the trend look at: those after the last phase change (none when
    /// the graph holds only a baseline).
    pub current: &'a [Point],
    /// The trend line and the times it spans.
    pub trend: Option<(Line, f64, f64)>,
    pub evaluation: Option<Evaluation>,
}

impl<'a> ProgressView<'a> {
    pub fn new(
        progress: &'a Progress,
        describe: &rules::Describe<'_>,
        w: crate::content::strings::Words<'_>,
    ) -> ProgressView<'a> {
        let baseline = progress.phases.first().filter(|_| progress.baseline);
        let aim = match (baseline.and_then(|b| rules::aim_start(&b.points)), progress.goal) {
            (Some(start), Some(goal)) => Line::through(start, goal).map(|line| Aim { start, goal, line }),
            _ => None,
        };
        let current: &[Point] = match progress.phases.last() {
            Some(last) if !(progress.baseline && progress.phases.len() == 1) => &last.points,
            _ => &[],
        };
        let trend = progress.trend.and_then(|method| {
            let line = method.fit(current).filter(|_| current.len() >= 3)?;
            Some((line, current.first()?.x, current.last()?.x))
        });
        let evaluation = match (progress.rule, &aim) {
            (Some(rule), Some(aim)) => Some(rules::evaluate_in(rule, current, &aim.line, progress.trend, describe, w)),
            _ => None,
        };
        ProgressView { progress, aim, current, trend, evaluation }
    }
}

pub(crate) fn render(body: &str, ctx: &BlockContext) -> Result<String, Vec<BlockError>> {
    let chart = parse(body, ctx)?;
    let id = ctx.dom_prefix("chart", body);
    Ok(html::figure(&chart, &id, ctx))
}

/// A chart built by another block (the report's) as the chart block writes it: SVG, words and
/// data table.
pub(crate) fn figure_html(chart: &Chart, id: &str, ctx: &BlockContext) -> String {
    html::figure(chart, id, ctx)
}

/// Parses and checks a chart block, reading its CSV file if it names one.
pub(crate) fn parse(body: &str, ctx: &BlockContext) -> Result<Chart, Vec<BlockError>> {
    let raw: RawChart = toml::from_str(body).map_err(|err| vec![toml_error(body, &err)])?;
    let mut errors = Errors::new(body);
    let kind = match raw.kind.as_ref().map(|k| (k.get_ref().as_str(), k.span().start)) {
        Some(("progress" | "line" | "bar", _)) => raw.kind.as_ref().map(|k| k.get_ref().clone()).unwrap_or_default(),
        Some((other, at)) => {
            errors.at(at, format!("unknown chart kind `{other}`"), Some("the kinds are progress, line and bar"));
            return Err(errors.list);
        }
        None => {
            errors.at(0, "a chart needs a `kind`", Some("add kind = \"progress\", \"line\" or \"bar\""));
            return Err(errors.list);
        }
    };
    let title = required(&mut errors, &raw.title, "title", "title = \"Maya's copying speed (fictional)\"");
    let y_label = required(&mut errors, &raw.y_label, "y_label", "y_label = \"Letters per minute\": what is measured");
    let unit = match raw.unit.as_ref().map(|u| (u.get_ref().as_str(), u.span().start)) {
        None | Some(("number", _)) => Unit::Number,
        Some(("dollars", _)) => Unit::Dollars,
        Some(("percent", _)) => Unit::Percent,
        Some((other, at)) => {
            errors.at(at, format!("unknown unit `{other}`"), Some("the units are number, dollars and percent"));
            Unit::Number
        }
    };
    let table = match &raw.data {
        Some(path) => match load_csv(path, body, ctx) {
            Ok(table) => Some((table, path.span().start)),
            Err(mut e) => {
                errors.list.append(&mut e);
                return Err(errors.list);
            }
        },
        None => None,
    };
    let mut chart = Chart {
        title,
        caption: raw.caption.as_ref().map(|c| c.get_ref().trim().to_string()).filter(|c| !c.is_empty()),
        x_label: raw.x_label.as_ref().map(|l| l.get_ref().trim().to_string()).unwrap_or_default(),
        y_label,
        unit,
        y_min: raw.y_min.as_ref().map(|v| *v.get_ref()),
        y_max: raw.y_max.as_ref().map(|v| *v.get_ref()),
        body: Body::Categorical(Categorical {
            layout: Layout::Line,
            ordered: true,
            categories: Vec::new(),
            series: Vec::new(),
        }),
    };
    let csv_file = raw.data.as_ref().map(|d| csv_path(d.get_ref(), ctx));
    let mut csv_errors = Vec::new();
    chart.body = if kind == "progress" {
        Body::Progress(parse::progress(&raw, table.as_ref(), &mut chart, &mut errors, &mut csv_errors))
    } else {
        Body::Categorical(parse::categorical(&raw, &kind, table.as_ref(), &mut chart, &mut errors, &mut csv_errors))
    };
    for e in csv_errors {
        let mut error = BlockError::new(e.line, e.column, e.message).with_hint(e.hint);
        error.file = csv_file.clone();
        errors.list.push(error);
    }
    if errors.list.is_empty() {
        Ok(chart)
    } else {
        Err(errors.list)
    }
}

fn required(errors: &mut Errors<'_>, value: &Option<Spanned<String>>, key: &str, example: &str) -> String {
    match value {
        Some(v) if !v.get_ref().trim().is_empty() => v.get_ref().trim().to_string(),
        Some(v) => {
            errors.at(v.span().start, format!("`{key}` is empty"), Some(format!("write it out, e.g. {example}")));
            String::new()
        }
        None => {
            errors.at(0, format!("a chart needs `{key}`"), Some(format!("add {example}")));
            String::new()
        }
    }
}

/// The CSV file as the build names it in messages: `content/<path>`.
fn csv_path(data: &str, ctx: &BlockContext) -> std::path::PathBuf {
    let rel = crate::text::resolve_path(ctx.page_rel, data).unwrap_or_else(|| data.to_string());
    std::path::Path::new("content").join(rel)
}

fn load_csv(path: &Spanned<String>, body: &str, ctx: &BlockContext) -> Result<Table, Vec<BlockError>> {
    let (line, column) = super::line_col(body, path.span().start);
    let wanted = path.get_ref();
    let located = |message: String, hint: &str| vec![BlockError::new(line, column, message).with_hint(hint)];
    if !wanted.to_ascii_lowercase().ends_with(".csv") {
        return Err(located(
            format!("chart data `{wanted}` is not a .csv file"),
            "save the data as CSV next to the page",
        ));
    }
    let Some((asset, _)) = ctx.assets.find(ctx.page_rel, wanted) else {
        return Err(located(
            format!("chart data file `{wanted}` does not exist"),
            "put the CSV file in content/, next to the page, and check the file name",
        ));
    };
    let Some(bytes) = &asset.bytes else {
        return Err(located(format!("cannot read chart data `{wanted}`"), "check the file's permissions"));
    };
    let shown = asset.shown();
    data::read(bytes).map_err(|e| {
        let mut error = BlockError::new(e.line, e.column, e.message).with_hint(e.hint);
        error.file = Some(shown.clone());
        vec![error]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_format_values() {
        assert_eq!(Unit::Dollars.format(288_368.0, 0), "$288,368");
        assert_eq!(Unit::Number.format(1234.5, 1), "1,234.5");
        assert_eq!(Unit::Percent.format(48.0, 0), "48%");
        assert_eq!(Unit::Dollars.format(-50.0, 0), "-$50");
        assert_eq!(Unit::Number.format(-0.001, 0), "0");
        assert_eq!(decimals_of(2.5), 1);
        assert_eq!(decimals_of(3.0), 0);
        assert_eq!(decimals_of(0.25), 2);
    }
}
