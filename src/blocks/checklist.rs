//! The ` ```checklist ` block: groups of items with optional help text, written in TOML. Rendered
//! as real checkboxes in fieldsets; `js/training.js` keeps the ticks in the browser, counts them
//! and offers a reset. Printed, each item shows a box (empty when not ticked).

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Deserialize;
use toml::Spanned;

use super::quiz::{is_id, toml_error, Errors};
use super::{escape, BlockContext, BlockError};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChecklist {
    id: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    groups: Option<Vec<Spanned<RawGroup>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    title: Option<Spanned<String>>,
    intro: Option<Spanned<String>>,
    items: Option<Spanned<Vec<Spanned<RawItem>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    help: Option<Spanned<String>>,
}

/// A validated checklist.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Checklist {
    /// Names the saved ticks in the reader's browser.
    pub id: String,
    pub title: String,
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    pub title: String,
    pub intro: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub id: String,
    pub text: String,
    pub help: Option<String>,
}

pub(crate) fn render(body: &str, ctx: &BlockContext) -> Result<String, Vec<BlockError>> {
    let checklist = parse(body)?;
    Ok(to_html(&checklist, &ctx.dom_prefix("checklist", body), ctx.words))
}

/// Parses and validates a checklist body, reporting every problem found.
pub(crate) fn parse(body: &str) -> Result<Checklist, Vec<BlockError>> {
    let raw: RawChecklist = toml::from_str(body).map_err(|err| vec![toml_error(body, &err)])?;
    let mut errors = Errors::new(body);
    let id = match &raw.id {
        Some(id) if !is_id(id.get_ref()) => {
            errors.at(
                id.span().start,
                format!("checklist id `{}` may only use letters, digits and -", id.get_ref()),
                Some("for example id = \"referral-readiness\""),
            );
            None
        }
        Some(id) => Some(id.get_ref().clone()),
        None => {
            errors.at(
                0,
                "a checklist needs an `id`",
                Some("add id = \"...\" at the top: it names the ticks saved in the reader's browser"),
            );
            None
        }
    };
    let title = errors.text(raw.title.as_ref(), 0, "title", "the checklist");
    let mut groups = Vec::new();
    let mut seen_items: HashMap<String, usize> = HashMap::new();
    match raw.groups.as_deref() {
        None | Some([]) => errors.at(
            0,
            "a checklist needs at least one group",
            Some("add [[groups]] with a title and items = [ { id = \"a1\", text = \"...\" } ]"),
        ),
        Some(raw_groups) => {
            for raw_g in raw_groups {
                let g_start = raw_g.span().start;
                let g = raw_g.get_ref();
                let title = errors.text(g.title.as_ref(), g_start, "title", "group");
                let owner = title.as_ref().map_or_else(|| "group".to_string(), |t| format!("group “{t}”"));
                let intro = match &g.intro {
                    Some(_) => errors.text(g.intro.as_ref(), g_start, "intro", &owner).map(Some),
                    None => Some(None),
                };
                let items = check_items(&mut errors, g, g_start, &owner, &mut seen_items);
                if let (Some(title), Some(intro), Some(items)) = (title, intro, items) {
                    groups.push(Group { title, intro, items });
                }
            }
        }
    }
    match (id, title) {
        (Some(id), Some(title)) if errors.list.is_empty() => Ok(Checklist { id, title, groups }),
        _ => Err(errors.list),
    }
}

fn check_items(
    errors: &mut Errors<'_>,
    g: &RawGroup,
    g_start: usize,
    owner: &str,
    seen: &mut HashMap<String, usize>,
) -> Option<Vec<Item>> {
    let Some(raw_items) = &g.items else {
        errors.at(g_start, format!("{owner} has no `items`"), Some("add items = [ { id = \"a1\", text = \"...\" } ]"));
        return None;
    };
    if raw_items.get_ref().is_empty() {
        errors.at(raw_items.span().start, format!("{owner} has no items"), Some("add { id = \"a1\", text = \"...\" }"));
        return None;
    }
    let mut ok = true;
    let mut items = Vec::new();
    for raw_i in raw_items.get_ref() {
        let i_start = raw_i.span().start;
        let i = raw_i.get_ref();
        let id = errors.id(i.id.as_ref(), i_start, "item", seen);
        let item_owner = id.as_ref().map_or_else(|| "item".to_string(), |id| format!("item `{id}`"));
        let text = errors.text(i.text.as_ref(), i_start, "text", &item_owner);
        let help = match &i.help {
            Some(_) => errors.text(i.help.as_ref(), i_start, "help", &item_owner).map(Some),
            None => Some(None),
        };
        match (id, text, help) {
            (Some(id), Some(text), Some(help)) => items.push(Item { id, text, help }),
            _ => ok = false,
        }
    }
    ok.then_some(items)
}

fn to_html(checklist: &Checklist, prefix: &str, words: crate::content::strings::Words<'_>) -> String {
    let total: usize = checklist.groups.iter().map(|g| g.items.len()).sum();
    let mut html = String::new();
    let _ = writeln!(
        html,
        "<form class=\"tb-checklist\" id=\"{prefix}\" data-checklist=\"{}\" data-items=\"{total}\" data-progress-text=\"{}\" data-group-text=\"{}\" aria-labelledby=\"{prefix}_title\" autocomplete=\"off\">",
        escape(&checklist.id),
        escape(words.get("checklist_progress", "{done} of {total} items ticked.")),
        escape(words.get("checklist_group_count", "({done} of {total})"))
    );
    let _ = writeln!(html, "<p class=\"tb-checklist-title\" id=\"{prefix}_title\">{}</p>", escape(&checklist.title));
    let _ = writeln!(
        html,
        "<p class=\"tb-checklist-progress\" data-checklist-progress role=\"status\" aria-live=\"polite\">{}</p>",
        escape(&words.get("checklist_items", "{total} items").replace("{total}", &total.to_string()))
    );
    for (n, group) in checklist.groups.iter().enumerate() {
        let gid = format!("{prefix}_g{}", n + 1);
        let _ = writeln!(html, "<fieldset class=\"tb-checklist-group\" id=\"{gid}\">");
        let _ = writeln!(
            html,
            "<legend>{} <span class=\"tb-group-count\" data-group-count></span></legend>",
            escape(&group.title)
        );
        if let Some(intro) = &group.intro {
            let _ = writeln!(html, "<p class=\"tb-checklist-intro\">{}</p>", escape(intro));
        }
        html.push_str("<ul class=\"tb-checklist-items\">\n");
        for item in &group.items {
            let iid = format!("{prefix}_{}", item.id);
            let described =
                if item.help.is_some() { format!(" aria-describedby=\"{iid}_help\"") } else { String::new() };
            let _ = write!(
                html,
                "<li class=\"tb-checklist-item\"><input type=\"checkbox\" id=\"{iid}\" name=\"{}\" value=\"1\"{described}> <label for=\"{iid}\">{}</label>",
                escape(&item.id),
                escape(&item.text)
            );
            if let Some(help) = &item.help {
                let _ = write!(html, "\n<p class=\"tb-help\" id=\"{iid}_help\">{}</p>", escape(help));
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ul>\n</fieldset>\n");
    }
    let _ = writeln!(
        html,
        "<p class=\"tb-checklist-actions\" data-checklist-actions hidden><button type=\"button\" class=\"secondary\" data-checklist-reset>{}</button> <button type=\"button\" class=\"secondary\" data-print>{}</button></p>",
        escape(words.get("checklist_untick_all", "Untick all")),
        escape(words.get("checklist_print", "Print"))
    );
    let _ = writeln!(
        html,
        "<p class=\"tb-checklist-note\">{}</p>",
        escape(words.get(
            "checklist_note",
            "Your ticks are kept only in this browser. Printed, each item has a box to tick by hand."
        ))
    );
    html.push_str("</form>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"id = "readiness"
title = "Referral-readiness checklist"

[[groups]]
title = "Refer now"
intro = "If any item applies, act today."
items = [
  { id = "a1", text = "A parent has asked for an evaluation.", help = "Forward it the same day." },
  { id = "a2", text = "Safety is at risk." },
]

[[groups]]
title = "Data attached"
items = [
  { id = "b1", text = "Three baseline points." },
]
"#;

    fn errors(body: &str) -> Vec<(usize, usize, String)> {
        parse(body).expect_err("invalid").into_iter().map(|e| (e.line, e.column, e.message)).collect()
    }

    fn ctx() -> BlockContext<'static> {
        BlockContext { pass_score: None, ..crate::blocks::test_context() }
    }

    #[test]
    fn parses_groups_and_items() {
        let c = parse(GOOD).expect("valid");
        assert_eq!(c.id, "readiness");
        assert_eq!(c.groups.len(), 2);
        assert_eq!(c.groups[0].items[0].help.as_deref(), Some("Forward it the same day."));
        assert_eq!(c.groups[1].intro, None);
    }

    #[test]
    fn unknown_key_suggests() {
        let err = parse(&GOOD.replacen("intro =", "intor =", 1)).expect_err("unknown key");
        assert_eq!((err[0].line, err[0].column), (6, 1));
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `intro`?"));
        let err = parse(&GOOD.replacen(", help = \"Forward", ", hlep = \"Forward", 1)).expect_err("unknown key");
        assert_eq!(err[0].line, 8);
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `help`?"));
    }

    #[test]
    fn duplicate_item_ids_across_groups() {
        let errs = errors(&GOOD.replacen("id = \"b1\"", "id = \"a1\"", 1));
        assert_eq!(errs, [(15, 10, "duplicate item id `a1`".to_string())]);
    }

    #[test]
    fn empty_text_and_missing_id() {
        let body = GOOD.replacen("text = \"Safety is at risk.\"", "text = \"\"", 1).replacen("id = \"b1\", ", "", 1);
        let errs = errors(&body);
        assert_eq!(
            errs,
            [(9, 23, "item `a2` has an empty `text`".to_string()), (15, 3, "item has no `id`".to_string()),]
        );
    }

    #[test]
    fn checklist_needs_id_title_and_groups() {
        let errs = errors("title = \"\"\n");
        assert_eq!(errs[0], (1, 1, "a checklist needs an `id`".to_string()));
        assert_eq!(errs[1], (1, 9, "the checklist has an empty `title`".to_string()));
        assert_eq!(errs[2], (1, 1, "a checklist needs at least one group".to_string()));
    }

    #[test]
    fn group_without_items() {
        let errs = errors(&GOOD.replacen(
            "items = [\n  { id = \"b1\", text = \"Three baseline points.\" },\n]",
            "items = []",
            1,
        ));
        assert_eq!(errs, [(14, 9, "group “Data attached” has no items".to_string())]);
    }

    #[test]
    fn renders_checkboxes_in_fieldsets() {
        let html = render(GOOD, &ctx()).expect("renders");
        assert_eq!(html.matches("type=\"checkbox\"").count(), 3);
        assert_eq!(html.matches("<fieldset").count(), 2);
        assert!(html.contains("data-checklist=\"readiness\""));
        assert!(!html.contains("style="));
    }

    #[test]
    fn snapshot_of_rendered_checklist() {
        insta::assert_snapshot!(render(GOOD, &ctx()).expect("renders"));
    }
}
