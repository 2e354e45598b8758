//! The training experience at build time: every quiz and checklist error at its exact
//! `file:line:col`, and snapshots of the pages a module, a guide index and the generated
//! certificate and taxonomy pages render to.

use crate::harness::{main_of, Edit, TestSite};

/// A page whose body is one fenced block. The block's first line is line 6 of the file.
fn block_page(name: &str, body: &str) -> String {
    format!("+++\ntitle = \"Check\"\n+++\n\n```{name}\n{body}```\n")
}

const QUESTION: &str = r#"[[questions]]
id = "lre"
kind = "single"
prompt = "Which statement is right?"
answer = "b"
explanation = "Peers, as much as is appropriate."
choices = [
  { id = "a", text = "Separate rooms.", feedback = "Not right." },
  { id = "b", text = "With peers.", feedback = "Right." },
]
"#;

const TRUE_FALSE: &str = r#"
[[questions]]
id = "ask"
kind = "true-false"
prompt = "A parent can ask at any time."
answer = "true"
explanation = "There is no waiting period."
choices = [
  { id = "true", text = "True", feedback = "Right." },
  { id = "false", text = "False", feedback = "Not right." },
]
"#;

const CHECKLIST: &str = r#"id = "ready"
title = "Ready"

[[groups]]
title = "Refer now"
items = [
  { id = "a1", text = "A parent asked.", help = "Same day." },
  { id = "a2", text = "Safety." },
]
"#;

/// Builds a site with one quiz (or checklist) page and returns its error lines.
fn errors_for(block: &str, body: &str) -> (Vec<String>, String) {
    let site = TestSite::new().file("content/check.md", &block_page(block, body));
    let run = site.build();
    run.exit(1);
    (run.error_lines().iter().map(|s| s.to_string()).collect(), run.stderr.clone())
}

fn assert_one_error(block: &str, body: &str, expected: &str) {
    let (lines, stderr) = errors_for(block, body);
    assert_eq!(lines, [expected], "stderr:\n{stderr}");
}

#[test]
fn quiz_missing_answer() {
    let body = QUESTION.edit("answer = \"b\"\n", "");
    assert_one_error("quiz", &body, "content/check.md:6:1: error: quiz block: question `lre` has no `answer`");
}

#[test]
fn quiz_answer_not_a_choice() {
    let body = QUESTION.edit("answer = \"b\"", "answer = \"c\"");
    assert_one_error(
        "quiz",
        &body,
        "content/check.md:10:10: error: quiz block: answer `c` of question `lre` is not one of its choices",
    );
}

#[test]
fn quiz_multiple_answer_not_a_choice_points_at_the_item() {
    let body =
        QUESTION.edit("kind = \"single\"", "kind = \"multiple\"").edit("answer = \"b\"", "answer = [\"b\", \"x\"]");
    assert_one_error(
        "quiz",
        &body,
        "content/check.md:10:16: error: quiz block: answer `x` of question `lre` is not one of its choices",
    );
}

#[test]
fn quiz_duplicate_question_id() {
    let body = format!("{QUESTION}\n{}", QUESTION.edit("Which statement", "Which other statement"));
    assert_one_error("quiz", &body, "content/check.md:18:6: error: quiz block: duplicate question id `lre`");
}

#[test]
fn quiz_duplicate_choice_id() {
    let body = QUESTION.edit("{ id = \"b\"", "{ id = \"a\"");
    assert_one_error("quiz", &body, "content/check.md:14:10: error: quiz block: duplicate choice id `a`");
}

#[test]
fn quiz_empty_prompt() {
    let body = QUESTION.edit("prompt = \"Which statement is right?\"", "prompt = \"\"");
    assert_one_error("quiz", &body, "content/check.md:9:10: error: quiz block: question `lre` has an empty `prompt`");
}

#[test]
fn quiz_empty_choice_text() {
    let body = QUESTION.edit("text = \"With peers.\"", "text = \" \"");
    assert_one_error("quiz", &body, "content/check.md:14:22: error: quiz block: choice `b` has an empty `text`");
}

#[test]
fn quiz_true_false_needs_two_choices() {
    let body = TRUE_FALSE.edit("  { id = \"false\", text = \"False\", feedback = \"Not right.\" },\n", "");
    assert_one_error(
        "quiz",
        &body,
        "content/check.md:13:11: error: quiz block: true-false question `ask` has 1 choice; it needs exactly two, with ids `true` and `false`",
    );
}

#[test]
fn quiz_true_false_needs_true_and_false_ids() {
    let body = TRUE_FALSE.edit("{ id = \"false\"", "{ id = \"no\"");
    let (lines, _) = errors_for("quiz", &body);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("content/check.md:13:11: error: quiz block: true-false question `ask` has 2 choices"));
}

#[test]
fn quiz_missing_feedback() {
    let body = QUESTION.edit(", feedback = \"Right.\"", "");
    assert_one_error("quiz", &body, "content/check.md:14:3: error: quiz block: choice `b` has no `feedback`");
}

#[test]
fn quiz_unknown_key_suggests() {
    let body = QUESTION.edit("explanation =", "explanaton =");
    let (lines, stderr) = errors_for("quiz", &body);
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with("content/check.md:11:1: error: quiz block: unknown field `explanaton`"), "{stderr}");
    assert!(stderr.contains("hint: did you mean `explanation`?"), "{stderr}");
}

#[test]
fn quiz_unknown_kind_suggests() {
    let body = QUESTION.edit("kind = \"single\"", "kind = \"multi\"");
    let (lines, stderr) = errors_for("quiz", &body);
    assert!(lines[0].starts_with("content/check.md:8:8: error: quiz block: unknown variant `multi`"), "{stderr}");
    assert!(stderr.contains("hint: did you mean `multiple`?"), "{stderr}");
}

#[test]
fn quiz_syntax_error_has_its_line() {
    let body = QUESTION.edit("answer = \"b\"", "answer = \"b");
    let (lines, stderr) = errors_for("quiz", &body);
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with("content/check.md:10:"), "{stderr}");
}

#[test]
fn quiz_reports_every_problem_at_once() {
    let body = QUESTION
        .edit("answer = \"b\"", "answer = \"z\"")
        .edit("prompt = \"Which statement is right?\"", "prompt = \"\"");
    let (lines, _) = errors_for("quiz", &body);
    assert_eq!(lines.len(), 2, "{lines:?}");
}

#[test]
fn quiz_in_an_indented_list_item_maps_columns() {
    let page = format!(
        "+++\ntitle = \"Check\"\n+++\n\n1. A list\n\n   ```quiz\n{}   ```\n",
        QUESTION.edit("answer = \"b\"", "answer = \"c\"").lines().map(|l| format!("   {l}\n")).collect::<String>()
    );
    let run = TestSite::new().file("content/check.md", &page).build();
    run.exit(1);
    assert_eq!(
        run.error_lines(),
        ["content/check.md:12:13: error: quiz block: answer `c` of question `lre` is not one of its choices"]
    );
}

#[test]
fn checklist_duplicate_item_id() {
    let body = CHECKLIST.edit("{ id = \"a2\"", "{ id = \"a1\"");
    assert_one_error("checklist", &body, "content/check.md:13:10: error: checklist block: duplicate item id `a1`");
}

#[test]
fn checklist_empty_text() {
    let body = CHECKLIST.edit("text = \"Safety.\"", "text = \"\"");
    assert_one_error(
        "checklist",
        &body,
        "content/check.md:13:23: error: checklist block: item `a2` has an empty `text`",
    );
}

#[test]
fn checklist_unknown_key_suggests() {
    let body = CHECKLIST.edit("help = ", "hepl = ");
    let (lines, stderr) = errors_for("checklist", &body);
    assert!(lines[0].starts_with("content/check.md:12:"), "{stderr}");
    assert!(stderr.contains("hint: did you mean `help`?"), "{stderr}");
}

#[test]
fn checklist_missing_id() {
    let body = CHECKLIST.edit("id = \"ready\"\n", "");
    assert_one_error("checklist", &body, "content/check.md:6:1: error: checklist block: a checklist needs an `id`");
}

#[test]
fn checklist_group_without_items() {
    let body = CHECKLIST
        .edit("  { id = \"a1\", text = \"A parent asked.\", help = \"Same day.\" },\n", "")
        .edit("  { id = \"a2\", text = \"Safety.\" },\n", "");
    assert_one_error(
        "checklist",
        &body,
        "content/check.md:11:9: error: checklist block: group “Refer now” has no items",
    );
}

#[test]
fn checklist_item_without_text() {
    let body = CHECKLIST.edit("{ id = \"a2\", text = \"Safety.\" }", "{ id = \"a2\" }");
    assert_one_error("checklist", &body, "content/check.md:13:3: error: checklist block: item `a2` has no `text`");
}

#[test]
fn bundled_content_quizzes_and_checklists_are_valid() {
    let site = TestSite::bundled();
    let run = site.build();
    let block_errors: Vec<&str> =
        run.error_lines().into_iter().filter(|l| l.contains("quiz block") || l.contains("checklist block")).collect();
    assert!(block_errors.is_empty(), "{block_errors:#?}");
}

// ---- Rendered pages ----

fn fixture() -> TestSite {
    TestSite::fixture("training/module").built()
}

#[test]
fn module_page_snapshot() {
    let site = fixture();
    insta::assert_snapshot!(main_of(&site.read("trainings/basics/index.html")));
}

#[test]
fn knowledge_check_snapshot() {
    let site = fixture();
    insta::assert_snapshot!(main_of(&site.read("trainings/basics/03-check/index.html")));
}

#[test]
fn checklist_page_snapshot() {
    let site = fixture();
    insta::assert_snapshot!(main_of(&site.read("checklist/index.html")));
}

#[test]
fn certificate_page_snapshot() {
    let site = fixture();
    let html = site.read("trainings/basics/certificate/index.html");
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    insta::assert_snapshot!(main_of(&html));
}

#[test]
fn guides_index_snapshot() {
    let site = fixture();
    insta::assert_snapshot!(main_of(&site.read("guides/index.html")));
}

#[test]
fn taxonomy_pages_list_the_right_guides() {
    let site = fixture();
    let tier2 = site.read("tiers/2/index.html");
    assert!(tier2.contains("Quiet corner") && !tier2.contains("Letter formation"));
    let handwriting = site.read("areas/handwriting/index.html");
    assert!(handwriting.contains("Letter formation") && handwriting.contains("Warm-ups"));
    assert!(!handwriting.contains("Quiet corner"));
    let sensory = site.read("areas/sensory/index.html");
    assert!(sensory.contains("Quiet corner"));
    // Links work under the base path.
    assert!(site.read("areas/index.html").contains("href=\"/pd/areas/fine-motor/\""));
    insta::assert_snapshot!(main_of(&site.read("tiers/1/index.html")));
}

#[test]
fn pages_have_unique_ids_and_no_inline_script_or_style() {
    let site = fixture();
    for page in [
        "trainings/basics/index.html",
        "trainings/basics/03-check/index.html",
        "trainings/basics/certificate/index.html",
        "checklist/index.html",
        "guides/index.html",
        "areas/index.html",
        "tiers/1/index.html",
    ] {
        let html = site.read(page);
        let mut ids: Vec<&str> = html.split(" id=\"").skip(1).map(|s| s.split('"').next().unwrap_or("")).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "duplicate ids on {page}");
        assert!(!html.contains(" style="), "inline style on {page}");
        assert!(!html.contains("<script>") && !html.contains("<script type=\"module\">"), "inline script on {page}");
    }
}

#[test]
fn no_taxonomy_pages_without_guides() {
    let site = TestSite::new().built();
    assert!(!site.exists("areas/index.html"));
    assert!(!site.exists("tiers/1/index.html"));
}

#[test]
fn bundled_certificates_are_issued_by_the_site_not_the_tool() {
    let config = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tierbook.toml")).expect("config");
    let config: toml::Table = toml::from_str(&config).expect("toml");
    let title = config["title"].as_str().expect("title").to_string();
    let site = TestSite::bundled().built();
    let cert = site.read("trainings/referral-quality/certificate/index.html");
    let issuer = cert
        .split("<p class=\"tb-cert-issuer\">")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .expect("issuer")
        .replace("<span>", "")
        .replace("</span>", "");
    assert_eq!(issuer, title, "the issuer is the district, or else the site: never the tool's name");
    assert!(!issuer.to_lowercase().contains("tierbook"));
}

#[test]
fn a_new_site_names_a_district_placeholder_not_the_tool() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("site");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_tierbook"))
        .args(["init", root.to_str().expect("utf-8 path")])
        .output()
        .expect("run tierbook init");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let config: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("tierbook.toml")).expect("config")).expect("toml");
    let district = config["district"]["name"].as_str().expect("district name");
    assert!(!district.trim().is_empty(), "init names a district to replace");
    for (what, value) in [("title", config["title"].as_str().unwrap_or("")), ("district.name", district)] {
        assert!(!value.to_lowercase().contains("tierbook"), "{what} = {value:?}");
    }
    let out = dir.path().join("out");
    let build = std::process::Command::new(env!("CARGO_BIN_EXE_tierbook"))
        .args(["build", "--root", root.to_str().expect("utf-8"), "--output", out.to_str().expect("utf-8")])
        .output()
        .expect("run tierbook build");
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let mut certificates = 0;
    for entry in walkdir::WalkDir::new(&out).into_iter().flatten() {
        if entry.path().ends_with("certificate/index.html") {
            let html = std::fs::read_to_string(entry.path()).expect("certificate");
            assert!(html.contains(&format!("<span>{district}</span>")), "{}", entry.path().display());
            certificates += 1;
        }
    }
    assert!(certificates > 0, "the starter site has a module and its certificate");
}
