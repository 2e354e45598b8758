//! `tierbook export questions`: the quiz blocks of each module as a question bank an LMS imports.
//! GIFT (Moodle's text format): one file per module, every choice with its feedback and the
//! explanation as general feedback, escaped by GIFT's rules.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gift_escapes_its_special_characters() {
        assert_eq!(gift_escape("a: b = c ~ d # {e} \\ f\ng"), "a\\: b \\= c \\~ d \\# \\{e\\} \\\\ f\\ng");
        assert_eq!(share(3), "33.33333");
    }

    #[test]
    fn quiz_fences_are_found_and_others_ignored() {
        let md = "Text\n\n```quiz\n[[questions]]\nid = \"a\"\n```\n\n```toml\nx = 1\n```\n";
        assert_eq!(quiz_bodies(md), vec!["[[questions]]\nid = \"a\"\n".to_string()]);
    }
}
