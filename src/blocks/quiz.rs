//! The ` ```quiz ` block: questions (single choice, multiple select, true/false) written in TOML,
//! validated at build and rendered as a form that works without JavaScript (each question's
//! answer sits in a `<details>`) and is graded in the browser by `js/training.js`.
//!
//! The helpers at the bottom (spans, ids, hints) are shared with the checklist block.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

use super::{escape, line_col, BlockContext, BlockError};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuiz {
    questions: Option<Vec<Spanned<RawQuestion>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Option<Spanned<String>>,
    kind: Option<Spanned<QuestionKind>>,
    prompt: Option<Spanned<String>>,
    answer: Option<Spanned<RawAnswer>>,
    explanation: Option<Spanned<String>>,
    choices: Option<Spanned<Vec<Spanned<RawChoice>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    id: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    feedback: Option<Spanned<String>>,
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum QuestionKind {
    Single,
    Multiple,
    TrueFalse,
}

impl QuestionKind {
    fn name(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::TrueFalse => "true-false",
        }
    }
}

/// `answer = "b"` or `answer = ["a", "c"]`.
#[derive(Debug)]
enum RawAnswer {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for RawAnswer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnswerVisitor;
        impl<'de> Visitor<'de> for AnswerVisitor {
            type Value = RawAnswer;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a choice id (\"b\") or a list of choice ids ([\"a\", \"c\"])")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawAnswer, E> {
                Ok(RawAnswer::One(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawAnswer, E> {
                // `answer = true` for a true-false question is what an author means.
                Ok(RawAnswer::One(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawAnswer, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<String>()? {
                    ids.push(id);
                }
                Ok(RawAnswer::Many(ids))
            }
        }
        deserializer.deserialize_any(AnswerVisitor)
    }
}

/// A validated quiz.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quiz {
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub prompt: String,
    /// Ids of the correct choices (one for single and true-false).
    pub answer: Vec<String>,
    pub explanation: String,
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Choice {
    pub id: String,
    pub text: String,
    pub feedback: String,
}

pub(crate) fn render(body: &str, ctx: &BlockContext) -> Result<String, Vec<BlockError>> {
    let quiz = parse(body)?;
    Ok(to_html(&quiz, &ctx.dom_prefix("quiz", body), ctx.pass_score, ctx.words))
}

/// Parses and validates a quiz body, reporting every problem found.
pub(crate) fn parse(body: &str) -> Result<Quiz, Vec<BlockError>> {
    let raw: RawQuiz = toml::from_str(body).map_err(|err| vec![toml_error(body, &err)])?;
    let mut errors = Errors::new(body);
    let Some(raw_questions) = raw.questions.filter(|q| !q.is_empty()) else {
        errors.at(
            0,
            "a quiz needs at least one question",
            Some("start each question with [[questions]], then id, kind, prompt, answer, explanation and choices"),
        );
        return Err(errors.list);
    };
    let mut seen_questions: HashMap<String, usize> = HashMap::new();
    let mut questions = Vec::new();
    for raw_q in raw_questions {
        let q_span = raw_q.span();
        let q = raw_q.into_inner();
        let id = errors.id(q.id.as_ref(), q_span.start, "question", &mut seen_questions);
        let kind = match &q.kind {
            Some(kind) => Some(*kind.get_ref()),
            None => {
                errors.at(
                    q_span.start,
                    format!("question{} has no `kind`", label(&id)),
                    Some("add kind = \"single\", \"multiple\" or \"true-false\""),
                );
                None
            }
        };
        let prompt = errors.text(q.prompt.as_ref(), q_span.start, "prompt", &format!("question{}", label(&id)));
        let explanation =
            errors.text(q.explanation.as_ref(), q_span.start, "explanation", &format!("question{}", label(&id)));
        let choices = check_choices(&mut errors, &q, q_span.start, kind, &id);
        let answer = check_answer(&mut errors, &q, q_span.start, kind, &id, &choices);
        if let (Some(id), Some(kind), Some(prompt), Some(explanation), Some(choices), Some(answer)) =
            (id, kind, prompt, explanation, choices, answer)
        {
            questions.push(Question { id, kind, prompt, answer, explanation, choices });
        }
    }
    if errors.list.is_empty() {
        Ok(Quiz { questions })
    } else {
        Err(errors.list)
    }
}

fn label(id: &Option<String>) -> String {
    id.as_ref().map_or_else(String::new, |id| format!(" `{id}`"))
}

fn check_choices(
    errors: &mut Errors<'_>,
    q: &RawQuestion,
    q_start: usize,
    kind: Option<QuestionKind>,
    qid: &Option<String>,
) -> Option<Vec<Choice>> {
    let Some(raw_choices) = &q.choices else {
        errors.at(
            q_start,
            format!("question{} has no `choices`", label(qid)),
            Some("add choices = [ { id = \"a\", text = \"...\", feedback = \"...\" }, ... ]"),
        );
        return None;
    };
    let mut ok = true;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut choices = Vec::new();
    for raw_c in raw_choices.get_ref() {
        let c_start = raw_c.span().start;
        let c = raw_c.get_ref();
        let id = errors.id(c.id.as_ref(), c_start, "choice", &mut seen);
        let owner = format!("choice{}", label(&id));
        let text = errors.text(c.text.as_ref(), c_start, "text", &owner);
        let feedback = match &c.feedback {
            Some(_) => errors.text(c.feedback.as_ref(), c_start, "feedback", &owner),
            None => {
                errors.at(
                    c_start,
                    format!("{owner} has no `feedback`"),
                    Some("every choice explains why it is right or not: add feedback = \"...\""),
                );
                None
            }
        };
        match (id, text, feedback) {
            (Some(id), Some(text), Some(feedback)) => choices.push(Choice { id, text, feedback }),
            _ => ok = false,
        }
    }
    let list_start = raw_choices.span().start;
    match kind {
        Some(QuestionKind::TrueFalse) => {
            let mut ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
            ids.sort_unstable();
            if ok && (raw_choices.get_ref().len() != 2 || ids != ["false", "true"]) {
                errors.at(
                    list_start,
                    format!(
                        "true-false question{} has {} choice{}; it needs exactly two, with ids `true` and `false`",
                        label(qid),
                        raw_choices.get_ref().len(),
                        if raw_choices.get_ref().len() == 1 { "" } else { "s" }
                    ),
                    Some("choices = [ { id = \"true\", ... }, { id = \"false\", ... } ]"),
                );
                return None;
            }
        }
        Some(_) if raw_choices.get_ref().len() < 2 => {
            errors.at(
                list_start,
                format!("question{} needs at least two choices", label(qid)),
                Some("add another { id, text, feedback } to choices"),
            );
            return None;
        }
        _ => {}
    }
    ok.then_some(choices)
}

fn check_answer(
    errors: &mut Errors<'_>,
    q: &RawQuestion,
    q_start: usize,
    kind: Option<QuestionKind>,
    qid: &Option<String>,
    choices: &Option<Vec<Choice>>,
) -> Option<Vec<String>> {
    let Some(answer) = &q.answer else {
        errors.at(
            q_start,
            format!("question{} has no `answer`", label(qid)),
            Some(match kind {
                Some(QuestionKind::Multiple) => "add answer = [\"a\", \"c\"]: the ids of every right choice",
                Some(QuestionKind::TrueFalse) => "add answer = \"true\" or answer = \"false\"",
                _ => "add answer = \"b\": the id of the right choice",
            }),
        );
        return None;
    };
    let span = answer.span();
    let ids: Vec<String> = match (kind?, answer.get_ref()) {
        (QuestionKind::Multiple, RawAnswer::Many(ids)) => {
            if ids.is_empty() {
                errors.at(span.start, format!("question{} has an empty answer list", label(qid)), None::<&str>);
                return None;
            }
            ids.clone()
        }
        (QuestionKind::Multiple, RawAnswer::One(id)) => {
            errors.at(
                span.start,
                format!("multiple-select question{} needs a list of answers", label(qid)),
                Some(format!("write answer = [\"{id}\"], or use kind = \"single\"")),
            );
            return None;
        }
        (kind, RawAnswer::Many(_)) => {
            errors.at(
                span.start,
                format!("{} question{} has one answer, not a list", kind.name(), label(qid)),
                Some("write answer = \"b\", or use kind = \"multiple\" for several right choices"),
            );
            return None;
        }
        (_, RawAnswer::One(id)) => vec![id.clone()],
    };
    let choices = choices.as_ref()?;
    let mut ok = true;
    for (n, id) in ids.iter().enumerate() {
        let at = item_offset(errors.body, span.clone(), id);
        if !choices.iter().any(|c| &c.id == id) {
            let known: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
            errors.at(
                at,
                format!("answer `{id}` of question{} is not one of its choices", label(qid)),
                Some(format!("the choice ids are: {}", known.join(", "))),
            );
            ok = false;
        } else if ids[..n].contains(id) {
            errors.at(at, format!("answer `{id}` is listed twice in question{}", label(qid)), None::<&str>);
            ok = false;
        }
    }
    ok.then_some(ids)
}

/// Where `"id"` is written inside a value's span (for an answer list), or the span's start.
fn item_offset(body: &str, span: Range<usize>, id: &str) -> usize {
    let text = body.get(span.clone()).unwrap_or("");
    [format!("\"{id}\""), format!("'{id}'")]
        .iter()
        .find_map(|quoted| text.find(quoted.as_str()))
        .map_or(span.start, |i| span.start + i)
}

/// The words js/quiz.js writes itself (grading, notices, the certificate call), key and English;
/// `{0}`, `{1}` are filled by the script. They travel in the form's `data-words`, in the page's
/// language.
pub(crate) const JS_WORDS: [(&str, &str); 16] = [
    (
        "quiz_passed_on",
        "You passed this check on {0}. Your best score is {1}%. You can take it again; your best score is kept.",
    ),
    ("quiz_passed", "You passed this check. Your best score is {1}%. You can take it again; your best score is kept."),
    ("quiz_best", "Your best score so far is {0}%. You need {1}% to pass."),
    ("quiz_unanswered_one", "You have not answered 1 question:"),
    ("quiz_unanswered", "You have not answered {0} questions:"),
    ("quiz_unanswered_after", "Answer them, or choose “Check my answers” again to check what you have."),
    ("quiz_right", "Right."),
    ("quiz_not_answered", "Not answered."),
    ("quiz_not_quite", "Not quite: look at the feedback on your choices."),
    ("quiz_not_right", "Not right yet: read the feedback under your choice."),
    ("quiz_score", "You got {0} of {1} right ({2}%)."),
    ("quiz_pass_yes", "You passed: the pass mark is {0}%."),
    ("quiz_pass_no", "You need {0}% to pass. Read the feedback below, then try again."),
    ("quiz_cert_one", "You passed. To get your certificate, mark this lesson complete:"),
    ("quiz_cert_many", "You passed. To get your certificate, mark these lessons complete:"),
    ("quiz_cert_ready", "You passed and every lesson is complete. Your certificate is ready."),
];

/// `words` as a JSON object for a script: each key's string in the page's language.
pub(crate) fn words_json(words: crate::content::strings::Words<'_>, list: &[(&str, &str)]) -> String {
    let table: serde_json::Map<String, serde_json::Value> =
        list.iter().map(|(key, english)| ((*key).to_string(), words.get(key, english).into())).collect();
    serde_json::Value::Object(table).to_string()
}

fn to_html(quiz: &Quiz, prefix: &str, pass_score: Option<u8>, words: crate::content::strings::Words<'_>) -> String {
    let mut html = String::new();
    let count = quiz.questions.len();
    let pass_attr = pass_score.map_or_else(String::new, |p| format!(" data-pass=\"{p}\""));
    let _ = writeln!(
        html,
        "<form class=\"tb-quiz\" id=\"{prefix}\" data-quiz=\"{prefix}\" data-questions=\"{count}\"{pass_attr} data-words=\"{}\" aria-labelledby=\"{prefix}_title\" autocomplete=\"off\" novalidate>",
        escape(&words_json(words, &JS_WORDS))
    );
    let title = if count == 1 {
        words.get("quiz_title_one", "Knowledge check: 1 question").to_string()
    } else {
        words.get("quiz_title", "Knowledge check: {count} questions").replace("{count}", &count.to_string())
    };
    let _ = writeln!(html, "<p class=\"tb-quiz-title\" id=\"{prefix}_title\">{}</p>", escape(&title));
    let pass_text = match pass_score {
        Some(p) => format!(
            " {}",
            words
                .get("quiz_intro_pass", "You need {pass}% to pass, and you can try as often as you like.")
                .replace("{pass}", &p.to_string())
        ),
        None => String::new(),
    };
    let _ = writeln!(
        html,
        "<p class=\"tb-quiz-intro\">{}{}<span class=\"tb-nojs\"> {}</span></p>",
        escape(words.get("quiz_intro", "Choose your answers, then check them.")),
        escape(&pass_text),
        escape(words.get("quiz_intro_nojs", "Each question's answer is under “Show the answer”."))
    );
    // The score stands above the questions, where focus moves once they are graded; the script
    // shows it (without JavaScript there is nothing to grade, and each answer is in a <details>).
    let _ = writeln!(
        html,
        "<div class=\"tb-quiz-results\" data-quiz-results hidden><p class=\"tb-quiz-result\" data-quiz-result role=\"status\" aria-live=\"polite\"></p><p><button type=\"button\" class=\"secondary\" data-quiz-retry hidden>{}</button></p></div>",
        escape(words.get("quiz_retry", "Try again"))
    );
    for (n, q) in quiz.questions.iter().enumerate() {
        question_html(&mut html, prefix, n + 1, count, q, words);
    }
    let _ = writeln!(html, "<div class=\"tb-quiz-unanswered\" data-quiz-unanswered tabindex=\"-1\" hidden></div>");
    let _ = writeln!(
        html,
        "<div class=\"tb-quiz-actions\" data-quiz-actions hidden><button type=\"submit\" data-quiz-check>{}</button></div>",
        escape(words.get("quiz_check", "Check my answers"))
    );
    html.push_str("</form>\n");
    html
}

fn question_html(
    html: &mut String,
    prefix: &str,
    number: usize,
    count: usize,
    q: &Question,
    words: crate::content::strings::Words<'_>,
) {
    let qid = format!("{prefix}_{}", q.id);
    let (input, how) = match q.kind {
        QuestionKind::Single => ("radio", words.get("quiz_how_single", "Choose one answer.")),
        QuestionKind::Multiple => ("checkbox", words.get("quiz_how_multiple", "Choose every answer that is right.")),
        QuestionKind::TrueFalse => ("radio", words.get("quiz_how_true_false", "True or false?")),
    };
    let how = escape(how);
    let number_text = words
        .get("quiz_number", "Question {number} of {count}")
        .replace("{number}", &number.to_string())
        .replace("{count}", &count.to_string());
    let _ = writeln!(
        html,
        "<fieldset class=\"tb-question\" id=\"{qid}\" data-question=\"{}\" data-kind=\"{}\" aria-describedby=\"{qid}_how\">",
        escape(&q.id),
        q.kind.name()
    );
    let _ = writeln!(
        html,
        "<legend><span class=\"tb-qnum\">{}</span> <span class=\"tb-prompt\">{}</span></legend>",
        escape(&number_text),
        escape(&q.prompt)
    );
    let _ = writeln!(html, "<p class=\"tb-how\" id=\"{qid}_how\">{how}</p>");
    html.push_str("<ul class=\"tb-choices\">\n");
    for c in &q.choices {
        let cid = format!("{qid}_{}", c.id);
        let correct = if q.answer.contains(&c.id) { " data-correct" } else { "" };
        let _ = writeln!(
            html,
            "<li class=\"tb-choice\"><input type=\"{input}\" name=\"{qid}\" id=\"{cid}\" value=\"{}\"{correct}> <label for=\"{cid}\">{}</label>\n<p class=\"tb-feedback\" id=\"{cid}_fb\" data-feedback hidden>{}</p></li>",
            escape(&c.id),
            escape(&c.text),
            escape(&c.feedback)
        );
    }
    html.push_str("</ul>\n");
    let _ = writeln!(html, "<p class=\"tb-question-result\" data-question-result hidden></p>");
    let answers: Vec<&Choice> = q.choices.iter().filter(|c| q.answer.contains(&c.id)).collect();
    let answer_label = escape(if answers.len() == 1 {
        words.get("quiz_answer", "Answer")
    } else {
        words.get("quiz_answers", "Answers")
    });
    let _ = writeln!(
        html,
        "<details class=\"tb-answer\" data-answer>\n<summary>{}</summary>",
        escape(words.get("quiz_show", "Show the answer"))
    );
    let _ = writeln!(
        html,
        "<p><strong>{answer_label}:</strong> {}</p>",
        answers.iter().map(|c| escape(&c.text)).collect::<Vec<_>>().join(" · ")
    );
    let _ = writeln!(html, "<p>{}</p>", escape(&q.explanation));
    html.push_str("<ul class=\"tb-answer-feedback\">\n");
    let right_mark = format!(" {}", escape(words.get("quiz_right_mark", "(a right answer)")));
    for c in &q.choices {
        let mark = if q.answer.contains(&c.id) { right_mark.as_str() } else { "" };
        let _ = writeln!(html, "<li><strong>{}</strong>{mark}: {}</li>", escape(&c.text), escape(&c.feedback));
    }
    html.push_str("</ul>\n</details>\n</fieldset>\n");
}

// ---- Shared with the checklist block ----

/// Collects errors at byte offsets of a block body.
pub(super) struct Errors<'b> {
    pub body: &'b str,
    pub list: Vec<BlockError>,
}

impl<'b> Errors<'b> {
    pub(super) fn new(body: &'b str) -> Self {
        Errors { body, list: Vec::new() }
    }

    pub(super) fn at(&mut self, offset: usize, message: impl Into<String>, hint: Option<impl Into<String>>) {
        let (line, column) = line_col(self.body, offset);
        let mut error = BlockError::new(line, column, message);
        if let Some(hint) = hint {
            error = error.with_hint(hint);
        }
        self.list.push(error);
    }

    /// A required id: present, made of letters, digits and `-`, and not used before in `seen`.
    pub(super) fn id(
        &mut self,
        id: Option<&Spanned<String>>,
        owner_start: usize,
        what: &str,
        seen: &mut HashMap<String, usize>,
    ) -> Option<String> {
        let Some(id) = id else {
            self.at(owner_start, format!("{what} has no `id`"), Some("add id = \"...\" (letters, digits and -)"));
            return None;
        };
        let start = id.span().start;
        let value = id.get_ref();
        if !is_id(value) {
            self.at(
                start,
                format!("{what} id `{value}` may only use letters, digits and -"),
                Some("for example id = \"step-2\""),
            );
            return None;
        }
        if let Some(&first) = seen.get(value) {
            let (line, _) = line_col(self.body, first);
            self.at(
                start,
                format!("duplicate {what} id `{value}`"),
                Some(format!("it is already used on line {line} of this block; ids must be unique")),
            );
            return None;
        }
        seen.insert(value.clone(), start);
        Some(value.clone())
    }

    /// A required text that may not be empty.
    pub(super) fn text(
        &mut self,
        text: Option<&Spanned<String>>,
        owner_start: usize,
        key: &str,
        owner: &str,
    ) -> Option<String> {
        let Some(text) = text else {
            self.at(owner_start, format!("{owner} has no `{key}`"), Some(format!("add {key} = \"...\"")));
            return None;
        };
        if text.get_ref().trim().is_empty() {
            self.at(text.span().start, format!("{owner} has an empty `{key}`"), Some(format!("write the {key}")));
            return None;
        }
        Some(text.get_ref().trim().to_string())
    }
}

/// Letters, digits and `-`, not empty.
pub(super) fn is_id(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A TOML error with a "did you mean" hint for unknown keys and values.
pub(super) fn toml_error(body: &str, err: &toml::de::Error) -> BlockError {
    let error = BlockError::from_toml(body, err);
    match crate::error::expected(err.message()) {
        Some(crate::error::Expected { closest: Some(c), .. }) => error.with_hint(format!("did you mean `{c}`?")),
        Some(e) if !e.candidates.is_empty() => error.with_hint(format!("expected one of: {}", e.candidates.join(", "))),
        _ => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"[[questions]]
id = "lre"
kind = "single"
prompt = "Which statement about least restrictive environment is right?"
answer = "b"
explanation = "Students learn with peers as much as is appropriate."
choices = [
  { id = "a", text = "Students with IEPs are taught in separate rooms.", feedback = "Not right: separate rooms are the exception." },
  { id = "b", text = "Students learn with peers as much as is appropriate.", feedback = "Right." },
]

[[questions]]
id = "data"
kind = "multiple"
prompt = "Which are data?"
answer = ["a", "c"]
explanation = "Counts and dated samples are data."
choices = [
  { id = "a", text = "A frequency count", feedback = "Yes: a count." },
  { id = "b", text = "A feeling", feedback = "No: a feeling is not data." },
  { id = "c", text = "Dated work samples", feedback = "Yes: dated samples." },
]

[[questions]]
id = "tf"
kind = "true-false"
prompt = "A parent can ask for an evaluation at any time."
answer = "true"
explanation = "Parents may request an evaluation whenever they choose."
choices = [
  { id = "true", text = "True", feedback = "Right: at any time." },
  { id = "false", text = "False", feedback = "Not right: there is no waiting period." },
]
"#;

    fn errors(body: &str) -> Vec<(usize, usize, String)> {
        parse(body).expect_err("invalid").into_iter().map(|e| (e.line, e.column, e.message)).collect()
    }

    fn ctx(pass_score: Option<u8>) -> BlockContext<'static> {
        BlockContext { pass_score, ..crate::blocks::test_context() }
    }

    #[test]
    fn parses_all_three_kinds() {
        let quiz = parse(GOOD).expect("valid");
        assert_eq!(quiz.questions.len(), 3);
        assert_eq!(quiz.questions[1].answer, ["a", "c"]);
        assert_eq!(quiz.questions[2].kind, QuestionKind::TrueFalse);
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let err = parse("[[questions]]\nid = \"a\"\nanswr = \"b\"\n").expect_err("unknown key");
        assert_eq!((err[0].line, err[0].column), (3, 1));
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `answer`?"));
    }

    #[test]
    fn unknown_kind_suggests_the_right_one() {
        let err = parse("[[questions]]\nid = \"a\"\nkind = \"singel\"\n").expect_err("unknown kind");
        assert_eq!((err[0].line, err[0].column), (3, 8));
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `single`?"));
    }

    #[test]
    fn missing_answer_points_at_the_question() {
        let body = GOOD.replacen("answer = \"b\"\n", "", 1);
        let errs = errors(&body);
        assert_eq!(errs, [(1, 1, "question `lre` has no `answer`".to_string())]);
    }

    #[test]
    fn answer_not_a_choice_points_at_it() {
        let body = GOOD.replacen("answer = [\"a\", \"c\"]", "answer = [\"a\", \"x\"]", 1);
        let errs = errors(&body);
        assert_eq!(errs, [(16, 16, "answer `x` of question `data` is not one of its choices".to_string())]);
    }

    #[test]
    fn duplicate_ids_are_errors() {
        let body = GOOD.replacen("id = \"data\"", "id = \"lre\"", 1).replacen("{ id = \"c\"", "{ id = \"a\"", 1);
        let errs = errors(&body);
        assert_eq!(errs[0], (13, 6, "duplicate question id `lre`".to_string()));
        assert_eq!(errs[1], (21, 10, "duplicate choice id `a`".to_string()));
    }

    #[test]
    fn empty_prompt_and_missing_feedback() {
        let body = GOOD.replacen("prompt = \"Which are data?\"", "prompt = \"  \"", 1).replacen(
            ", feedback = \"Right.\"",
            "",
            1,
        );
        let errs = errors(&body);
        assert!(errs.contains(&(9, 3, "choice `b` has no `feedback`".to_string())), "{errs:?}");
        assert!(errs.contains(&(15, 10, "question `data` has an empty `prompt`".to_string())), "{errs:?}");
    }

    #[test]
    fn true_false_needs_two_choices() {
        let body = GOOD.replacen(
            "  { id = \"false\", text = \"False\", feedback = \"Not right: there is no waiting period.\" },\n",
            "",
            1,
        );
        let errs = errors(&body);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!((errs[0].0, errs[0].1), (30, 11));
        assert!(errs[0].2.contains("needs exactly two"));
    }

    #[test]
    fn answer_shape_must_match_kind() {
        let body = GOOD.replacen("answer = \"b\"", "answer = [\"b\"]", 1);
        assert_eq!(errors(&body)[0].2, "single question `lre` has one answer, not a list");
        let body = GOOD.replacen("answer = [\"a\", \"c\"]", "answer = \"a\"", 1);
        assert_eq!(errors(&body)[0].2, "multiple-select question `data` needs a list of answers");
    }

    #[test]
    fn empty_quiz_is_an_error() {
        assert_eq!(errors("")[0].2, "a quiz needs at least one question");
    }

    #[test]
    fn syntax_errors_carry_their_position() {
        let errs = errors("[[questions]]\nid = \"a\nkind = \"single\"\n");
        assert_eq!(errs[0].0, 2);
    }

    #[test]
    fn renders_form_controls_and_no_js_answers() {
        let html = render(GOOD, &ctx(Some(80))).expect("renders");
        assert!(html.contains("type=\"radio\""));
        assert!(html.contains("type=\"checkbox\""));
        assert_eq!(html.matches("<details class=\"tb-answer\"").count(), 3);
        assert!(html.contains("data-pass=\"80\""));
        assert!(!html.contains("style="));
        assert!(!html.contains("<script"));
        // Every id appears once.
        let ids: Vec<&str> = html.split(" id=\"").skip(1).map(|s| s.split('"').next().unwrap_or("")).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(ids.len(), unique.len());
    }

    #[test]
    fn text_is_escaped() {
        let body = GOOD.replacen("Which are data?", "Which <b>are</b> data & \\\"facts\\\"?", 1);
        let html = render(&body, &ctx(None)).expect("renders");
        assert!(html.contains("Which &lt;b&gt;are&lt;/b&gt; data &amp; &quot;facts&quot;?"));
    }

    proptest::proptest! {
        // Near-valid quizzes reach the validation code that random text does not: drop any line
        // or cut the body anywhere, and the result is HTML or errors inside the body.
        #[test]
        fn damaged_quizzes_never_panic(drop in 0usize..40, cut in 0usize..2000) {
            let lines: Vec<&str> = GOOD.lines().collect();
            let dropped: String = lines.iter().enumerate().filter(|(i, _)| *i != drop).map(|(_, l)| format!("{l}\n")).collect();
            let cut_at = GOOD.floor_char_boundary(cut.min(GOOD.len()));
            for body in [dropped, GOOD[..cut_at].to_string()] {
                if let Err(errors) = parse(&body) {
                    let count = body.lines().count().max(1);
                    for e in errors {
                        proptest::prop_assert!(e.line >= 1 && e.line <= count + 1, "{:?} for {:?}", e, body);
                    }
                }
            }
        }
    }

    #[test]
    fn snapshot_of_rendered_quiz() {
        insta::assert_snapshot!(render(GOOD, &ctx(Some(80))).expect("renders"));
    }
}
