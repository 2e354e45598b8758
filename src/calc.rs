//! `tierbook calc <mode>`: the cost calculator on the command line. The same `calculator` crate runs
//! in the browser, so the results and the messages are word for word the ones the form shows.

use std::io::Write;

use calculator::{compute, Inputs, Level, Mode, Outcome};
use clap::{Subcommand, ValueEnum};
use serde_json::json;

use crate::format::Format;

#[derive(Debug, clap::Args)]
pub struct CalcArgs {
    #[command(subcommand)]
    pub mode: CalcMode,
    /// How to print the result: text for people, json for scripts.
    #[arg(long, value_enum, global = true, default_value_t = Format::Text)]
    pub format: Format,
}

/// The calculator's modes. Inputs left out take the defaults shown on the calculator page.
// Parsed once per run: the size difference between the variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum CalcMode {
    /// Compare two costs per student (two providers or two years).
    Compare(CompareArgs),
    /// Work back from a reported per-student difference and percentage reduction.
    WorkBack(WorkBackArgs),
    /// Estimate a cost per student from employed staff or contracted hours.
    BuildUp(BuildUpArgs),
    /// A pre-referral scenario: evaluation costs avoided if some referrals' needs are resolved by
    /// Tier 1-2 supports (services are never counted as savings).
    WhatIf(WhatIfArgs),
    /// Project a comparison over several years with caseload and cost growth.
    Forecast(ForecastArgs),
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Students receiving direct OT [default: 134]
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub students: Option<String>,
    /// Previous average cost per student, $ per year [default: 2152]
    #[arg(long, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub cost_before: Option<String>,
    /// New average cost per student, $ per year [default: 1614]
    #[arg(long, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub cost_after: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct WorkBackArgs {
    /// Students receiving direct OT [default: 134]
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub students: Option<String>,
    /// Reported difference in cost per student, $ [default: 538]
    #[arg(long, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub diff_per_student: Option<String>,
    /// Reported reduction, percent of the previous cost [default: 25]
    #[arg(long, value_name = "PERCENT", allow_hyphen_values = true)]
    pub reduction_pct: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Basis {
    /// District-employed OT (and OTA) staff.
    Employed,
    /// A contractor billing by the hour.
    Contracted,
}

#[derive(Debug, clap::Args)]
pub struct BuildUpArgs {
    /// Employed staff or contracted hours.
    #[arg(long, value_enum, default_value_t = Basis::Employed)]
    pub basis: Basis,
    /// Employed: OT annual salary, $ [default: 80000]
    #[arg(long, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub salary: Option<String>,
    /// Employed: benefits as a percentage of salary [default: 35]
    #[arg(long, value_name = "PERCENT", allow_hyphen_values = true)]
    pub benefits_pct: Option<String>,
    /// Employed: travel, materials, licensure and kits, $ per full-time OT per year [default: 3000]
    #[arg(long, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub other_costs: Option<String>,
    /// Employed: students per full-time OT [default: 50]
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub caseload: Option<String>,
    /// Employed: share of the position that is OTA time, percent [default: 0]
    #[arg(long, value_name = "PERCENT", allow_hyphen_values = true)]
    pub ota_share_pct: Option<String>,
    /// Employed: OTA annual salary, $ [default: 55000]
    #[arg(long, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub ota_salary: Option<String>,
    /// Contracted: hourly rate, $ [default: 75]
    #[arg(long, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub rate: Option<String>,
    /// Contracted: IEP direct minutes per student per week [default: 30]
    #[arg(long, value_name = "MINUTES", allow_hyphen_values = true)]
    pub direct_minutes: Option<String>,
    /// Contracted: service weeks per year [default: 36]
    #[arg(long, value_name = "WEEKS", allow_hyphen_values = true)]
    pub weeks: Option<String>,
    /// Contracted: indirect hours per direct hour [default: 0.5]
    #[arg(long, value_name = "RATIO", allow_hyphen_values = true)]
    pub indirect_ratio: Option<String>,
    /// Contracted: hours per evaluation, if billed separately [default: 6]
    #[arg(long, value_name = "HOURS", allow_hyphen_values = true)]
    pub eval_hours: Option<String>,
    /// Contracted: evaluations per year [default: 0]
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub evals_per_year: Option<String>,
    /// Optional Medicaid offset: percent of students who are Medicaid-eligible
    #[arg(long, value_name = "PERCENT", allow_hyphen_values = true)]
    pub medicaid_eligible_pct: Option<String>,
    /// Optional Medicaid offset: percent of the cost that is reimbursable
    #[arg(long, value_name = "PERCENT", allow_hyphen_values = true)]
    pub medicaid_reimbursable_pct: Option<String>,
    /// Optional Medicaid offset: percent of the allowed amount the district recovers
    #[arg(long, value_name = "PERCENT", allow_hyphen_values = true)]
    pub medicaid_recovered_pct: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct WhatIfArgs {
    /// OT referrals per year [default: 40]
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub referrals: Option<String>,
    /// Percent of referrals you expect Tier 1-2 supports to resolve instead [default: 0]
    #[arg(long, value_name = "PERCENT", allow_hyphen_values = true)]
    pub resolved_pct: Option<String>,
    /// Cost of one OT evaluation, $ [default: 450]
    #[arg(long, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub eval_cost: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ForecastArgs {
    /// Students receiving direct OT in year 1 [required: the forecast starts empty]
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub students: Option<String>,
    /// Previous average cost per student in year 1, $ [required]
    #[arg(long, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub cost_before: Option<String>,
    /// New average cost per student in year 1, $ [required]
    #[arg(long, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub cost_after: Option<String>,
    /// Years to forecast, 1 to 10 [default: 3]
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub years: Option<String>,
    /// Caseload growth per year, percent (negative for shrinking) [default: 0]
    #[arg(long, value_name = "PERCENT", allow_hyphen_values = true)]
    pub caseload_growth_pct: Option<String>,
    /// Cost growth per year for both costs, percent [default: 0]
    #[arg(long, value_name = "PERCENT", allow_hyphen_values = true)]
    pub cost_growth_pct: Option<String>,
}

type Given<'a> = Vec<(&'static str, &'a Option<String>)>;

impl CalcMode {
    /// The model's mode and the inputs given on the command line, by field id.
    fn inputs(&self) -> crate::Result<(Mode, Inputs)> {
        let (mode, given): (Mode, Given) = match self {
            CalcMode::Compare(a) => (
                Mode::Compare,
                vec![("students", &a.students), ("cost_before", &a.cost_before), ("cost_after", &a.cost_after)],
            ),
            CalcMode::WorkBack(a) => (
                Mode::WorkBack,
                vec![
                    ("students", &a.students),
                    ("diff_per_student", &a.diff_per_student),
                    ("reduction_pct", &a.reduction_pct),
                ],
            ),
            CalcMode::BuildUp(a) => build_up(a)?,
            CalcMode::WhatIf(a) => (
                Mode::WhatIf,
                vec![("referrals", &a.referrals), ("resolved_pct", &a.resolved_pct), ("eval_cost", &a.eval_cost)],
            ),
            CalcMode::Forecast(a) => (
                Mode::Forecast,
                vec![
                    ("students", &a.students),
                    ("cost_before", &a.cost_before),
                    ("cost_after", &a.cost_after),
                    ("years", &a.years),
                    ("caseload_growth_pct", &a.caseload_growth_pct),
                    ("cost_growth_pct", &a.cost_growth_pct),
                ],
            ),
        };
        let mut inputs = Inputs::new();
        for (id, value) in given {
            if let Some(text) = value {
                inputs.set(id, text);
            }
        }
        Ok((mode, inputs))
    }
}

fn build_up(a: &BuildUpArgs) -> crate::Result<(Mode, Given<'_>)> {
    let employed: Given = vec![
        ("salary", &a.salary),
        ("benefits_pct", &a.benefits_pct),
        ("other_costs", &a.other_costs),
        ("caseload", &a.caseload),
        ("ota_share_pct", &a.ota_share_pct),
        ("ota_salary", &a.ota_salary),
    ];
    let contracted: Given = vec![
        ("rate", &a.rate),
        ("direct_minutes", &a.direct_minutes),
        ("weeks", &a.weeks),
        ("indirect_ratio", &a.indirect_ratio),
        ("eval_hours", &a.eval_hours),
        ("evals_per_year", &a.evals_per_year),
    ];
    let medicaid: Given = vec![
        ("medicaid_eligible_pct", &a.medicaid_eligible_pct),
        ("medicaid_reimbursable_pct", &a.medicaid_reimbursable_pct),
        ("medicaid_recovered_pct", &a.medicaid_recovered_pct),
    ];
    let (mode, mut own, other, other_basis) = match a.basis {
        Basis::Employed => (Mode::Employed, employed, contracted, "contracted"),
        Basis::Contracted => (Mode::Contracted, contracted, employed, "employed"),
    };
    if let Some((id, _)) = other.iter().find(|(_, v)| v.is_some()) {
        return Err(crate::Error::Usage(format!(
            "--{} applies to --basis {other_basis}, not --basis {}",
            id.replace('_', "-"),
            mode.id()
        )));
    }
    own.extend(medicaid);
    Ok((mode, own))
}

/// Runs the calculator: `Ok(0)` when it computed (warnings included), `Ok(1)` when an input
/// blocked the result.
pub fn run(args: &CalcArgs, out: &mut dyn Write) -> crate::Result<u8> {
    let (mode, inputs) = args.mode.inputs()?;
    let outcome = compute(mode, &inputs);
    let text = match args.format {
        Format::Text => text_report(&outcome),
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&json_report(&outcome))
                .map_err(|err| crate::Error::Usage(format!("could not write JSON: {err}")))?;
            json.push('\n');
            json
        }
    };
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(|err| crate::Error::io("<stdout>", err))?;
    Ok(u8::from(outcome.blocked()))
}

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
    }
}

/// Two columns: labels left, values right-aligned.
fn push_rows(out: &mut String, rows: &[(String, String)]) {
    let label_width = rows.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
    let value_width = rows.iter().map(|(_, v)| v.chars().count()).max().unwrap_or(0);
    for (label, value) in rows {
        out.push_str(&format!("  {label:<label_width$}  {value:>value_width$}\n"));
    }
}

pub(crate) fn text_report(outcome: &Outcome) -> String {
    let mut out = format!("{}\n\n", outcome.mode.title());
    let inputs: Vec<(String, String)> = outcome
        .inputs
        .iter()
        .filter(|i| !i.text.trim().is_empty() || !i.field.optional)
        .map(|i| {
            let shown = if i.value.is_some() { i.display() } else { i.text.clone() };
            (i.field.label.to_string(), shown)
        })
        .collect();
    out.push_str("Inputs\n");
    push_rows(&mut out, &inputs);
    if !outcome.messages.is_empty() {
        out.push('\n');
        for m in &outcome.messages {
            out.push_str(&format!("{}: {}\n", level(m.level), m.text));
        }
    }
    if outcome.blocked() {
        return out;
    }
    out.push_str("\nResults\n");
    let figures: Vec<(String, String)> = outcome.figures.iter().map(|f| (f.label().to_string(), f.display())).collect();
    push_rows(&mut out, &figures);
    if let Some(table) = &outcome.table {
        out.push('\n');
        let widths: Vec<usize> = (0..table.header.len())
            .map(|c| {
                let cells = table.rows.iter().filter_map(|r| r.get(c)).chain(table.header.get(c));
                cells.map(|s| s.chars().count()).max().unwrap_or(0)
            })
            .collect();
        for row in std::iter::once(&table.header).chain(&table.rows) {
            let cells: Vec<String> = row.iter().zip(&widths).map(|(cell, w)| format!("{cell:>w$}")).collect();
            out.push_str(&format!("  {}\n", cells.join("  ")));
        }
    }
    out.push_str(&format!("\n{}\n\nNotes\n", outcome.summary));
    for note in outcome.notes.iter().chain(&calculator::DISCLOSURES) {
        out.push_str(&format!("  - {note}\n"));
    }
    out
}

fn json_report(outcome: &Outcome) -> serde_json::Value {
    let number = |v: f64| serde_json::Number::from_f64(v).map(serde_json::Value::Number);
    json!({
        "mode": outcome.mode.id(),
        "title": outcome.mode.title(),
        "blocked": outcome.blocked(),
        "inputs": outcome.inputs.iter().map(|i| json!({
            "id": i.field.id,
            "label": i.field.label,
            "text": i.text,
            "value": i.value.map(calculator::Exact::to_f64).and_then(number),
        })).collect::<Vec<_>>(),
        "messages": outcome.messages.iter().map(|m| json!({
            "field": m.field,
            "level": level(m.level),
            "text": m.text,
        })).collect::<Vec<_>>(),
        "results": outcome.figures.iter().map(|f| json!({
            "id": f.id,
            "label": f.label(),
            "value": number(f.value.to_f64()),
            "text": f.display(),
        })).collect::<Vec<_>>(),
        "summary": outcome.summary,
        "table": outcome.table.as_ref().map(|t| json!({"header": t.header, "rows": t.rows})),
        "notes": outcome.notes,
        "disclosures": calculator::DISCLOSURES,
    })
}

/// Files the calculator adds to every site.
pub(crate) fn assets() -> Vec<crate::output::Output> {
    use crate::output::{fixed_path, Origin, Output};
    let js = include_bytes!(concat!(env!("OUT_DIR"), "/calculator.js"));
    let wasm = include_bytes!(concat!(env!("OUT_DIR"), "/calculator_bg.wasm"));
    vec![
        Output::new(fixed_path!("calculator/calculator.js"), js.to_vec())
            .with_origin(Origin::generated("the calculator")),
        Output::new(fixed_path!("calculator/calculator_bg.wasm"), wasm.to_vec())
            .with_origin(Origin::generated("the calculator")),
    ]
}
