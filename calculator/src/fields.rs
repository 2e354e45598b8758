//! The inputs of each mode: labels, units, hints, defaults and limits (domain brief §7.2–7.5).
//! The form, the CLI and the worked examples are all generated from these tables.

/// What an input or result measures; decides how it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A whole count of students.
    Students,
    /// A whole count of something else (referrals, evaluations, years).
    Count,
    /// Dollars, exact to the cent.
    Dollars,
    /// Percent, e.g. `25` for 25%.
    Percent,
    /// A plain number (a ratio, hours, minutes, weeks, a share of the year).
    Number,
}

/// A hard limit, in hundredths so that `0.01` is exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub hundredths: i64,
    /// `true`: the value must be strictly beyond the limit.
    pub exclusive: bool,
}

const fn at(units: i64) -> Limit {
    Limit { hundredths: units * 100, exclusive: false }
}

const fn beyond(units: i64) -> Limit {
    Limit { hundredths: units * 100, exclusive: true }
}

/// One input of one mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// On wasm32 the name, label, unit text and hint are left out: the form is written at build time,
/// and the page says messages in its own language from the field's id (`name_<id>`).
pub struct Field {
    /// Stable id: the CLI flag (with `-` for `_`), the URL parameter and the form's field name.
    pub id: &'static str,
    /// The name used in messages ("Percentage must be greater than 0").
    #[cfg(not(target_arch = "wasm32"))]
    pub name: &'static str,
    /// The form label.
    #[cfg(not(target_arch = "wasm32"))]
    pub label: &'static str,
    /// The unit shown next to the input ("$ per student per year").
    #[cfg(not(target_arch = "wasm32"))]
    pub unit_text: &'static str,
    pub unit: Unit,
    #[cfg(not(target_arch = "wasm32"))]
    pub hint: &'static str,
    /// The starting value as typed; empty for an optional field that starts blank.
    pub default: &'static str,
    pub min: Limit,
    pub max: Limit,
    /// Outside this range (hundredths, inclusive) the value computes but gets a warning.
    pub soft: Option<(i64, i64)>,
    /// Decimal places kept; more are rounded half away from zero (money to the cent).
    pub places: u32,
    /// Blank is allowed (the result that needs it is left out).
    pub optional: bool,
}

impl Field {
    /// Whether the field takes whole numbers only.
    pub fn whole(&self) -> bool {
        matches!(self.unit, Unit::Students | Unit::Count)
    }
}

// A table row in call form keeps each field's definition on one screen.
#[allow(clippy::too_many_arguments)]
const fn field(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    unit: Unit,
    unit_text: &'static str,
    default: &'static str,
    min: Limit,
    max: Limit,
    soft: Option<(i64, i64)>,
    hint: &'static str,
) -> Field {
    let places = match unit {
        Unit::Students | Unit::Count => 0,
        Unit::Dollars | Unit::Percent | Unit::Number => 2,
    };
    #[cfg(target_arch = "wasm32")]
    let _ = (name, label, unit_text, hint);
    Field {
        id,
        #[cfg(not(target_arch = "wasm32"))]
        name,
        #[cfg(not(target_arch = "wasm32"))]
        label,
        #[cfg(not(target_arch = "wasm32"))]
        unit_text,
        unit,
        #[cfg(not(target_arch = "wasm32"))]
        hint,
        default,
        min,
        max,
        soft,
        places,
        optional: false,
    }
}

const fn soft(lo: i64, hi: i64) -> Option<(i64, i64)> {
    Some((lo * 100, hi * 100))
}

const fn optional(f: Field) -> Field {
    Field { optional: true, ..f }
}

const fn places(f: Field, places: u32) -> Field {
    Field { places, ..f }
}

const STUDENTS_HINT: &str = "Count students on the OT caseload with direct service in the period.";

pub const STUDENTS: Field = field(
    "students",
    "Students",
    "Students receiving direct OT",
    Unit::Students,
    "students",
    "134",
    at(1),
    at(100_000),
    soft(10, 2_000),
    STUDENTS_HINT,
);
pub const COST_BEFORE: Field = field(
    "cost_before",
    "Previous cost per student",
    "Previous average cost per student",
    Unit::Dollars,
    "$ per student per year",
    "2152",
    at(100),
    at(100_000),
    soft(800, 5_000),
    "Total previous OT spending for these students ÷ students.",
);
pub const COST_AFTER: Field = field(
    "cost_after",
    "New cost per student",
    "New average cost per student",
    Unit::Dollars,
    "$ per student per year",
    "1614",
    at(0),
    at(100_000),
    soft(800, 5_000),
    "Same definition, new provider or year.",
);

pub const COMPARE: [Field; 3] = [STUDENTS, COST_BEFORE, COST_AFTER];

pub const WORK_BACK: [Field; 3] = [
    Field { soft: None, ..STUDENTS },
    field(
        "diff_per_student",
        "Difference per student",
        "Reported difference in cost per student",
        Unit::Dollars,
        "$ per student per year",
        "538",
        Limit { hundredths: 1, exclusive: false },
        at(99_999),
        None,
        "How much lower the new average cost per student is than the previous one.",
    ),
    field(
        "reduction_pct",
        "Percentage",
        "Reported reduction",
        Unit::Percent,
        "%",
        "25",
        beyond(0),
        beyond(100),
        soft(5, 50),
        "The reported cut as a percentage of the previous cost of the same students.",
    ),
];

pub const MEDICAID: [Field; 3] = [
    optional(field(
        "medicaid_eligible_pct",
        "Medicaid-eligible share",
        "Students who are Medicaid-eligible",
        Unit::Percent,
        "%",
        "",
        at(0),
        at(100),
        None,
        "Optional. Leave blank to skip the Medicaid offset.",
    )),
    optional(field(
        "medicaid_reimbursable_pct",
        "Reimbursable share",
        "Share of the cost that is reimbursable",
        Unit::Percent,
        "%",
        "",
        at(0),
        at(100),
        None,
        "Optional. Depends on your state's rules, consent and billing.",
    )),
    optional(field(
        "medicaid_recovered_pct",
        "Share recovered",
        "Share of the allowed amount the district recovers",
        Unit::Percent,
        "%",
        "",
        at(0),
        at(100),
        None,
        "Optional. For example, Missouri says districts recover roughly 60%.",
    )),
];

pub const EMPLOYED: [Field; 9] = [
    field(
        "salary",
        "OT salary",
        "OT annual salary",
        Unit::Dollars,
        "$ per year",
        "80000",
        at(30_000),
        at(200_000),
        soft(55_000, 120_000),
        "BLS: school OT mean $77,170 (May 2019); all-setting median $96,370 (May 2023).",
    ),
    field(
        "benefits_pct",
        "Benefits",
        "Benefits as a percentage of salary",
        Unit::Percent,
        "% of salary",
        "35",
        at(0),
        at(80),
        soft(20, 50),
        "Public-sector benefits are about 37% of total compensation (BLS, 2016); loads vary by district.",
    ),
    field(
        "other_costs",
        "Other costs",
        "Travel, materials, licensure and assessment kits",
        Unit::Dollars,
        "$ per full-time OT per year",
        "3000",
        at(0),
        at(30_000),
        soft(500, 10_000),
        "An assumption: replace it with your district's figure.",
    ),
    field(
        "caseload",
        "Caseload",
        "Students per full-time OT",
        Unit::Students,
        "students",
        "50",
        at(1),
        at(150),
        soft(25, 75),
        "Illustrative benchmarks: about 32 (one district, 2007–08); SLP median 48 (2022).",
    ),
    field(
        "ota_share_pct",
        "OTA share",
        "Share of the full-time position that is OTA time",
        Unit::Percent,
        "%",
        "0",
        at(0),
        at(80),
        soft(0, 50),
        "Optional: blends OT and OT-assistant costs. 0 means OT time only.",
    ),
    field(
        "ota_salary",
        "OTA salary",
        "OTA annual salary",
        Unit::Dollars,
        "$ per year",
        "55000",
        at(25_000),
        at(120_000),
        soft(40_000, 80_000),
        "Used only when the OTA share is above 0. BLS: school OTA mean $52,760 (May 2019).",
    ),
    MEDICAID[0],
    MEDICAID[1],
    MEDICAID[2],
];

pub const CONTRACTED: [Field; 9] = [
    field(
        "rate",
        "Hourly rate",
        "Contract hourly rate (OT)",
        Unit::Dollars,
        "$ per hour",
        "75",
        at(20),
        at(250),
        soft(50, 120),
        "Published examples: $56–$65 an hour (2008–2019), about $80 implied recently.",
    ),
    field(
        "direct_minutes",
        "Direct minutes",
        "IEP direct minutes per student per week",
        Unit::Number,
        "minutes per week",
        "30",
        at(0),
        at(300),
        soft(15, 90),
        "An assumption: replace it with your students' actual IEP minutes.",
    ),
    field(
        "weeks",
        "Service weeks",
        "Service weeks per year",
        Unit::Number,
        "weeks",
        "36",
        at(1),
        at(52),
        soft(30, 40),
        "The school year.",
    ),
    field(
        "indirect_ratio",
        "Indirect time",
        "Indirect hours per direct hour",
        Unit::Number,
        "hours per direct hour",
        "0.5",
        at(0),
        at(3),
        Some((20, 100)),
        "Documentation, meetings, consultation and travel if billed. Ask the provider how they bill.",
    ),
    field(
        "eval_hours",
        "Hours per evaluation",
        "Hours per evaluation (if billed separately)",
        Unit::Number,
        "hours",
        "6",
        at(0),
        at(40),
        soft(3, 10),
        "About 6 staff hours per OT evaluation in one district (2006–07).",
    ),
    field(
        "evals_per_year",
        "Evaluations",
        "Evaluations per year",
        Unit::Count,
        "evaluations",
        "0",
        at(0),
        at(100_000),
        None,
        "Your district's count. Shown as a separate total, not in the cost per student.",
    ),
    MEDICAID[0],
    MEDICAID[1],
    MEDICAID[2],
];

pub const WHAT_IF: [Field; 3] = [
    field(
        "referrals",
        "Referrals",
        "OT referrals per year",
        Unit::Count,
        "referrals",
        "40",
        at(0),
        at(100_000),
        None,
        "How many students are referred for an OT evaluation in a year.",
    ),
    field(
        "resolved_pct",
        "Resolved share",
        "Referrals you expect to be resolved by Tier 1–2 supports instead",
        Unit::Percent,
        "%",
        "0",
        at(0),
        at(100),
        soft(0, 30),
        "Your assumption: needs met by classroom supports, so no evaluation was needed. It starts at 0.",
    ),
    field(
        "eval_cost",
        "Evaluation cost",
        "Cost of one OT evaluation",
        Unit::Dollars,
        "$",
        "450",
        at(0),
        at(5_000),
        soft(200, 1_500),
        "For example 6 hours at $75 an hour.",
    ),
];

/// The forecast's year 1 starts blank: filled with a case's figures it would show years of
/// savings nobody reported (content review, defect 5).
pub const FORECAST: [Field; 6] = [
    Field { default: "", ..STUDENTS },
    Field { default: "", ..COST_BEFORE },
    Field { default: "", ..COST_AFTER },
    field(
        "years",
        "Years",
        "Years to forecast",
        Unit::Count,
        "years",
        "3",
        at(1),
        at(10),
        None,
        "Year 1 uses the numbers above; growth applies from year 2.",
    ),
    places(
        field(
            "caseload_growth_pct",
            "Caseload growth",
            "Caseload growth per year",
            Unit::Percent,
            "% per year",
            "0",
            at(-20),
            at(20),
            soft(-10, 10),
            "Negative for a shrinking caseload. One decimal place.",
        ),
        1,
    ),
    places(
        field(
            "cost_growth_pct",
            "Cost growth",
            "Cost growth per year (both costs)",
            Unit::Percent,
            "% per year",
            "0",
            at(-20),
            at(20),
            soft(0, 10),
            "For example a contract's yearly rate increase. One decimal place.",
        ),
        1,
    ),
];

/// The calculator's modes. Build-up has two bases, each its own mode here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    Compare,
    WorkBack,
    Employed,
    Contracted,
    WhatIf,
    Forecast,
}

impl Mode {
    pub const ALL: [Mode; 6] =
        [Mode::Compare, Mode::WorkBack, Mode::Employed, Mode::Contracted, Mode::WhatIf, Mode::Forecast];

    /// The id used in URLs, the CLI and the browser API.
    pub fn id(self) -> &'static str {
        match self {
            Mode::Compare => "compare",
            Mode::WorkBack => "work-back",
            Mode::Employed => "employed",
            Mode::Contracted => "contracted",
            Mode::WhatIf => "what-if",
            Mode::Forecast => "forecast",
        }
    }

    pub fn from_id(id: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.id() == id)
    }

    pub fn title(self) -> &'static str {
        match self {
            Mode::Compare => "Compare two costs per student",
            Mode::WorkBack => "Work back from reported results",
            Mode::Employed => "Estimate your cost per student: employed staff",
            Mode::Contracted => "Estimate your cost per student: contracted hours",
            Mode::WhatIf => "What-if: pre-referral supports (a projection)",
            Mode::Forecast => "Multi-year forecast (a projection)",
        }
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            Mode::Compare => &COMPARE,
            Mode::WorkBack => &WORK_BACK,
            Mode::Employed => &EMPLOYED,
            Mode::Contracted => &CONTRACTED,
            Mode::WhatIf => &WHAT_IF,
            Mode::Forecast => &FORECAST,
        }
    }

    pub fn field(self, id: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_within_a_mode_and_defaults_fit() {
        for mode in Mode::ALL {
            let fields = mode.fields();
            for (i, f) in fields.iter().enumerate() {
                assert!(fields[i + 1..].iter().all(|g| g.id != f.id), "{} twice", f.id);
                let blank_start = mode == Mode::Forecast && ["students", "cost_before", "cost_after"].contains(&f.id);
                assert!(f.optional || !f.default.is_empty() || blank_start, "{} has no default", f.id);
                assert!(f.min.hundredths <= f.max.hundredths);
            }
            assert_eq!(Mode::from_id(mode.id()), Some(mode));
        }
    }
}
