//! The chart's HTML around the SVG: a caption, the legend, the decision in words, and a data
//! table with every value. And the SVG's `<desc>`, written from the data: what is measured, the
//! scales, the lowest and highest values, the trend and the decision (W3C's complex-images
//! tutorial: a short name plus a long description; a table alone is not enough).

use std::fmt::Write as _;

use super::rules::{self, Describe, Point};
use super::svg::{self, Swatch};
use super::{escape, Body, Categorical, Chart, Layout, Progress, ProgressView, Unit};
use crate::blocks::BlockContext;

pub(super) fn figure(chart: &Chart, id: &str, ctx: &BlockContext) -> String {
    let mut h = String::with_capacity(8192);
    if ctx.first {
        let _ = writeln!(h, "<link rel=\"stylesheet\" href=\"{}css/chart.css\">", ctx.base_path);
    }
    let _ = write!(
        h,
        "<figure class=\"tb-chart\" id=\"{id}\">\n<figcaption><span class=\"tb-chart-title\">{}</span>",
        escape(&chart.title)
    );
    if let Some(caption) = &chart.caption {
        let _ = write!(h, " <span class=\"tb-chart-caption\">{}</span>", escape(caption));
    }
    h.push_str("</figcaption>\n");
    match &chart.body {
        Body::Progress(p) => {
            let x_singular = chart.x_label.to_lowercase();
            let x_plural = plural(&x_singular);
            let y_unit = chart.y_label.to_lowercase();
            let describe = Describe { x_singular: &x_singular, x_plural: &x_plural, y_unit: &y_unit };
            let view = ProgressView::new(p, &describe);
            let desc = progress_desc(chart, &view, &describe);
            h.push_str(&svg::progress(chart, &view, id, &desc));
            progress_legend(&mut h, chart, &view, id);
            if let Some(e) = &view.evaluation {
                let (name, rest) = e.sentence.split_once(": ").unwrap_or(("", &e.sentence));
                let _ = write!(
                    h,
                    "\n<p class=\"tb-chart-decision\"><strong>{}:</strong> {}</p>",
                    escape(name),
                    escape(rest)
                );
            }
            progress_table(&mut h, chart, &view);
        }
        Body::Categorical(data) => {
            let desc = categorical_desc(chart, data);
            h.push_str(&svg::categorical(chart, data, id, &desc));
            categorical_legend(&mut h, data, id);
            categorical_table(&mut h, chart, data);
        }
    }
    h.push_str("</figure>\n");
    h
}

/// A chart inside another block (the calculator's): caption, SVG and legend, without a data
/// table, because the block shows every value in its own tables. `js/chart.js` draws the same
/// markup in the browser.
pub(crate) fn bare_figure(chart: &Chart, id: &str) -> String {
    let Body::Categorical(data) = &chart.body else { return String::new() };
    let mut h = format!(
        "<figure class=\"tb-chart\" id=\"{id}\"><figcaption><span class=\"tb-chart-title\">{}</span></figcaption>",
        escape(&chart.title)
    );
    h.push_str(&svg::categorical(chart, data, id, &categorical_desc(chart, data)));
    categorical_legend(&mut h, data, id);
    h.push_str("</figure>\n");
    h
}

/// A naive English plural for a time unit: `week` -> `weeks`.
fn plural(word: &str) -> String {
    if word.ends_with('s') {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A value as the chart writes it, with the fewest decimals it needs.
fn value(unit: Unit, v: f64) -> String {
    unit.format(v, super::decimals_of(v))
}

fn span(describe: &Describe<'_>, points: &[Point]) -> String {
    match (points.first(), points.last()) {
        (Some(a), Some(b)) if a.x != b.x => {
            format!("{} {} to {}", describe.x_plural, rules::number(a.x), rules::number(b.x))
        }
        (Some(a), _) => format!("{} {}", describe.x_singular, rules::number(a.x)),
        _ => String::new(),
    }
}

fn progress_desc(chart: &Chart, view: &ProgressView<'_>, describe: &Describe<'_>) -> String {
    let p: &Progress = view.progress;
    let all: Vec<Point> = p.phases.iter().flat_map(|ph| ph.points.iter().copied()).collect();
    let ticks = svg::progress_ticks(chart, p);
    let unit = chart.unit;
    let mut s = format!(
        "Progress graph of {} by {}, {}. The vertical scale runs from {} to {}.",
        describe.y_unit,
        describe.x_singular,
        span(describe, &all),
        value(unit, ticks[0]),
        value(unit, ticks[ticks.len() - 1])
    );
    for (i, phase) in p.phases.iter().enumerate() {
        let scores: Vec<String> = phase.points.iter().map(|pt| value(unit, pt.y)).collect();
        if i == 0 && p.baseline {
            let median = rules::median(&phase.points.iter().map(|pt| pt.y).collect::<Vec<_>>()).unwrap_or(0.0);
            let _ = write!(
                s,
                " Baseline{} ({}): {}; median {}.",
                if phase.label.is_empty() || phase.label.eq_ignore_ascii_case("baseline") {
                    String::new()
                } else {
                    format!(", {}", phase.label)
                },
                span(describe, &phase.points),
                list(&scores),
                value(unit, median)
            );
        } else if i > 0 {
            let before = p.phases[i - 1].points.last().map_or(0.0, |pt| pt.x);
            let _ = write!(
                s,
                " Phase change after {} {}: {} ({}): {}.",
                describe.x_singular,
                rules::number(before),
                if phase.label.is_empty() { "a new phase" } else { &phase.label },
                span(describe, &phase.points),
                list(&scores)
            );
        } else {
            let _ = write!(s, " Scores: {}.", list(&scores));
        }
    }
    let lowest = all.iter().copied().reduce(|a, b| if b.y < a.y { b } else { a });
    let highest = all.iter().copied().reduce(|a, b| if b.y > a.y { b } else { a });
    if let (Some(lo), Some(hi)) = (lowest, highest) {
        let _ = write!(
            s,
            " Lowest score {} ({} {}); highest {} ({} {}).",
            value(unit, lo.y),
            describe.x_singular,
            rules::number(lo.x),
            value(unit, hi.y),
            describe.x_singular,
            rules::number(hi.x)
        );
    }
    if let Some(aim) = &view.aim {
        let _ = write!(
            s,
            " Aim line from the baseline median, {} at {} {}, to the goal of {} at {} {}.",
            value(unit, aim.start.y),
            describe.x_singular,
            rules::number(aim.start.x),
            value(unit, aim.goal.y),
            describe.x_singular,
            rules::number(aim.goal.x)
        );
    } else if let Some(goal) = p.goal {
        let _ = write!(s, " Goal: {} at {} {}.", value(unit, goal.y), describe.x_singular, rules::number(goal.x));
    }
    if let (Some((line, _, _)), Some(method)) = (view.trend, p.trend) {
        let slope = line.slope;
        let direction = if rules::number(slope) == "0" {
            "stays flat".to_string()
        } else {
            format!(
                "{} {} per {}",
                if slope < 0.0 { "falls" } else { "rises" },
                describe.amount(slope.abs()),
                describe.x_singular
            )
        };
        let _ = write!(
            s,
            " Trend line ({}) through the {} points of {}: it {direction}.",
            method.name(),
            view.current.len(),
            span(describe, view.current)
        );
    }
    if let Some(e) = &view.evaluation {
        let _ = write!(s, " {}", e.sentence);
    }
    if let Some(caption) = &chart.caption {
        let _ = write!(s, " {caption}");
    }
    s
}

fn legend_item(h: &mut String, swatch: String, text: &str) {
    let _ = write!(h, "<li>{swatch}{}</li>", escape(text));
}

fn progress_legend(h: &mut String, chart: &Chart, view: &ProgressView<'_>, id: &str) {
    h.push_str("\n<ul class=\"tb-chart-legend\">");
    legend_item(h, svg::swatch(Swatch::Line, 0, id), &chart.y_label);
    if view.aim.is_some() {
        legend_item(h, svg::swatch(Swatch::Aim, 0, id), "Aim line: from the baseline median to the goal");
    }
    if view.progress.goal.is_some() {
        legend_item(h, svg::swatch(Swatch::Goal, 0, id), "Goal");
    }
    if let (Some(_), Some(method)) = (view.trend, view.progress.trend) {
        legend_item(h, svg::swatch(Swatch::Trend, 0, id), &format!("Trend line ({} method)", method.name()));
    }
    if view.progress.phases.len() > 1 {
        legend_item(h, svg::swatch(Swatch::Phase, 0, id), "Phase change");
    }
    h.push_str("</ul>");
}

fn progress_table(h: &mut String, chart: &Chart, view: &ProgressView<'_>) {
    let p = view.progress;
    let phased = p.phases.len() > 1 || p.phases.iter().any(|ph| !ph.label.is_empty());
    let _ = write!(
        h,
        "\n<details class=\"tb-chart-data\"><summary>Data table</summary>\n<table><caption class=\"visually-hidden\">{}</caption>\
         <thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
        escape(&chart.title),
        escape(&chart.x_label),
        escape(&chart.y_label)
    );
    if phased {
        h.push_str("<th scope=\"col\">Phase</th>");
    }
    if view.aim.is_some() {
        h.push_str("<th scope=\"col\">Aim line</th>");
    }
    h.push_str("</tr></thead><tbody>\n");
    for (i, phase) in p.phases.iter().enumerate() {
        let label = if phase.label.is_empty() && i == 0 && p.baseline { "Baseline" } else { phase.label.as_str() };
        for pt in &phase.points {
            let _ = write!(
                h,
                "<tr><th scope=\"row\">{}</th><td>{}</td>",
                rules::number(pt.x),
                escape(&value(chart.unit, pt.y))
            );
            if phased {
                let _ = write!(h, "<td>{}</td>", escape(label));
            }
            if let Some(aim) = &view.aim {
                let shown =
                    if pt.x >= aim.start.x { value(chart.unit, round2(aim.line.at(pt.x))) } else { String::new() };
                let _ = write!(h, "<td>{}</td>", escape(&shown));
            }
            h.push_str("</tr>\n");
        }
    }
    h.push_str("</tbody></table></details>\n");
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn categorical_desc(chart: &Chart, data: &Categorical) -> String {
    let unit = chart.unit;
    let kind = match data.layout {
        Layout::Line => "Line chart",
        Layout::Grouped => "Bar chart",
        Layout::Stacked => "Stacked bar chart",
    };
    let ticks = svg::categorical_ticks(chart, data);
    let x = if chart.x_label.is_empty() { "category".to_string() } else { chart.x_label.to_lowercase() };
    let first = data.categories.first().cloned().unwrap_or_default();
    let last = data.categories.last().cloned().unwrap_or_default();
    let names: Vec<String> = data.series.iter().map(|s| s.name.clone()).collect();
    let mut s = format!("{kind} of {} by {x}, {first} to {last}", chart.y_label.to_lowercase());
    if data.series.len() > 1 {
        let _ = write!(s, ", {} series: {}", data.series.len(), list(&names));
    }
    let _ = write!(
        s,
        ". The vertical scale runs from {} to {}.",
        value(unit, ticks[0]),
        value(unit, ticks[ticks.len() - 1])
    );
    let cells = data.series.iter().flat_map(|series| {
        series.values.iter().zip(&data.categories).map(move |(v, c)| (*v, series.name.as_str(), c.as_str()))
    });
    let lowest = cells.clone().reduce(|a, b| if b.0 < a.0 { b } else { a });
    let highest = cells.reduce(|a, b| if b.0 > a.0 { b } else { a });
    let place = |(_, name, cat): (f64, &str, &str)| {
        if data.series.len() > 1 {
            format!("{name}, {}", named(chart, cat))
        } else {
            named(chart, cat)
        }
    };
    if let (Some(lo), Some(hi)) = (lowest, highest) {
        let _ = write!(
            s,
            " Lowest value {} ({}); highest {} ({}).",
            value(unit, lo.0),
            place(lo),
            value(unit, hi.0),
            place(hi)
        );
    }
    if data.ordered && data.categories.len() > 1 {
        for series in &data.series {
            let _ = write!(s, " {}", change(&series.name, &series.values, data, chart));
        }
        if data.layout == Layout::Stacked {
            let totals: Vec<f64> =
                (0..data.categories.len()).map(|i| data.series.iter().map(|s| s.values[i]).sum()).collect();
            let _ = write!(s, " {}", change("The total", &totals, data, chart));
        }
    }
    if let Some(caption) = &chart.caption {
        let _ = write!(s, " {caption}");
    }
    s
}

/// A category as a sentence names it: `2021-22`, or `year 3` for a bare number on a `Year` axis.
fn named(chart: &Chart, category: &str) -> String {
    if !chart.x_label.is_empty() && category.parse::<f64>().is_ok() {
        format!("{} {category}", chart.x_label.to_lowercase())
    } else {
        category.to_string()
    }
}

/// "Contracted goes from $2,152 in 2019-20 to $1,900 in 2023-24, down 11.7%."
fn change(name: &str, values: &[f64], data: &Categorical, chart: &Chart) -> String {
    let unit = chart.unit;
    let (a, b) = (values[0], values[values.len() - 1]);
    let (ca, cb) = (named(chart, &data.categories[0]), named(chart, &data.categories[data.categories.len() - 1]));
    let trend = if a == b {
        "no change".to_string()
    } else if a == 0.0 {
        if b > a {
            "up".to_string()
        } else {
            "down".to_string()
        }
    } else {
        let pct = ((b - a) / a.abs() * 1000.0).round() / 10.0;
        format!(
            "{} {}%",
            if b > a { "up" } else { "down" },
            Unit::Number.format(pct.abs(), super::decimals_of(pct).min(1))
        )
    };
    format!("{name} goes from {} in {ca} to {} in {cb}, {trend}.", value(unit, a), value(unit, b))
}

fn categorical_legend(h: &mut String, data: &Categorical, id: &str) {
    if data.series.len() < 2 {
        return;
    }
    let swatch = if data.layout == Layout::Line { Swatch::Line } else { Swatch::Bar };
    h.push_str("<ul class=\"tb-chart-legend\">");
    for (i, series) in data.series.iter().enumerate() {
        legend_item(h, svg::swatch(swatch, i, id), &series.name);
    }
    h.push_str("</ul>");
}

fn categorical_table(h: &mut String, chart: &Chart, data: &Categorical) {
    let _ = write!(
        h,
        "\n<details class=\"tb-chart-data\"><summary>Data table</summary>\n<table><caption class=\"visually-hidden\">{}</caption>\
         <thead><tr><th scope=\"col\">{}</th>",
        escape(&chart.title),
        escape(if chart.x_label.is_empty() { "Category" } else { &chart.x_label })
    );
    for series in &data.series {
        let _ = write!(h, "<th scope=\"col\">{}</th>", escape(&series.name));
    }
    let stacked = data.layout == Layout::Stacked && data.series.len() > 1;
    if stacked {
        h.push_str("<th scope=\"col\">Total</th>");
    }
    h.push_str("</tr></thead><tbody>\n");
    for (i, category) in data.categories.iter().enumerate() {
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", escape(category));
        for series in &data.series {
            let _ = write!(h, "<td>{}</td>", escape(&value(chart.unit, series.values[i])));
        }
        if stacked {
            let total: f64 = data.series.iter().map(|s| s.values[i]).sum();
            let _ = write!(h, "<td>{}</td>", escape(&value(chart.unit, total)));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></details>\n");
}
