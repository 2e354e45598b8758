//! The chart's HTML around the SVG: a caption, the legend, the decision in words, and a data
//! table with every value. And the SVG's `<desc>`, written from the data: what is measured, the
//! scales, the lowest and highest values, the trend and the decision (W3C's complex-images
//! tutorial: a short name plus a long description; a table alone is not enough).

use std::fmt::Write as _;

use super::rules::{self, Describe, Point};
use super::svg::{self, Swatch};
use super::words;
use super::{escape, Body, Categorical, Chart, Layout, Progress, ProgressView, Unit};
use crate::blocks::BlockContext;
use crate::content::strings::Words;

pub(super) fn figure(chart: &Chart, id: &str, ctx: &BlockContext) -> String {
    let w = ctx.words;
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
            let x_plural = plural(&x_singular, w);
            let y_unit = chart.y_label.to_lowercase();
            let describe = Describe { x_singular: &x_singular, x_plural: &x_plural, y_unit: &y_unit };
            let view = ProgressView::new(p, &describe, w);
            let desc = progress_desc(chart, &view, &describe, w);
            h.push_str(&svg::progress(chart, &view, id, &desc, w));
            progress_legend(&mut h, chart, &view, id, w);
            if let Some(e) = &view.evaluation {
                let (name, rest) = e.sentence.split_once(": ").unwrap_or(("", &e.sentence));
                let _ = write!(
                    h,
                    "\n<p class=\"tb-chart-decision\"><strong>{}:</strong> {}</p>",
                    escape(name),
                    escape(rest)
                );
            }
            progress_table(&mut h, chart, &view, w);
        }
        Body::Categorical(data) => {
            let desc = categorical_desc(chart, data, w);
            h.push_str(&svg::categorical(chart, data, id, &desc));
            categorical_legend(&mut h, data, id);
            categorical_table(&mut h, chart, data, w);
        }
    }
    h.push_str("</figure>\n");
    h
}

/// A chart inside another block (the calculator's): caption, SVG and legend, without a data
/// table, because the block shows every value in its own tables. `js/chart.js` draws the same
/// markup in the browser.
pub(crate) fn bare_figure(chart: &Chart, id: &str, w: Words<'_>) -> String {
    let Body::Categorical(data) = &chart.body else { return String::new() };
    let mut h = format!(
        "<figure class=\"tb-chart\" id=\"{id}\"><figcaption><span class=\"tb-chart-title\">{}</span></figcaption>",
        escape(&chart.title)
    );
    h.push_str(&svg::categorical(chart, data, id, &categorical_desc(chart, data, w)));
    categorical_legend(&mut h, data, id);
    h.push_str("</figure>\n");
    h
}

/// A time unit's plural by the simple rule of the page's language: English `week` -> `weeks`;
/// Spanish `semana` -> `semanas`, `mes` -> `meses`, `vez` -> `veces`.
fn plural(word: &str, w: Words<'_>) -> String {
    if w.lang == "es" || w.lang.starts_with("es-") {
        return match word.chars().last() {
            None | Some('s' | 'x') => word.to_string(),
            Some('a' | 'e' | 'i' | 'o' | 'u' | 'á' | 'é' | 'ó') => format!("{word}s"),
            Some('n') if word.ends_with("ón") => format!("{}ones", &word[..word.len() - "ón".len()]),
            Some('z') => format!("{}ces", &word[..word.len() - 1]),
            Some(_) => format!("{word}es"),
        };
    }
    if word.ends_with('s') {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

fn list(items: &[String], w: Words<'_>) -> String {
    rules::join(items, w)
}

/// A value as the chart writes it, with the fewest decimals it needs.
fn value(unit: Unit, v: f64) -> String {
    unit.format(v, super::decimals_of(v))
}

fn span(describe: &Describe<'_>, points: &[Point], w: Words<'_>) -> String {
    match (points.first(), points.last()) {
        (Some(a), Some(b)) if a.x != b.x => w.say(
            words::SPAN,
            &[("times", describe.x_plural), ("from", &rules::number(a.x)), ("to", &rules::number(b.x))],
        ),
        (Some(a), _) => format!("{} {}", describe.x_singular, rules::number(a.x)),
        _ => String::new(),
    }
}

/// Each phase in words: the baseline with its median, each phase change, or the scores.
fn phases_desc(p: &Progress, describe: &Describe<'_>, unit: Unit, w: Words<'_>) -> String {
    let time = describe.x_singular;
    let mut s = String::new();
    let baseline_word = w.say(words::BASELINE, &[]);
    for (i, phase) in p.phases.iter().enumerate() {
        let scores: Vec<String> = phase.points.iter().map(|pt| value(unit, pt.y)).collect();
        let sentence = if i == 0 && p.baseline {
            let median = rules::median(&phase.points.iter().map(|pt| pt.y).collect::<Vec<_>>()).unwrap_or(0.0);
            // A phase labelled as the baseline is not named twice.
            let named = phase.label.is_empty()
                || phase.label.eq_ignore_ascii_case("baseline")
                || phase.label.to_lowercase() == baseline_word.to_lowercase();
            w.say(
                words::DESC_BASELINE,
                &[
                    ("label", &if named { String::new() } else { format!(", {}", phase.label) }),
                    ("span", &span(describe, &phase.points, w)),
                    ("scores", &list(&scores, w)),
                    ("median", &value(unit, median)),
                ],
            )
        } else if i > 0 {
            let before = p.phases[i - 1].points.last().map_or(0.0, |pt| pt.x);
            let new_phase = w.say(words::NEW_PHASE, &[]);
            w.say(
                words::DESC_PHASE,
                &[
                    ("time", time),
                    ("after", &rules::number(before)),
                    ("label", if phase.label.is_empty() { &new_phase } else { &phase.label }),
                    ("span", &span(describe, &phase.points, w)),
                    ("scores", &list(&scores, w)),
                ],
            )
        } else {
            w.say(words::DESC_SCORES, &[("scores", &list(&scores, w))])
        };
        let _ = write!(s, " {sentence}");
    }
    s
}

fn progress_desc(chart: &Chart, view: &ProgressView<'_>, describe: &Describe<'_>, w: Words<'_>) -> String {
    let p: &Progress = view.progress;
    let all: Vec<Point> = p.phases.iter().flat_map(|ph| ph.points.iter().copied()).collect();
    let ticks = svg::progress_ticks(chart, p);
    let unit = chart.unit;
    let time = describe.x_singular;
    let mut s = w
        .say(words::DESC_PROGRESS, &[("measure", describe.y_unit), ("time", time), ("span", &span(describe, &all, w))]);
    let _ = write!(
        s,
        " {}",
        w.say(words::DESC_SCALE, &[("low", &value(unit, ticks[0])), ("high", &value(unit, ticks[ticks.len() - 1]))])
    );
    s.push_str(&phases_desc(p, describe, unit, w));
    let lowest = all.iter().copied().reduce(|a, b| if b.y < a.y { b } else { a });
    let highest = all.iter().copied().reduce(|a, b| if b.y > a.y { b } else { a });
    if let (Some(lo), Some(hi)) = (lowest, highest) {
        let sentence = w.say(
            words::DESC_SCORE_RANGE,
            &[
                ("low", &value(unit, lo.y)),
                ("time", time),
                ("low_at", &rules::number(lo.x)),
                ("high", &value(unit, hi.y)),
                ("high_at", &rules::number(hi.x)),
            ],
        );
        let _ = write!(s, " {sentence}");
    }
    if let Some(aim) = &view.aim {
        let sentence = w.say(
            words::DESC_AIM,
            &[
                ("start", &value(unit, aim.start.y)),
                ("time", time),
                ("start_at", &rules::number(aim.start.x)),
                ("goal", &value(unit, aim.goal.y)),
                ("goal_at", &rules::number(aim.goal.x)),
            ],
        );
        let _ = write!(s, " {sentence}");
    } else if let Some(goal) = p.goal {
        let sentence =
            w.say(words::DESC_GOAL, &[("goal", &value(unit, goal.y)), ("time", time), ("at", &rules::number(goal.x))]);
        let _ = write!(s, " {sentence}");
    }
    if let (Some((line, _, _)), Some(method)) = (view.trend, p.trend) {
        let slope = line.slope;
        let direction = if rules::number(slope) == "0" {
            w.say(words::STAYS_FLAT, &[])
        } else {
            let verb = if slope < 0.0 { words::FALLS } else { words::RISES };
            w.say(
                words::DIRECTION,
                &[("verb", &w.say(verb, &[])), ("amount", &describe.amount(slope.abs())), ("time", time)],
            )
        };
        let sentence = w.say(
            words::DESC_TREND,
            &[
                ("method", &w.say(method.word(), &[])),
                ("count", &view.current.len().to_string()),
                ("span", &span(describe, view.current, w)),
                ("direction", &direction),
            ],
        );
        let _ = write!(s, " {sentence}");
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

fn progress_legend(h: &mut String, chart: &Chart, view: &ProgressView<'_>, id: &str, w: Words<'_>) {
    h.push_str("\n<ul class=\"tb-chart-legend\">");
    legend_item(h, svg::swatch(Swatch::Line, 0, id), &chart.y_label);
    if view.aim.is_some() {
        legend_item(h, svg::swatch(Swatch::Aim, 0, id), &w.say(words::LEGEND_AIM, &[]));
    }
    if view.progress.goal.is_some() {
        legend_item(h, svg::swatch(Swatch::Goal, 0, id), &w.say(words::GOAL, &[]));
    }
    if let (Some(_), Some(method)) = (view.trend, view.progress.trend) {
        let text = w.say(words::LEGEND_TREND, &[("method", &w.say(method.word(), &[]))]);
        legend_item(h, svg::swatch(Swatch::Trend, 0, id), &text);
    }
    if view.progress.phases.len() > 1 {
        legend_item(h, svg::swatch(Swatch::Phase, 0, id), &w.say(words::PHASE_CHANGE, &[]));
    }
    h.push_str("</ul>");
}

fn progress_table(h: &mut String, chart: &Chart, view: &ProgressView<'_>, w: Words<'_>) {
    let p = view.progress;
    let phased = p.phases.len() > 1 || p.phases.iter().any(|ph| !ph.label.is_empty());
    let _ = write!(
        h,
        "\n<details class=\"tb-chart-data\"><summary>{}</summary>\n<table><caption class=\"visually-hidden\">{}</caption>\
         <thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
        escape(w.get(words::DATA_TABLE.0, words::DATA_TABLE.1)),
        escape(&chart.title),
        escape(&chart.x_label),
        escape(&chart.y_label)
    );
    if phased {
        let _ = write!(h, "<th scope=\"col\">{}</th>", escape(w.get(words::PHASE.0, words::PHASE.1)));
    }
    if view.aim.is_some() {
        let _ = write!(h, "<th scope=\"col\">{}</th>", escape(w.get(words::AIM_LINE.0, words::AIM_LINE.1)));
    }
    h.push_str("</tr></thead><tbody>\n");
    let baseline = w.get(words::BASELINE.0, words::BASELINE.1);
    for (i, phase) in p.phases.iter().enumerate() {
        let label = if phase.label.is_empty() && i == 0 && p.baseline { baseline } else { phase.label.as_str() };
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

fn categorical_desc(chart: &Chart, data: &Categorical, w: Words<'_>) -> String {
    let unit = chart.unit;
    let kind = match data.layout {
        Layout::Line => words::KIND_LINE,
        Layout::Grouped => words::KIND_BAR,
        Layout::Stacked => words::KIND_STACKED,
    };
    let ticks = svg::categorical_ticks(chart, data);
    let x = if chart.x_label.is_empty() { w.say(words::CATEGORY_LOWER, &[]) } else { chart.x_label.to_lowercase() };
    let first = data.categories.first().cloned().unwrap_or_default();
    let last = data.categories.last().cloned().unwrap_or_default();
    let names: Vec<String> = data.series.iter().map(|s| s.name.clone()).collect();
    let mut s = w.say(
        words::DESC_CATEGORICAL,
        &[
            ("kind", &w.say(kind, &[])),
            ("measure", &chart.y_label.to_lowercase()),
            ("x", &x),
            ("first", &first),
            ("last", &last),
        ],
    );
    if data.series.len() > 1 {
        s.push_str(
            &w.say(words::DESC_SERIES, &[("count", &data.series.len().to_string()), ("names", &list(&names, w))]),
        );
    }
    let _ = write!(
        s,
        ". {}",
        w.say(words::DESC_SCALE, &[("low", &value(unit, ticks[0])), ("high", &value(unit, ticks[ticks.len() - 1]))])
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
        let sentence = w.say(
            words::DESC_VALUE_RANGE,
            &[
                ("low", &value(unit, lo.0)),
                ("low_at", &place(lo)),
                ("high", &value(unit, hi.0)),
                ("high_at", &place(hi)),
            ],
        );
        let _ = write!(s, " {sentence}");
    }
    if data.ordered && data.categories.len() > 1 {
        for series in &data.series {
            let _ = write!(s, " {}", change(&series.name, &series.values, data, chart, w));
        }
        if data.layout == Layout::Stacked {
            let totals: Vec<f64> =
                (0..data.categories.len()).map(|i| data.series.iter().map(|s| s.values[i]).sum()).collect();
            let _ = write!(s, " {}", change(&w.say(words::THE_TOTAL, &[]), &totals, data, chart, w));
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
fn change(name: &str, values: &[f64], data: &Categorical, chart: &Chart, w: Words<'_>) -> String {
    let unit = chart.unit;
    let (a, b) = (values[0], values[values.len() - 1]);
    let (ca, cb) = (named(chart, &data.categories[0]), named(chart, &data.categories[data.categories.len() - 1]));
    let trend = if a == b {
        w.say(words::NO_CHANGE, &[])
    } else if a == 0.0 {
        w.say(if b > a { words::UP } else { words::DOWN }, &[])
    } else {
        let pct = ((b - a) / a.abs() * 1000.0).round() / 10.0;
        let pct = format!("{}%", Unit::Number.format(pct.abs(), super::decimals_of(pct).min(1)));
        w.say(if b > a { words::UP_BY } else { words::DOWN_BY }, &[("pct", &pct)])
    };
    w.say(
        words::CHANGE,
        &[
            ("name", name),
            ("a", &value(unit, a)),
            ("first", &ca),
            ("b", &value(unit, b)),
            ("last", &cb),
            ("trend", &trend),
        ],
    )
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

fn categorical_table(h: &mut String, chart: &Chart, data: &Categorical, w: Words<'_>) {
    let _ = write!(
        h,
        "\n<details class=\"tb-chart-data\"><summary>{}</summary>\n<table><caption class=\"visually-hidden\">{}</caption>\
         <thead><tr><th scope=\"col\">{}</th>",
        escape(w.get(words::DATA_TABLE.0, words::DATA_TABLE.1)),
        escape(&chart.title),
        escape(if chart.x_label.is_empty() { w.get(words::CATEGORY.0, words::CATEGORY.1) } else { &chart.x_label })
    );
    for series in &data.series {
        let _ = write!(h, "<th scope=\"col\">{}</th>", escape(&series.name));
    }
    let stacked = data.layout == Layout::Stacked && data.series.len() > 1;
    if stacked {
        let _ = write!(h, "<th scope=\"col\">{}</th>", escape(w.get(words::TOTAL.0, words::TOTAL.1)));
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
