//! The decision rules for progress-monitoring graphs that the lessons teach (NCII's three rules,
//! brief R5): the four-point rule against the aim line, the trend line against the aim line, and
//! the median of the last three points. The chart block states their result in the chart's
//! description, and the tests check the lessons' worked examples against this same code
//! (`tierbook::decision_rules`).
//!
//! Conventions, stated once so the chart, the docs and the tests agree:
//! - The **aim line** runs from the baseline median, placed at the median time of the baseline
//!   points (the middle week of a three-week baseline), to the goal.
//! - A rule looks at the **current phase**: the points after the last phase change. After a change
//!   of support the team starts reading the graph afresh.
//! - A point exactly on the aim line is neither above nor below it.
//! - Two slopes count as the same when they are equal rounded to two decimals, the precision the
//!   chart states them in.

use super::words::{self, Word};
use crate::content::strings::Words;

/// A point on a progress graph: `x` is the session or week, `y` the score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// A straight line `y = intercept + slope * x`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub slope: f64,
    pub intercept: f64,
}

impl Line {
    /// The line through two points (`None` when they share an `x`).
    pub fn through(a: Point, b: Point) -> Option<Line> {
        let dx = b.x - a.x;
        if dx == 0.0 {
            return None;
        }
        let slope = (b.y - a.y) / dx;
        Some(Line { slope, intercept: a.y - slope * a.x })
    }

    pub fn at(&self, x: f64) -> f64 {
        self.intercept + self.slope * x
    }
}

/// How a trend line is fitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendMethod {
    /// Ordinary least squares over the points.
    LeastSquares,
    /// The split-middle method: split the points into two halves by time (with an odd count the
    /// middle point is in neither half), take the median time and median score of each half, draw
    /// the line through those two, then move it up or down (same slope) until as many points lie
    /// above it as below.
    SplitMiddle,
}

impl TrendMethod {
    pub fn name(self) -> &'static str {
        self.word().1
    }

    /// The method's name in the theme's strings.
    pub(crate) fn word(self) -> Word {
        match self {
            TrendMethod::LeastSquares => words::LEAST_SQUARES,
            TrendMethod::SplitMiddle => words::SPLIT_MIDDLE,
        }
    }

    pub fn fit(self, points: &[Point]) -> Option<Line> {
        match self {
            TrendMethod::LeastSquares => least_squares(points),
            TrendMethod::SplitMiddle => split_middle(points),
        }
    }
}

/// Which rule a graph is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    FourPoint,
    Trend,
    MedianOfThree,
}

impl Rule {
    pub fn name(self) -> &'static str {
        self.word().1
    }

    fn word(self) -> Word {
        match self {
            Rule::FourPoint => words::RULE_FOUR_POINT,
            Rule::Trend => words::RULE_TREND,
            Rule::MedianOfThree => words::RULE_MEDIAN,
        }
    }
}

/// What a rule says to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Below the aim: change or intensify the support (after checking it was delivered).
    Change,
    /// Above the aim: the goal may be too low.
    RaiseGoal,
    /// Neither: keep going and keep collecting data.
    KeepGoing,
    /// The current phase does not yet have the points the rule needs.
    TooFewPoints { need: usize, have: usize },
}

impl Decision {
    /// The decision in words, as the lessons put it.
    pub fn words(self) -> &'static str {
        self.word().1
    }

    fn word(self) -> Word {
        match self {
            Decision::Change => words::DECIDE_CHANGE,
            Decision::RaiseGoal => words::DECIDE_RAISE,
            Decision::KeepGoing => words::DECIDE_KEEP,
            Decision::TooFewPoints { .. } => words::DECIDE_WAIT,
        }
    }
}

/// A rule applied to one graph: the decision and one sentence that says why.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub rule: Rule,
    pub decision: Decision,
    pub sentence: String,
}

/// The median of some values (the mean of the middle two for an even count); `None` when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// Where the aim line starts: the baseline's median score at its median time.
pub fn aim_start(baseline: &[Point]) -> Option<Point> {
    let x = median(&baseline.iter().map(|p| p.x).collect::<Vec<_>>())?;
    let y = median(&baseline.iter().map(|p| p.y).collect::<Vec<_>>())?;
    Some(Point { x, y })
}

/// Least-squares line; `None` with fewer than two distinct times.
pub fn least_squares(points: &[Point]) -> Option<Line> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mean_x = points.iter().map(|p| p.x).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.y).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.x - mean_x) * (p.x - mean_x)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = points.iter().map(|p| (p.x - mean_x) * (p.y - mean_y)).sum();
    let slope = sxy / sxx;
    Some(Line { slope, intercept: mean_y - slope * mean_x })
}

/// The split-middle line (see [`TrendMethod::SplitMiddle`]); `None` with fewer than two points or
/// when both halves have the same median time.
pub fn split_middle(points: &[Point]) -> Option<Line> {
    if points.len() < 2 {
        return None;
    }
    let mut by_time = points.to_vec();
    by_time.sort_by(|a, b| a.x.total_cmp(&b.x));
    let half = by_time.len() / 2;
    let (first, rest) = by_time.split_at(half);
    let second = &rest[rest.len() - half..];
    let middle = |part: &[Point]| -> Option<Point> {
        Some(Point {
            x: median(&part.iter().map(|p| p.x).collect::<Vec<_>>())?,
            y: median(&part.iter().map(|p| p.y).collect::<Vec<_>>())?,
        })
    };
    let through = Line::through(middle(first)?, middle(second)?)?;
    // The split: the intercept that leaves the median point's distance from the line at zero, so
    // as many points lie above the line as below it.
    let residuals: Vec<f64> = points.iter().map(|p| p.y - through.slope * p.x).collect();
    Some(Line { slope: through.slope, intercept: median(&residuals)? })
}

/// Where a point lies against a line.
fn side(point: Point, aim: &Line) -> std::cmp::Ordering {
    point.y.total_cmp(&aim.at(point.x))
}

/// The four-point rule over the current phase's points (in time order).
pub fn four_point(points: &[Point], aim: &Line, describe: &Describe<'_>) -> Evaluation {
    four_point_in(points, aim, describe, Words::english())
}

fn four_point_in(points: &[Point], aim: &Line, describe: &Describe<'_>, w: Words<'_>) -> Evaluation {
    use std::cmp::Ordering::{Greater, Less};
    let rule = Rule::FourPoint;
    if points.len() < 4 {
        return too_few(rule, 4, points.len(), w);
    }
    let last = &points[points.len() - 4..];
    let below = last.iter().filter(|p| side(**p, aim) == Less).count();
    let above = last.iter().filter(|p| side(**p, aim) == Greater).count();
    let on = 4 - below - above;
    let decision = match (below, above) {
        (4, _) => Decision::Change,
        (_, 4) => Decision::RaiseGoal,
        _ => Decision::KeepGoing,
    };
    let span = w.say(
        words::SPAN,
        &[("times", describe.x_plural), ("from", &describe.x(last[0].x)), ("to", &describe.x(last[3].x))],
    );
    let counted = match (below, above) {
        (4, _) => w.say(words::ALL_BELOW, &[]),
        (_, 4) => w.say(words::ALL_ABOVE, &[]),
        _ => {
            let count =
                |n: usize, one: Word, many: Word| w.say(if n == 1 { one } else { many }, &[("n", &n.to_string())]);
            let mut parts =
                vec![count(below, words::BELOW_ONE, words::BELOW), count(above, words::ABOVE_ONE, words::ABOVE)];
            if on > 0 {
                parts.push(count(on, words::ON_ONE, words::ON));
            }
            join(&parts, w)
        }
    };
    let sentence = w.say(
        words::FOUR_POINT,
        &[
            ("rule", &w.say(rule.word(), &[])),
            ("span", &span),
            ("counted", &counted),
            ("decision", &w.say(decision.word(), &[])),
        ],
    );
    Evaluation { rule, decision, sentence }
}

/// The trend rule: the current phase's trend slope against the aim line's slope.
pub fn trend_rule(points: &[Point], aim: &Line, method: TrendMethod, describe: &Describe<'_>) -> Evaluation {
    trend_rule_in(points, aim, method, describe, Words::english())
}

fn trend_rule_in(
    points: &[Point],
    aim: &Line,
    method: TrendMethod,
    describe: &Describe<'_>,
    w: Words<'_>,
) -> Evaluation {
    let rule = Rule::Trend;
    // Three points is the least that makes a trend more than a line through two scores.
    let Some(trend) = method.fit(points).filter(|_| points.len() >= 3) else {
        return too_few(rule, 3, points.len(), w);
    };
    let (t, a) = (round2(trend.slope), round2(aim.slope));
    let decision = if t < a {
        Decision::Change
    } else if t > a {
        Decision::RaiseGoal
    } else {
        Decision::KeepGoing
    };
    let comparison = match decision {
        Decision::Change => words::FLATTER,
        Decision::RaiseGoal => words::STEEPER,
        _ => words::SAME_AS,
    };
    let decided = if decision == Decision::RaiseGoal { words::DECIDE_RAISE_TREND } else { decision.word() };
    let sentence = w.say(
        words::TREND,
        &[
            ("rule", &w.say(rule.word(), &[])),
            ("method", &w.say(method.word(), &[])),
            ("verb", &w.say(verb(t), &[])),
            ("amount", &describe.amount(t.abs())),
            ("time", describe.x_singular),
            ("comparison", &w.say(comparison, &[])),
            ("aim_verb", &w.say(verb(a), &[])),
            ("aim_amount", &describe.amount(a.abs())),
            ("decision", &w.say(decided, &[])),
        ],
    );
    Evaluation { rule, decision, sentence }
}

/// The median-of-three rule: the median of the last three scores against the aim line at the time
/// of the middle one of those three points.
pub fn median_of_three(points: &[Point], aim: &Line, describe: &Describe<'_>) -> Evaluation {
    median_of_three_in(points, aim, describe, Words::english())
}

fn median_of_three_in(points: &[Point], aim: &Line, describe: &Describe<'_>, w: Words<'_>) -> Evaluation {
    use std::cmp::Ordering::{Greater, Less};
    let rule = Rule::MedianOfThree;
    if points.len() < 3 {
        return too_few(rule, 3, points.len(), w);
    }
    let last = &points[points.len() - 3..];
    let ys: Vec<f64> = last.iter().map(|p| p.y).collect();
    let Some(m) = median(&ys) else { return too_few(rule, 3, points.len(), w) };
    let at = last[1].x;
    let aim_y = aim.at(at);
    let (decision, relation) = match m.total_cmp(&aim_y) {
        Less => (Decision::Change, words::REL_BELOW),
        Greater => (Decision::RaiseGoal, words::REL_ABOVE),
        _ => (Decision::KeepGoing, words::REL_ON),
    };
    let sentence = w.say(
        words::MEDIAN,
        &[
            ("rule", &w.say(rule.word(), &[])),
            ("median", &describe.value(m)),
            ("relation", &w.say(relation, &[])),
            ("aim", &describe.value(round2(aim_y))),
            ("time", describe.x_singular),
            ("at", &describe.x(at)),
            ("decision", &w.say(decision.word(), &[])),
        ],
    );
    Evaluation { rule, decision, sentence }
}

/// Applies `rule` to the current phase's points.
pub fn evaluate(
    rule: Rule,
    points: &[Point],
    aim: &Line,
    method: Option<TrendMethod>,
    describe: &Describe<'_>,
) -> Evaluation {
    evaluate_in(rule, points, aim, method, describe, Words::english())
}

/// [`evaluate`] with the sentence in the words `w` (the page's language).
pub(crate) fn evaluate_in(
    rule: Rule,
    points: &[Point],
    aim: &Line,
    method: Option<TrendMethod>,
    describe: &Describe<'_>,
    w: Words<'_>,
) -> Evaluation {
    match rule {
        Rule::FourPoint => four_point_in(points, aim, describe, w),
        Rule::Trend => trend_rule_in(points, aim, method.unwrap_or(TrendMethod::LeastSquares), describe, w),
        Rule::MedianOfThree => median_of_three_in(points, aim, describe, w),
    }
}

/// How the sentences name times and scores: `week 3`, `weeks 4 to 7`, `9 letters per minute`.
pub struct Describe<'a> {
    /// One time unit, lower case (`week`, `session`).
    pub x_singular: &'a str,
    pub x_plural: &'a str,
    /// What a score counts, lower case (`letters per minute`); empty for bare numbers.
    pub y_unit: &'a str,
}

impl Describe<'_> {
    /// The default wording: times are sessions, scores bare numbers.
    pub const PLAIN: Describe<'static> = Describe { x_singular: "session", x_plural: "sessions", y_unit: "" };

    pub fn x(&self, x: f64) -> String {
        number(x)
    }

    pub fn value(&self, y: f64) -> String {
        number(y)
    }

    /// A score with its unit: `0.5 letters per minute`.
    pub fn amount(&self, y: f64) -> String {
        if self.y_unit.is_empty() {
            number(y)
        } else {
            format!("{} {}", number(y), self.y_unit)
        }
    }
}

fn too_few(rule: Rule, need: usize, have: usize, w: Words<'_>) -> Evaluation {
    let decision = Decision::TooFewPoints { need, have };
    let sentence = w.say(
        if have == 1 { words::TOO_FEW_ONE } else { words::TOO_FEW },
        &[
            ("rule", &w.say(rule.word(), &[])),
            ("need", &need.to_string()),
            ("have", &have.to_string()),
            ("decision", &w.say(decision.word(), &[])),
        ],
    );
    Evaluation { rule, decision, sentence }
}

fn verb(slope: f64) -> Word {
    if slope < 0.0 {
        words::FALLS
    } else if slope > 0.0 {
        words::RISES
    } else {
        words::FLAT_CHANGING
    }
}

fn round2(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    // No "-0" in a sentence.
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A number as the chart writes it: at most two decimals, trailing zeros dropped.
pub fn number(v: f64) -> String {
    let text = format!("{:.2}", round2(v));
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// `a`, `a and b`, `a, b and c`, with the language's "and".
pub(crate) fn join(parts: &[String], w: Words<'_>) -> String {
    let and = w.say(words::AND, &[]);
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}{and}{last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(ys: &[f64]) -> Vec<Point> {
        ys.iter().enumerate().map(|(i, &y)| Point { x: i as f64 + 1.0, y }).collect()
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[9.0, 10.0, 8.0]), Some(9.0));
        assert_eq!(median(&[1.0, 4.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn least_squares_of_a_straight_line_is_that_line() {
        let line = least_squares(&pts(&[1.0, 3.0, 5.0, 7.0])).expect("a line");
        assert!((line.slope - 2.0).abs() < 1e-12 && (line.intercept + 1.0).abs() < 1e-12);
        assert_eq!(least_squares(&pts(&[1.0])), None);
    }

    #[test]
    fn split_middle_halves_and_split() {
        // Halves (1,2),(2,4) and (4,5),(5,9); the middle point (3,100) is in neither half.
        let line = split_middle(&pts(&[2.0, 4.0, 100.0, 5.0, 9.0])).expect("a line");
        // Medians (1.5, 3) and (4.5, 7): slope 4/3.
        assert!((line.slope - 4.0 / 3.0).abs() < 1e-12);
        // Residuals y - slope*x: 2-4/3, 4-8/3, 100-4, 5-16/3, 9-20/3; their median is 4-8/3.
        assert!((line.intercept - (4.0 - 8.0 / 3.0)).abs() < 1e-12);
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(number(9.0), "9");
        assert_eq!(number(0.846), "0.85");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(12.5), "12.5");
    }
}
