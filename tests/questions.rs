//! `tierbook export questions --format gift`: every bundled module's knowledge check read back by
//! an independent GIFT parser (gift-pegjs, pinned by package-lock) and compared with the quiz
//! blocks as the TOML in content/ states them: question ids, kinds, prompts, every choice's text,
//! correctness and feedback, and the explanation. `--format qti` the same way, read back by pyslet
//! (PyPI, pinned in .ci/run), its manifest validated by xmllint against the IMS CP schema.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::harness::{require_tool, tierbook, TestSite, Tool};

/// The quiz questions of a markdown page, read from its ```quiz fences with the toml crate.
pub(crate) fn source_questions(markdown: &str) -> Vec<toml::Value> {
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
        .stderr_has("[possible values: gift, qti]");
    site.run(&["export", "questions", "--module", "trainings/none", "--output", "banks"])
        .exit(2)
        .stderr_has("hint: the site's modules are: trainings/basics");
    site.run(&["export", "questions", "--output", "banks"]).success();
    assert!(site.root().join("banks/basics.gift").is_file());
}

/// pyslet's reading of a QTI 1.2 bank: every item's ident, title, prompt, cardinality, general
/// feedback and choices (ident, text, whether the item's SCORE=100 condition selects it, the
/// feedback its displayfeedback shows), plus the names of any elements pyslet does not know as QTI.
const READ_QTI: &str = r#"import itertools, json, sys
import pyslet.qtiv1.xml as qx
import pyslet.qtiv1.core as core
import pyslet.qtiv1.common as common
import pyslet.qtiv1.item as qitem
import pyslet.qtiv1.objectbank as objectbank
import pyslet.qtiv1.assessment as assessment
import pyslet.qtiv1.section as section
import pyslet.xml.structures as xml

# pyslet 0.7's ObjectBank has two bugs under Python 3: it never sets up its metadata table (a
# qtimetadata inside it raises AttributeError), and it does not list its items as children. Both
# are mended here; its parsing of items is left as it is.
_init = objectbank.ObjectBank.__init__
def _mended_init(self, parent):
    _init(self, parent)
    common.MetadataContainerMixin.__init__(self)
objectbank.ObjectBank.__init__ = _mended_init
def _children(self):
    yield from common.QTICommentContainer.get_children(self)
    yield from self.QTIMetadata
    yield from self.ObjectMixin
objectbank.ObjectBank.get_children = _children
# Its Assessment and Section (a Common Cartridge's quiz) list their children through names that
# do not exist (self.QTIAssessProcExtension, core.QTIComment): both are mended to list the same
# children, in the same order, under the names their parsers fill in.
def _assessment_children(self):
    yield from common.QTICommentContainer.get_children(self)
    yield from itertools.chain(self.QTIMetadata, self.Objectives, self.AssessmentControl, self.Rubric)
    yield from filter(None, [self.PresentationMaterial])
    yield from self.QTIOutcomesProcessing
    yield from filter(None, [self.AssessProcExtension])
    yield from self.AssessFeedback
    yield from filter(None, [self.QTISelectionOrdering, self.QTIReference])
    yield from self.SectionMixin
assessment.Assessment.get_children = _assessment_children
def _section_children(self):
    yield from common.QTICommentContainer.get_children(self)
    yield from itertools.chain(self.QTIMetadata, self.Objectives, self.SectionControl,
                               self.SectionPrecondition, self.SectionPostcondition, self.Rubric)
    yield from filter(None, [self.PresentationMaterial])
    yield from self.QTIOutcomesProcessing
    yield from filter(None, [self.SectionProcExtension])
    yield from self.SectionFeedback
    yield from filter(None, [self.QTISelectionOrdering, self.QTIReference])
    yield from self.SectionItemMixin
section.Section.get_children = _section_children

doc = qx.QTIDocument()
with open(sys.argv[1], "rb") as f:
    doc.read(src=f)
unknown = [e.xmlname for e in doc.root.find_children_depth_first(xml.Element) if not isinstance(e, core.QTIElement)]
def text(el):
    return "".join(m.get_value() or "" for m in el.find_children_depth_first(common.MatText))
items = []
for it in doc.root.find_children_depth_first(qitem.Item):
    pres = it.Presentation
    prompt = text(next(pres.find_children_breadth_first(common.Material, max_depth=1)))
    lids = list(pres.find_children_depth_first(qitem.ResponseLId))
    labels = list(pres.find_children_depth_first(qitem.ResponseLabel))
    feedback = {fb.get_attribute("ident"): text(fb) for fb in it.ItemFeedback}
    shown, right, general = {}, [], ""
    for proc in it.ResProcessing:
        for cond in proc.find_children_depth_first(qitem.RespCondition):
            cv = next(cond.find_children_depth_first(common.ConditionVar))
            positives = [v.get_value() for v in cv.find_children_depth_first(common.VarEqual)
                         if not isinstance(v.parent, common.Not)]
            for d in cond.find_children_depth_first(common.DisplayFeedback):
                ref = d.get_attribute("linkrefid")
                if list(cv.find_children_depth_first(common.Other)):
                    general = feedback.get(ref, "")
                for p in positives:
                    shown[p] = feedback.get(ref, "")
            for s in cond.find_children_depth_first(common.SetVar):
                if s.get_attribute("varname") == "SCORE" and float(s.get_value()) == 100:
                    right.extend(positives)
    items.append({
        "ident": it.get_attribute("ident"), "title": it.get_attribute("title"), "prompt": prompt,
        "cardinality": lids[0].get_attribute("rcardinality") if lids else None, "general": general,
        "choices": [{"ident": l.get_attribute("ident"), "text": text(l), "correct": l.get_attribute("ident") in right,
                     "feedback": shown.get(l.get_attribute("ident"), "")} for l in labels],
    })
json.dump({"unknown": unknown, "items": items}, sys.stdout)
"#;

/// pyslet's reading of the QTI 1.2 file `file` (see [`READ_QTI`]).
pub(crate) fn read_qti(python: &Path, file: &Path, dir: &Path) -> Value {
    let script = dir.join("read-qti.py");
    std::fs::write(&script, READ_QTI).expect("write the reader");
    let output = Command::new(python).arg(&script).arg(file).output().expect("run python");
    assert!(output.status.success(), "pyslet refused {}:\n{}", file.display(), String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON from the reader")
}

fn export_qti(site: &TestSite, out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let run = tierbook()
        .args(["export", "questions", "--format", "qti", "--output"])
        .arg(out)
        .current_dir(site.root())
        .output()
        .expect("run tierbook");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    std::fs::read_dir(out)
        .expect("the banks")
        .map(|e| e.expect("entry").path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).expect("read")))
        .collect()
}

#[test]
fn qti_banks_read_back_as_the_quizzes_say() {
    let Some(python) = require_tool(Tool::Pyslet, "qti export") else { return };
    let Some(lint) = require_tool(Tool::Xmllint, "qti export") else { return };
    let Some(first_schema) = require_tool(Tool::ScormSchemas, "qti export") else { return };
    let schema = first_schema
        .parent()
        .and_then(Path::parent)
        .expect("definitionFiles")
        .join("scorm20044thedition/imscp_v1p1.xsd");
    let site = TestSite::bundled();
    let work = tempfile::tempdir().expect("temporary folder");
    let banks = export_qti(&site, &work.path().join("a"));
    assert_eq!(banks, export_qti(&site, &work.path().join("b")), "two exports give the same bytes");
    assert_eq!(banks.len(), 5, "{:?}", banks.keys());
    let mut kinds = std::collections::BTreeSet::new();
    for (name, bytes) in &banks {
        let slug = name.strip_suffix("-qti.zip").unwrap_or_else(|| panic!("{name}"));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut files = std::collections::BTreeMap::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("an entry");
            let mut text = String::new();
            std::io::Read::read_to_string(&mut entry, &mut text).expect("UTF-8");
            files.insert(entry.name().expect("entry name").to_string(), text);
        }
        // The manifest: valid IMS CP, one QTI resource whose file is in the zip.
        let manifest = &files["imsmanifest.xml"];
        let manifest_path = work.path().join("imsmanifest.xml");
        std::fs::write(&manifest_path, manifest).expect("write");
        let lint_run = Command::new(&lint)
            .args(["--noout", "--nonet", "--schema"])
            .arg(&schema)
            .arg(&manifest_path)
            .output()
            .expect("xmllint");
        assert!(lint_run.status.success(), "{name}: {}", String::from_utf8_lossy(&lint_run.stderr));
        let doc = roxmltree::Document::parse(manifest).expect("XML");
        let resource = doc.descendants().find(|n| n.has_tag_name("resource")).expect("a resource");
        assert_eq!(resource.attribute("type"), Some("imsqti_xmlv1p2"));
        let href = resource.attribute("href").expect("href");
        assert!(!href.starts_with('/') && files.contains_key(href), "{name}: {href}");
        assert_eq!(files.len(), 2, "{name}: {:?}", files.keys());

        let bank = work.path().join(format!("{slug}.xml"));
        std::fs::write(&bank, &files[href]).expect("write");
        let read = read_qti(&python, &bank, work.path());
        assert_eq!(read["unknown"], serde_json::json!([]), "{name}: elements pyslet does not know as QTI 1.2");
        let markdown =
            std::fs::read_to_string(site.root().join(format!("content/trainings/{slug}/knowledge-check.md")))
                .expect("read the check");
        compare_with_quiz(slug, read["items"].as_array().expect("items"), &source_questions(&markdown), &mut kinds);
    }
    assert_eq!(kinds.len(), 3, "the bundled checks use every kind: {kinds:?}");
}

/// Asserts that QTI items as [`READ_QTI`] reads them say what the quiz blocks `expected` say:
/// question count and order, titles, prompts, general feedback, cardinality, and each choice's
/// id, text, correctness and feedback. Adds each question's kind to `kinds`.
pub(crate) fn compare_with_quiz(
    slug: &str,
    items: &[Value],
    expected: &[toml::Value],
    kinds: &mut std::collections::BTreeSet<String>,
) {
    assert_eq!(items.len(), expected.len(), "{slug}: question count");
    for (got, want) in items.iter().zip(expected) {
        let id = want["id"].as_str().expect("id");
        let kind = want["kind"].as_str().expect("kind");
        kinds.insert(kind.to_string());
        assert_eq!(got["title"], id, "{slug}");
        assert_eq!(got["prompt"], want["prompt"].as_str().expect("prompt"), "{slug} {id}");
        assert_eq!(got["general"], want["explanation"].as_str().expect("explanation"), "{slug} {id}");
        assert_eq!(got["cardinality"], if kind == "multiple" { "Multiple" } else { "Single" }, "{slug} {id}");
        let answer: Vec<String> = match &want["answer"] {
            toml::Value::Array(ids) => ids.iter().map(|v| v.as_str().expect("id").to_string()).collect(),
            toml::Value::Boolean(b) => vec![b.to_string()],
            other => vec![other.as_str().expect("id").to_string()],
        };
        let choices = want["choices"].as_array().expect("choices");
        let got_choices = got["choices"].as_array().expect("choices");
        assert_eq!(got_choices.len(), choices.len(), "{slug} {id}: choice count");
        for (g, w) in got_choices.iter().zip(choices) {
            let choice = w["id"].as_str().expect("choice id");
            assert_eq!(g["ident"], choice, "{slug} {id}");
            assert_eq!(g["correct"], answer.iter().any(|a| a == choice), "{slug} {id} {choice}: correctness");
            assert_eq!(g["text"], w["text"].as_str().expect("text"), "{slug} {id} {choice}");
            assert_eq!(g["feedback"], w["feedback"].as_str().expect("feedback"), "{slug} {id} {choice}");
        }
    }
}
