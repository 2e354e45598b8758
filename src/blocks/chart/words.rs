//! The words charts write (descriptions, the decision in words, legends, the data table), each a
//! key of the theme's strings (`chart_*`, docs/i18n.md) with its English. `{name}` parts are
//! filled by the code; numbers and money are written the US way in every language. js/chart.js
//! writes the calculator's live chart with the same words ([`JS`]), so both read the same.

/// A key of the theme's strings and its English.
pub(crate) type Word = (&'static str, &'static str);

pub(crate) const RULE_FOUR_POINT: Word = ("chart_rule_four_point", "Four-point rule");
pub(crate) const RULE_TREND: Word = ("chart_rule_trend", "Trend rule");
pub(crate) const RULE_MEDIAN: Word = ("chart_rule_median_of_three", "Median-of-three rule");
pub(crate) const LEAST_SQUARES: Word = ("chart_least_squares", "least squares");
pub(crate) const SPLIT_MIDDLE: Word = ("chart_split_middle", "split-middle");

pub(crate) const DECIDE_CHANGE: Word =
    ("chart_decide_change", "change or intensify the support, after first checking that it was delivered as planned");
pub(crate) const DECIDE_RAISE: Word =
    ("chart_decide_raise", "the student is ahead of the aim line, so think about raising the goal");
pub(crate) const DECIDE_RAISE_TREND: Word =
    ("chart_decide_raise_trend", "the goal may be too low, so think about raising it");
pub(crate) const DECIDE_KEEP: Word = ("chart_decide_keep", "keep going and keep collecting data");
pub(crate) const DECIDE_WAIT: Word = ("chart_decide_wait", "wait for more points before deciding");

pub(crate) const SPAN: Word = ("chart_span", "{times} {from} to {to}");
pub(crate) const AND: Word = ("chart_and", " and ");
pub(crate) const ALL_BELOW: Word = ("chart_all_below", "all 4 are below the aim line");
pub(crate) const ALL_ABOVE: Word = ("chart_all_above", "all 4 are above the aim line");
pub(crate) const BELOW_ONE: Word = ("chart_below_one", "{n} is below the aim line");
pub(crate) const BELOW: Word = ("chart_below", "{n} are below the aim line");
pub(crate) const ABOVE_ONE: Word = ("chart_above_one", "{n} is above it");
pub(crate) const ABOVE: Word = ("chart_above", "{n} are above it");
pub(crate) const ON_ONE: Word = ("chart_on_one", "{n} is on it");
pub(crate) const ON: Word = ("chart_on", "{n} are on it");
pub(crate) const FOUR_POINT: Word =
    ("chart_four_point", "{rule}: of the last 4 points ({span}), {counted}, so the rule says: {decision}.");
pub(crate) const TREND: Word = (
    "chart_trend",
    "{rule}: the trend ({method}) {verb} {amount} per {time}, {comparison} the aim line, which {aim_verb} {aim_amount} per {time}, so the rule says: {decision}.",
);
pub(crate) const FLATTER: Word = ("chart_flatter", "flatter than");
pub(crate) const STEEPER: Word = ("chart_steeper", "steeper than");
pub(crate) const SAME_AS: Word = ("chart_same_as", "the same as");
pub(crate) const FALLS: Word = ("chart_falls", "falls");
pub(crate) const RISES: Word = ("chart_rises", "rises");
pub(crate) const FLAT_CHANGING: Word = ("chart_flat_changing", "stays flat, changing");
pub(crate) const MEDIAN: Word = (
    "chart_median",
    "{rule}: the median of the last 3 points is {median}, {relation} the aim line's {aim} at {time} {at}, so the rule says: {decision}.",
);
pub(crate) const REL_BELOW: Word = ("chart_rel_below", "below");
pub(crate) const REL_ABOVE: Word = ("chart_rel_above", "above");
pub(crate) const REL_ON: Word = ("chart_rel_on", "on");
pub(crate) const TOO_FEW_ONE: Word = (
    "chart_too_few_one",
    "{rule}: it needs at least {need} points since the last phase change and there is {have}, so {decision}.",
);
pub(crate) const TOO_FEW: Word = (
    "chart_too_few",
    "{rule}: it needs at least {need} points since the last phase change and there are {have}, so {decision}.",
);

pub(crate) const DESC_PROGRESS: Word = ("chart_desc_progress", "Progress graph of {measure} by {time}, {span}.");
pub(crate) const DESC_SCALE: Word = ("chart_desc_scale", "The vertical scale runs from {low} to {high}.");
pub(crate) const DESC_BASELINE: Word = ("chart_desc_baseline", "Baseline{label} ({span}): {scores}; median {median}.");
pub(crate) const DESC_PHASE: Word =
    ("chart_desc_phase", "Phase change after {time} {after}: {label} ({span}): {scores}.");
pub(crate) const NEW_PHASE: Word = ("chart_new_phase", "a new phase");
pub(crate) const DESC_SCORES: Word = ("chart_desc_scores", "Scores: {scores}.");
pub(crate) const DESC_SCORE_RANGE: Word =
    ("chart_desc_score_range", "Lowest score {low} ({time} {low_at}); highest {high} ({time} {high_at}).");
pub(crate) const DESC_AIM: Word = (
    "chart_desc_aim",
    "Aim line from the baseline median, {start} at {time} {start_at}, to the goal of {goal} at {time} {goal_at}.",
);
pub(crate) const DESC_GOAL: Word = ("chart_desc_goal", "Goal: {goal} at {time} {at}.");
pub(crate) const STAYS_FLAT: Word = ("chart_stays_flat", "stays flat");
pub(crate) const DIRECTION: Word = ("chart_direction", "{verb} {amount} per {time}");
pub(crate) const DESC_TREND: Word =
    ("chart_desc_trend", "Trend line ({method}) through the {count} points of {span}: it {direction}.");

pub(crate) const LEGEND_AIM: Word = ("chart_legend_aim", "Aim line: from the baseline median to the goal");
pub(crate) const GOAL: Word = ("chart_goal", "Goal");
pub(crate) const GOAL_LABEL: Word = ("chart_goal_label", "Goal {value}");
pub(crate) const LEGEND_TREND: Word = ("chart_legend_trend", "Trend line ({method} method)");
pub(crate) const PHASE_CHANGE: Word = ("chart_phase_change", "Phase change");
pub(crate) const DATA_TABLE: Word = ("chart_data_table", "Data table");
pub(crate) const PHASE: Word = ("chart_phase", "Phase");
pub(crate) const AIM_LINE: Word = ("chart_aim_line", "Aim line");
pub(crate) const BASELINE: Word = ("chart_baseline", "Baseline");
pub(crate) const CATEGORY: Word = ("chart_category", "Category");
pub(crate) const TOTAL: Word = ("chart_total", "Total");

pub(crate) const KIND_LINE: Word = ("chart_kind_line", "Line chart");
pub(crate) const KIND_BAR: Word = ("chart_kind_bar", "Bar chart");
pub(crate) const KIND_STACKED: Word = ("chart_kind_stacked", "Stacked bar chart");
pub(crate) const CATEGORY_LOWER: Word = ("chart_category_lower", "category");
pub(crate) const DESC_CATEGORICAL: Word = ("chart_desc_categorical", "{kind} of {measure} by {x}, {first} to {last}");
pub(crate) const DESC_SERIES: Word = ("chart_desc_series", ", {count} series: {names}");
pub(crate) const DESC_VALUE_RANGE: Word =
    ("chart_desc_value_range", "Lowest value {low} ({low_at}); highest {high} ({high_at}).");
pub(crate) const CHANGE: Word = ("chart_change", "{name} goes from {a} in {first} to {b} in {last}, {trend}.");
pub(crate) const NO_CHANGE: Word = ("chart_no_change", "no change");
pub(crate) const UP: Word = ("chart_up", "up");
pub(crate) const DOWN: Word = ("chart_down", "down");
pub(crate) const UP_BY: Word = ("chart_up_by", "up {pct}");
pub(crate) const DOWN_BY: Word = ("chart_down_by", "down {pct}");
pub(crate) const THE_TOTAL: Word = ("chart_the_total", "The total");

/// The words js/chart.js needs for the calculator's bar chart, in the calculator's `data-words`.
pub(crate) const JS: [Word; 13] = [
    AND,
    KIND_BAR,
    CATEGORY_LOWER,
    DESC_CATEGORICAL,
    DESC_SERIES,
    DESC_SCALE,
    DESC_VALUE_RANGE,
    CHANGE,
    NO_CHANGE,
    UP,
    DOWN,
    UP_BY,
    DOWN_BY,
];

/// Every word of the chart, for the test that the theme's English file says the same.
#[cfg(test)]
pub(crate) const ALL: [Word; 71] = [
    RULE_FOUR_POINT,
    RULE_TREND,
    RULE_MEDIAN,
    LEAST_SQUARES,
    SPLIT_MIDDLE,
    DECIDE_CHANGE,
    DECIDE_RAISE,
    DECIDE_RAISE_TREND,
    DECIDE_KEEP,
    DECIDE_WAIT,
    SPAN,
    AND,
    ALL_BELOW,
    ALL_ABOVE,
    BELOW_ONE,
    BELOW,
    ABOVE_ONE,
    ABOVE,
    ON_ONE,
    ON,
    FOUR_POINT,
    TREND,
    FLATTER,
    STEEPER,
    SAME_AS,
    FALLS,
    RISES,
    FLAT_CHANGING,
    MEDIAN,
    REL_BELOW,
    REL_ABOVE,
    REL_ON,
    TOO_FEW_ONE,
    TOO_FEW,
    DESC_PROGRESS,
    DESC_SCALE,
    DESC_BASELINE,
    DESC_PHASE,
    NEW_PHASE,
    DESC_SCORES,
    DESC_SCORE_RANGE,
    DESC_AIM,
    DESC_GOAL,
    STAYS_FLAT,
    DIRECTION,
    DESC_TREND,
    LEGEND_AIM,
    GOAL,
    GOAL_LABEL,
    LEGEND_TREND,
    PHASE_CHANGE,
    DATA_TABLE,
    PHASE,
    AIM_LINE,
    BASELINE,
    CATEGORY,
    TOTAL,
    KIND_LINE,
    KIND_BAR,
    KIND_STACKED,
    CATEGORY_LOWER,
    DESC_CATEGORICAL,
    DESC_SERIES,
    DESC_VALUE_RANGE,
    CHANGE,
    NO_CHANGE,
    UP,
    DOWN,
    UP_BY,
    DOWN_BY,
    THE_TOTAL,
];
