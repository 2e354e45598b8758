//! The ` ```calculator ` block: the cost calculator's form, written at build time from the
//! calculator crate's field tables, plus a worked example computed at build time by the same crate
//! for readers without JavaScript. `js/calculator.js` runs the form with the crate compiled to wasm.
//!
//! ```toml
//! mode = "compare"              # compare | work-back | build-up | what-if | forecast
//! preset = "montgomery-county"  # optional: start from a case study's figures
//! ```

use std::fmt::Write as _;

use calculator::{compute, parse_decimal, texts, Exact, Field, Inputs, Level, Mode, Outcome, Unit};
use serde::Deserialize;
use toml::Spanned;

use super::chart::{self, Body, Categorical, Chart, Layout, Series};
use super::{escape, line_col, BlockContext, BlockError, Preset};
use crate::content::strings::Words;

/// The calculator's words in the page's language: the model's texts by key (`calc_<key>` of the
/// theme's strings, English from the calculator crate) and the block's own (`calc_ui_<key>`).
#[derive(Clone, Copy)]
struct Say<'a>(Words<'a>);

impl<'a> Say<'a> {
    /// A text of the model (`fig_savings`, `label_students`, ...).
    fn t(self, key: &str) -> &'a str {
        self.0.get(&format!("calc_{key}"), texts::english(key))
    }

    /// A text of the block's own, `english` when the strings have none.
    fn ui(self, key: &str, english: &'a str) -> &'a str {
        self.0.get(&format!("calc_ui_{key}"), english)
    }

    /// What the model said, in this language.
    fn said(self, said: &calculator::Said, field: &str) -> String {
        said.say(|key| self.t(key).to_string(), field)
    }

    /// The words js/calculator.js needs, as JSON (keys without `calc_`): messages, summaries,
    /// notes, result labels, column heads, field names and the block's own words.
    fn json(self) -> String {
        let mut table = serde_json::Map::new();
        for (key, _) in texts::english_texts() {
            let wanted = ["label_", "unit_", "hint_", "title_", "disclosure_"].iter().all(|p| !key.starts_with(p));
            if wanted {
                table.insert(key.clone(), self.t(&key).into());
            }
        }
        for (key, english) in JS_WORDS {
            table.insert(format!("ui_{key}"), self.ui(key, english).into());
        }
        // The live chart's description (js/chart.js), as the worked example's.
        for (key, english) in chart::words::JS {
            table.insert(key.to_string(), self.0.get(key, english).into());
        }
        serde_json::Value::Object(table).to_string()
    }
}

/// The words js/calculator.js writes itself (print sheet, CSV, status, chart), key and English.
const JS_WORDS: [(&str, &str); 20] = [
    ("csv_done", "CSV file downloaded."),
    ("copied", "Link copied."),
    ("copy_blocked", "Copying is blocked here: use the link next to this button."),
    ("waiting", "No result yet. Enter your own numbers to see one."),
    ("no_result", "No result yet. {0}."),
    ("sheet_title", "Cost calculator: {0}"),
    ("printed_on", "Printed on {0}"),
    ("blocked", "Blocked: {0}"),
    ("check", "Check: {0}"),
    ("sheet_blocked", "No result: a value above is blocked."),
    ("assumptions", "Assumptions"),
    ("sheet_label", "Printed calculator sheet"),
    ("csv_mode", "Mode"),
    ("csv_district", "District"),
    ("csv_date", "Date"),
    ("chart_title", "Total cost by year"),
    ("chart_y", "Total cost"),
    ("inputs", "Inputs"),
    ("results", "Results"),
    ("years", "Year by year"),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalculator {
    mode: Option<Spanned<String>>,
    preset: Option<Spanned<String>>,
}

/// The form's panels: build-up holds two of the model's modes (employed staff, contracted hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    Compare,
    WorkBack,
    BuildUp,
    WhatIf,
    Forecast,
}

impl Panel {
    const ALL: [Panel; 5] = [Panel::Compare, Panel::WorkBack, Panel::BuildUp, Panel::WhatIf, Panel::Forecast];

    fn id(self) -> &'static str {
        match self {
            Panel::Compare => "compare",
            Panel::WorkBack => "work-back",
            Panel::BuildUp => "build-up",
            Panel::WhatIf => "what-if",
            Panel::Forecast => "forecast",
        }
    }

    fn choice(self, say: Say<'_>) -> &str {
        let english = match self {
            Panel::Compare => "Compare two costs per student",
            Panel::WorkBack => "Work back from reported results",
            Panel::BuildUp => "Estimate a cost per student",
            Panel::WhatIf => "What-if: pre-referral supports",
            Panel::Forecast => "Multi-year forecast",
        };
        say.ui(&format!("choice_{}", self.id().replace('-', "_")), english)
    }

    /// The model mode the worked example uses.
    fn mode(self) -> Mode {
        match self {
            Panel::Compare => Mode::Compare,
            Panel::WorkBack => Mode::WorkBack,
            Panel::BuildUp => Mode::Employed,
            Panel::WhatIf => Mode::WhatIf,
            Panel::Forecast => Mode::Forecast,
        }
    }
}

pub(crate) fn render(body: &str, ctx: &BlockContext) -> Result<String, Vec<BlockError>> {
    let raw: RawCalculator = toml::from_str(body).map_err(|err| vec![BlockError::from_toml(body, &err)])?;
    let mut errors = Vec::new();
    let panel = match &raw.mode {
        None => Panel::Compare,
        Some(mode) => match Panel::ALL.into_iter().find(|p| p.id() == mode.get_ref()) {
            Some(panel) => panel,
            None => {
                let (line, column) = line_col(body, mode.span().start);
                errors.push(
                    BlockError::new(line, column, format!("unknown calculator mode `{}`", mode.get_ref()))
                        .with_hint("the modes are compare, work-back, build-up, what-if and forecast"),
                );
                Panel::Compare
            }
        },
    };
    let preset = raw.preset.as_ref().and_then(|wanted| {
        let found = ctx.presets.iter().find(|p| &p.slug == wanted.get_ref());
        if found.is_none() {
            let (line, column) = line_col(body, wanted.span().start);
            let hint = if ctx.presets.is_empty() {
                "no case study has [figures]; a preset is a case study's slug".to_string()
            } else {
                let slugs: Vec<&str> = ctx.presets.iter().map(|p| p.slug.as_str()).collect();
                format!("the presets are the case studies with [figures]: {}", slugs.join(", "))
            };
            errors.push(
                BlockError::new(line, column, format!("unknown calculator preset `{}`", wanted.get_ref()))
                    .with_hint(hint),
            );
        }
        found
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(form(panel, preset, ctx))
}

/// A number as an input's starting text: `2152`, `1704.17`.
fn number_text(value: Exact) -> String {
    value.to_f64().to_string()
}

/// The starting text of each field, by id: the field defaults, replaced by a preset's figures.
fn starting_values(preset: Option<&Preset>) -> Inputs {
    let mut inputs = Inputs::new();
    let Some(p) = preset else { return inputs };
    let (Ok(before), Ok(after)) = (parse_decimal(&p.cost_before.to_string()), parse_decimal(&p.cost_after.to_string()))
    else {
        return inputs;
    };
    inputs.set("students", &p.students.to_string());
    inputs.set("cost_before", &number_text(before));
    inputs.set("cost_after", &number_text(after));
    let diff = before - after;
    if !diff.is_negative() && !diff.is_zero() {
        inputs.set("diff_per_student", &number_text(diff));
        inputs.set("reduction_pct", &number_text((diff / before * Exact::int(100)).round(2)));
    }
    inputs
}

/// The starting values of one panel: a preset's figures, except in the forecast of a block that
/// opens on another mode: the forecast projects only numbers the reader enters, never a case's
/// (content review, defect 5), unless the author asked for the forecast of that case.
fn panel_values<'v>(p: Panel, panel: Panel, values: &'v Inputs, empty: &'v Inputs) -> &'v Inputs {
    if p == Panel::Forecast && panel != Panel::Forecast {
        empty
    } else {
        values
    }
}

fn form(panel: Panel, preset: Option<&Preset>, ctx: &BlockContext) -> String {
    let base = ctx.base_path;
    let say = Say(ctx.words);
    let id = form_id(panel, preset, ctx);
    let values = starting_values(preset);
    let empty = Inputs::new();
    let mut h = String::with_capacity(40_000);
    heading(&mut h, base, &id, panel, preset, ctx.district, say);
    // The form needs the wasm: hidden until js/calculator.js has it running.
    let _ = write!(
        h,
        "<form class=\"tb-calc-form\" data-form hidden novalidate>\n\
         <fieldset class=\"tb-calc-modes\"><legend>{}</legend>\n",
        escape(say.ui("modes", "What do you want to work out?"))
    );
    mode_choices(&mut h, &id, panel, say);
    for p in Panel::ALL {
        panel_fields(&mut h, &id, p, p == panel, panel_values(p, panel, &values, &empty), say);
    }
    actions_and_output(&mut h, &id, say);
    examples(&mut h, panel, &values, &empty, &id, say);
    h.push_str("<div class=\"tb-calc-disclosures\">\n");
    for n in 1..=3 {
        let _ = writeln!(h, "<p>{}</p>", escape(say.t(&format!("disclosure_{n}"))));
    }
    let _ = write!(h, "</div>\n</div>\n<script type=\"module\" src=\"{base}js/calculator.js\"></script>\n");
    h
}

/// The block's id: its panel, its preset, and a number when the same block is repeated on a page.
fn form_id(panel: Panel, preset: Option<&Preset>, ctx: &BlockContext) -> String {
    let id = match preset {
        Some(p) => format!("calc-{}-{}", panel.id(), crate::text::slug(&p.slug)),
        None => format!("calc-{}", panel.id()),
    };
    // The same block twice on a page still gets ids of its own.
    match ctx.repeat {
        0 => id,
        n => format!("{id}-{n}"),
    }
}

/// The stylesheets, the block's opening tag and title, and where a preset's figures come from.
/// `district` is the name the printed sheet and the CSV download carry.
fn heading(h: &mut String, base: &str, id: &str, panel: Panel, preset: Option<&Preset>, district: &str, say: Say) {
    let _ = write!(
        h,
        "<link rel=\"stylesheet\" href=\"{base}css/calculator.css\">\n\
         <link rel=\"stylesheet\" href=\"{base}css/chart.css\">\n\
         <div class=\"tb-calc\" id=\"{id}\" data-calculator data-mode=\"{mode}\" data-district=\"{district}\" data-words=\"{words}\" role=\"group\" aria-labelledby=\"{id}-title\">\n\
         <p class=\"tb-calc-title\" id=\"{id}-title\">{title}</p>\n",
        mode = panel.id(),
        district = escape(district),
        words = escape(&say.json()),
        title = escape(say.ui("title", "Cost calculator")),
    );
    if let Some(p) = preset {
        let link = format!("<a href=\"{}\">{}</a>", escape(&p.url), escape(&p.title));
        let text = escape(say.ui("preset", "It starts with the figures of {case}."));
        let _ = writeln!(h, "<p class=\"tb-calc-preset\">{}</p>", text.replace("{case}", &link));
    }
}

/// One radio button per panel, the block's own checked; closes the modes fieldset.
fn mode_choices(h: &mut String, id: &str, panel: Panel, say: Say) {
    for p in Panel::ALL {
        let checked = if p == panel { " checked" } else { "" };
        let _ = writeln!(
            h,
            "<label class=\"tb-calc-choice\"><input type=\"radio\" name=\"{id}-mode\" value=\"{}\"{checked}> {}</label>",
            p.id(),
            escape(p.choice(say))
        );
    }
    h.push_str("</fieldset>\n");
}

/// A panel's fieldset with its fields; only the block's own panel is shown at first.
fn panel_fields(h: &mut String, id: &str, p: Panel, shown: bool, values: &Inputs, say: Say) {
    let hidden = if shown { "" } else { " hidden" };
    let pid = format!("{id}-{}", p.id());
    let _ = writeln!(
        h,
        "<fieldset class=\"tb-calc-panel\" data-panel=\"{}\"{hidden}><legend>{}</legend>",
        p.id(),
        escape(say.t(&format!("title_{}", p.mode().id())))
    );
    if p == Panel::BuildUp {
        build_up_fields(h, &pid, values, say);
    } else {
        fields(h, &pid, p.mode().fields(), values, say);
    }
    h.push_str("</fieldset>\n");
}

/// Build-up's fields: a choice of employed or contracted staff, each with its own fields, and
/// the optional Medicaid offset.
fn build_up_fields(h: &mut String, pid: &str, values: &Inputs, say: Say) {
    let _ = write!(
        h,
        "<fieldset class=\"tb-calc-basis\"><legend>{}</legend>\n\
         <label class=\"tb-calc-choice\"><input type=\"radio\" name=\"{pid}-basis\" value=\"employed\" checked> {}</label>\n\
         <label class=\"tb-calc-choice\"><input type=\"radio\" name=\"{pid}-basis\" value=\"contracted\"> {}</label>\n\
         </fieldset>\n<div data-basis=\"employed\">\n",
        escape(say.ui("staff", "Staff are")),
        escape(say.ui("employed", "Employed by the district")),
        escape(say.ui("contracted", "Contracted by the hour")),
    );
    fields(h, pid, &Mode::Employed.fields()[..6], values, say);
    h.push_str("</div>\n<div data-basis=\"contracted\" hidden>\n");
    fields(h, pid, &Mode::Contracted.fields()[..6], values, say);
    let _ = write!(
        h,
        "</div>\n<details class=\"tb-calc-medicaid\"><summary>{}</summary>\n\
         <p class=\"tb-calc-hint\">{}</p>\n",
        escape(say.ui("medicaid", "Optional: a possible Medicaid offset")),
        escape(say.t("note_medicaid"))
    );
    fields(h, pid, &Mode::Employed.fields()[6..], values, say);
    h.push_str("</details>\n");
}

/// The buttons that end the form, and the empty places js/calculator.js fills with results.
fn actions_and_output(h: &mut String, id: &str, say: Say) {
    let _ = write!(
        h,
        "<div class=\"tb-calc-actions\">\n\
         <button type=\"button\" class=\"tb-calc-button\" data-action=\"print\">{print}</button>\n\
         <button type=\"button\" class=\"tb-calc-button\" data-action=\"csv\">{csv}</button>\n\
         <button type=\"button\" class=\"tb-calc-button\" data-action=\"copy\">{copy}</button>\n\
         <a class=\"tb-calc-share\" data-share href=\"#{id}\">{link}</a>\n\
         <span class=\"tb-calc-status\" data-status role=\"status\"></span>\n\
         </div>\n</form>\n\
         <div class=\"tb-calc-output\" data-output aria-live=\"polite\">\n\
         <p class=\"tb-calc-summary\" data-summary></p>\n\
         <table class=\"tb-calc-table tb-calc-results\" data-results hidden><caption>{results}</caption><tbody></tbody></table>\n\
         <div class=\"tb-calc-scroll\" data-years hidden><table class=\"tb-calc-table\"><caption>{years}</caption><thead></thead><tbody></tbody></table></div>\n\
         <ul class=\"tb-calc-notes\" data-notes></ul>\n\
         </div>\n\
         <div class=\"tb-calc-chart\" data-chart data-chart-id=\"{id}-live\" hidden></div>\n",
        print = escape(say.ui("print", "Print")),
        csv = escape(say.ui("csv", "Download CSV")),
        copy = escape(say.ui("copy", "Copy link to these numbers")),
        link = escape(say.ui("link", "Link to these numbers")),
        results = escape(say.ui("results", "Results")),
        years = escape(say.ui("years", "Year by year")),
    );
}

fn fields(h: &mut String, pid: &str, fields: &[Field], values: &Inputs, say: Say) {
    for f in fields {
        let fid = format!("{pid}-{}", f.id.replace('_', "-"));
        let value = values.get(f.id).unwrap_or(f.default);
        let mode = if f.whole() { "numeric" } else { "decimal" };
        let prefix =
            if f.unit == Unit::Dollars { "<span class=\"tb-calc-prefix\" aria-hidden=\"true\">$</span>" } else { "" };
        let _ = write!(
            h,
            "<div class=\"tb-calc-field\">\n\
             <label for=\"{fid}\">{label}</label>\n\
             <span class=\"tb-calc-input\">{prefix}<input id=\"{fid}\" name=\"{name}\" data-field=\"{name}\" type=\"text\" inputmode=\"{mode}\" \
             autocomplete=\"off\" spellcheck=\"false\" value=\"{value}\" aria-describedby=\"{fid}-unit {fid}-hint {fid}-msg\">\
             <span class=\"tb-calc-unit\" id=\"{fid}-unit\">{unit}</span></span>\n\
             <p class=\"tb-calc-hint\" id=\"{fid}-hint\">{hint}</p>\n\
             <p class=\"tb-calc-msg\" id=\"{fid}-msg\" data-message-for=\"{name}\" hidden></p>\n\
             </div>\n",
            label = escape(say.t(&format!("label_{}", f.id))),
            name = f.id,
            value = escape(value),
            unit = escape(say.t(&format!("unit_{}", f.id))),
            hint = escape(say.t(&format!("hint_{}", f.id))),
        );
    }
}

/// Without JavaScript, every mode's worked example, one disclosure each (the block's own open), so
/// each mode can still be reached and read; `js/calculator.js` hides them when the form runs.
fn examples(h: &mut String, panel: Panel, values: &Inputs, empty: &Inputs, id: &str, say: Say) {
    let _ = writeln!(
        h,
        "<div class=\"tb-calc-examples\" data-example>\n<p>{}</p>",
        escape(say.ui(
            "examples",
            "Worked examples for each mode, computed when this site was built. Turn on JavaScript to enter your own numbers."
        ))
    );
    for p in Panel::ALL {
        let open = if p == panel { " open" } else { "" };
        let _ =
            writeln!(h, "<details class=\"tb-calc-mode-example\"{open}><summary>{}</summary>", escape(p.choice(say)));
        let values = panel_values(p, panel, values, empty);
        if p == Panel::BuildUp {
            example_or_empty(h, &compute(Mode::Employed, values), id, say);
            example_or_empty(h, &compute(Mode::Contracted, values), id, say);
        } else {
            example_or_empty(h, &compute(p.mode(), values), id, say);
        }
        h.push_str("</details>\n");
    }
    h.push_str("</div>\n");
}

/// The worked example, or for a forecast that starts empty, why there is none: it projects only
/// numbers the reader enters, never a case's (content review, defect 5).
fn example_or_empty(h: &mut String, outcome: &Outcome, id: &str, say: Say) {
    if outcome.mode == Mode::Forecast && outcome.inputs.iter().take(3).all(|i| i.text.trim().is_empty()) {
        let _ =
            writeln!(
                h,
                "<div class=\"tb-calc-example\">\n<p><strong>{}</strong> {}</p>\n</div>",
                escape(say.ui("forecast_empty", "The forecast starts empty.")),
                escape(say.ui(
                    "forecast_empty_why",
                    "It projects only the numbers you enter, so it shows nothing until you do."
                ))
            );
    } else {
        example(h, outcome, id, say);
    }
}

/// The worked example: the starting values and their results, computed now by the same crate.
fn example(h: &mut String, outcome: &Outcome, id: &str, say: Say) {
    let title = say.t(&format!("title_{}", outcome.mode.id()));
    let _ = write!(
        h,
        "<div class=\"tb-calc-example\">\n\
         <p><strong>{}</strong></p>\n\
         <table class=\"tb-calc-table\"><caption>{}</caption><tbody>\n",
        escape(&say.ui("example", "Worked example: {0}.").replace("{0}", title)),
        escape(say.ui("inputs", "Inputs"))
    );
    for input in outcome.inputs.iter().filter(|i| !i.text.is_empty()) {
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(say.t(&format!("label_{}", input.field.id))),
            escape(&input.display())
        );
    }
    h.push_str("</tbody></table>\n");
    for m in &outcome.messages {
        let class = if m.level == Level::Error { "tb-calc-msg" } else { "tb-calc-msg tb-calc-warn" };
        let _ = writeln!(h, "<p class=\"{class}\">{}</p>", escape(&say.said(&m.said, m.field)));
    }
    if !outcome.figures.is_empty() {
        let _ = writeln!(
            h,
            "<table class=\"tb-calc-table tb-calc-results\"><caption>{}</caption><tbody>",
            escape(say.ui("results", "Results"))
        );
        for f in &outcome.figures {
            let _ = writeln!(
                h,
                "<tr data-result=\"{}\"><th scope=\"row\">{}</th><td>{}</td></tr>",
                f.id,
                escape(say.t(f.label_key)),
                escape(&f.display())
            );
        }
        h.push_str("</tbody></table>\n");
    }
    if let Some(table) = &outcome.table {
        let _ = write!(
            h,
            "<div class=\"tb-calc-scroll\"><table class=\"tb-calc-table\"><caption>{}</caption><thead><tr>",
            escape(say.ui("years", "Year by year"))
        );
        for key in &table.header_keys {
            let _ = write!(h, "<th scope=\"col\">{}</th>", escape(say.t(key)));
        }
        h.push_str("</tr></thead><tbody>\n");
        for row in &table.rows {
            h.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
                let close = if i == 0 { "th" } else { "td" };
                let _ = write!(h, "<{tag}>{}</{close}>", escape(cell));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table></div>\n");
    }
    if let Some(chart) = example_chart(outcome, say) {
        h.push_str(&chart::bare_figure(&chart, &format!("{id}-chart"), say.0));
    }
    if !outcome.summary.is_empty() {
        let _ = writeln!(h, "<p class=\"tb-calc-summary\">{}</p>", escape(&say.said(&outcome.summary_said, "")));
    }
    if !outcome.note_keys.is_empty() {
        h.push_str("<ul class=\"tb-calc-notes\">\n");
        for note in &outcome.note_keys {
            let _ = writeln!(h, "<li>{}</li>", escape(say.t(note)));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</div>\n");
}

/// The chart of a result: the forecast's previous and new totals by year. Its numbers are the
/// ones the tables show (read back from their text), so the chart
/// and the tables agree; `js/calculator.js` builds the live chart from the same texts.
fn example_chart(outcome: &Outcome, say: Say) -> Option<Chart> {
    match outcome.mode {
        Mode::Forecast => forecast_chart(outcome.table.as_ref()?, say),
        _ => None,
    }
}

fn money_chart(title: &str, y_label: &str, x_label: &str, categories: Vec<String>, series: Vec<Series>) -> Chart {
    let ordered = true;
    Chart {
        title: title.to_string(),
        caption: None,
        x_label: x_label.to_string(),
        y_label: y_label.to_string(),
        unit: chart::Unit::Dollars,
        y_min: None,
        y_max: None,
        body: Body::Categorical(Categorical { layout: Layout::Grouped, ordered, categories, series }),
    }
}

/// Previous and new totals per year, from the year-by-year table.
fn forecast_chart(table: &calculator::Table, say: Say) -> Option<Chart> {
    let column = |key: &str| table.header_keys.iter().position(|h| *h == key);
    let (before, after) = (column("col_total_before")?, column("col_total_after")?);
    let values = |c: usize| {
        table.rows.iter().map(|r| r.get(c).and_then(|t| chart::parse_number(t))).collect::<Option<Vec<f64>>>()
    };
    let series = vec![
        Series { name: say.t("col_total_before").into(), values: values(before)? },
        Series { name: say.t("col_total_after").into(), values: values(after)? },
    ];
    let years = table.rows.iter().map(|r| r.first().cloned().unwrap_or_default()).collect();
    let title = say.ui("chart_title", "Total cost by year");
    Some(money_chart(title, say.ui("chart_y", "Total cost"), say.t("col_year"), years, series))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn presets() -> Vec<Preset> {
        vec![Preset {
            slug: "montgomery-county".into(),
            title: "Montgomery County".into(),
            url: "/pd/case-studies/montgomery-county/".into(),
            students: 134,
            cost_before: 2152.0,
            cost_after: 1614.0,
        }]
    }

    fn ctx(presets: &[Preset]) -> BlockContext<'_> {
        BlockContext { base_path: "/pd/", pass_score: None, presets, ..crate::blocks::test_context() }
    }

    fn ids(html: &str) -> Vec<&str> {
        html.split(" id=\"").skip(1).filter_map(|s| s.split('"').next()).collect()
    }

    #[test]
    fn renders_the_form_and_the_worked_example() {
        let presets = presets();
        let html = render("mode = \"compare\"\npreset = \"montgomery-county\"\n", &ctx(&presets)).expect("valid block");
        assert!(html.contains("<link rel=\"stylesheet\" href=\"/pd/css/calculator.css\">"));
        assert!(html.contains("<script type=\"module\" src=\"/pd/js/calculator.js\"></script>"));
        assert!(html.contains("aria-live=\"polite\""));
        assert!(html.contains("<a href=\"/pd/case-studies/montgomery-county/\">Montgomery County</a>"));
        assert!(html.contains("<tr data-result=\"savings\"><th scope=\"row\">Savings</th><td>$72,092</td></tr>"));
        assert!(html.contains("<td>25.0%</td>"));
        for d in calculator::DISCLOSURES {
            assert!(html.contains(&escape(d)));
        }
        // Strict CSP: no inline scripts, styles or event handlers.
        assert!(!html.contains(" style=") && !html.contains("<script>") && !html.contains("<style"));
        assert!(["onclick=", "oninput=", "onchange=", "onload="].iter().all(|h| !html.contains(h)));
        // Every input has a label.
        for id in ids(&html).iter().filter(|id| html.contains(&format!("<input id=\"{id}\""))) {
            assert!(html.contains(&format!("<label for=\"{id}\">")), "{id} has no label");
        }
    }

    #[test]
    fn ids_are_unique_and_differ_between_two_blocks() {
        let presets = presets();
        let a = render("mode = \"compare\"", &ctx(&presets)).expect("valid block");
        let b = render("mode = \"forecast\"\npreset = \"montgomery-county\"", &ctx(&presets)).expect("valid block");
        let mut all = ids(&a);
        let mut seen = std::collections::HashSet::new();
        assert!(all.iter().all(|id| seen.insert(*id)), "duplicate id within one block");
        all.extend(ids(&b));
        let mut seen = std::collections::HashSet::new();
        assert!(all.iter().all(|id| seen.insert(*id)), "duplicate id across two blocks");
    }

    #[test]
    fn presets_fill_the_starting_values() {
        let presets = vec![Preset { students: 50, cost_before: 1704.17, cost_after: 1500.0, ..presets()[0].clone() }];
        let html = render("mode = \"work-back\"\npreset = \"montgomery-county\"", &ctx(&presets)).expect("valid block");
        assert!(html.contains("value=\"1704.17\""));
        assert!(html.contains("value=\"204.17\""));
        assert!(html.contains("value=\"11.98\""), "the reduction is rounded to two decimals");
    }

    #[test]
    fn build_up_and_forecast_examples() {
        let html = render("mode = \"build-up\"", &ctx(&[])).expect("valid block");
        assert!(html.contains("<td>$2,220</td>"));
        assert!(html.contains("data-basis=\"contracted\" hidden"));
        // The forecast starts empty: no example extends figures nobody entered.
        let html = render("mode = \"forecast\"", &ctx(&[])).expect("valid block");
        assert!(html.contains("The forecast starts empty."));
        assert!(!html.contains("<caption>Year by year</caption><thead><tr><th"), "no worked example");
        // The live table's head is filled by js/calculator.js: no empty row before (the Nu checker).
        assert!(!html.contains("<tr></tr>"));
        assert!(html.contains("name=\"students\" data-field=\"students\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" spellcheck=\"false\" value=\"\""));
    }

    #[test]
    fn errors_point_into_the_block() {
        let e = render("mode = \"compair\"\n", &ctx(&[])).expect_err("unknown mode");
        assert_eq!((e[0].line, e[0].column, e[0].message.as_str()), (1, 8, "unknown calculator mode `compair`"));
        let presets = presets();
        let e = render("mode = \"compare\"\npreset = \"nowhere\"\n", &ctx(&presets)).expect_err("unknown preset");
        assert_eq!((e[0].line, e[0].column), (2, 10));
        assert!(e[0].hint.as_deref().is_some_and(|h| h.contains("montgomery-county")));
        let e = render("mode = \"compare\"\ncolour = 1\n", &ctx(&[])).expect_err("unknown key");
        assert_eq!(e[0].line, 2);
        assert!(e[0].message.contains("colour"), "{}", e[0].message);
        let e = render("mode = \n", &ctx(&[])).expect_err("bad TOML");
        assert_eq!(e[0].line, 1);
    }
}
