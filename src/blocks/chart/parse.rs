//! From a chart block's raw TOML (and its CSV table, if any) to the validated data of each kind:
//! a progress graph's phases, goal, rule and trend; a line or bar chart's categories and series.
//! Problems in the block go to `errors` (positions in the block); problems in the CSV go to `csv`
//! (rows and columns of the file).

use std::collections::HashSet;

use toml::Spanned;

use super::data::{CsvError, Table};
use super::rules::{self, Point, Rule, TrendMethod};
use super::{Categorical, Chart, Layout, Phase, Progress, RawChart, RawPhase, Series};
use crate::blocks::quiz::Errors;

/// A `[[series]]` of the block: its name, where it is written, and its inline values.
type Declared<'r> = (String, usize, Option<&'r Spanned<Vec<f64>>>);

/// A progress graph's phases, goal, rule and trend.
pub(super) fn progress(
    raw: &RawChart,
    table: Option<&(Table, usize)>,
    chart: &mut Chart,
    errors: &mut Errors<'_>,
    csv: &mut Vec<CsvError>,
) -> Progress {
    reject_categorical_keys(raw, errors);
    let phases = progress_phases(raw, table, chart, errors, csv);
    if chart.x_label.is_empty() {
        chart.x_label = "Session".to_string();
    }
    let baseline = raw.baseline.as_ref().is_some_and(|b| *b.get_ref());
    let goal = raw.goal.as_ref().map(|g| Point { x: g.get_ref().x, y: g.get_ref().y });
    check_goal(raw, goal, baseline, &phases, chart, errors);
    let rule = decision_rule(raw, goal, errors);
    let trend = trend_method(raw, rule, errors);
    check_phase_labels(raw, table, &phases, errors);
    Progress { phases, baseline, goal, rule, trend }
}

/// Line and bar chart keys have no meaning on a progress graph.
fn reject_categorical_keys(raw: &RawChart, errors: &mut Errors<'_>) {
    for (key, span) in [
        ("layout", raw.layout.as_ref().map(|l| l.span())),
        ("categories", raw.categories.as_ref().map(|c| c.span())),
        ("series", raw.series.as_ref().map(|s| s.span())),
    ] {
        if let Some(span) = span {
            errors.at(
                span.start,
                format!("`{key}` is for line and bar charts"),
                Some("a progress graph takes [[phases]] or a data file"),
            );
        }
    }
}

/// The phases, from the data file or from `[[phases]]` (exactly one of them). The file's first
/// column names the x axis unless the block does.
fn progress_phases(
    raw: &RawChart,
    table: Option<&(Table, usize)>,
    chart: &mut Chart,
    errors: &mut Errors<'_>,
    csv: &mut Vec<CsvError>,
) -> Vec<Phase> {
    match (table, &raw.phases) {
        (Some(_), Some(p)) => {
            errors.at(
                p.span().start,
                "the data come from the file named in `data`",
                Some("remove [[phases]], or remove `data`"),
            );
            Vec::new()
        }
        (Some((table, _)), None) => {
            if chart.x_label.is_empty() {
                chart.x_label = capitalized(table.header[0].text.trim());
            }
            progress_csv(table, csv)
        }
        (None, Some(p)) => progress_inline(p, errors),
        (None, None) => {
            errors.at(
                0,
                "a progress graph needs its points",
                Some("add data = \"scores.csv\", or [[phases]] with points = [[1, 9], [2, 10]]"),
            );
            Vec::new()
        }
    }
}

/// The aim line runs from the baseline median to the goal, so a goal needs a baseline and must
/// come after it.
fn check_goal(
    raw: &RawChart,
    goal: Option<Point>,
    baseline: bool,
    phases: &[Phase],
    chart: &Chart,
    errors: &mut Errors<'_>,
) {
    let (Some(g), Some(raw_goal)) = (goal, &raw.goal) else { return };
    if !baseline {
        errors.at(
            raw_goal.span().start,
            "the aim line to the goal starts at the baseline median, but there is no baseline",
            Some("set baseline = true and make the first phase the baseline"),
        );
    } else if let Some(last) = phases.first().and_then(|b| b.points.last()) {
        if g.x <= last.x {
            errors.at(
                raw_goal.span().start,
                "the goal must come after the baseline",
                Some(format!(
                    "the baseline ends at {} {}; give the goal a later x",
                    chart.x_label.to_lowercase(),
                    rules::number(last.x)
                )),
            );
        }
    }
}

/// The decision rule named in `rule`; one needs a goal to compare the points with.
fn decision_rule(raw: &RawChart, goal: Option<Point>, errors: &mut Errors<'_>) -> Option<Rule> {
    let rule = raw.rule.as_ref().and_then(|r| match r.get_ref().as_str() {
        "four-point" => Some(Rule::FourPoint),
        "trend" => Some(Rule::Trend),
        "median-of-three" => Some(Rule::MedianOfThree),
        other => {
            errors.at(
                r.span().start,
                format!("unknown decision rule `{other}`"),
                Some("the rules are four-point, trend and median-of-three"),
            );
            None
        }
    });
    if let (Some(r), None) = (&raw.rule, goal) {
        errors.at(
            r.span().start,
            "a decision rule compares the points with the aim line, which needs a `goal`",
            Some("add goal = { x = 15, y = 20 } and baseline = true"),
        );
    }
    rule
}

/// The trend method named in `trend`; the trend rule needs one.
fn trend_method(raw: &RawChart, rule: Option<Rule>, errors: &mut Errors<'_>) -> Option<TrendMethod> {
    let trend = raw.trend.as_ref().and_then(|t| match t.get_ref().as_str() {
        "least-squares" => Some(TrendMethod::LeastSquares),
        "split-middle" => Some(TrendMethod::SplitMiddle),
        other => {
            errors.at(
                t.span().start,
                format!("unknown trend method `{other}`"),
                Some("the methods are least-squares and split-middle"),
            );
            None
        }
    });
    if let (Some(Rule::Trend), None, Some(r)) = (rule, &raw.trend, &raw.rule) {
        errors.at(
            r.span().start,
            "the trend rule needs a trend line",
            Some("add trend = \"least-squares\" or trend = \"split-middle\" and say which on the page"),
        );
    }
    trend
}

/// On a graph with phase changes, each inline phase is labelled (a data file's phases are named
/// by their `phase` column).
fn check_phase_labels(raw: &RawChart, table: Option<&(Table, usize)>, phases: &[Phase], errors: &mut Errors<'_>) {
    if phases.len() > 1 && phases.iter().any(|p| p.label.is_empty()) {
        let at = raw.phases.as_ref().map_or(0, |p| p.span().start);
        if table.is_none() {
            errors.at(
                at,
                "every phase of a graph with phase changes needs a `label`",
                Some("label = \"Booster group starts\""),
            );
        }
    }
}

fn progress_inline(raw: &Spanned<Vec<Spanned<RawPhase>>>, errors: &mut Errors<'_>) -> Vec<Phase> {
    let mut phases = Vec::new();
    let mut last_x = f64::MIN;
    for phase in raw.get_ref() {
        let Some(points) = &phase.get_ref().points else {
            errors.at(
                phase.span().start,
                "a phase needs `points`",
                Some("points = [[1, 9], [2, 10], [3, 8]]: each is [x, score]"),
            );
            continue;
        };
        let mut list = Vec::new();
        for point in points.get_ref() {
            match point.get_ref().as_slice() {
                [x, y] if *x > last_x => {
                    last_x = *x;
                    list.push(Point { x: *x, y: *y });
                }
                [x, _] => errors.at(
                    point.span().start,
                    format!("x {} does not come after the point before it", rules::number(*x)),
                    Some("list the points in time order; each x (week or session) once"),
                ),
                _ => errors.at(
                    point.span().start,
                    "a point is [x, score]",
                    Some("e.g. [4, 11] for a score of 11 in week 4"),
                ),
            }
        }
        if list.is_empty() {
            errors.at(points.span().start, "a phase needs at least one point", Some("points = [[1, 9]]"));
        }
        phases
            .push(Phase { label: phase.get_ref().label.clone().unwrap_or_default().trim().to_string(), points: list });
    }
    phases
}

/// Progress data from CSV: column 1 the time, column 2 the score, an optional column `phase`
/// whose value starts a new phase where it changes (blank continues the phase above).
fn progress_csv(table: &Table, csv: &mut Vec<CsvError>) -> Vec<Phase> {
    let header = &table.header;
    if header.len() < 2 {
        let cell = &header[0];
        csv.push(CsvError {
            line: cell.line,
            column: cell.column + cell.text.chars().count(),
            message: "the data file has one column; a progress graph needs the time and the score".into(),
            hint: "name the columns in the first row, e.g. `week,score,phase`".into(),
        });
        return Vec::new();
    }
    if let Some(extra) = header.get(2).filter(|h| !h.text.trim().eq_ignore_ascii_case("phase")).or(header.get(3)) {
        csv.push(CsvError::at(
            extra,
            format!("unknown column `{}` in a progress graph's data", extra.text.trim()),
            "a progress graph reads three columns: the time (week or session), the score, and an optional `phase`",
        ));
        return Vec::new();
    }
    let mut phases: Vec<Phase> = Vec::new();
    let mut last_x = f64::MIN;
    for row in &table.rows {
        let (x, y) = match (row[0].number(header), row[1].number(header)) {
            (Ok(x), Ok(y)) => (x, y),
            (x, y) => {
                csv.extend(x.err().into_iter().chain(y.err()));
                continue;
            }
        };
        if x <= last_x {
            csv.push(CsvError::at(
                &row[0],
                format!(
                    "{} is {}, which does not come after the row above ({})",
                    row[0].name(header),
                    rules::number(x),
                    rules::number(last_x)
                ),
                "list the rows in time order, each week or session once",
            ));
            continue;
        }
        last_x = x;
        let label = row.get(2).map(|c| c.text.trim()).unwrap_or("");
        match phases.last_mut() {
            Some(phase) if label.is_empty() || label == phase.label => phase.points.push(Point { x, y }),
            _ => phases.push(Phase { label: label.to_string(), points: vec![Point { x, y }] }),
        }
    }
    phases
}

/// A line or bar chart's categories and series.
pub(super) fn categorical(
    raw: &RawChart,
    kind: &str,
    table: Option<&(Table, usize)>,
    chart: &mut Chart,
    errors: &mut Errors<'_>,
    csv: &mut Vec<CsvError>,
) -> Categorical {
    reject_progress_keys(raw, errors);
    let layout = layout(raw, kind, errors);
    let declared = declared_series(raw, errors);
    let (categories, series) = match table {
        Some((table, _)) => categorical_from_file(raw, table, &declared, chart, errors, csv),
        None => categorical_inline(raw, &declared, errors),
    };
    check_series(raw, layout, &declared, &series, errors);
    Categorical { layout, ordered: true, categories, series }
}

/// Progress graph keys have no meaning on a line or bar chart.
fn reject_progress_keys(raw: &RawChart, errors: &mut Errors<'_>) {
    let progress_keys = [
        ("baseline", raw.baseline.as_ref().map(|v| v.span())),
        ("goal", raw.goal.as_ref().map(|v| v.span())),
        ("rule", raw.rule.as_ref().map(|v| v.span())),
        ("trend", raw.trend.as_ref().map(|v| v.span())),
        ("phases", raw.phases.as_ref().map(|v| v.span())),
    ];
    for (key, span) in progress_keys {
        if let Some(span) = span {
            errors.at(
                span.start,
                format!("`{key}` is for progress graphs"),
                Some("set kind = \"progress\", or remove it"),
            );
        }
    }
}

/// A line chart has one layout; a bar chart's bars are grouped (the default) or stacked.
fn layout(raw: &RawChart, kind: &str, errors: &mut Errors<'_>) -> Layout {
    match (kind, raw.layout.as_ref().map(|l| (l.get_ref().as_str(), l.span().start))) {
        ("line", None) => Layout::Line,
        ("line", Some((_, at))) => {
            errors.at(at, "`layout` is for bar charts", Some("remove it, or set kind = \"bar\""));
            Layout::Line
        }
        (_, None | Some(("grouped", _))) => Layout::Grouped,
        (_, Some(("stacked", _))) => Layout::Stacked,
        (_, Some((other, at))) => {
            errors.at(at, format!("unknown bar layout `{other}`"), Some("the layouts are grouped and stacked"));
            Layout::Grouped
        }
    }
}

/// The block's `[[series]]` that have a name, each name used once.
fn declared_series<'r>(raw: &'r RawChart, errors: &mut Errors<'_>) -> Vec<Declared<'r>> {
    let declared: Vec<Declared<'_>> = raw.series.as_ref().map_or(Vec::new(), |list| {
        list.get_ref()
            .iter()
            .filter_map(|s| match &s.get_ref().name {
                Some(name) if !name.get_ref().trim().is_empty() => {
                    Some((name.get_ref().trim().to_string(), s.span().start, s.get_ref().values.as_ref()))
                }
                _ => {
                    errors.at(s.span().start, "a series needs a `name`", Some("name = \"Contracted\""));
                    None
                }
            })
            .collect()
    });
    let mut seen = HashSet::new();
    for (name, at, _) in &declared {
        if !seen.insert(name.clone()) {
            errors.at(*at, format!("two series are named `{name}`"), Some("give each series its own name"));
        }
    }
    declared
}

/// Categories and series from the data file; the block may then name series but not give their
/// values or the categories. The file's first column names the x axis unless the block does.
fn categorical_from_file(
    raw: &RawChart,
    table: &Table,
    declared: &[Declared<'_>],
    chart: &mut Chart,
    errors: &mut Errors<'_>,
    csv: &mut Vec<CsvError>,
) -> (Vec<String>, Vec<Series>) {
    for (name, _, values) in declared {
        if let Some(v) = values {
            errors.at(
                v.span().start,
                format!("series `{name}` has `values`, but the data come from the file named in `data`"),
                Some("remove `values`, or remove `data`"),
            );
        }
    }
    if let Some(c) = &raw.categories {
        errors.at(
            c.span().start,
            "the categories come from the data file's first column",
            Some("remove `categories`, or remove `data`"),
        );
    }
    if chart.x_label.is_empty() {
        chart.x_label = capitalized(table.header[0].text.trim());
    }
    let names: Vec<String> = declared.iter().map(|(n, _, _)| n.clone()).collect();
    categorical_csv(table, &names, csv)
}

/// At most five series, and none negative in a stacked bar chart.
fn check_series(raw: &RawChart, layout: Layout, declared: &[Declared<'_>], series: &[Series], errors: &mut Errors<'_>) {
    if series.len() > 5 {
        let at = raw.series.as_ref().map_or(0, |s| s.span().start);
        errors.at(
            at,
            format!("{} series are more than a chart can show clearly (at most 5)", series.len()),
            Some("split the data into two charts"),
        );
    }
    if layout == Layout::Stacked {
        if let Some(s) = series.iter().find(|s| s.values.iter().any(|v| *v < 0.0)) {
            let at = declared.iter().find(|d| d.0 == s.name).map_or(0, |d| d.1);
            errors.at(
                at,
                format!("series `{}` has a negative value, which a stacked bar cannot show", s.name),
                Some("use layout = \"grouped\""),
            );
        }
    }
}

fn categorical_inline(
    raw: &RawChart,
    declared: &[Declared<'_>],
    errors: &mut Errors<'_>,
) -> (Vec<String>, Vec<Series>) {
    let Some(categories) = &raw.categories else {
        errors.at(
            0,
            "a line or bar chart needs its `categories`",
            Some("categories = [\"2021-22\", \"2022-23\"], or data = \"costs.csv\""),
        );
        return (Vec::new(), Vec::new());
    };
    let list: Vec<String> = categories.get_ref().iter().map(|c| c.trim().to_string()).collect();
    if list.is_empty() || list.iter().any(String::is_empty) {
        errors.at(
            categories.span().start,
            "every category needs a name",
            Some("categories = [\"2021-22\", \"2022-23\"]"),
        );
    }
    if declared.is_empty() {
        errors.at(
            0,
            "a line or bar chart needs at least one [[series]]",
            Some("[[series]] with name = \"Contracted\" and values = [1700, 1650]"),
        );
    }
    let mut series = Vec::new();
    for (name, at, values) in declared {
        match values {
            None => errors.at(
                *at,
                format!("series `{name}` needs `values`"),
                Some("values = [1700, 1650], one per category"),
            ),
            Some(v) if v.get_ref().len() != list.len() => errors.at(
                v.span().start,
                format!("series `{name}` has {} values for {} categories", v.get_ref().len(), list.len()),
                Some("give one value per category, in the same order"),
            ),
            Some(v) => series.push(Series { name: name.clone(), values: v.get_ref().clone() }),
        }
    }
    (list, series)
}

/// Line and bar data from CSV: column 1 the categories, every other column a series named by its
/// first row. If the block lists `[[series]]`, the columns must be exactly those.
fn categorical_csv(table: &Table, declared: &[String], csv: &mut Vec<CsvError>) -> (Vec<String>, Vec<Series>) {
    let header = &table.header;
    let columns = &header[1..];
    if columns.is_empty() {
        let cell = &header[0];
        csv.push(CsvError {
            line: cell.line,
            column: cell.column + cell.text.chars().count(),
            message: "the data file has only the category column; a chart needs at least one series".into(),
            hint: "add a column per series, e.g. `year,Contracted,Employed`".into(),
        });
        return (Vec::new(), Vec::new());
    }
    if !declared.is_empty() {
        for cell in columns.iter().filter(|c| !declared.iter().any(|d| d == c.text.trim())) {
            csv.push(CsvError::at(
                cell,
                format!("unknown series `{}` in the first row", cell.text.trim()),
                format!(
                    "the block's series are: {}; rename the column or add a [[series]] with this name",
                    declared.join(", ")
                ),
            ));
        }
        let end = header.last().map_or(1, |c| c.column + c.text.chars().count());
        for name in declared.iter().filter(|d| !columns.iter().any(|c| c.text.trim() == d.as_str())) {
            csv.push(CsvError {
                line: header[0].line,
                column: end,
                message: format!("missing column for series `{name}`"),
                hint: format!(
                    "add a column named `{name}` to the first row; it has: {}",
                    header.iter().map(|c| c.text.trim()).collect::<Vec<_>>().join(", ")
                ),
            });
        }
    }
    let mut seen = HashSet::new();
    for cell in columns {
        if cell.text.trim().is_empty() {
            csv.push(CsvError::at(
                cell,
                format!("column {} has no name in the first row", cell.index),
                "name each series in the first row",
            ));
        } else if !seen.insert(cell.text.trim()) {
            csv.push(CsvError::at(
                cell,
                format!("two columns are named `{}`", cell.text.trim()),
                "give each series its own column name",
            ));
        }
    }
    let mut categories = Vec::new();
    let mut series: Vec<Series> =
        columns.iter().map(|c| Series { name: c.text.trim().to_string(), values: Vec::new() }).collect();
    for row in &table.rows {
        if row[0].text.trim().is_empty() {
            csv.push(CsvError::at(
                &row[0],
                format!("{} is empty; each row needs its category", row[0].name(header)),
                "write the year or group this row is about",
            ));
        }
        categories.push(row[0].text.trim().to_string());
        for (s, cell) in series.iter_mut().zip(&row[1..]) {
            match cell.number(header) {
                Ok(v) => s.values.push(v),
                Err(e) => csv.push(e),
            }
        }
    }
    // Declared order wins, so the style of each series follows the block.
    if !declared.is_empty() {
        series.sort_by_key(|s| declared.iter().position(|d| *d == s.name).unwrap_or(usize::MAX));
    }
    (categories, series)
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
