//! The ` ```letters ` block: letter models with numbered start points and stroke arrows, drawn
//! from the stroke data the theme ships (`themes/default/letters/strokes.toml`), one card per
//! letter. A page of cards prints as a card set (chart.css lays them out six to a sheet).
//!
//! ```toml
//! letters = "a c d g o q"   # letters, or ranges: "a-z", "A-Z"
//! steps = true              # the written steps under each model (default true)
//! ```
//!
//! The words of each step are written here from the stroke paths (where a stroke starts, which
//! way each part goes), so the words and the picture cannot disagree.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use serde::Deserialize;
use toml::Spanned;

use super::chart::svg::c;
use super::quiz::{toml_error, Errors};
use super::{escape, BlockContext, BlockError};
use crate::content::strings::Words;

static STROKES: &str = include_str!("../../themes/default/letters/strokes.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    convention: String,
    letters: BTreeMap<String, RawLetter>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLetter {
    width: f64,
    strokes: Vec<String>,
    #[serde(default)]
    dots: Vec<[f64; 2]>,
}

/// The theme's letters, parsed once.
pub(crate) struct Set {
    pub convention: String,
    pub letters: BTreeMap<char, Letter>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Letter {
    pub ch: char,
    pub width: f64,
    pub strokes: Vec<Stroke>,
    pub dots: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stroke {
    /// The path data as written in the theme.
    pub d: String,
    pub start: (f64, f64),
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Segment {
    Line {
        from: (f64, f64),
        to: (f64, f64),
    },
    Curve {
        from: (f64, f64),
        to: (f64, f64),
    },
    /// An elliptical arc; `clockwise` as seen on the page.
    Arc {
        from: (f64, f64),
        to: (f64, f64),
        clockwise: bool,
    },
}

impl Segment {
    pub fn from(&self) -> (f64, f64) {
        match *self {
            Segment::Line { from, .. } | Segment::Curve { from, .. } | Segment::Arc { from, .. } => from,
        }
    }

    pub fn to(&self) -> (f64, f64) {
        match *self {
            Segment::Line { to, .. } | Segment::Curve { to, .. } | Segment::Arc { to, .. } => to,
        }
    }
}

/// The embedded letters; an error names what in the theme's file is wrong (a test keeps it valid).
pub(crate) fn set() -> Result<&'static Set, &'static str> {
    static SET: LazyLock<Result<Set, String>> = LazyLock::new(|| parse_set(STROKES));
    SET.as_ref().map_err(String::as_str)
}

fn parse_set(text: &str) -> Result<Set, String> {
    let raw: RawSet = toml::from_str(text).map_err(|e| format!("letters/strokes.toml: {}", e.message()))?;
    let mut letters = BTreeMap::new();
    for (key, letter) in raw.letters {
        let mut chars = key.chars();
        let (Some(ch), None) = (chars.next(), chars.next()) else {
            return Err(format!("letters/strokes.toml: `{key}` is not one letter"));
        };
        let strokes = letter
            .strokes
            .iter()
            .map(|d| parse_path(d).map_err(|e| format!("letters/strokes.toml: letter {ch}: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let dots = letter.dots.iter().map(|[x, y]| (*x, *y)).collect();
        letters.insert(ch, Letter { ch, width: letter.width, strokes, dots });
    }
    Ok(Set { convention: raw.convention.split_whitespace().collect::<Vec<_>>().join(" "), letters })
}

/// Reads path data made of absolute M, L, C and A commands.
fn parse_path(d: &str) -> Result<Stroke, String> {
    let mut tokens: Vec<String> = Vec::new();
    for ch in d.chars() {
        if ch.is_ascii_alphabetic() {
            tokens.push(ch.to_string());
            tokens.push(String::new());
        } else if ch == ' ' || ch == ',' {
            tokens.push(String::new());
        } else if ch == '-' && tokens.last().is_some_and(|t| !t.is_empty()) {
            tokens.push("-".into());
        } else {
            match tokens.last_mut() {
                Some(t) => t.push(ch),
                None => tokens.push(ch.to_string()),
            }
        }
    }
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).filter(|t| !t.is_empty()).collect();
    let mut i = 0;
    let numbers = |n: usize, i: &mut usize| -> Result<Vec<f64>, String> {
        let out: Result<Vec<f64>, _> =
            tokens.get(*i..*i + n).ok_or("a command is missing numbers")?.iter().map(|t| t.parse::<f64>()).collect();
        *i += n;
        out.map_err(|_| format!("`{d}` has a bad number"))
    };
    if tokens.first() != Some(&"M") {
        return Err(format!("`{d}` must start with M"));
    }
    i += 1;
    let start = numbers(2, &mut i)?;
    let start = (start[0], start[1]);
    let mut at = start;
    let mut segments = Vec::new();
    while i < tokens.len() {
        let command = tokens[i];
        i += 1;
        let segment = match command {
            "L" => {
                let p = numbers(2, &mut i)?;
                Segment::Line { from: at, to: (p[0], p[1]) }
            }
            "C" => {
                let p = numbers(6, &mut i)?;
                Segment::Curve { from: at, to: (p[4], p[5]) }
            }
            "A" => {
                let p = numbers(7, &mut i)?;
                Segment::Arc { from: at, to: (p[5], p[6]), clockwise: p[4] != 0.0 }
            }
            other => return Err(format!("`{d}`: only M (first), L, C and A are used, not `{other}`")),
        };
        at = segment.to();
        segments.push(segment);
    }
    if segments.is_empty() {
        return Err(format!("`{d}` draws nothing"));
    }
    Ok(Stroke { d: d.to_string(), start, segments })
}

/// The words of the steps and names, each a key of the theme's strings (`letters_*`) with its
/// English. A step is put together from them, so each language says it in its own order.
type Word = (&'static str, &'static str);

pub(crate) const WORDS: [Word; 34] = [
    ("letters_at_top", "at the top line"),
    ("letters_at_middle", "at the middle line"),
    ("letters_at_base", "at the base line"),
    ("letters_at_below_base", "at the line below the base line"),
    ("letters_top_to_middle", "halfway between the top line and the middle line"),
    ("letters_middle_to_base", "halfway between the middle line and the base line"),
    ("letters_below_top", "just below the top line"),
    ("letters_above_middle", "just above the middle line"),
    ("letters_below_middle", "just below the middle line"),
    ("letters_above_base", "just above the base line"),
    ("letters_under_base", "below the base line"),
    ("letters_line_top", "the top line"),
    ("letters_line_middle", "the middle line"),
    ("letters_line_base", "the base line"),
    ("letters_line_below_base", "the line below the base line"),
    ("letters_left", "on the left"),
    ("letters_right", "on the right"),
    ("letters_middle", "in the middle"),
    ("letters_down", "pull straight down"),
    ("letters_back_up", "go back up"),
    ("letters_up", "go straight up"),
    ("letters_across_right", "go across to the right"),
    ("letters_across_left", "go across to the left"),
    ("letters_slant_down_right", "slant down to the right"),
    ("letters_slant_down_left", "slant down to the left"),
    ("letters_slant_up_right", "slant up to the right"),
    ("letters_slant_up_left", "slant up to the left"),
    ("letters_curve_down_right", "curve down to the right"),
    ("letters_curve_down_left", "curve down to the left"),
    ("letters_curve_up_right", "curve up to the right"),
    ("letters_curve_up_left", "curve up to the left"),
    ("letters_around_right", "go around to the right"),
    ("letters_around_left", "go around to the left"),
    ("letters_to_line", "{part} to {line}"),
];

/// The sentences: a step, the dot, a letter's name.
pub(crate) const SENTENCES: [Word; 5] = [
    ("letters_step", "Start {height} {side}; {parts}."),
    ("letters_then", ", then "),
    ("letters_dot", "Lift the pencil and make a dot above."),
    ("letters_lowercase", "Lowercase {letter}"),
    ("letters_capital", "Capital {letter}"),
];

/// The English of a word key of [`WORDS`] or [`SENTENCES`].
fn english(key: &str) -> &'static str {
    WORDS.iter().chain(&SENTENCES).find(|(k, _)| *k == key).map_or("", |(_, e)| e)
}

/// `key`'s words in the page's language, filled from `args`.
fn say(w: Words<'_>, key: &'static str, args: &[(&str, &str)]) -> String {
    w.fill(key, english(key), args)
}

/// Where a height is, in the words of lined paper: "at the top line", "just below the middle line".
fn height(y: f64) -> &'static str {
    match y {
        y if y.abs() <= 3.0 => "letters_at_top",
        y if (y - 50.0).abs() <= 3.0 => "letters_at_middle",
        y if (y - 100.0).abs() <= 3.0 => "letters_at_base",
        y if (y - 150.0).abs() <= 4.0 => "letters_at_below_base",
        y if (y - 25.0).abs() <= 3.0 => "letters_top_to_middle",
        y if (y - 75.0).abs() <= 3.0 => "letters_middle_to_base",
        y if y < 25.0 => "letters_below_top",
        y if y < 50.0 => "letters_above_middle",
        y if y < 75.0 => "letters_below_middle",
        y if y < 100.0 => "letters_above_base",
        _ => "letters_under_base",
    }
}

/// The line a part of a stroke ends on ("the base line"); only called for a point on a line.
fn line_name(y: f64) -> &'static str {
    match y {
        y if y.abs() <= 3.0 => "letters_line_top",
        y if (y - 50.0).abs() <= 3.0 => "letters_line_middle",
        y if (y - 100.0).abs() <= 3.0 => "letters_line_base",
        _ => "letters_line_below_base",
    }
}

fn on_a_line(y: f64) -> bool {
    [0.0, 50.0, 100.0, 150.0].iter().any(|l| (y - l).abs() <= 3.0)
}

fn side(x: f64, width: f64) -> &'static str {
    if x < width / 3.0 {
        "letters_left"
    } else if x > width * 2.0 / 3.0 {
        "letters_right"
    } else {
        "letters_middle"
    }
}

/// One part of a stroke in words: "pull straight down to the base line".
fn words(segment: &Segment, before: Option<&Segment>, w: Words<'_>) -> String {
    let (from, to) = (segment.from(), segment.to());
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let right = dx > 0.0;
    let key = match segment {
        Segment::Line { .. } if dx.abs() <= 0.15 * dy.abs() => {
            let back = before.is_some_and(|b| b.to().1 - b.from().1 > 0.0 && dy < 0.0);
            match (dy > 0.0, back) {
                (true, _) => "letters_down",
                (false, true) => "letters_back_up",
                (false, false) => "letters_up",
            }
        }
        Segment::Line { .. } if dy.abs() <= 0.15 * dx.abs() => {
            if right {
                "letters_across_right"
            } else {
                "letters_across_left"
            }
        }
        Segment::Line { .. } => match (dy > 0.0, right) {
            (true, true) => "letters_slant_down_right",
            (true, false) => "letters_slant_down_left",
            (false, true) => "letters_slant_up_right",
            (false, false) => "letters_slant_up_left",
        },
        Segment::Curve { .. } => match (dy > 0.0, right) {
            (true, true) => "letters_curve_down_right",
            (true, false) => "letters_curve_down_left",
            (false, true) => "letters_curve_up_right",
            (false, false) => "letters_curve_up_left",
        },
        Segment::Arc { clockwise, .. } => {
            if *clockwise {
                "letters_around_right"
            } else {
                "letters_around_left"
            }
        }
    };
    let phrase = say(w, key, &[]);
    let level = dy.abs() <= 0.15 * dx.abs();
    if on_a_line(to.1) && !level && !matches!(segment, Segment::Arc { .. }) {
        say(w, "letters_to_line", &[("part", &phrase), ("line", &say(w, line_name(to.1), &[]))])
    } else {
        phrase
    }
}

impl Letter {
    /// "Lowercase b", "Capital B".
    fn name_in(&self, w: Words<'_>) -> String {
        let key = if self.ch.is_uppercase() { "letters_capital" } else { "letters_lowercase" };
        say(w, key, &[("letter", &self.ch.to_string())])
    }

    /// The steps in words, one per stroke and dot.
    #[cfg(test)]
    pub fn steps(&self) -> Vec<String> {
        self.steps_in(Words::english())
    }

    fn steps_in(&self, w: Words<'_>) -> Vec<String> {
        let mut steps = Vec::new();
        let then = say(w, "letters_then", &[]);
        for stroke in &self.strokes {
            let mut parts: Vec<String> = Vec::new();
            for (i, segment) in stroke.segments.iter().enumerate() {
                let part = words(segment, i.checked_sub(1).map(|j| &stroke.segments[j]), w);
                // Two arcs that go on around the same way read as one movement.
                if parts.last() != Some(&part) {
                    parts.push(part);
                }
            }
            let (x, y) = stroke.start;
            steps.push(say(
                w,
                "letters_step",
                &[
                    ("height", &say(w, height(y), &[])),
                    ("side", &say(w, side(x, self.width), &[])),
                    ("parts", &parts.join(&then)),
                ],
            ));
        }
        for _ in &self.dots {
            steps.push(say(w, "letters_dot", &[]));
        }
        steps
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    letters: Option<Spanned<String>>,
    steps: Option<bool>,
}

pub(crate) fn render(body: &str, ctx: &BlockContext) -> Result<String, Vec<BlockError>> {
    let raw: RawBlock = toml::from_str(body).map_err(|err| vec![toml_error(body, &err)])?;
    let set = set().map_err(|e| vec![BlockError::new(1, 1, e.to_string())])?;
    let mut errors = Errors::new(body);
    let Some(wanted) = &raw.letters else {
        errors.at(0, "a letters block needs `letters`", Some("letters = \"a c d\", or a range such as \"a-z\""));
        return Err(errors.list);
    };
    let chosen = choose(wanted, set, &mut errors);
    if !errors.list.is_empty() {
        return Err(errors.list);
    }
    let prefix = ctx.dom_prefix("letters", body);
    let mut h = String::with_capacity(2048 * chosen.len());
    if ctx.first {
        let _ = writeln!(h, "<link rel=\"stylesheet\" href=\"{}css/chart.css\">", ctx.base_path);
    }
    let _ = write!(
        h,
        "<div class=\"tb-letters\">\n<p class=\"tb-letters-note\">{}</p>\n<div class=\"tb-letters-grid\">\n",
        escape(ctx.words.get("letters_convention", &set.convention))
    );
    for (i, letter) in chosen.iter().enumerate() {
        card(&mut h, letter, &format!("{prefix}-{i}"), raw.steps.unwrap_or(true), ctx.words);
    }
    h.push_str("</div>\n</div>\n");
    Ok(h)
}

/// The letters a block asks for, in its order: single letters and ranges (`a-z`), separated by
/// spaces or commas.
fn choose<'s>(wanted: &Spanned<String>, set: &'s Set, errors: &mut Errors<'_>) -> Vec<&'s Letter> {
    let text = wanted.get_ref();
    // +1: past the opening quote of the TOML string.
    let at = |offset: usize| wanted.span().start + 1 + offset;
    let mut chosen = Vec::new();
    for (offset, token) in tokens(text) {
        let chars: Vec<char> = token.chars().collect();
        let range = match chars.as_slice() {
            [a, '-', b] if a <= b => (*a..=*b).collect::<Vec<char>>(),
            [one] => vec![*one],
            _ => {
                errors.at(
                    at(offset),
                    format!("`{token}` is not a letter or a range"),
                    Some("write letters like \"a b c\", or a range such as \"a-z\""),
                );
                continue;
            }
        };
        for ch in range {
            match set.letters.get(&ch) {
                Some(letter) => chosen.push(letter),
                None => {
                    errors.at(
                        at(offset),
                        format!("there is no letter model for `{ch}`"),
                        Some("the models cover a-z and A-Z"),
                    );
                    break;
                }
            }
        }
    }
    if chosen.is_empty() && errors.list.is_empty() {
        errors.at(wanted.span().start, "`letters` is empty", Some("letters = \"a c d\""));
    }
    chosen
}

fn tokens(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (ch == ' ' || ch == ',', start) {
            (true, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// The widest letter (W): every card's drawing is this wide, so all letters share one scale.
const WIDEST: f64 = 96.0;

/// One letter's card: the model on lined paper, its name, and the steps.
fn card(h: &mut String, letter: &Letter, id: &str, steps: bool, said: Words<'_>) {
    let w = WIDEST;
    let _ = write!(
        h,
        "<figure class=\"tb-letter\">\
         <svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tb-letter-svg\" viewBox=\"-14 -24 {} 196\" role=\"img\" aria-labelledby=\"{id}-t\"{}>\
         <title id=\"{id}-t\">{}</title>\
         <defs><marker id=\"{id}-a\" class=\"l-arrow\" viewBox=\"0 0 10 10\" refX=\"6\" refY=\"5\" markerWidth=\"3.2\" markerHeight=\"3.2\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\"/></marker></defs>\
         <g class=\"l-guide\"><path class=\"l-top\" d=\"M-14 0H{e}\"/><path class=\"l-mid\" d=\"M-14 50H{e}\"/><path class=\"l-base\" d=\"M-14 100H{e}\"/><path class=\"l-desc\" d=\"M-14 150H{e}\"/></g>",
        c(w + 28.0),
        if steps { format!(" aria-describedby=\"{id}-s\"") } else { String::new() },
        escape(&letter.name_in(said)),
        e = c(w + 14.0),
    );
    // The letter centred on the paper.
    let _ = write!(h, "<g transform=\"translate({} 0)\"><g class=\"l-strokes\">", c((WIDEST - letter.width) / 2.0));
    for stroke in &letter.strokes {
        let _ = write!(h, "<path d=\"{}\" marker-end=\"url(#{id}-a)\"/>", escape(&stroke.d));
    }
    for (x, y) in &letter.dots {
        let _ = write!(h, "<circle class=\"l-dot\" cx=\"{}\" cy=\"{}\" r=\"5\"/>", c(*x), c(*y));
    }
    h.push_str("</g><g class=\"l-num\">");
    let mut placed: Vec<(f64, f64)> = Vec::new();
    let starts = letter.strokes.iter().map(|s| s.start).chain(letter.dots.iter().map(|(x, y)| (x + 15.0, y - 4.0)));
    for (n, (x, y)) in starts.enumerate() {
        // A start shared with an earlier stroke (the apex of A) gets its number beside it.
        let mut at = (x, y);
        while placed.iter().any(|p| (p.0 - at.0).hypot(p.1 - at.1) < 15.0) {
            at.0 += 17.0;
        }
        placed.push(at);
        let _ = write!(
            h,
            "<circle cx=\"{}\" cy=\"{}\" r=\"8.5\"/><text x=\"{}\" y=\"{}\">{}</text>",
            c(at.0),
            c(at.1),
            c(at.0),
            c(at.1 + 4.5),
            n + 1
        );
    }
    // The steps belong in the caption: HTML allows nothing after a figure's figcaption.
    let _ =
        write!(h, "</g></g></svg><figcaption><span class=\"tb-letter-name\">{}</span>", escape(&letter.ch.to_string()));
    if steps {
        let _ = write!(h, "<ol class=\"tb-letter-steps\" id=\"{id}-s\">");
        for step in letter.steps_in(said) {
            let _ = write!(h, "<li>{}</li>", escape(&step));
        }
        h.push_str("</ol>");
    }
    h.push_str("</figcaption></figure>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> &'static Set {
        set().expect("the theme's stroke data parse")
    }

    #[test]
    fn every_lowercase_and_capital_letter_has_a_model() {
        for ch in ('a'..='z').chain('A'..='Z') {
            let letter = all().letters.get(&ch).unwrap_or_else(|| panic!("no model for {ch}"));
            assert!(!letter.strokes.is_empty() && letter.width > 0.0, "{ch}");
        }
        assert_eq!(all().letters.len(), 52);
    }

    // The convention the models state, checked letter by letter.
    #[test]
    fn models_follow_the_stated_convention() {
        for letter in all().letters.values() {
            let ch = letter.ch;
            // Every letter starts at the top: the first stroke starts in the upper half of the
            // letter's drawn extent (for short letters, at or just below the middle line).
            let ys: Vec<f64> =
                letter.strokes.iter().flat_map(|s| s.segments.iter().flat_map(|g| [g.from().1, g.to().1])).collect();
            let (top, bottom) =
                (ys.iter().copied().fold(f64::MAX, f64::min), ys.iter().copied().fold(f64::MIN, f64::max));
            let first = letter.strokes[0].start.1;
            // d is made circle first, so it starts at its round part, below the middle line.
            let round_first = ch == 'd';
            assert!(
                round_first || first <= (top + bottom) / 2.0 + 0.5,
                "{ch}: starts at y {first}, not at the top of {top}..{bottom}"
            );
            if "CGOQ".contains(ch) {
                assert!(first <= 30.0, "{ch}: a round capital starts just below the top line, not at y {first}");
            } else if ch.is_uppercase() || "bfhklt".contains(ch) {
                assert!(first <= 15.0, "{ch}: a tall letter starts near the top line, not at y {first}");
            } else {
                assert!(
                    (45.0..=76.0).contains(&first),
                    "{ch}: a short letter starts at the middle line area, not {first}"
                );
            }
            for stroke in &letter.strokes {
                if let [Segment::Line { from, to }] = stroke.segments.as_slice() {
                    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
                    // Lines are pulled down; lines across go left to right.
                    if dy.abs() <= 0.15 * dx.abs() {
                        assert!(dx > 0.0, "{ch}: a line across goes left to right: {}", stroke.d);
                    } else {
                        assert!(dy > 0.0, "{ch}: a line is pulled down: {}", stroke.d);
                    }
                }
                // Round letters go around to the left (counter-clockwise) from their start.
                if "acdgoqCGOQ".contains(ch) && std::ptr::eq(stroke, &letter.strokes[0]) {
                    assert!(matches!(stroke.segments[0], Segment::Arc { clockwise: false, .. }), "{ch}: {}", stroke.d);
                }
            }
            // Crossing strokes (f, t) come after the downstroke they cross.
            if "ft".contains(ch) {
                let last = letter.strokes.last().expect("strokes");
                assert!(
                    matches!(last.segments.as_slice(), [Segment::Line { from, to }] if from.1 == to.1),
                    "{ch}: the cross is last"
                );
            }
        }
        assert_eq!(all().letters[&'i'].dots.len(), 1);
        assert_eq!(all().letters[&'j'].dots.len(), 1);
    }

    #[test]
    fn steps_are_written_from_the_paths() {
        let b = &all().letters[&'b'];
        assert_eq!(
            b.steps(),
            ["Start at the top line on the left; pull straight down to the base line, then go back up, then go around to the right."]
        );
        let t = &all().letters[&'t'];
        assert_eq!(t.steps()[1], "Start at the middle line on the left; go across to the right.");
        let i = &all().letters[&'i'];
        assert_eq!(
            i.steps(),
            [
                "Start at the middle line in the middle; pull straight down to the base line.",
                "Lift the pencil and make a dot above."
            ]
        );
    }

    #[test]
    fn the_block_renders_cards_and_reports_unknown_letters() {
        let ctx = crate::blocks::test_context();
        let html = render("letters = \"a-c X\"", &ctx).expect("valid");
        assert_eq!(html.matches("<figure class=\"tb-letter\">").count(), 4);
        assert!(html.contains("<title id=\"letters_") && html.contains("Capital X"));
        assert!(!html.contains(" style=") && !html.contains("<script"));
        let e = render("letters = \"a 7\"", &ctx).expect_err("no model for 7");
        assert_eq!((e[0].line, e[0].column), (1, 14));
        assert!(e[0].message.contains("`7`"));
        let e = render("letters = \"a-\"", &ctx).expect_err("half a range");
        assert!(e[0].message.contains("not a letter or a range"));
        assert!(render("", &ctx).is_err());
    }

    #[test]
    fn paths_parse() {
        let s = parse_path("M42 8C36 -1 18 -2 18 16L18 100").expect("valid");
        assert_eq!(s.start, (42.0, 8.0));
        assert_eq!(s.segments.len(), 2);
        assert!(parse_path("L1 2").is_err());
        assert!(parse_path("M1 2Q3 4 5 6").is_err());
        assert!(parse_path("M1 2L3").is_err());
    }
}
