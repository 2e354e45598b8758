//! Drawing a validated chart as inline SVG: no script, no font files, no inline styles. Colors,
//! dashes and text come from classes that `css/chart.css` defines for light, dark and print; the
//! shapes differ by series (marker shape, dash, hatching) so colour is never the only difference.
//!
//! The drawing is a pure function of the chart: coordinates are rounded to one decimal, so the
//! same data give the same bytes. `js/chart.js` draws the calculator's live chart with the same
//! layout (`categorical` below); the browser test compares the two.
//!
//! Every data mark is a `<path>` whose `d` starts at the data point (`M x y`, then relative
//! moves) or a `<rect>`, so the tests can read each mark's position back.

use std::fmt::Write as _;

use super::{escape, Categorical, Chart, Layout, Progress, ProgressView, Unit};

/// The drawing's coordinate system; the SVG scales to its container's width.
pub(crate) const WIDTH: f64 = 480.0;
pub(crate) const HEIGHT: f64 = 300.0;
/// The width of one character of a label as the layout reserves it: 0.6 em of the 16-unit font
/// chart.css uses on narrow screens (13 units elsewhere), so labels fit on a phone too (system
/// fonts' digits are about 0.55 em wide).
const CHAR: f64 = 16.0 * 0.6;

/// Marker shapes by series, each drawn from its centre: circle, square, triangle, diamond, cross.
const MARKERS: [&str; 5] = [
    "m-4.5 0a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0-9 0",
    "m-4 -4h8v8h-8z",
    "m0 -5.5l5 9h-10z",
    "m0 -5.5l5.5 5.5-5.5 5.5-5.5-5.5z",
    "m-4.5 -4.5l9 9m0-9l-9 9",
];

/// A number for a coordinate: one decimal, no trailing `.0`.
pub(crate) fn c(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r };
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// A linear scale from a domain to a pixel range.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Scale {
    pub fn at(&self, v: f64) -> f64 {
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// A step of 1, 2, 2.5 or 5 times a power of ten that splits `span` into about `count` parts.
pub(crate) fn nice_step(span: f64, count: f64) -> f64 {
    let raw = (span / count).max(1e-9);
    let magnitude = 10f64.powi(raw.log10().floor() as i32);
    let norm = raw / magnitude;
    let factor = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    factor * magnitude
}

/// The value axis: it always includes 0, and ends on whole steps.
pub(crate) fn value_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    let step = nice_step(if hi > lo { hi - lo } else { 1.0 }, 5.0);
    let first = (lo / step).floor();
    let last = (hi / step).ceil().max(first + 1.0);
    (0..=((last - first) as usize)).map(|i| clean((first + i as f64) * step)).collect()
}

/// Rounds away float noise (0.30000000000000004) so labels and coordinates are stable.
fn clean(v: f64) -> f64 {
    let r = (v * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The plot area inside the drawing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Frame {
    /// Room for the value labels at the left, a top band (phase labels) and the x-axis title.
    fn new(labels: &[String], top_band: bool, x_title: bool) -> Frame {
        let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
        Frame {
            left: 24.0 + widest * CHAR + 8.0,
            right: WIDTH - 16.0,
            top: if top_band { 30.0 } else { 14.0 },
            bottom: HEIGHT - if x_title { 48.0 } else { 28.0 },
        }
    }
}

/// The opening of the SVG with its title and description.
fn open(h: &mut String, id: &str, title: &str, desc: &str) {
    let _ = write!(
        h,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tb-chart-svg\" viewBox=\"0 0 {} {}\" width=\"100%\" \
         role=\"img\" aria-labelledby=\"{id}-t\" aria-describedby=\"{id}-d\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        WIDTH,
        HEIGHT,
        escape(title),
        escape(desc)
    );
}

/// Grid lines, the value labels and the axis titles.
fn value_axis(h: &mut String, frame: &Frame, y: &Scale, ticks: &[f64], labels: &[String], chart: &Chart) {
    h.push_str("<g class=\"c-grid\">");
    for t in ticks {
        let _ = write!(h, "<path d=\"M{} {}H{}\"/>", c(frame.left), c(y.at(*t)), c(frame.right));
    }
    h.push_str("</g><g class=\"c-yt\">");
    for (t, label) in ticks.iter().zip(labels) {
        let _ = write!(h, "<text x=\"{}\" y=\"{}\">{}</text>", c(frame.left - 6.0), c(y.at(*t) + 4.5), escape(label));
    }
    let _ = write!(
        h,
        "</g><path class=\"c-axis\" d=\"M{l} {t}V{b}H{r}\"/>\
         <text class=\"c-yl\" transform=\"rotate(-90)\" x=\"{}\" y=\"14\">{}</text>",
        c(-(frame.top + frame.bottom) / 2.0),
        escape(&chart.y_label),
        l = c(frame.left),
        t = c(frame.top),
        b = c(frame.bottom),
        r = c(frame.right),
    );
    if !chart.x_label.is_empty() {
        let _ = write!(
            h,
            "<text class=\"c-xl\" x=\"{}\" y=\"{}\">{}</text>",
            c((frame.left + frame.right) / 2.0),
            c(HEIGHT - 8.0),
            escape(&chart.x_label)
        );
    }
}

/// A marker of series `index` centred on a point.
fn marker(h: &mut String, index: usize, x: f64, y: f64) {
    let _ = write!(h, "<path d=\"M{} {}{}\"/>", c(x), c(y), MARKERS[index % MARKERS.len()]);
}

/// The value axis of a progress graph: its points and goal, 0, and the author's `y_min`/`y_max`.
pub(crate) fn progress_ticks(chart: &Chart, p: &Progress) -> Vec<f64> {
    let ys = p.phases.iter().flat_map(|ph| ph.points.iter().map(|pt| pt.y)).chain(p.goal.map(|g| g.y));
    let lo = ys.clone().fold(chart.y_min.unwrap_or(0.0), f64::min);
    let hi = ys.fold(chart.y_max.unwrap_or(f64::MIN), f64::max);
    value_ticks(lo, hi)
}

/// The value axis of a line or bar chart (stack totals when stacked).
pub(crate) fn categorical_ticks(chart: &Chart, data: &Categorical) -> Vec<f64> {
    let (lo, hi) = data.bounds(data.layout == Layout::Stacked);
    value_ticks(lo.min(chart.y_min.unwrap_or(0.0)), hi.max(chart.y_max.unwrap_or(f64::MIN)))
}

/// Labels for the value ticks, all with the same number of decimals.
fn tick_labels(ticks: &[f64], unit: Unit) -> Vec<String> {
    let decimals = ticks.iter().map(|t| super::decimals_of(*t)).max().unwrap_or(0);
    ticks.iter().map(|t| unit.format(*t, decimals)).collect()
}

/// A progress-monitoring graph: phases, points joined within each phase, the aim line to the
/// goal, the trend of the current phase, and phase-change lines with their labels.
pub(crate) fn progress(
    chart: &Chart,
    view: &ProgressView<'_>,
    id: &str,
    desc: &str,
    w: crate::content::strings::Words<'_>,
) -> String {
    let p = view.progress;
    let points = p.phases.iter().flat_map(|ph| ph.points.iter());
    let goal = p.goal.iter();
    let ticks = progress_ticks(chart, p);
    let labels = tick_labels(&ticks, chart.unit);
    let xs = points.clone().map(|pt| pt.x).chain(goal.map(|g| g.x));
    let x_lo = xs.clone().fold(f64::MAX, f64::min);
    let x_hi = xs.fold(f64::MIN, f64::max);
    let labelled_phases = p.phases.len() > 1 || p.phases.iter().any(|ph| !ph.label.is_empty());
    let frame = Frame::new(&labels, labelled_phases, !chart.x_label.is_empty());
    let y = Scale { d0: ticks[0], d1: ticks[ticks.len() - 1], r0: frame.bottom, r1: frame.top };
    let x = Scale { d0: x_lo - 0.5, d1: x_hi + 0.5, r0: frame.left, r1: frame.right };

    let mut h = String::with_capacity(4096);
    open(&mut h, id, &chart.title, desc);
    value_axis(&mut h, &frame, &y, &ticks, &labels, chart);
    time_ticks(&mut h, &frame, &x, x_lo, x_hi);
    phase_lines(&mut h, &frame, &x, view);
    if let Some(aim) = &view.aim {
        let end_x = x_hi.max(aim.goal.x);
        let _ = write!(
            h,
            "<path class=\"c-aim\" d=\"M{} {}L{} {}\"/>",
            c(x.at(aim.start.x)),
            c(y.at(aim.start.y)),
            c(x.at(end_x)),
            c(y.at(aim.line.at(end_x)))
        );
    }
    if let Some(g) = p.goal {
        let (gx, gy) = (x.at(g.x), y.at(g.y));
        let label = w.say(super::words::GOAL_LABEL, &[("value", &chart.unit.format(g.y, super::decimals_of(g.y)))]);
        // Beside the star, on the side with more room; the aim line arrives from below it.
        let anchor_end = gx > (frame.left + frame.right) / 2.0;
        let _ = write!(
            h,
            "<g class=\"c-goal\"><path d=\"M{} {}m0 -7l2 5h5l-4 3 1.5 5-4.5-3-4.5 3 1.5-5-4-3h5z\"/>\
             <text x=\"{}\" y=\"{}\"{}>{}</text></g>",
            c(gx),
            c(gy),
            c(if anchor_end { gx - 11.0 } else { gx + 11.0 }),
            c(gy + 4.5),
            if anchor_end { " text-anchor=\"end\"" } else { "" },
            escape(&label)
        );
    }
    if let Some((line, from, to)) = view.trend {
        let _ = write!(
            h,
            "<path class=\"c-trend\" d=\"M{} {}L{} {}\"/>",
            c(x.at(from)),
            c(y.at(line.at(from))),
            c(x.at(to)),
            c(y.at(line.at(to)))
        );
    }
    h.push_str("<g class=\"c-s1\">");
    for phase in &p.phases {
        if phase.points.len() > 1 {
            let pts: Vec<String> =
                phase.points.iter().map(|pt| format!("{} {}", c(x.at(pt.x)), c(y.at(pt.y)))).collect();
            let _ = write!(h, "<path class=\"c-ln\" d=\"M{}\"/>", pts.join("L"));
        }
    }
    h.push_str("<g class=\"c-pts\">");
    for pt in p.phases.iter().flat_map(|ph| &ph.points) {
        marker(&mut h, 0, x.at(pt.x), y.at(pt.y));
    }
    h.push_str("</g></g></svg>");
    h
}

/// Labels along a time axis: whole numbers, every `step`th, as many as fit.
fn time_ticks(h: &mut String, frame: &Frame, x: &Scale, lo: f64, hi: f64) {
    let widest = format!("{}", hi.ceil() as i64).len().max(format!("{}", lo.floor() as i64).len()) as f64;
    let room = frame.right - frame.left;
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        .into_iter()
        .find(|s| ((hi - lo) / s + 1.0) * (widest * CHAR + 6.0) <= room)
        .unwrap_or(100.0);
    h.push_str("<g class=\"c-xt\">");
    let mut t = (lo / step).ceil() * step;
    while t <= hi + 1e-9 {
        let _ = write!(h, "<text x=\"{}\" y=\"{}\">{}</text>", c(x.at(t)), c(frame.bottom + 18.0), c(t));
        t += step;
    }
    h.push_str("</g>");
}

/// A vertical line halfway between the last point of one phase and the first of the next, with
/// the new phase's label; the first phase's label sits at the left.
fn phase_lines(h: &mut String, frame: &Frame, x: &Scale, view: &ProgressView<'_>) {
    let phases = &view.progress.phases;
    if phases.len() < 2 && phases.iter().all(|p| p.label.is_empty()) {
        return;
    }
    h.push_str("<g class=\"c-phase\">");
    for (i, phase) in phases.iter().enumerate() {
        let at = match i {
            0 => frame.left,
            _ => {
                let before = phases[i - 1].points.last().map_or(0.0, |p| p.x);
                let after = phase.points.first().map_or(before, |p| p.x);
                let line_x = x.at((before + after) / 2.0);
                let _ = write!(h, "<path d=\"M{} {}V{}\"/>", c(line_x), c(frame.top - 16.0), c(frame.bottom));
                line_x
            }
        };
        if !phase.label.is_empty() {
            let _ =
                write!(h, "<text x=\"{}\" y=\"{}\">{}</text>", c(at + 4.0), c(frame.top - 6.0), escape(&phase.label));
        }
    }
    h.push_str("</g>");
}

/// A line or bar chart over categories (years, groups).
pub(crate) fn categorical(chart: &Chart, data: &Categorical, id: &str, desc: &str) -> String {
    let ticks = categorical_ticks(chart, data);
    let labels = tick_labels(&ticks, chart.unit);
    let frame = Frame::new(&labels, false, !chart.x_label.is_empty());
    let y = Scale { d0: ticks[0], d1: ticks[ticks.len() - 1], r0: frame.bottom, r1: frame.top };
    let n = data.categories.len() as f64;
    let band = (frame.right - frame.left) / n;
    let centre = |i: usize| frame.left + band * (i as f64 + 0.5);

    let mut h = String::with_capacity(4096);
    open(&mut h, id, &chart.title, desc);
    if data.layout != Layout::Line && data.series.len() > 1 {
        hatches(&mut h, id, data.series.len());
    }
    value_axis(&mut h, &frame, &y, &ticks, &labels, chart);
    // Category labels: every `step`th, so that they fit.
    let widest = data.categories.iter().map(|s| s.chars().count()).max().unwrap_or(1) as f64;
    let step = (1..=data.categories.len()).find(|s| band * *s as f64 >= widest * CHAR * 0.92 + 4.0).unwrap_or(1);
    h.push_str("<g class=\"c-xt\">");
    for (i, label) in data.categories.iter().enumerate().filter(|(i, _)| i % step == 0) {
        let _ = write!(h, "<text x=\"{}\" y=\"{}\">{}</text>", c(centre(i)), c(frame.bottom + 18.0), escape(label));
    }
    h.push_str("</g>");
    let zero = y.at(0.0);
    let mut stack_top = vec![0.0; data.categories.len()];
    let count = data.series.len() as f64;
    for (s, series) in data.series.iter().enumerate() {
        let fill =
            if data.layout != Layout::Line && s > 0 { format!(" fill=\"url(#{id}-h{s})\"") } else { String::new() };
        let _ = write!(h, "<g class=\"c-s{}\"{fill}>", s % 5 + 1);
        match data.layout {
            Layout::Line => {
                let pts: Vec<String> = series
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| format!("{} {}", c(centre(i)), c(y.at(*v))))
                    .collect();
                let _ = write!(h, "<path class=\"c-ln\" d=\"M{}\"/>", pts.join("L"));
                for (i, v) in series.values.iter().enumerate() {
                    marker(&mut h, s, centre(i), y.at(*v));
                }
            }
            Layout::Grouped => {
                let width = band * 0.7 / count;
                for (i, v) in series.values.iter().enumerate() {
                    let left = centre(i) - band * 0.35 + width * s as f64;
                    bar(&mut h, left, width, y.at(*v), zero);
                }
            }
            Layout::Stacked => {
                let width = band * 0.6;
                for (i, v) in series.values.iter().enumerate() {
                    let base = stack_top[i];
                    stack_top[i] = base + v;
                    bar(&mut h, centre(i) - width / 2.0, width, y.at(base + v), y.at(base));
                }
            }
        }
        h.push_str("</g>");
    }
    h.push_str("</svg>");
    h
}

fn bar(h: &mut String, left: f64, width: f64, a: f64, b: f64) {
    let (top, bottom) = (a.min(b), a.max(b));
    let _ =
        write!(h, "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>", c(left), c(top), c(width), c(bottom - top));
}

/// Hatch patterns for the second and later bar series (the first is solid): in greyscale print
/// the series still differ. Each pattern takes its series' colour from its class.
fn hatches(h: &mut String, id: &str, count: usize) {
    const LINES: [&str; 4] = ["M0 6L6 0", "M0 0L6 6", "M3 0V6", "M0 3H6"];
    h.push_str("<defs>");
    for s in 1..count {
        let _ = write!(
            h,
            "<pattern id=\"{id}-h{s}\" class=\"c-s{}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">\
             <path class=\"c-hatch\" d=\"{}\"/></pattern>",
            s % 5 + 1,
            LINES[(s - 1) % LINES.len()]
        );
    }
    h.push_str("</defs>");
}

/// A legend swatch: the series' marker and line, or its bar fill (decorative; the text beside it
/// names the series).
pub(crate) fn swatch(kind: Swatch, series: usize, id: &str) -> String {
    let class = format!("c-s{}", series % 5 + 1);
    let body = match kind {
        Swatch::Line => {
            format!("<path class=\"c-ln\" d=\"M2 8H26\"/><path d=\"M14 8{}\"/>", MARKERS[series % MARKERS.len()])
        }
        Swatch::Bar if series == 0 => "<rect x=\"6\" y=\"2\" width=\"16\" height=\"12\"/>".to_string(),
        Swatch::Bar => format!("<rect x=\"6\" y=\"2\" width=\"16\" height=\"12\" fill=\"url(#{id}-h{series})\"/>"),
        Swatch::Aim => return legend_svg("<path class=\"c-aim\" d=\"M2 8H26\"/>"),
        Swatch::Trend => return legend_svg("<path class=\"c-trend\" d=\"M2 8H26\"/>"),
        Swatch::Phase => return legend_svg("<g class=\"c-phase\"><path d=\"M14 1V15\"/></g>"),
        Swatch::Goal => {
            return legend_svg(
                "<g class=\"c-goal\"><path d=\"M14 8m0 -7l2 5h5l-4 3 1.5 5-4.5-3-4.5 3 1.5-5-4-3h5z\"/></g>",
            )
        }
    };
    legend_svg(&format!("<g class=\"{class}\">{body}</g>"))
}

fn legend_svg(inner: &str) -> String {
    format!("<svg class=\"tb-chart-key\" viewBox=\"0 0 28 16\" width=\"28\" height=\"16\" aria-hidden=\"true\" focusable=\"false\">{inner}</svg>")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Swatch {
    Line,
    Bar,
    Aim,
    Trend,
    Phase,
    Goal,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_short_and_stable() {
        assert_eq!(c(12.0), "12");
        assert_eq!(c(12.345), "12.3");
        assert_eq!(c(-0.01), "0");
    }

    #[test]
    fn value_ticks_are_round_and_include_zero() {
        assert_eq!(value_ticks(8.0, 20.0), vec![0.0, 5.0, 10.0, 15.0, 20.0]);
        assert_eq!(value_ticks(0.0, 288_368.0), vec![0.0, 100_000.0, 200_000.0, 300_000.0]);
        assert_eq!(value_ticks(0.0, 0.0), vec![0.0, 0.2]);
        assert_eq!(value_ticks(-3.0, 7.0), vec![-4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(value_ticks(0.0, 0.7), vec![0.0, 0.2, 0.4, 0.6, 0.8]);
    }
}
