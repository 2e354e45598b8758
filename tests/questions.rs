//! `tierbook export questions --format gift`: every bundled module's knowledge check read back by
//! an independent GIFT parser (gift-pegjs, pinned by package-lock) and compared with the quiz
//! blocks as the TOML in content/ states them: question ids, kinds, prompts, every choice's text,
//! correctness and feedback, and the explanation.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::harness::{require_tool, tierbook, TestSite, Tool};

/// The quiz questions of a markdown page, read from its ```quiz fences with the toml crate.
fn source_questions(markdown: &str) -> Vec<toml::Value> {
    let mut questions = Vec::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("```quiz\n") {
        let body = &rest[start + "```quiz\n".len()..];
        let end = body.find("\n```").expect("a closed fence");
        let quiz: toml::Table = toml::from_str(&body[..end]).expect("quiz TOML");
        questions.extend(quiz["questions"].as_array().expect("questions").iter().cloned());
        rest = &body[end..];
    }
    questions
}

/// gift-pegjs's reading of a GIFT file, as JSON.
fn parse_gift(node: &Path, parser: &Path, file: &Path, dir: &Path) -> Vec<Value> {
    let script = dir.join("read-gift.cjs");
    std::fs::write(
        &script,
        "const { parse } = require(process.argv[2]);\nconst text = require('fs').readFileSync(process.argv[3], 'utf8');\nprocess.stdout.write(JSON.stringify(parse(text)));\n",
    )
    .expect("write the reader");
    let output = Command::new(node).arg(&script).arg(parser).arg(file).output().expect("run node");
    assert!(
        output.status.success(),
        "gift-pegjs refused {}:\n{}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON from the reader")
}

fn text(value: &Value) -> &str {
    value["text"].as_str().unwrap_or_default()
}

#[test]
fn gift_banks_read_back_as_the_quizzes_say() {
    let Some(node) = require_tool(Tool::Node, "gift export") else { return };
    let Some(parser) = require_tool(Tool::GiftPegjs, "gift export") else { return };
    let site = TestSite::bundled();
    let out = site.root().join("banks");
    let run = tierbook()
        .args(["export", "questions", "--format", "gift", "--output"])
        .arg(&out)
        .current_dir(site.root())
        .output()
        .expect("run tierbook");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let modules: Vec<_> = std::fs::read_dir(site.root().join("content/trainings"))
        .expect("modules")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("knowledge-check.md").is_file())
        .collect();
    assert_eq!(modules.len(), 5);
    let mut kinds = std::collections::BTreeSet::new();
    for module in modules {
        let slug = module.file_name().expect("name").to_string_lossy().into_owned();
        let markdown = std::fs::read_to_string(module.join("knowledge-check.md")).expect("read the check");
        let expected = source_questions(&markdown);
        let parsed = parse_gift(&node, &parser, &out.join(format!("{slug}.gift")), site.root());
        assert_eq!(parsed[0]["type"], "Category", "{slug}");
        let questions: Vec<&Value> = parsed.iter().filter(|q| q["type"] != "Category").collect();
        assert_eq!(questions.len(), expected.len(), "{slug}: question count");
        for (got, want) in questions.iter().zip(&expected) {
            let id = want["id"].as_str().expect("id");
            let kind = want["kind"].as_str().expect("kind");
            kinds.insert(kind.to_string());
            assert_eq!(got["title"], id, "{slug}");
            assert_eq!(text(&got["stem"]), want["prompt"].as_str().expect("prompt"), "{slug} {id}");
            assert_eq!(text(&got["globalFeedback"]), want["explanation"].as_str().expect("explanation"), "{slug} {id}");
            let choices = want["choices"].as_array().expect("choices");
            let answer: Vec<String> = match &want["answer"] {
                toml::Value::Array(ids) => ids.iter().map(|v| v.as_str().expect("id").to_string()).collect(),
                toml::Value::Boolean(b) => vec![b.to_string()],
                other => vec![other.as_str().expect("id").to_string()],
            };
            let feedback_of = |choice: &str| {
                choices
                    .iter()
                    .find(|c| c["id"].as_str() == Some(choice))
                    .and_then(|c| c["feedback"].as_str())
                    .unwrap_or_default()
            };
            if kind == "true-false" {
                assert_eq!(got["type"], "TF", "{slug} {id}");
                let right = answer[0] == "true";
                assert_eq!(got["isTrue"], right, "{slug} {id}");
                // Moodle shows the first feedback for the wrong answer and the second for the
                // right one; gift-pegjs names them trueFeedback and falseFeedback in that order
                // (gift-pegjs#62).
                let (wrong, right_id) = if right { ("false", "true") } else { ("true", "false") };
                assert_eq!(text(&got["trueFeedback"]), feedback_of(wrong), "{slug} {id}: wrong-answer feedback");
                assert_eq!(text(&got["falseFeedback"]), feedback_of(right_id), "{slug} {id}: right-answer feedback");
                continue;
            }
            assert_eq!(got["type"], "MC", "{slug} {id}");
            let got_choices = got["choices"].as_array().expect("choices");
            assert_eq!(got_choices.len(), choices.len(), "{slug} {id}: choice count");
            for (g, w) in got_choices.iter().zip(choices) {
                let choice = w["id"].as_str().expect("choice id");
                let correct = g["isCorrect"] == true || g["weight"].as_f64().is_some_and(|x| x > 0.0);
                assert_eq!(correct, answer.iter().any(|a| a == choice), "{slug} {id} {choice}: correctness");
                assert_eq!(text(&g["text"]), w["text"].as_str().expect("text"), "{slug} {id} {choice}");
                assert_eq!(text(&g["feedback"]), w["feedback"].as_str().expect("feedback"), "{slug} {id} {choice}");
            }
        }
    }
    assert_eq!(kinds.len(), 3, "the bundled checks use every kind: {kinds:?}");
}

#[test]
fn a_module_without_questions_is_refused() {
    let site = TestSite::fixture("training/module");
    site.run(&["export", "questions", "--format", "qti3", "--output", "banks"])
        .exit(2)
        .stderr_has("[possible values: gift]");
    site.run(&["export", "questions", "--module", "trainings/none", "--output", "banks"])
        .exit(2)
        .stderr_has("hint: the site's modules are: trainings/basics");
    site.run(&["export", "questions", "--output", "banks"]).success();
    assert!(site.root().join("banks/basics.gift").is_file());
}
