//! Case-study figures: a case study states its numbers in `[figures]`; the build recomputes them with
//! the calculator's compare mode, so a page can never state a sum the calculator would not give.

use calculator::{compare, compute, format, parse_decimal, Exact, Inputs, Level, Mode, Unit};

use crate::blocks::Preset;

/// One problem with one figure. The core turns `key` into a file position.
pub(crate) struct FigureProblem {
    pub key: String,
    pub message: String,
    pub hint: Option<String>,
}

/// The inputs the figures are computed from.
const INPUTS: [&str; 3] = ["students", "cost_before", "cost_after"];
/// The figures that are computed, and how many decimals the page may round them to.
const OUTPUTS: [(&str, u32); 5] =
    [("diff_per_student", 0), ("total_before", 0), ("total_after", 0), ("savings", 0), ("reduction_pct", 1)];

fn problem(key: &str, message: String, hint: Option<String>) -> FigureProblem {
    FigureProblem { key: key.to_string(), message, hint }
}

/// A TOML number as an exact decimal (a float through its shortest decimal form, as written).
fn number(value: &toml::Value) -> Option<Exact> {
    match value {
        toml::Value::Integer(i) => Some(Exact::int(*i)),
        toml::Value::Float(f) if f.is_finite() => parse_decimal(&f.to_string()).ok(),
        _ => None,
    }
}

/// The three inputs as the calculator's text, or the problems that stop the check.
fn read_inputs(figures: &toml::Table) -> Result<Inputs, Vec<FigureProblem>> {
    let mut problems = Vec::new();
    let mut inputs = Inputs::new();
    for key in INPUTS {
        match figures.get(key) {
            None => problems.push(problem(
                key,
                format!("missing figure `{key}`: the figures are checked from students, cost_before and cost_after"),
                Some(format!("add `{key} = ...` under [figures]")),
            )),
            Some(toml::Value::Integer(i)) => inputs.set(key, &i.to_string()),
            Some(toml::Value::Float(f)) if key != "students" && f.is_finite() => inputs.set(key, &f.to_string()),
            Some(_) => {
                let kind = if key == "students" { "a whole number" } else { "a number" };
                problems.push(problem(key, format!("figure `{key}` must be {kind}"), None));
            }
        }
    }
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(problems)
    }
}

/// Recomputes a case study's `[figures]` and reports each figure that does not match, each unknown
/// key, each wrong type and each missing input.
pub(crate) fn check_figures(figures: &toml::Table) -> Vec<FigureProblem> {
    let known: Vec<&str> = INPUTS.iter().copied().chain(OUTPUTS.iter().map(|(k, _)| *k)).collect();
    let mut problems: Vec<FigureProblem> = figures
        .keys()
        .filter(|key| !known.contains(&key.as_str()))
        .map(|key| {
            let closest =
                known.iter().max_by(|a, b| strsim::jaro_winkler(key, a).total_cmp(&strsim::jaro_winkler(key, b)));
            let hint = match closest {
                Some(k) if strsim::jaro_winkler(key, k) > 0.8 => format!("did you mean `{k}`?"),
                _ => format!("the figures are: {}", known.join(", ")),
            };
            problem(key, format!("unknown figure `{key}`"), Some(hint))
        })
        .collect();
    for (key, _) in OUTPUTS {
        if let Some(value) = figures.get(key) {
            if number(value).is_none() {
                problems.push(problem(key, format!("figure `{key}` must be a number"), None));
            }
        }
    }
    let inputs = match read_inputs(figures) {
        Ok(inputs) => inputs,
        Err(more) => {
            problems.extend(more);
            return problems;
        }
    };
    let outcome = compute(Mode::Compare, &inputs);
    if outcome.blocked() {
        for m in outcome.messages.iter().filter(|m| m.level == Level::Error) {
            problems.push(problem(m.field, format!("figure `{}`: {}", m.field, m.text), None));
        }
        return problems;
    }
    let value = |key: &str| outcome.inputs.iter().find(|i| i.field.id == key).and_then(|i| i.value);
    let (Some(n), Some(before), Some(after)) = (value("students"), value("cost_before"), value("cost_after")) else {
        return problems;
    };
    let c = compare(n, before, after);
    let increase = c.savings.is_negative();
    for (key, places) in OUTPUTS {
        let Some(stated) = figures.get(key).and_then(number) else { continue };
        let computed = match key {
            "diff_per_student" => c.diff_per_student,
            "total_before" => c.total_before,
            "total_after" => c.total_after,
            "savings" => c.savings,
            _ => c.reduction * Exact::int(100),
        };
        if stated == computed || stated == computed.round(places) {
            continue;
        }
        let show = |v: Exact| {
            if key == "reduction_pct" {
                format!("{}%", format::plain(v))
            } else {
                format::input(v, Unit::Dollars)
            }
        };
        let shown =
            if key == "reduction_pct" { format!("{}%", format::decimal(computed, 1)) } else { show(computed.round(2)) };
        let mut message = format!(
            "figure `{key}` is {} but the calculator gives {shown} (compare mode, from students, cost_before and cost_after)",
            show(stated)
        );
        if increase && matches!(key, "savings" | "reduction_pct" | "diff_per_student") {
            message.push_str(&format!(
                "; these costs are a cost increase of {}, not a saving",
                format::currency(c.savings.abs())
            ));
        }
        problems.push(problem(
            key,
            message,
            Some("state what the calculator computes, or correct the inputs it is computed from".to_string()),
        ));
    }
    problems
}

/// The case study's figures as a calculator preset, when its inputs are usable.
pub(crate) fn preset(slug: &str, title: &str, url: &str, figures: &toml::Table) -> Option<Preset> {
    let inputs = read_inputs(figures).ok()?;
    let outcome = compute(Mode::Compare, &inputs);
    if outcome.blocked() {
        return None;
    }
    let value = |key: &str| outcome.inputs.iter().find(|i| i.field.id == key)?.value;
    Some(Preset {
        slug: slug.to_string(),
        title: title.to_string(),
        url: url.to_string(),
        students: u32::try_from(value("students")?.numer()).ok()?,
        cost_before: value("cost_before")?.to_f64(),
        cost_after: value("cost_after")?.to_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        text.parse().expect("test TOML parses")
    }

    const CASE: &str = "students = 134\ncost_before = 2152\ncost_after = 1614\ndiff_per_student = 538\n\
        total_before = 288368\ntotal_after = 216276\nsavings = 72092\nreduction_pct = 25.0\n";

    #[test]
    fn the_montgomery_figures_check_out() {
        let problems = check_figures(&table(CASE));
        assert!(problems.is_empty(), "{:?}", problems.iter().map(|p| &p.message).collect::<Vec<_>>());
        assert!(check_figures(&table(&CASE.replace("25.0", "25"))).is_empty());
    }

    #[test]
    fn a_wrong_figure_names_the_stated_and_the_computed_value() {
        let problems = check_figures(&table(&CASE.replace("72092", "72000")));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].key, "savings");
        assert_eq!(
            problems[0].message,
            "figure `savings` is $72,000 but the calculator gives $72,092 (compare mode, from students, cost_before and cost_after)"
        );
        let problems = check_figures(&table(&CASE.replace("25.0", "24.9")));
        assert_eq!(problems[0].key, "reduction_pct");
        assert!(problems[0].message.contains("is 24.9% but the calculator gives 25.0%"), "{}", problems[0].message);
    }

    #[test]
    fn rounded_figures_are_accepted_only_to_the_display_rule() {
        let t = "students = 50\ncost_before = 1704.17\ncost_after = 1500\ndiff_per_student = 204\nsavings = 10208.5\n";
        assert!(check_figures(&table(t)).is_empty());
        let t = "students = 50\ncost_before = 1704.17\ncost_after = 1500\ndiff_per_student = 204.2\n";
        assert_eq!(check_figures(&table(t)).len(), 1);
        // A large district's totals, stated as integers or floats, check exactly.
        let t = "students = 10000\ncost_before = 19999.99\ncost_after = 100\ntotal_before = 199999900.0\n\
                 total_after = 1000000\nsavings = 198999900\n";
        assert!(check_figures(&table(t)).is_empty());
        let t = "students = 10000\ncost_before = 19999.99\ncost_after = 100\ntotal_before = 199999900.01\n";
        assert_eq!(check_figures(&table(t)).len(), 1);
    }

    #[test]
    fn unknown_keys_types_and_missing_inputs_are_reported() {
        let problems =
            check_figures(&table("students = \"many\"\ncost_before = 2152\nsaving = 1\ntotal_after = true\n"));
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert!(messages.contains(&"unknown figure `saving`"), "{messages:?}");
        assert_eq!(
            problems.iter().find(|p| p.key == "saving").and_then(|p| p.hint.as_deref()),
            Some("did you mean `savings`?")
        );
        assert!(messages.contains(&"figure `total_after` must be a number"));
        assert!(messages.contains(&"figure `students` must be a whole number"));
        assert!(problems.iter().any(|p| p.key == "cost_after" && p.message.starts_with("missing figure")));
    }

    #[test]
    fn blocked_inputs_carry_the_calculator_message() {
        let problems = check_figures(&table("students = 0\ncost_before = 2152\ncost_after = 1614\n"));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "figure `students`: Students must be at least 1");
    }

    #[test]
    fn a_cost_increase_is_called_one() {
        let problems = check_figures(&table("students = 10\ncost_before = 1500\ncost_after = 1800\nsavings = 3000\n"));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.ends_with("a cost increase of $3,000, not a saving"), "{}", problems[0].message);
        assert!(
            check_figures(&table("students = 10\ncost_before = 1500\ncost_after = 1800\nsavings = -3000\n")).is_empty()
        );
    }

    #[test]
    fn preset_reads_the_inputs() {
        let p = preset("montgomery-county", "Montgomery County", "/case-studies/montgomery-county/", &table(CASE));
        let p = p.expect("valid figures give a preset");
        assert_eq!((p.students, p.cost_before, p.cost_after), (134, 2152.0, 1614.0));
        assert!(preset("x", "x", "/x/", &table("students = 0\ncost_before = 1\ncost_after = 1\n")).is_none());
    }
}
