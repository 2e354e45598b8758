//! `tierbook export questions`: the quiz blocks of each module as a question bank an LMS imports.
//! GIFT (Moodle's text format): one file per module, every choice with its feedback and the
//! explanation as general feedback, escaped by GIFT's rules. QTI 1.2 (Canvas, Blackboard, and
//! the knowledge check of a Common Cartridge): an item bank per module, every choice with its
//! feedback (`itemfeedback` shown by `displayfeedback`), the explanation as general feedback,
//! escaped as XML.

use std::fmt::Write as _;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::blocks::quiz::{self, Question, QuestionKind};
use crate::content::Site;

/// Every quiz question of a module's lessons, in lesson order.
pub(crate) fn module_questions(site: &Site, module: usize) -> Vec<Question> {
    let mut questions = Vec::new();
    for &lesson in site.lessons(module) {
        for body in quiz_bodies(&site.pages[lesson].body) {
            // The build has already validated every quiz; one that fails here was not built.
            if let Ok(quiz) = quiz::parse(&body) {
                questions.extend(quiz.questions);
            }
        }
    }
    questions
}

/// The bodies of the ` ```quiz ` fences of a page.
fn quiz_bodies(markdown: &str) -> Vec<String> {
    let mut bodies = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("quiz") =>
            {
                current = Some(String::new());
            }
            Event::Text(text) => {
                if let Some(body) = current.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => bodies.extend(current.take()),
            _ => {}
        }
    }
    bodies
}

/// GIFT's special characters, escaped with a backslash, and line breaks as `\n`.
fn gift_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            other => out.push(other),
        }
    }
    out
}

/// Moodle accepts only certain percentages as answer weights; a correct choice of a
/// multiple-select question gets its share of 100 from that list.
fn share(correct: usize) -> &'static str {
    match correct {
        1 => "100",
        2 => "50",
        3 => "33.33333",
        4 => "25",
        5 => "20",
        6 => "16.66667",
        7 => "14.28571",
        8 => "12.5",
        9 => "11.11111",
        _ => "10",
    }
}

/// The GIFT file of one module's questions.
pub(crate) fn gift(category: &str, title: &str, questions: &[Question]) -> String {
    let mut out = format!("// {}: knowledge check, exported by tierbook\n", title.replace('\n', " "));
    let _ = writeln!(out, "$CATEGORY: {}\n", category.replace('\n', " "));
    for q in questions {
        let _ = write!(out, "::{}::[plain]{}{{", gift_escape(&q.id), gift_escape(&q.prompt));
        let feedback = |id: &str| q.choices.iter().find(|c| c.id == id).map(|c| gift_escape(&c.feedback));
        match q.kind {
            QuestionKind::TrueFalse => {
                let right = q.answer.first().map(String::as_str) == Some("true");
                let wrong_id = if right { "false" } else { "true" };
                let right_id = if right { "true" } else { "false" };
                // Moodle shows the first feedback for the wrong answer, the second for the right.
                let _ = write!(
                    out,
                    "{}#{}#{}",
                    if right { "TRUE" } else { "FALSE" },
                    feedback(wrong_id).unwrap_or_default(),
                    feedback(right_id).unwrap_or_default()
                );
            }
            QuestionKind::Single => {
                out.push('\n');
                for c in &q.choices {
                    let mark = if q.answer.contains(&c.id) { '=' } else { '~' };
                    let _ = writeln!(out, "{mark}{} #{}", gift_escape(&c.text), gift_escape(&c.feedback));
                }
            }
            QuestionKind::Multiple => {
                out.push('\n');
                let weight = share(q.answer.len());
                for c in &q.choices {
                    let weight = if q.answer.contains(&c.id) { weight } else { "-100" };
                    let _ = writeln!(out, "~%{weight}%{} #{}", gift_escape(&c.text), gift_escape(&c.feedback));
                }
            }
        }
        if !q.explanation.is_empty() {
            if q.kind == QuestionKind::TrueFalse {
                out.push('\n');
            }
            let _ = writeln!(out, "####{}", gift_escape(&q.explanation));
        } else if q.kind == QuestionKind::TrueFalse {
            out.push('\n');
        }
        out.push_str("}\n\n");
    }
    out
}

/// XML text and attribute values: the five special characters as entities, and characters XML 1.0
/// cannot hold (controls but tab and line breaks) left out.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            other => out.push(other),
        }
    }
    out
}

fn mattext(out: &mut String, text: &str) {
    let _ = write!(out, "<material><mattext texttype=\"text/plain\">{}</mattext></material>", xml_escape(text));
}

fn metadata_field(out: &mut String, label: &str, entry: &str) {
    let _ = write!(
        out,
        "<qtimetadatafield><fieldlabel>{}</fieldlabel><fieldentry>{}</fieldentry></qtimetadatafield>",
        xml_escape(label),
        xml_escape(entry)
    );
}

/// The opening of a QTI 1.2 document, as the IMS schema names it.
const QTI_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
     <questestinterop xmlns=\"http://www.imsglobal.org/xsd/ims_qtiasiv1p2\" \
     xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
     xsi:schemaLocation=\"http://www.imsglobal.org/xsd/ims_qtiasiv1p2 ";

/// Who reads an item's metadata: Canvas's item banks name the question type in its own words
/// (`question_type`, `points_possible`); Common Cartridge's QTI profile names it with
/// `cc_profile` and weighs it with `cc_weighting`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ItemProfile {
    Canvas,
    Cartridge,
}

/// The QTI 1.2 item bank (`questestinterop` with one `objectbank`) of one module's questions.
pub(crate) fn qti(bank: &str, title: &str, questions: &[Question]) -> String {
    let mut out = format!("{QTI_HEAD}http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd\">\n");
    let _ = write!(out, "<objectbank ident=\"{}\">\n<qtimetadata>", xml_escape(bank));
    metadata_field(&mut out, "bank_title", title);
    out.push_str("</qtimetadata>\n");
    for q in questions {
        qti_item(&mut out, bank, q, ItemProfile::Canvas);
    }
    out.push_str("</objectbank>\n</questestinterop>\n");
    out
}

/// A module's knowledge check as the QTI 1.2 `assessment` of a Common Cartridge (the CC QTI
/// profile: `cc.exam.v0p1`, one root section, items typed `cc.multiple_choice.v0p1`,
/// `cc.multiple_response.v0p1` or `cc.true_false.v0p1`), scored in percent with unlimited
/// attempts, as the site's check is, with feedback shown.
pub(crate) fn cc_assessment(ident: &str, title: &str, schema_location: &str, questions: &[Question]) -> String {
    let mut out = format!("{QTI_HEAD}{schema_location}\">\n");
    let _ = write!(out, "<assessment ident=\"{}\" title=\"{}\">\n<qtimetadata>", xml_escape(ident), xml_escape(title));
    metadata_field(&mut out, "cc_profile", "cc.exam.v0p1");
    metadata_field(&mut out, "qmd_assessmenttype", "Examination");
    metadata_field(&mut out, "qmd_scoretype", "Percentage");
    // Each choice's feedback is the point of the check: the LMS is asked to show it.
    metadata_field(&mut out, "qmd_feedbackpermitted", "Yes");
    metadata_field(&mut out, "cc_maxattempts", "unlimited");
    let _ = write!(out, "</qtimetadata>\n<section ident=\"{}-root\">\n", xml_escape(ident));
    for q in questions {
        qti_item(&mut out, ident, q, ItemProfile::Cartridge);
    }
    out.push_str("</section>\n</assessment>\n</questestinterop>\n");
    out
}

/// One question as a QTI 1.2 `item`: prompt, choices, [`resprocessing`], and each choice's
/// feedback as an `itemfeedback` that processing shows when that choice is picked.
fn qti_item(out: &mut String, prefix: &str, q: &Question, profile: ItemProfile) {
    let (kind, cc_kind, cardinality) = match q.kind {
        QuestionKind::TrueFalse => ("true_false_question", "cc.true_false.v0p1", "Single"),
        QuestionKind::Single => ("multiple_choice_question", "cc.multiple_choice.v0p1", "Single"),
        QuestionKind::Multiple => ("multiple_answers_question", "cc.multiple_response.v0p1", "Multiple"),
    };
    let _ =
        writeln!(out, "<item ident=\"{}-{}\" title=\"{}\">", xml_escape(prefix), xml_escape(&q.id), xml_escape(&q.id));
    out.push_str("<itemmetadata><qtimetadata>");
    match profile {
        ItemProfile::Canvas => {
            metadata_field(out, "question_type", kind);
            metadata_field(out, "points_possible", "1");
        }
        ItemProfile::Cartridge => {
            metadata_field(out, "cc_profile", cc_kind);
            metadata_field(out, "cc_weighting", "1");
        }
    }
    out.push_str("</qtimetadata></itemmetadata>\n<presentation>");
    mattext(out, &q.prompt);
    let _ = writeln!(out, "\n<response_lid ident=\"response1\" rcardinality=\"{cardinality}\"><render_choice>");
    for c in &q.choices {
        let _ = write!(out, "<response_label ident=\"{}\">", xml_escape(&c.id));
        mattext(out, &c.text);
        out.push_str("</response_label>\n");
    }
    out.push_str("</render_choice></response_lid></presentation>\n");
    resprocessing(out, q);
    if !q.explanation.is_empty() {
        out.push_str("<itemfeedback ident=\"general_fb\"><flow_mat>");
        mattext(out, &q.explanation);
        out.push_str("</flow_mat></itemfeedback>\n");
    }
    for c in q.choices.iter().filter(|c| !c.feedback.is_empty()) {
        let _ = write!(out, "<itemfeedback ident=\"{}_fb\"><flow_mat>", xml_escape(&c.id));
        mattext(out, &c.feedback);
        out.push_str("</flow_mat></itemfeedback>\n");
    }
    out.push_str("</item>\n");
}

/// An item's `resprocessing`: the explanation shown always, each choice's feedback when it is
/// picked, and SCORE 100 for the right answer. A single answer's conditions end processing
/// (`continue="No"`), the right one also setting the score, so a reader that takes every
/// continuing condition's feedback as the general feedback (Moodle's CC import does) finds only
/// the explanation there. A multiple-select question shows the feedback of every picked choice,
/// so those continue, and the score needs every right choice and no wrong one. Every `varequal`
/// says `case="Yes"`: the ids are matched exactly, and Moodle's import counts only such a
/// `varequal` as a right choice of a multiple-select question.
fn resprocessing(out: &mut String, q: &Question) {
    const VAREQUAL: &str = "<varequal respident=\"response1\" case=\"Yes\">";
    let feedback = |id: &str| format!("<displayfeedback feedbacktype=\"Response\" linkrefid=\"{id}_fb\"/>");
    out.push_str("<resprocessing>\n");
    out.push_str(
        "<outcomes><decvar maxvalue=\"100\" minvalue=\"0\" varname=\"SCORE\" vartype=\"Decimal\"/></outcomes>\n",
    );
    if !q.explanation.is_empty() {
        out.push_str(
            "<respcondition continue=\"Yes\"><conditionvar><other/></conditionvar>\
             <displayfeedback feedbacktype=\"Response\" linkrefid=\"general_fb\"/></respcondition>\n",
        );
    }
    let score = "<setvar action=\"Set\" varname=\"SCORE\">100</setvar>";
    if q.kind == QuestionKind::Multiple {
        for c in q.choices.iter().filter(|c| !c.feedback.is_empty()) {
            let id = xml_escape(&c.id);
            let _ = writeln!(
                out,
                "<respcondition continue=\"Yes\"><conditionvar>{VAREQUAL}{id}</varequal></conditionvar>{}</respcondition>",
                feedback(&id)
            );
        }
        out.push_str("<respcondition continue=\"No\"><conditionvar><and>");
        for c in &q.choices {
            let id = xml_escape(&c.id);
            if q.answer.contains(&c.id) {
                let _ = write!(out, "{VAREQUAL}{id}</varequal>");
            } else {
                let _ = write!(out, "<not>{VAREQUAL}{id}</varequal></not>");
            }
        }
        let _ = writeln!(out, "</and></conditionvar>{score}</respcondition>");
    } else {
        let right: Vec<&crate::blocks::quiz::Choice> = q.choices.iter().filter(|c| q.answer.contains(&c.id)).collect();
        let wrong = q.choices.iter().filter(|c| !q.answer.contains(&c.id));
        for c in right {
            let id = xml_escape(&c.id);
            let shown = if c.feedback.is_empty() { String::new() } else { feedback(&id) };
            let _ = writeln!(
                out,
                "<respcondition continue=\"No\"><conditionvar>{VAREQUAL}{id}</varequal></conditionvar>{score}{shown}</respcondition>"
            );
        }
        for c in wrong.filter(|c| !c.feedback.is_empty()) {
            let id = xml_escape(&c.id);
            let _ = writeln!(
                out,
                "<respcondition continue=\"No\"><conditionvar>{VAREQUAL}{id}</varequal></conditionvar>{}</respcondition>",
                feedback(&id)
            );
        }
    }
    out.push_str("</resprocessing>\n");
}

/// The IMS content package manifest (CP 1.1) of a QTI item bank zip: one resource of type
/// `imsqti_xmlv1p2` holding the bank's file, as Canvas's "QTI .zip file" import reads it.
pub(crate) fn qti_manifest(bank: &str, href: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <manifest identifier=\"{bank}-manifest\" xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\">\n\
         <metadata><schema>IMS Content</schema><schemaversion>1.1.3</schemaversion></metadata>\n\
         <organizations/>\n\
         <resources>\n<resource identifier=\"{bank}\" type=\"imsqti_xmlv1p2\" href=\"{href}\">\
         <metadata><schema>IMS QTI</schema><schemaversion>1.2</schemaversion></metadata>\
         <file href=\"{href}\"/></resource>\n</resources>\n</manifest>\n",
        bank = xml_escape(bank),
        href = xml_escape(href),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qti_escapes_as_xml() {
        assert_eq!(xml_escape("a<b & \"c\" 'd'>\u{7}"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
    }

    #[test]
    fn gift_escapes_its_special_characters() {
        assert_eq!(gift_escape("a: b = c ~ d # {e} \\ f\ng"), "a\\: b \\= c \\~ d \\# \\{e\\} \\\\ f\\ng");
        assert_eq!(share(3), "33.33333");
    }

    #[test]
    fn only_the_explanation_continues_for_a_single_answer() {
        let quiz = crate::blocks::quiz::parse(
            "[[questions]]\nid = \"q\"\nkind = \"single\"\nprompt = \"P\"\nanswer = \"b\"\nexplanation = \"E\"\nchoices = [\n  { id = \"a\", text = \"A\", feedback = \"FA\" },\n  { id = \"b\", text = \"B\", feedback = \"FB\" },\n]\n\n[[questions]]\nid = \"m\"\nkind = \"multiple\"\nprompt = \"P\"\nanswer = [\"a\", \"c\"]\nexplanation = \"E\"\nchoices = [\n  { id = \"a\", text = \"A\", feedback = \"FA\" },\n  { id = \"b\", text = \"B\", feedback = \"FB\" },\n  { id = \"c\", text = \"C\", feedback = \"FC\" },\n]\n",
        )
        .expect("a valid quiz");
        let mut single = String::new();
        resprocessing(&mut single, &quiz.questions[0]);
        // Moodle's CC import takes every continuing condition's feedback as the general feedback.
        assert_eq!(single.matches("continue=\"Yes\"").count(), 1, "{single}");
        assert!(single.contains("<varequal respident=\"response1\" case=\"Yes\">b</varequal></conditionvar><setvar action=\"Set\" varname=\"SCORE\">100</setvar><displayfeedback feedbacktype=\"Response\" linkrefid=\"b_fb\"/>"), "{single}");
        let mut multiple = String::new();
        resprocessing(&mut multiple, &quiz.questions[1]);
        // Moodle's import counts a right choice only in a `case="Yes"` varequal.
        assert!(multiple.contains("<and><varequal respident=\"response1\" case=\"Yes\">a</varequal><not><varequal respident=\"response1\" case=\"Yes\">b</varequal></not><varequal respident=\"response1\" case=\"Yes\">c</varequal></and>"), "{multiple}");
        assert_eq!(multiple.matches("linkrefid=").count(), 4, "{multiple}");
    }

    #[test]
    fn quiz_fences_are_found_and_others_ignored() {
        let md = "Text\n\n```quiz\n[[questions]]\nid = \"a\"\n```\n\n```toml\nx = 1\n```\n";
        assert_eq!(quiz_bodies(md), vec!["[[questions]]\nid = \"a\"\n".to_string()]);
    }
}
