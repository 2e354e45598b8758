//! The chart block, end to end: build the fixture site with the real binary, parse each chart's
//! SVG back and check every mark against its data through the axis scales the SVG itself states
//! (its tick labels and their positions); trend lines against an independent computation; the
//! decision sentences against hand-worked cases; every CSV error class with its row and column;
//! the size budget; contrast of the chart colours; axe in light and dark; a 320 px screen.

use std::io::Write as _;

use serde_json::json;
use tierbook::decision_rules::{self as rules, Decision, Describe, Line, Point};

use crate::harness::TestSite;
use crate::webdriver::{self, serve, Browser};

/// The chart SVGs of a page, in order, as XML text.
fn svgs(html: &str) -> Vec<String> {
    html.match_indices("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tb-chart-svg\"")
        .map(|(start, _)| {
            let end = html[start..].find("</svg>").expect("a closed svg") + start + "</svg>".len();
            html[start..end].to_string()
        })
        .collect()
}

/// `$1,250` -> 1250.
fn label_value(text: &str) -> f64 {
    text.replace(['$', ',', '%'], "").trim().parse().unwrap_or_else(|_| panic!("tick label {text:?}"))
}

/// The first two numbers of a path's `d`: where a marker or line starts.
fn start_of(d: &str) -> (f64, f64) {
    let body = d.strip_prefix('M').expect("path starts with M");
    let end = body.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(body.len());
    let nums: Vec<f64> = body[..end].split_whitespace().map(|n| n.parse().expect("number")).collect();
    (nums[0], nums[1])
}

/// Every `x y` pair of a path made of M and L commands.
fn polyline(d: &str) -> Vec<(f64, f64)> {
    d.trim_start_matches('M')
        .split('L')
        .map(|pair| {
            let nums: Vec<f64> = pair.split_whitespace().map(|n| n.parse().expect("number")).collect();
            (nums[0], nums[1])
        })
        .collect()
}

/// A linear scale read back from (value, pixel) pairs, checked to be linear.
#[derive(Debug, Clone, Copy)]
struct Axis {
    value0: f64,
    pixel0: f64,
    per_unit: f64,
}

impl Axis {
    fn from_ticks(ticks: &[(f64, f64)]) -> Axis {
        assert!(ticks.len() >= 2, "an axis needs two ticks: {ticks:?}");
        let (a, b) = (ticks[0], ticks[ticks.len() - 1]);
        let axis = Axis { value0: a.0, pixel0: a.1, per_unit: (b.1 - a.1) / (b.0 - a.0) };
        for t in ticks {
            assert!((axis.pixel(t.0) - t.1).abs() < 0.15, "tick {t:?} is off the linear scale {axis:?}");
        }
        axis
    }

    fn pixel(&self, value: f64) -> f64 {
        self.pixel0 + (value - self.value0) * self.per_unit
    }
}

fn children<'a, 'i>(node: roxmltree::Node<'a, 'i>, class: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    node.descendants().filter(|n| n.attribute("class") == Some(class)).collect()
}

/// The first `<g>` with this class (patterns share the series classes).
fn group<'a, 'i>(doc: &'a roxmltree::Document<'i>, class: &str) -> roxmltree::Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.has_tag_name("g") && n.attribute("class") == Some(class))
        .unwrap_or_else(|| panic!("no g.{class}"))
}

fn num(node: roxmltree::Node<'_, '_>, attr: &str) -> f64 {
    node.attribute(attr).unwrap_or_else(|| panic!("no {attr}")).parse().expect("a number")
}

/// The value axis: each grid line's height paired with its label.
fn value_axis(doc: &roxmltree::Document<'_>) -> Axis {
    let grid: Vec<f64> = group(doc, "c-grid").children().map(|p| start_of(p.attribute("d").expect("d")).1).collect();
    let labels: Vec<f64> = group(doc, "c-yt").children().map(|t| label_value(t.text().unwrap_or(""))).collect();
    assert_eq!(grid.len(), labels.len());
    Axis::from_ticks(&labels.into_iter().zip(grid).collect::<Vec<_>>())
}

/// The time axis of a progress graph, from its labels' values and positions.
fn time_axis(doc: &roxmltree::Document<'_>) -> Axis {
    let ticks: Vec<(f64, f64)> =
        group(doc, "c-xt").children().map(|t| (label_value(t.text().unwrap_or("")), num(t, "x"))).collect();
    Axis::from_ticks(&ticks)
}

fn close(actual: f64, expected: f64, what: &str) {
    assert!((actual - expected).abs() < 0.2, "{what}: at {actual}, expected {expected}");
}

fn maya() -> Vec<Point> {
    let csv = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/charts/site/content/progress/maya.csv"),
    )
    .expect("fixture CSV");
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .map(|c| Point { x: c[0].parse().unwrap(), y: c[1].parse().unwrap() })
        .collect()
}

/// The test's own least squares, written out from the textbook formula.
fn least_squares_by_hand(points: &[Point]) -> (f64, f64) {
    let n = points.len() as f64;
    let (sx, sy) = (points.iter().map(|p| p.x).sum::<f64>(), points.iter().map(|p| p.y).sum::<f64>());
    let sxy: f64 = points.iter().map(|p| p.x * p.y).sum();
    let sxx: f64 = points.iter().map(|p| p.x * p.x).sum();
    let slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    (slope, (sy - slope * sx) / n)
}

#[test]
fn progress_marks_aim_and_trend_sit_where_the_data_put_them() {
    let site = TestSite::fixture("charts/site").built();
    let html = site.read("progress/index.html");
    let charts = svgs(&html);
    assert_eq!(charts.len(), 2);

    // Maya, from the CSV file: 15 weekly points, baseline weeks 1-3, goal 14 at week 15.
    let doc = roxmltree::Document::parse(&charts[0]).expect("the SVG is well-formed XML");
    let (y, x) = (value_axis(&doc), time_axis(&doc));
    let data = maya();
    let marks: Vec<(f64, f64)> =
        group(&doc, "c-pts").children().map(|p| start_of(p.attribute("d").expect("d"))).collect();
    assert_eq!(marks.len(), data.len(), "one mark per point");
    for (mark, point) in marks.iter().zip(&data) {
        close(mark.0, x.pixel(point.x), &format!("week {} across", point.x));
        close(mark.1, y.pixel(point.y), &format!("week {} up", point.x));
    }
    // The aim line starts at the baseline median (9) placed at the baseline's middle week (2) and
    // ends on the goal.
    let aim = polyline(children(doc.root(), "c-aim")[0].attribute("d").expect("d"));
    close(aim[0].0, x.pixel(2.0), "aim start week");
    close(aim[0].1, y.pixel(9.0), "aim start score");
    close(aim[1].0, x.pixel(15.0), "aim end week");
    close(aim[1].1, y.pixel(14.0), "aim end score");
    let goal = start_of(group(&doc, "c-goal").first_element_child().expect("star").attribute("d").expect("d"));
    close(goal.0, x.pixel(15.0), "goal week");
    close(goal.1, y.pixel(14.0), "goal score");
    // The phase line sits halfway between week 3 and week 4.
    let phase = group(&doc, "c-phase").children().find(|n| n.has_tag_name("path")).expect("a phase line");
    close(start_of(phase.attribute("d").expect("d")).0, x.pixel(3.5), "phase change");
    // Least squares over the points after the phase change, computed here independently.
    let (slope, intercept) = least_squares_by_hand(&data[3..]);
    let trend = polyline(children(doc.root(), "c-trend")[0].attribute("d").expect("d"));
    close(trend[0].0, x.pixel(4.0), "trend start week");
    close(trend[0].1, y.pixel(intercept + slope * 4.0), "trend start");
    close(trend[1].0, x.pixel(15.0), "trend end week");
    close(trend[1].1, y.pixel(intercept + slope * 15.0), "trend end");

    // Inline, split-middle over the last phase (8,18) (9,21) (10,22) (11,25) (12,27), by hand:
    // halves (8,18),(9,21) and (11,25),(12,27), medians (8.5, 19.5) and (11.5, 26): slope 13/6;
    // residuals y - 13x/6 are 2/3, 3/2, 1/3, 7/6, 1: median 1. So y = 1 + 13x/6.
    let doc = roxmltree::Document::parse(&charts[1]).expect("well-formed");
    let (y, x) = (value_axis(&doc), time_axis(&doc));
    let trend = polyline(children(doc.root(), "c-trend")[0].attribute("d").expect("d"));
    close(trend[0].1, y.pixel(1.0 + 13.0 * 8.0 / 6.0), "split-middle start");
    close(trend[1].1, y.pixel(1.0 + 13.0 * 12.0 / 6.0), "split-middle end");
    close(trend[1].0, x.pixel(12.0), "split-middle end week");
    // Each phase is its own line: the points are not joined across a phase change.
    let lines = children(group(&doc, "c-s1"), "c-ln");
    assert_eq!(lines.iter().map(|l| polyline(l.attribute("d").unwrap()).len()).collect::<Vec<_>>(), [3, 4, 5]);
}

#[test]
fn bar_and_line_marks_match_their_values() {
    let site = TestSite::fixture("charts/site").built();
    let html = site.read("costs/index.html");
    let charts = svgs(&html);
    assert_eq!(charts.len(), 3);

    // The line chart from costs.csv, read here from the file.
    let csv = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/charts/site/content/costs.csv"),
    )
    .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    let doc = roxmltree::Document::parse(&charts[0]).expect("well-formed");
    let y = value_axis(&doc);
    for (s, class) in ["c-s1", "c-s2"].iter().enumerate() {
        let marks: Vec<(f64, f64)> = group(&doc, class)
            .children()
            .filter(|p| p.attribute("class").is_none())
            .map(|p| start_of(p.attribute("d").unwrap()))
            .collect();
        assert_eq!(marks.len(), rows.len());
        for (mark, row) in marks.iter().zip(&rows) {
            close(mark.1, y.pixel(label_value(&row[s + 1])), &format!("{class} {}", row[0]));
        }
    }
    // Labelled categories sit under their marks.
    let labels: Vec<(String, f64)> =
        group(&doc, "c-xt").children().map(|t| (t.text().unwrap().to_string(), num(t, "x"))).collect();
    let first_marks: Vec<f64> = group(&doc, "c-s1")
        .children()
        .filter(|p| p.attribute("class").is_none())
        .map(|p| start_of(p.attribute("d").unwrap()).0)
        .collect();
    for (text, at) in &labels {
        let i = rows.iter().position(|r| &r[0] == text).expect("a category label");
        close(first_marks[i], *at, text);
    }

    // Grouped bars: each rect's top and bottom through the value axis give its value.
    let grouped = [[134.0, 128.0, 121.0], [40.0, 52.0, 61.0]];
    let doc = roxmltree::Document::parse(&charts[1]).expect("well-formed");
    let y = value_axis(&doc);
    for (s, values) in grouped.iter().enumerate() {
        let rects: Vec<_> = group(&doc, &format!("c-s{}", s + 1)).children().collect();
        assert_eq!(rects.len(), 3);
        for (rect, v) in rects.iter().zip(values) {
            close(num(*rect, "y"), y.pixel(*v), "bar top");
            close(num(*rect, "y") + num(*rect, "height"), y.pixel(0.0), "bar bottom");
        }
    }
    // Stacked: the second series starts where the first ends.
    let stacked = [[22.0, 20.0, 18.0], [18.0, 12.0, 9.0]];
    let doc = roxmltree::Document::parse(&charts[2]).expect("well-formed");
    let y = value_axis(&doc);
    for i in 0..3 {
        let bottom: Vec<_> = group(&doc, "c-s1").children().collect();
        let top: Vec<_> = group(&doc, "c-s2").children().collect();
        close(num(bottom[i], "y"), y.pixel(stacked[0][i]), "first segment top");
        close(num(bottom[i], "y") + num(bottom[i], "height"), y.pixel(0.0), "first segment bottom");
        close(num(top[i], "y") + num(top[i], "height"), y.pixel(stacked[0][i]), "second segment bottom");
        close(num(top[i], "y"), y.pixel(stacked[0][i] + stacked[1][i]), "second segment top");
    }
}

#[test]
fn descriptions_and_tables_say_what_the_chart_shows() {
    let site = TestSite::fixture("charts/site").built();
    let html = site.read("progress/index.html");
    let charts = svgs(&html);
    let doc = roxmltree::Document::parse(&charts[0]).expect("well-formed");
    let svg = doc.root_element();
    assert_eq!(svg.attribute("role"), Some("img"));
    let desc = svg.children().find(|n| n.has_tag_name("desc")).and_then(|n| n.text()).expect("a desc");
    for part in [
        "letters per minute by week, weeks 1 to 15",
        "The vertical scale runs from 0 to 15.",
        "Baseline (weeks 1 to 3): 9, 10 and 8; median 9.",
        "Lowest score 8 (week 3); highest 13 (week 11).",
        "Aim line from the baseline median, 9 at week 2, to the goal of 14 at week 15.",
        "Trend line (least squares)",
        "Four-point rule: of the last 4 points (weeks 12 to 15), all 4 are below the aim line",
    ] {
        assert!(desc.contains(part), "the description lacks {part:?}:\n{desc}");
    }
    assert_eq!(
        svg.attribute("aria-describedby"),
        svg.children().find(|n| n.has_tag_name("desc")).and_then(|d| d.attribute("id"))
    );
    // The data table has every point.
    let table_start = html.find("<details class=\"tb-chart-data\">").expect("a data table");
    let table = &html[table_start..html[table_start..].find("</details>").unwrap() + table_start];
    for p in maya() {
        assert!(table.contains(&format!("<tr><th scope=\"row\">{}</th><td>{}</td>", p.x, p.y)), "row for week {}", p.x);
    }
    // The trend method and the decision are stated on the page, not only in the description.
    assert!(html.contains("Trend line (least squares method)"));
    assert!(html.contains("<p class=\"tb-chart-decision\"><strong>Four-point rule:</strong>"));
    // Strict CSP: no scripts or inline styles in any chart.
    for chart in svgs(&html) {
        assert!(!chart.contains("<script") && !chart.contains(" style=") && !chart.contains("<style"));
    }
    // Deterministic: a second build gives the same page.
    let again = TestSite::fixture("charts/site").built();
    assert_eq!(again.read("progress/index.html"), html);
}

// ---- Decision rules: hand-worked cases ----

const WEEKS: Describe<'static> = Describe { x_singular: "week", x_plural: "weeks", y_unit: "letters per minute" };

fn points(pairs: &[(f64, f64)]) -> Vec<Point> {
    pairs.iter().map(|&(x, y)| Point { x, y }).collect()
}

#[test]
fn four_points_below_the_aim_line_mean_change_the_support() {
    // Aim line from 9 at week 2 to 20 at week 13: slope 1, so at week x it is x + 7.
    let aim = Line::through(Point { x: 2.0, y: 9.0 }, Point { x: 13.0, y: 20.0 }).unwrap();
    assert!((aim.at(8.0) - 15.0).abs() < 1e-12);
    // Weeks 5-8, aim 12, 13, 14, 15; scores all below.
    let e =
        rules::four_point(&points(&[(4.0, 13.0), (5.0, 11.0), (6.0, 12.0), (7.0, 12.0), (8.0, 13.0)]), &aim, &WEEKS);
    assert_eq!(e.decision, Decision::Change);
    assert_eq!(
        e.sentence,
        "Four-point rule: of the last 4 points (weeks 5 to 8), all 4 are below the aim line, so the rule says: \
         change or intensify the support, after first checking that it was delivered as planned."
    );
}

#[test]
fn three_below_and_one_above_mean_keep_going() {
    let aim = Line::through(Point { x: 2.0, y: 9.0 }, Point { x: 13.0, y: 20.0 }).unwrap();
    // Week 6's 14 is above the aim line's 13 there.
    let e = rules::four_point(&points(&[(5.0, 11.0), (6.0, 14.0), (7.0, 12.0), (8.0, 13.0)]), &aim, &WEEKS);
    assert_eq!(e.decision, Decision::KeepGoing);
    assert_eq!(
        e.sentence,
        "Four-point rule: of the last 4 points (weeks 5 to 8), 3 are below the aim line and 1 is above it, \
         so the rule says: keep going and keep collecting data."
    );
    // A point exactly on the line is neither above nor below.
    let e = rules::four_point(&points(&[(5.0, 11.0), (6.0, 13.0), (7.0, 12.0), (8.0, 13.0)]), &aim, &WEEKS);
    assert_eq!(e.decision, Decision::KeepGoing);
    assert!(e.sentence.contains("3 are below the aim line, 0 are above it and 1 is on it"), "{}", e.sentence);
    // Four above: the goal may be too low.
    let e = rules::four_point(&points(&[(5.0, 13.0), (6.0, 14.0), (7.0, 15.0), (8.0, 16.0)]), &aim, &WEEKS);
    assert_eq!(e.decision, Decision::RaiseGoal);
    // Three points are too few for the four-point rule.
    let e = rules::four_point(&points(&[(5.0, 13.0), (6.0, 14.0), (7.0, 15.0)]), &aim, &WEEKS);
    assert_eq!(e.decision, Decision::TooFewPoints { need: 4, have: 3 });
}

#[test]
fn a_trend_steeper_than_the_aim_line_means_the_goal_may_be_too_low() {
    // Aim slope 1 per week; the scores rise 2 per week exactly (least squares gives 2).
    let aim = Line::through(Point { x: 2.0, y: 9.0 }, Point { x: 13.0, y: 20.0 }).unwrap();
    let rising = points(&[(4.0, 10.0), (5.0, 12.0), (6.0, 14.0), (7.0, 16.0)]);
    let e = rules::trend_rule(&rising, &aim, rules::TrendMethod::LeastSquares, &WEEKS);
    assert_eq!(e.decision, Decision::RaiseGoal);
    assert_eq!(
        e.sentence,
        "Trend rule: the trend (least squares) rises 2 letters per minute per week, steeper than the aim line, \
         which rises 1 letters per minute per week, so the rule says: the goal may be too low, so think about raising it."
    );
    // Flat scores: flatter than the aim line.
    let flat = points(&[(4.0, 10.0), (5.0, 10.0), (6.0, 10.0), (7.0, 10.0)]);
    assert_eq!(rules::trend_rule(&flat, &aim, rules::TrendMethod::SplitMiddle, &WEEKS).decision, Decision::Change);
    // A trend equal to the aim line to two decimals: keep going.
    let same = points(&[(4.0, 10.0), (5.0, 11.0), (6.0, 12.0), (7.0, 13.0)]);
    assert_eq!(rules::trend_rule(&same, &aim, rules::TrendMethod::LeastSquares, &WEEKS).decision, Decision::KeepGoing);
}

#[test]
fn median_of_the_last_three_points_against_the_aim_line() {
    let aim = Line::through(Point { x: 2.0, y: 9.0 }, Point { x: 13.0, y: 20.0 }).unwrap();
    // Last three 12, 16, 13: median 13, against the aim line's 14 at week 7 (the middle point).
    let e = rules::median_of_three(&points(&[(5.0, 9.0), (6.0, 12.0), (7.0, 16.0), (8.0, 13.0)]), &aim, &WEEKS);
    assert_eq!(e.decision, Decision::Change);
    assert!(
        e.sentence.contains("the median of the last 3 points is 13, below the aim line's 14 at week 7"),
        "{}",
        e.sentence
    );
}

/// The lessons' worked example (the Room 12 case, fictional): baseline 9, 10, 8; four of the last
/// five points below the aim line; the four most recent all below. The fixture's graph of it must
/// come out as "change the support", and the page must say so.
#[test]
fn the_worked_example_graph_reads_as_the_lesson_says() {
    let data = maya();
    let baseline = &data[..3];
    let start = rules::aim_start(baseline).unwrap();
    assert_eq!((start.x, start.y), (2.0, 9.0));
    let aim = Line::through(start, Point { x: 15.0, y: 14.0 }).unwrap();
    let last_five = &data[data.len() - 5..];
    assert_eq!(last_five.iter().filter(|p| p.y < aim.at(p.x)).count(), 4, "four of the last five below");
    let e = rules::evaluate(rules::Rule::FourPoint, &data[3..], &aim, None, &WEEKS);
    assert_eq!(e.decision, Decision::Change);
    let site = TestSite::fixture("charts/site").built();
    assert!(site.read("progress/index.html").contains(&e.sentence.replace('\'', "&#39;")));
}

// ---- Errors ----

const PROGRESS_BLOCK: &str = "+++\ntitle = \"P\"\n+++\n\n```chart\nkind = \"progress\"\ntitle = \"T\"\ny_label = \"Score\"\ndata = \"data.csv\"\n```\n";

fn line_block(series: &[&str]) -> String {
    let mut body = String::from("+++\ntitle = \"P\"\n+++\n\n```chart\nkind = \"line\"\ntitle = \"T\"\ny_label = \"Cost\"\ndata = \"data.csv\"\n");
    for s in series {
        body.push_str(&format!("\n[[series]]\nname = \"{s}\"\n"));
    }
    body + "```\n"
}

fn fails_at(page: &str, csv: &[u8], expected: &[&str]) {
    let site = TestSite::new().file("content/p/index.md", page);
    let path = site.root().join("content/p/data.csv");
    std::fs::File::create(&path).unwrap().write_all(csv).unwrap();
    let run = site.build();
    run.exit(1);
    for e in expected {
        run.stderr_has(e);
    }
    assert!(run.stderr.contains("hint: "), "every CSV error has a hint:\n{}", run.stderr);
    assert!(!site.out().exists(), "a failed build writes no output folder");
}

#[test]
fn every_csv_error_names_its_row_and_column() {
    let f = "content/p/data.csv";
    // A text where a number belongs.
    fails_at(
        PROGRESS_BLOCK,
        b"week,score\n1,9\n2,ten\n",
        &[&format!("{f}:3:3: error: chart data: row 3, column 2 (`score`) is `ten`, not a number")],
    );
    // An empty cell.
    fails_at(
        PROGRESS_BLOCK,
        b"week,score\n1,9\n,10\n",
        &[&format!("{f}:3:1: error: chart data: row 3, column 1 (`week`) is empty")],
    );
    // A row with too many cells.
    fails_at(
        PROGRESS_BLOCK,
        b"week,score\n1,9\n2,10,11\n",
        &[&format!("{f}:3:6: error: chart data: row 3 has 3 cells")],
    );
    // Rows out of time order.
    fails_at(
        PROGRESS_BLOCK,
        b"week,score\n2,9\n1,10\n",
        &[&format!("{f}:3:1: error: chart data: row 3, column 1 (`week`) is 1, which does not come after")],
    );
    // An unknown column in a progress graph.
    fails_at(
        PROGRESS_BLOCK,
        b"week,score,notes\n1,9,x\n",
        &[&format!("{f}:1:12: error: chart data: unknown column `notes`")],
    );
    // Only one column.
    fails_at(PROGRESS_BLOCK, b"week\n1\n", &[&format!("{f}:1:5: error: chart data: the data file has one column")]);
    // An empty file, and one with no rows.
    fails_at(PROGRESS_BLOCK, b"", &[&format!("{f}:1:1: error: chart data: the data file is empty")]);
    fails_at(
        PROGRESS_BLOCK,
        b"week,score\n",
        &[&format!("{f}:1:1: error: chart data: the data file has a first row of column names but no data rows")],
    );
    // Not UTF-8.
    fails_at(
        PROGRESS_BLOCK,
        b"week,score\n1,\xff\n",
        &[&format!("{f}:2:3: error: chart data: the data file is not UTF-8 text")],
    );
    // A series the block does not declare, and a declared series with no column.
    fails_at(
        &line_block(&["Contracted", "Employed"]),
        b"year,Contracted,Emploied\n2021,1,2\n",
        &[
            &format!("{f}:1:17: error: chart data: unknown series `Emploied` in the first row"),
            &format!("{f}:1:25: error: chart data: missing column for series `Employed`"),
        ],
    );
    // Two columns with one name.
    fails_at(
        &line_block(&[]),
        b"year,A,A\n2021,1,2\n",
        &[&format!("{f}:1:8: error: chart data: two columns are named `A`")],
    );
    // A category cell left empty, and a number cell in a line chart.
    fails_at(
        &line_block(&[]),
        b"year,A\n,1\n2022,n/a\n",
        &[
            &format!("{f}:2:1: error: chart data: row 2, column 1 (`year`) is empty"),
            &format!("{f}:3:6: error: chart data: row 3, column 2 (`A`) is `n/a`, not a number"),
        ],
    );
}

#[test]
fn block_errors_point_at_the_block_line() {
    let cases: &[(&str, &str)] = &[
        ("kind = \"pie\"\ntitle = \"T\"\ny_label = \"Y\"\n", "content/p.md:6:8: error: chart block: unknown chart kind `pie`"),
        ("kind = \"progress\"\ntitle = \"T\"\ny_label = \"Y\"\ndata = \"missing.csv\"\n", "content/p.md:9:8: error: chart block: chart data file `missing.csv` does not exist"),
        ("kind = \"progress\"\ntitle = \"T\"\ny_label = \"Y\"\nrule = \"four-point\"\n[[phases]]\npoints = [[1, 2]]\n", "content/p.md:9:8: error: chart block: a decision rule compares the points with the aim line, which needs a `goal`"),
        ("kind = \"line\"\ntitle = \"T\"\ny_label = \"Y\"\ncategories = [\"a\", \"b\"]\n[[series]]\nname = \"S\"\nvalues = [1]\n", "content/p.md:12:10: error: chart block: series `S` has 1 values for 2 categories"),
        ("kind = \"progress\"\ntitle = \"T\"\ny_label = \"Y\"\n[[phases]]\npoints = [[2, 1], [1, 3]]\n", "content/p.md:10:19: error: chart block: x 1 does not come after the point before it"),
        ("kind = \"bar\"\nlayout = \"stacked\"\ntitle = \"T\"\ny_label = \"Y\"\ncategories = [\"a\"]\n[[series]]\nname = \"S\"\nvalues = [-1]\n", "content/p.md:11:1: error: chart block: series `S` has a negative value"),
        ("kind = \"progress\"\ntitel = \"T\"\n", "content/p.md:7:1: error: chart block: unknown field `titel`"),
    ];
    for (body, expected) in cases {
        let page = format!("+++\ntitle = \"P\"\n+++\n\n```chart\n{body}```\n");
        let run = TestSite::new().file("content/p.md", &page).build();
        run.exit(1);
        run.stderr_has(expected);
        assert!(run.stderr.contains("hint: "), "{body}: no hint\n{}", run.stderr);
    }
}

// ---- Size, colours ----

#[test]
fn a_thirty_point_chart_is_at_most_5_kb_gzipped() {
    let points: Vec<String> = (1..=30).map(|w| format!("[{w}, {}]", 10 + (w * 7) % 9 + w / 3)).collect();
    let page = format!(
        "+++\ntitle = \"P\"\n+++\n\n```chart\nkind = \"progress\"\ntitle = \"Thirty weeks of letters per minute\"\n\
         caption = \"Fictional data.\"\nx_label = \"Week\"\ny_label = \"Letters per minute\"\nbaseline = true\n\
         goal = {{ x = 30, y = 30 }}\nrule = \"four-point\"\ntrend = \"least-squares\"\n\n\
         [[phases]]\nlabel = \"Baseline\"\npoints = [{}]\n\n[[phases]]\nlabel = \"Booster group starts\"\npoints = [{}]\n```\n",
        points[..3].join(", "),
        points[3..].join(", ")
    );
    let site = TestSite::new().file("content/p.md", &page).built();
    let html = site.read("p/index.html");
    let start = html.find("<figure class=\"tb-chart\"").expect("the chart");
    let end = html[start..].find("</figure>").unwrap() + start + "</figure>".len();
    let figure = &html[start..end];
    assert_eq!(svgs(figure)[0].matches("m-4.5 0a4.5").count(), 30, "30 marks");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(figure.as_bytes()).unwrap();
    let size = gz.finish().unwrap().len();
    eprintln!("30-point progress graph with its table: {} bytes raw, {size} bytes gzipped", figure.len());
    assert!(size <= 5 * 1024, "{size} bytes gzipped");
}

/// `#rrggbb` -> WCAG relative luminance.
fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let hex = if hex.len() == 3 { hex.chars().flat_map(|c| [c, c]).collect() } else { hex.to_string() };
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The custom properties of a stylesheet's `:root` rule, and of its dark-scheme `:root`.
fn properties(css: &str, dark: bool) -> Vec<(String, String)> {
    let scope = if dark {
        let at = css.find("@media (prefers-color-scheme: dark)").expect("a dark scheme");
        &css[at..at + css[at..].find("}\n}").expect("end of the dark block")]
    } else {
        &css[css.find(":root {").unwrap()..][..css[css.find(":root {").unwrap()..].find('}').unwrap()]
    };
    scope
        .split(';')
        .filter_map(|decl| {
            let decl = &decl[decl.find("--")?..];
            let (name, value) = decl.split_once(':')?;
            let name = name.trim().to_string();
            let value = value.split_whitespace().next()?.to_string();
            (name.starts_with("--") && value.starts_with('#')).then_some((name, value))
        })
        .collect()
}

#[test]
fn chart_marks_reach_3_to_1_in_light_and_dark() {
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/css");
    let chart = std::fs::read_to_string(theme.join("chart.css")).unwrap();
    let style = std::fs::read_to_string(theme.join("style.css")).unwrap();
    for dark in [false, true] {
        let marks = properties(&chart, dark);
        let page = properties(&style, dark);
        let get = |name: &str| {
            page.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_else(|| panic!("{name}"))
        };
        let backgrounds = [get("--tb-bg"), get("--tb-surface"), get("--tb-note")];
        let needed: Vec<&(String, String)> = marks.iter().filter(|(n, _)| n != "--tb-chart-grid").collect();
        assert!(needed.len() >= 11, "{dark}: {marks:?}");
        for (name, colour) in needed {
            for bg in &backgrounds {
                let ratio = contrast(colour, bg);
                assert!(
                    ratio >= 3.0,
                    "{} scheme: {name} {colour} on {bg} is {ratio:.2}:1",
                    if dark { "dark" } else { "light" }
                );
            }
        }
    }
}

// ---- In the browser ----

/// axe-core over the chart pages in light and dark, and every chart fits a 320 px screen.
#[test]
fn axe_finds_no_violations_on_chart_pages_and_charts_fit_a_phone() {
    let test = "chart accessibility audit";
    let Some((chrome, driver)) = webdriver::binaries(test) else { return };
    let Some(axe) = crate::harness::require_tool(crate::harness::Tool::AxeCore, test) else { return };
    let site = TestSite::fixture("charts/site").built();
    std::fs::copy(&axe, site.out().join("axe-under-test.js")).unwrap();
    let port = serve(site.out(), "/");
    let root = format!("http://127.0.0.1:{port}/");
    let mut violations = Vec::new();
    for dark in [false, true] {
        let flags: &[&str] = if dark { &["--blink-settings=preferredColorScheme=0"] } else { &[] };
        let browser = Browser::start_with(&chrome, &driver, flags);
        browser.post("/timeouts", json!({"script": 120_000}));
        for page in ["progress/", "costs/", "calculator/", "letters/", "figures/"] {
            browser.goto(&format!("{root}{page}"));
            crate::a11y::settle(&browser);
            let scheme = if dark { "dark" } else { "light" };
            violations.extend(crate::a11y::audit(
                &browser,
                &format!("{root}axe-under-test.js"),
                &format!("[{scheme}] /{page}"),
            ));
            if page == "letters/" || page == "figures/" {
                continue;
            }
            // The chart colours really come from chart.css in this scheme.
            let stroke = browser.execute("return getComputedStyle(document.querySelector('.c-s1')).color;", json!([]));
            let expected = if dark { "rgb(124, 184, 234)" } else { "rgb(31, 92, 139)" };
            assert_eq!(stroke, json!(expected), "{scheme} /{page}: series colour");
        }
        if !dark {
            fits_a_phone(&browser, &root);
        }
    }
    assert!(violations.is_empty(), "{} WCAG violations:\n{}", violations.len(), violations.join("\n"));
}

fn fits_a_phone(browser: &Browser, root: &str) {
    browser.post("/window/rect", json!({"width": 320, "height": 800}));
    for page in ["progress/", "costs/", "calculator/", "letters/"] {
        browser.goto(&format!("{root}{page}"));
        crate::a11y::settle(browser);
        let report = browser.execute(
            "const w = document.documentElement.clientWidth;
             const shown = [...document.querySelectorAll('.tb-chart, .tb-letter')].filter((f) => f.getClientRects().length > 0);
             return { width: w, charts: shown.map((f) => {
               const svg = f.querySelector('svg.tb-chart-svg, svg.tb-letter-svg').getBoundingClientRect();
               return { right: f.getBoundingClientRect().right, svgRight: svg.right, svgWidth: svg.width, scroll: f.scrollWidth - f.clientWidth };
             }) };",
            json!([]),
        );
        let width = report["width"].as_f64().unwrap();
        assert!(width <= 340.0, "the window is phone-sized: {report}");
        assert!(!report["charts"].as_array().unwrap().is_empty(), "/{page} shows a chart");
        for chart in report["charts"].as_array().unwrap() {
            assert!(
                chart["right"].as_f64().unwrap() <= width + 0.5,
                "/{page}: a chart is wider than the screen: {chart}"
            );
            assert!(chart["svgRight"].as_f64().unwrap() <= width + 0.5, "/{page}: {chart}");
            let least = if page == "letters/" { 100.0 } else { 200.0 };
            assert!(chart["svgWidth"].as_f64().unwrap() > least, "/{page}: the drawing is not squeezed: {chart}");
            assert_eq!(chart["scroll"].as_f64(), Some(0.0), "/{page}: no sideways scrolling inside a chart: {chart}");
        }
    }
}

/// The calculator's chart: the live one (js/chart.js, from the numbers the wasm returns) is the
/// same drawing as the build's worked example for the same inputs, follows the inputs, and its
/// bars match the native calculator's figures through the drawn scale.
#[test]
fn the_calculator_chart_follows_the_inputs_and_matches_the_worked_example() {
    let Some(browser) = webdriver::browser("calculator chart browser test") else { return };
    let site = TestSite::fixture("charts/site").built();
    let port = serve(site.out(), "/");
    browser.goto(&format!("http://127.0.0.1:{port}/calculator/"));
    browser.find("body[data-calculator-ready='1']");
    let ids =
        browser.execute("return [...document.querySelectorAll('[data-calculator]')].map((c) => c.id);", json!([]));
    let (forecast, what_if) = (ids[0].as_str().unwrap().to_string(), ids[1].as_str().unwrap().to_string());

    // Same inputs (the preset's), same drawing: the worked example's SVG and legend and the live
    // ones are equal but for their ids.
    let same = browser.execute(
        "const [id] = arguments;
         const norm = (node, from) => node ? node.outerHTML.split(from).join('ID') : null;
         const example = document.getElementById(id + '-chart');
         const live = document.getElementById(id + '-live');
         return [norm(example.querySelector('svg.tb-chart-svg'), id + '-chart'), norm(live.querySelector('svg.tb-chart-svg'), id + '-live'),
                 norm(example.querySelector('.tb-chart-legend'), id + '-chart'), norm(live.querySelector('.tb-chart-legend'), id + '-live')];",
        json!([forecast]),
    );
    assert!(same[0].as_str().is_some_and(|s| s.contains("<rect")), "the worked example has a chart: {same}");
    assert_eq!(same[0], same[1], "the live chart draws what the build drew");
    assert_eq!(same[2], same[3], "the legends match");

    // New inputs: five years with growth. The chart follows, bar for bar.
    let inputs = [("years", "5"), ("caseload_growth_pct", "4"), ("cost_growth_pct", "3")];
    for (id, value) in inputs {
        browser.fill(&format!("#{forecast}-forecast-{}", id.replace('_', "-")), value);
    }
    let live_svg = |block: &str, bars: usize| {
        browser.wait_until(
            "the live chart to redraw",
            "const svg = document.querySelector('#' + arguments[0] + '-live svg.tb-chart-svg');
             return !!svg && svg.querySelectorAll('g[class^=c-s] > rect').length === arguments[1];",
            json!([block, bars]),
        );
        let text = browser.execute(
            "return document.querySelector('#' + arguments[0] + '-live svg.tb-chart-svg').outerHTML;",
            json!([block]),
        );
        text.as_str().unwrap().to_string()
    };
    let svg = live_svg(&forecast, 10);
    // The block starts from the fixture's case study (its preset): the forecast itself starts empty.
    let case = calculator::Inputs::new().with("students", "134").with("cost_before", "2152").with("cost_after", "1614");
    let outcome = calculator::compute(calculator::Mode::Forecast, &inputs.iter().fold(case, |i, (k, v)| i.with(k, v)));
    let table = outcome.table.expect("a year table");
    let doc = roxmltree::Document::parse(&svg).expect("the live SVG is well-formed XML");
    let y = value_axis(&doc);
    for (s, column) in ["Previous total", "New total"].iter().enumerate() {
        let c = table.header.iter().position(|h| h == column).unwrap();
        let rects: Vec<_> = group(&doc, &format!("c-s{}", s + 1)).children().collect();
        assert_eq!(rects.len(), 5);
        for (rect, row) in rects.iter().zip(&table.rows) {
            close(num(*rect, "y"), y.pixel(label_value(&row[c])), &format!("{column}, year {}", row[0]));
        }
    }
    let desc = doc.descendants().find(|n| n.has_tag_name("desc")).and_then(|d| d.text()).unwrap().to_string();
    assert!(desc.contains("Previous total goes from $288,368 in year 1 to"), "{desc}");

    // A blocked input hides the chart again.
    let hidden = "return document.getElementById(arguments[0]).querySelector('[data-chart]').hidden;";
    browser.fill(&format!("#{forecast}-forecast-years"), "0");
    browser.wait_until("the chart to hide", hidden, json!([forecast]));

    // A forecast without a preset starts empty and waits: no error under a field nobody touched.
    let empty = ids[2].as_str().unwrap().to_string();
    let state = browser.execute(
        "const root = document.getElementById(arguments[0]);
         return [root.querySelector('[data-summary]').textContent,
                 [...root.querySelectorAll('[data-panel=forecast] [data-message-for]')].filter((m) => !m.hidden).length,
                 root.querySelector('[data-panel=forecast] [data-field=students]').value];",
        json!([empty]),
    );
    assert_eq!(state, json!(["No result yet. Enter your own numbers to see one.", 0, ""]));
    // Once the reader types and clears a field, it says what is missing.
    browser.fill(&format!("#{empty}-forecast-students"), "5");
    browser.press(&["\u{E003}"]); // Backspace, in the field that has focus
    browser.wait_until(
        "the required message",
        "return document.getElementById(arguments[0]).querySelector('[data-panel=forecast] [data-message-for=students]').textContent === 'Students is required';",
        json!([empty]),
    );

    // What-if: no chart at all. It counts one figure, the evaluation costs of needs resolved at
    // Tier 1-2 (never services), so there is nothing to draw beside it.
    assert_eq!(browser.execute(hidden, json!([what_if])), json!(true));
    browser.fill(&format!("#{what_if}-what-if-resolved-pct"), "20");
    browser.wait_until(
        "the what-if result",
        "return document.getElementById(arguments[0]).querySelector('[data-summary]').textContent.includes('Services are not counted');",
        json!([what_if]),
    );
    assert_eq!(browser.execute(hidden, json!([what_if])), json!(true));
}

// ---- Letter models ----

/// Every letter model: a named image, one numbered start per stroke and dot, each stroke with an
/// arrow, each number on its stroke's first point (or beside it when two strokes share a start).
#[test]
fn letter_models_number_every_stroke_at_its_start() {
    let site = TestSite::fixture("charts/site").built();
    let html = site.read("letters/index.html");
    assert!(html.contains("each letter starts at the top of its first part"), "the convention is stated on the page");
    assert!(html.contains("If your school uses a handwriting program, use its letter shapes, stroke order and words"));
    let cards: Vec<&str> = html.split("<figure class=\"tb-letter\">").skip(1).collect();
    assert_eq!(cards.len(), 52, "a-z and A-Z");
    let mut names = Vec::new();
    for card in &cards {
        let svg = &card[..card.find("</svg>").unwrap() + 6];
        let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        let title = root.children().find(|n| n.has_tag_name("title")).and_then(|t| t.text()).expect("a title");
        names.push(title.to_string());
        let strokes: Vec<(f64, f64)> = group(&doc, "l-strokes")
            .children()
            .filter(|n| n.has_tag_name("path"))
            .map(|p| {
                assert!(
                    p.attribute("marker-end").is_some_and(|m| m.starts_with("url(#")),
                    "{title}: an arrow on every stroke"
                );
                start_of(p.attribute("d").unwrap())
            })
            .collect();
        let dots: Vec<(f64, f64)> = group(&doc, "l-strokes")
            .children()
            .filter(|n| n.has_tag_name("circle"))
            .map(|c| (num(c, "cx"), num(c, "cy")))
            .collect();
        let numbers: Vec<(f64, f64, String)> = group(&doc, "l-num")
            .children()
            .collect::<Vec<_>>()
            .chunks(2)
            .map(|pair| (num(pair[0], "cx"), num(pair[0], "cy"), pair[1].text().unwrap_or("").to_string()))
            .collect();
        assert_eq!(numbers.len(), strokes.len() + dots.len(), "{title}: one number per stroke and dot");
        for (i, (n, start)) in numbers.iter().zip(strokes.iter().chain(&dots)).enumerate() {
            assert_eq!(n.2, (i + 1).to_string(), "{title}: numbered in order");
            // A dot's number sits up and to the right of the dot; a number that would cover an
            // earlier one moves right in steps of 17.
            let expected = if i >= strokes.len() { (start.0 + 15.0, start.1 - 4.0) } else { *start };
            let shift = (n.0 - expected.0) / 17.0;
            assert!(
                (shift - shift.round()).abs() < 0.02 && shift > -0.01 && (n.1 - expected.1).abs() < 0.2,
                "{title}: number {} at {n:?}, its stroke starts at {start:?}",
                i + 1
            );
        }
        if card.contains("tb-letter-steps") {
            let steps = card.matches("<li>").count();
            assert_eq!(steps, numbers.len(), "{title}: one written step per number");
        }
    }
    assert!(names.contains(&"Lowercase a".to_string()) && names.contains(&"Capital Z".to_string()));
}

// ---- Figures ----

#[test]
fn figures_show_pictures_with_captions_and_long_descriptions() {
    let site = TestSite::fixture("charts/site").built();
    let html = site.read("figures/index.html");
    let figures: Vec<&str> = html.split("<figure class=\"tb-figure\"").skip(1).collect();
    assert_eq!(figures.len(), 2);
    // The SVG: its stated size, its alt text, a caption and a long description the image points at.
    let svg = figures[0];
    assert!(svg.contains("src=\"/figures/lines.svg\" alt=\"The letter h on writing paper"), "{svg}");
    assert!(svg.contains("width=\"300\" height=\"120\" loading=\"lazy\""));
    let long_id = svg.split("aria-describedby=\"").nth(1).and_then(|s| s.split('"').next()).expect("describedby");
    assert!(svg.contains(&format!("<div id=\"{long_id}\"><p>Three writing lines run across the paper")));
    assert_eq!(svg.matches("<p>").count(), 2, "two paragraphs");
    assert!(svg.contains("<figcaption>Tall letters reach the top line;"));
    // The PNG: its size read from the file; no caption or description given, none shown.
    let png = figures[1];
    assert!(png.contains("src=\"/figures/bar.png\" alt=\"A blue bar\" width=\"40\" height=\"20\""), "{png}");
    assert!(!png.contains("<figcaption>") && !png.contains("<details>"));
    assert!(site.exists("figures/lines.svg") && site.exists("figures/bar.png"));

    // Errors point at the block: a missing picture, a remote one, no alt text.
    let cases = [
        (
            "src = \"nope.png\"\nalt = \"A\"\n",
            "content/p.md:6:7: error: figure block: figure `nope.png` does not exist",
        ),
        (
            "src = \"https://cdn.example/a.png\"\nalt = \"A\"\n",
            "content/p.md:6:7: error: figure block: figure `https://cdn.example/a.png` is on another site",
        ),
        ("src = \"nope.png\"\n", "content/p.md:6:1: error: figure block: a figure needs `alt`"),
    ];
    for (body, expected) in cases {
        let run =
            TestSite::new().file("content/p.md", &format!("+++\ntitle = \"P\"\n+++\n\n```figure\n{body}```\n")).build();
        run.exit(1);
        run.stderr_has(expected);
    }
}

/// A letters page prints as a card set: its words on the first sheet, then six cards a sheet.
#[test]
fn letter_cards_print_six_to_a_sheet() {
    let Some(browser) = webdriver::browser("letter cards print test") else { return };
    let page = "+++\ntitle = \"Cards\"\n+++\n\nCut along the dashed lines.\n\n```letters\nletters = \"a-o\"\n```\n";
    let site = TestSite::new().file("content/cards.md", page).built();
    let port = serve(site.out(), "/");
    browser.goto(&format!("http://127.0.0.1:{port}/cards/"));
    // US Letter, as the other print tests use; 15 cards with their steps (the last sheet keeps room for the footer).
    let pages = browser.print_page_count(json!({"orientation": "portrait", "page": {"width": 21.59, "height": 27.94}}));
    assert_eq!(pages, 4, "the page's words, then three sheets of six cards");
}
