//! The bundled site's own rules (docs/content-rules.md, issue 16), checked on the markdown in
//! `content/` as it sits in the repository. Each test names the file and line of every page that
//! breaks a rule, so a writer can fix all of them in one pass.
//!
//! What is checked:
//! 1. "Refer now" lists. A list directly under a heading that starts with "Refer now" (or a
//!    checklist group with such a title) holds the suspected-disability trigger ("suspects a
//!    disability"), the mandated-reporting trigger ("abuse or neglect") and a medical one
//!    ("medical"). A page with such a list says, in one sentence, that "premature" never applies
//!    once anyone "suspects a disability". The old headings ("Refer right away", "When not to
//!    wait") are gone, so no such list hides under another name.
//! 2. Evidence labels. A guide's `evidence` front matter and every bold `**Label: X**` on it are
//!    among the labels `EVIDENCE` allows for that guide (taken from the brief, sections 3, 1D and
//!    1E, as corrected by the content review); no page rounds a label up ("moderate to strong").
//! 3. Forms a guide names. In a guide's Steps and "How to tell if it is working" sections, a
//!    sentence that names a log, checklist, form, record or tally links to a page under
//!    `/toolkit/`, in that sentence or the one just before or after it in the same paragraph or
//!    list item ("Log every session on the [fidelity log](...). Log missed sessions too.").
//! 4. Scenario share. At least half of every module's knowledge-check questions are classroom
//!    scenarios, by this rule (see `is_scenario`): the prompt
//!    a) opens with a situation: its first sentence is a statement, not a question, and does
//!    not start with "True or false";
//!    b) the situation happens at school: it names a student, class, room, teacher,
//!    paraprofessional (para), parent, colleague, staff, team or child, or addresses "you";
//!    c) ends with a question about what to do: the last sentence ends in "?" and contains one
//!    of `NEXT_STEP_WORDS` ("next", "should", "what do you", "how do you", ...).
//!    Example: "A parent emails you asking for an evaluation. What do you do next?"
//!
//! 5. Worked examples and their graphs. Each page that teaches reading a progress graph shows one
//!    (a ` ```chart ` block of kind `progress`); the paragraph after every progress chart starts
//!    "Reading the graph." and its sentences that name the rule state the decision that
//!    `tierbook::decision_rules` (the code the chart block uses) computes from the block's data;
//!    counts such as "all four of the last four points sit below the aim line" match the data;
//!    and a week-by-week table beside the graph gives the graph's points and aim line.
//!
//! Also: Module 2's knowledge check asks about the suspected-disability trigger; a page that says
//! "OT referral" explains the two kinds of referral (or links to that explanation); the case
//! study's figures are credited to the provider, and the home page names the sponsor; practice
//! answers in Modules 1 and 2 are not printed right under the task.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

// ---- Reading the content ----

/// One markdown file under `content/`, split into front matter and body.
struct Doc {
    /// Path from the repository root, e.g. `content/guides/movement-breaks.md`.
    path: String,
    front: toml::Table,
    body: String,
    /// Line of the file on which the body starts, so messages give the file's own line numbers.
    body_line: usize,
}

impl Doc {
    /// `content/x.md:LINE` for a byte offset into the body.
    fn at(&self, offset: usize) -> String {
        let line = self.body_line + self.body[..offset.min(self.body.len())].matches('\n').count();
        format!("{}:{line}", self.path)
    }

    fn under(&self, folder: &str) -> bool {
        self.path.starts_with(&format!("content/{folder}"))
    }
}

/// The English pages of the bundled site.
fn docs() -> Vec<Doc> {
    pages().into_iter().filter(|d| !is_translation(Path::new(&d.path))).collect()
}

/// Every page of the bundled site, translations included.
fn pages() -> Vec<Doc> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs: Vec<Doc> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(|e| e.expect("walk content/"))
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let path = e.path().strip_prefix(root).expect("under the repository").to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(e.path()).expect("read a content file");
            split(path, &text)
        })
        .collect();
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    assert!(docs.len() > 20, "expected the bundled site under content/, found {} pages", docs.len());
    docs
}

/// `name.<lang>.md`: a page's translation, checked against its English page by the rules that
/// hold across languages; the rules that read English sentences take `docs()` (docs/i18n.md).
fn is_translation(path: &Path) -> bool {
    path.file_stem().and_then(|s| Path::new(s).extension()).is_some()
}

/// Splits TOML front matter (`+++` lines) from the body. Every bundled page uses TOML.
fn split(path: String, text: &str) -> Doc {
    let rest = text.strip_prefix("+++\n").unwrap_or_else(|| panic!("{path}: front matter must open with +++"));
    let end = rest.find("\n+++\n").unwrap_or_else(|| panic!("{path}: front matter is not closed"));
    let front: toml::Table = rest[..end].parse().unwrap_or_else(|e| panic!("{path}: front matter: {e}"));
    let body = rest[end + "\n+++\n".len()..].to_string();
    let body_line = text[..text.len() - body.len()].matches('\n').count() + 1;
    Doc { path, front, body, body_line }
}

fn doc<'a>(docs: &'a [Doc], path: &str) -> &'a Doc {
    docs.iter().find(|d| d.path == path).unwrap_or_else(|| panic!("{path} is missing"))
}

/// The site's dialect, without smart punctuation so the rules can match plain quotes.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The parts of a body the rules look at, in document order.
enum Block {
    Heading {
        level: u8,
        text: String,
        at: usize,
    },
    /// A top-level list: the text of each item (nested lists included).
    List {
        items: Vec<String>,
    },
    /// A paragraph or list item's own text, with the byte range (in `text`) and target of each
    /// link in it.
    Unit {
        text: String,
        links: Vec<(Range<usize>, String)>,
    },
    Code {
        info: String,
        body: String,
        at: usize,
    },
}

/// A paragraph or list item being read: its text and its links.
type Unit = (String, Vec<(Range<usize>, String)>);

/// Walks the body once and keeps what the rules need.
fn blocks(body: &str) -> Vec<Block> {
    let mut reader = Reader::default();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        reader.event(event, range.start);
    }
    reader.out
}

/// The state of one walk over a body's events.
#[derive(Default)]
struct Reader {
    out: Vec<Block>,
    heading: Option<(u8, String, usize)>,
    list: Option<Vec<String>>,
    depth: usize,
    unit: Option<Unit>,
    link: Option<(usize, String)>,
    code: Option<(String, String, usize)>,
}

impl Reader {
    fn event(&mut self, event: Event, at: usize) {
        match event {
            Event::Start(tag) => self.start(tag, at),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag, at: usize) {
        match tag {
            Tag::Heading { level, .. } => self.heading = Some((level as u8, String::new(), at)),
            Tag::List(_) => {
                if self.depth == 0 {
                    self.list = Some(Vec::new());
                }
                self.depth += 1;
            }
            Tag::Item => {
                if let Some(items) = self.list.as_mut().filter(|_| self.depth == 1) {
                    items.push(String::new());
                }
                self.new_unit();
            }
            // A list item's first paragraph continues the item's unit.
            Tag::Paragraph if self.unit.as_ref().is_none_or(|(t, _)| !t.trim().is_empty()) => self.new_unit(),
            Tag::Link { dest_url, .. } => self.link = self.unit.as_ref().map(|(t, _)| (t.len(), dest_url.to_string())),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => self.code = Some((info.to_string(), String::new(), at)),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, text, at)) = self.heading.take() {
                    self.out.push(Block::Heading { level, text: text.trim().to_string(), at });
                }
            }
            TagEnd::List(_) => {
                self.depth -= 1;
                if let Some(items) = self.list.take_if(|_| self.depth == 0) {
                    self.out.push(Block::List { items });
                }
            }
            TagEnd::Paragraph | TagEnd::Item => self.flush_unit(),
            TagEnd::Link => {
                if let (Some((start, dest)), Some((text, links))) = (self.link.take(), self.unit.as_mut()) {
                    links.push((start..text.len(), dest));
                }
            }
            TagEnd::CodeBlock => {
                if let Some((info, body, at)) = self.code.take() {
                    self.out.push(Block::Code { info, body, at });
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        if let Some((_, body, _)) = self.code.as_mut() {
            body.push_str(t);
        } else if let Some((_, text, _)) = self.heading.as_mut() {
            text.push_str(t);
        } else {
            if let Some(item) = self.list.as_mut().and_then(|items| items.last_mut()) {
                item.push_str(t);
                item.push(' ');
            }
            if let Some((text, _)) = self.unit.as_mut() {
                text.push_str(t);
            }
        }
    }

    fn new_unit(&mut self) {
        self.flush_unit();
        self.unit = Some((String::new(), Vec::new()));
    }

    fn flush_unit(&mut self) {
        if let Some((text, links)) = self.unit.take() {
            if !text.trim().is_empty() {
                self.out.push(Block::Unit { text, links });
            }
        }
    }
}

/// The prose of a page (paragraphs and list items), without code blocks or headings. With
/// `drop_cited`, the text of links to other sites (the titles of cited sources) is left out.
fn prose(body: &str, drop_cited: bool) -> String {
    let mut out = String::new();
    for block in blocks(body) {
        let Block::Unit { mut text, links } = block else { continue };
        if drop_cited {
            for (range, dest) in links.iter().rev() {
                if dest.starts_with("http") {
                    text.replace_range(range.clone(), "");
                }
            }
        }
        out.push_str(&text);
        out.push('\n');
    }
    out
}

fn is_toolkit(dest: &str) -> bool {
    dest.starts_with("/toolkit/") || dest.starts_with("../toolkit/")
}

/// Byte ranges of the sentences of `text`: a sentence ends at `.`, `!` or `?` (and any closing
/// quotes or brackets right after it) followed by white space, or at a line break.
fn sentences(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let mut end = i + 1;
        if matches!(bytes[i], b'.' | b'!' | b'?') {
            while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')' | b']') {
                end += 1;
            }
        }
        let ends = bytes[i] == b'\n'
            || (matches!(bytes[i], b'.' | b'!' | b'?') && bytes.get(end).is_none_or(|n| n.is_ascii_whitespace()));
        if ends {
            if !text[start..end].trim().is_empty() {
                out.push(start..end);
            }
            start = end;
        }
        i = end;
    }
    if !text[start..].trim().is_empty() {
        out.push(start..text.len());
    }
    out
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).map(str::to_lowercase)
}

/// The checklist blocks' groups: (title, item texts with their help, where).
fn checklist_groups(doc: &Doc) -> Vec<(String, Vec<String>, usize)> {
    let mut out = Vec::new();
    for block in blocks(&doc.body) {
        let Block::Code { info, body, at } = block else { continue };
        if info.trim() != "checklist" {
            continue;
        }
        let table: toml::Table = body.parse().unwrap_or_else(|e| panic!("{}: checklist: {e}", doc.at(at)));
        for group in table.get("groups").and_then(|g| g.as_array()).into_iter().flatten() {
            let title = group.get("title").and_then(|t| t.as_str()).unwrap_or_default().to_string();
            let items = group
                .get("items")
                .and_then(|i| i.as_array())
                .into_iter()
                .flatten()
                .map(|item| {
                    let field = |k: &str| item.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
                    format!("{} {}", field("text"), field("help"))
                })
                .collect();
            out.push((title, items, at));
        }
    }
    out
}

/// The quiz questions of a page: (id, prompt, the text of every choice).
fn quiz_questions(doc: &Doc) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for block in blocks(&doc.body) {
        let Block::Code { info, body, at } = block else { continue };
        if info.trim() != "quiz" {
            continue;
        }
        let table: toml::Table = body.parse().unwrap_or_else(|e| panic!("{}: quiz: {e}", doc.at(at)));
        for q in table.get("questions").and_then(|q| q.as_array()).into_iter().flatten() {
            let field = |k: &str| q.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let choices = q
                .get("choices")
                .and_then(|c| c.as_array())
                .into_iter()
                .flatten()
                .map(|c| c.get("text").and_then(|t| t.as_str()).unwrap_or_default().to_string())
                .collect();
            out.push((field("id"), field("prompt"), choices));
        }
    }
    out
}

fn assert_none(problems: Vec<String>, rule: &str) {
    assert!(problems.is_empty(), "{rule}\n{}", problems.join("\n"));
}

// ---- 1. "Refer now" lists ----

/// The words every "refer now" list must hold, and why.
const REFER_NOW_TRIGGERS: &[(&str, &str)] = &[
    ("suspects a disability", "anyone on the team (a parent or staff member) suspects a disability"),
    ("abuse or neglect", "signs of abuse or neglect: a mandated report under state law"),
    ("medical", "a medical concern (pain, injury, a health condition): the nurse and the team"),
];

/// Headings the "refer now" lists used to sit under; they now start with "Refer now".
const OLD_REFER_NOW_HEADINGS: &[&str] =
    &["refer right away", "when not to wait", "refer immediately", "refer today", "act right away", "act now"];

/// Every "refer now" list on a page: (where, the text of its items).
fn refer_now_lists(doc: &Doc, problems: &mut Vec<String>) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let blocks = blocks(&doc.body);
    for (i, block) in blocks.iter().enumerate() {
        let Block::Heading { text, at, .. } = block else { continue };
        let lower = text.to_lowercase();
        if let Some(old) = OLD_REFER_NOW_HEADINGS.iter().find(|h| lower.starts_with(*h)) {
            problems.push(format!(
                "{}: heading \"{text}\" starts with \"{old}\"; start it with \"Refer now\"",
                doc.at(*at)
            ));
        }
        if !lower.starts_with("refer now") {
            continue;
        }
        let list = blocks[i + 1..].iter().take_while(|b| !matches!(b, Block::Heading { .. })).find_map(|b| match b {
            Block::List { items } => Some(items.clone()),
            _ => None,
        });
        match list {
            Some(items) => out.push((doc.at(*at), items)),
            None => problems.push(format!("{}: heading \"{text}\" has no list under it", doc.at(*at))),
        }
    }
    for (title, items, at) in checklist_groups(doc) {
        let lower = title.to_lowercase();
        if let Some(old) = OLD_REFER_NOW_HEADINGS.iter().find(|h| lower.starts_with(*h)) {
            problems.push(format!(
                "{}: checklist group \"{title}\" starts with \"{old}\"; start it with \"Refer now\"",
                doc.at(at)
            ));
        }
        if lower.starts_with("refer now") {
            out.push((format!("{} (checklist group \"{title}\")", doc.at(at)), items));
        }
    }
    out
}

/// Lower case with every run of white space as one space, so a phrase matches across line breaks.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// One sentence of the page says "premature" never applies once anyone suspects a disability.
fn says_premature_never_applies(doc: &Doc) -> bool {
    let text = prose(&doc.body, false);
    sentences(&text).into_iter().any(|s| {
        let sentence = squeeze(&text[s]);
        sentence.contains("premature") && sentence.contains("suspects a disability")
    })
}

#[test]
fn every_refer_now_list_holds_the_disability_abuse_and_medical_triggers() {
    let docs = docs();
    let mut problems = Vec::new();
    let mut pages_with_lists = Vec::new();
    for doc in &docs {
        let lists = refer_now_lists(doc, &mut problems);
        if lists.is_empty() {
            continue;
        }
        pages_with_lists.push(doc.path.clone());
        for (at, items) in &lists {
            for (words, why) in REFER_NOW_TRIGGERS {
                if !items.iter().any(|item| squeeze(item).contains(words)) {
                    problems.push(format!("{at}: the \"refer now\" list has no item containing \"{words}\" ({why})"));
                }
            }
        }
        if !says_premature_never_applies(doc) {
            problems.push(format!(
                "{}: a page with a \"refer now\" list must say, in one sentence, that \"premature\" never applies once anyone \"suspects a disability\"",
                doc.path
            ));
        }
    }
    for required in
        ["content/referral-checklist.md", "content/trainings/referral-quality/premature-well-supported-or-immediate.md"]
    {
        if !pages_with_lists.iter().any(|p| p == required) {
            problems.push(format!(
                "{required}: has no list under a heading (or checklist group) that starts with \"Refer now\""
            ));
        }
    }
    assert_none(problems, "\"Refer now\" lists (docs/content-rules.md, rule 1):");
}

#[test]
fn module_2_knowledge_check_asks_about_a_suspected_disability() {
    let docs = docs();
    let check = doc(&docs, "content/trainings/referral-quality/knowledge-check.md");
    let asks = quiz_questions(check).iter().any(|(_, prompt, choices)| {
        let all = format!("{prompt} {}", choices.join(" ")).to_lowercase();
        all.contains("suspect") && all.contains("disability")
    });
    assert!(asks, "{}: no question about referring as soon as anyone suspects a disability", check.path);
}

// ---- 2. Evidence labels ----

/// The labels a guide may show, from the brief (section 3's table, with 1D and 1E), as the content
/// review corrected it. `front` lists the allowed `evidence` front-matter values; `bold` the labels
/// allowed in a bold `**Label: ...**`, each with a word the same bold text must contain when the
/// label holds only for one group of students.
struct Allowed {
    guide: &'static str,
    front: &'static [&'static str],
    bold: &'static [(&'static str, Option<&'static str>)],
}

const EVIDENCE: &[Allowed] = &[
    // IG-01: the brief's "Moderate-Strong" joins one RCT (H4, moderate) with the 46-study review of
    // therapeutic practice in general (H3); for this routine the review settles on Moderate.
    Allowed { guide: "letter-formation", front: &["moderate"], bold: &[("moderate", None)] },
    // IG-02.
    Allowed { guide: "handwriting-block", front: &["moderate"], bold: &[("moderate", None)] },
    // IG-03: Limited / practice-based.
    Allowed {
        guide: "letter-size-and-spacing",
        front: &["limited", "practice-based"],
        bold: &[("limited", None), ("practice-based", None)],
    },
    // IG-04.
    Allowed { guide: "writing-workstation", front: &["practice-based"], bold: &[("practice-based", None)] },
    // IG-05: the Moderate in the brief rests on fourth graders (H8, H9); for PreK-3 the review
    // says Limited, and grips are Limited.
    Allowed { guide: "pencil-grasp", front: &["limited"], bold: &[("limited", None)] },
    // IG-06: Moderate for the class-wide kindergarten program (H10); Limited for scissors.
    Allowed { guide: "fine-motor-warm-ups", front: &["moderate"], bold: &[("moderate", None), ("limited", None)] },
    // IG-07.
    Allowed { guide: "handwriting-booster-group", front: &["moderate"], bold: &[("moderate", None)] },
    // IG-08: Moderate for on-task behavior; Limited for academics (S10).
    Allowed { guide: "movement-breaks", front: &["moderate"], bold: &[("moderate", None), ("limited", None)] },
    // IG-09: Strong only for autistic learners (S11); the whole-class badge is the lower one.
    Allowed {
        guide: "visual-schedules",
        front: &["practice-based"],
        bold: &[("strong", Some("autistic")), ("practice-based", None)],
    },
    // IG-10.
    Allowed { guide: "flexible-seating", front: &["mixed"], bold: &[("mixed", None)] },
    // IG-11: no cited source studies putty or stress balls, so quiet fidgets are Limited (review,
    // defect 7); spinners are Not supported (S9).
    Allowed {
        guide: "fidget-tools",
        front: &["limited"],
        bold: &[("limited", None), ("not supported", Some("spinner"))],
    },
    // IG-12.
    Allowed { guide: "noise-and-sensory-load", front: &["limited"], bold: &[("limited", None)] },
    // IG-12's second half: headphones as an individual trial, Limited (S12: qualitative reports,
    // one industry-funded study).
    Allowed { guide: "headphones-trial", front: &["limited"], bold: &[("limited", None)] },
    // IG-13: Practice-based / Limited (S15).
    Allowed {
        guide: "calm-down-space",
        front: &["practice-based", "limited"],
        bold: &[("practice-based", None), ("limited", None)],
    },
    // IG-14: Limited / Mixed (S13, S14).
    Allowed {
        guide: "regulation-vocabulary",
        front: &["limited", "mixed"],
        bold: &[("limited", None), ("mixed", None)],
    },
];

const LABELS: &[&str] = &["not supported", "practice-based", "strong", "moderate", "limited", "mixed"];

/// The bold `**Label: ...**` texts of a body, with their offsets.
fn bold_labels(body: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    // ASCII lower-casing keeps byte offsets, so `lower` and `body` share them.
    let lower = body.to_ascii_lowercase();
    while let Some(i) = lower[from..].find("**label:") {
        let start = from + i + 2;
        let end = lower[start..].find("**").map_or(lower.len(), |j| start + j);
        out.push((&body[start..end], start));
        from = end;
    }
    out
}

#[test]
fn no_guide_states_an_evidence_label_above_the_brief() {
    let docs = docs();
    let mut problems = Vec::new();
    for doc in docs.iter().filter(|d| d.under("guides/") && !d.path.ends_with("_index.md")) {
        let stem = doc.path.trim_start_matches("content/guides/").trim_end_matches(".md");
        let Some(allowed) = EVIDENCE.iter().find(|a| a.guide == stem) else {
            problems
                .push(format!("{}: no row in tests/content.rs EVIDENCE; add the labels the brief gives it", doc.path));
            continue;
        };
        match doc.front.get("evidence").and_then(|e| e.as_str()) {
            Some(label) if allowed.front.contains(&label) => {}
            Some(label) => problems.push(format!(
                "{}: evidence = \"{label}\" but the brief allows {:?} for this guide",
                doc.path, allowed.front
            )),
            None => problems.push(format!("{}: no `evidence` label in the front matter", doc.path)),
        }
        for (bold, at) in bold_labels(&doc.body) {
            let text = bold.to_lowercase();
            let stated = LABELS.iter().filter(|l| text.contains(*l));
            for label in stated {
                match allowed.bold.iter().find(|(l, _)| l == label) {
                    Some((_, Some(group))) if !text.contains(group) => problems.push(format!(
                        "{}: \"**{bold}**\" gives {label} without naming the group it holds for (\"{group}\")",
                        doc.at(at)
                    )),
                    Some(_) => {}
                    None => problems.push(format!(
                        "{}: \"**{bold}**\" states {label}, which the brief does not give this guide",
                        doc.at(at)
                    )),
                }
            }
        }
    }
    assert_none(problems, "Evidence labels (docs/content-rules.md, rule 2):");
}

#[test]
fn no_page_rounds_a_label_up() {
    let rounded = ["moderate to strong", "moderate-strong", "moderate–strong", "moderate—strong", "strong to moderate"];
    let mut problems = Vec::new();
    for doc in &docs() {
        let lower = doc.body.to_lowercase();
        for phrase in rounded {
            if let Some(i) = lower.find(phrase) {
                problems.push(format!(
                    "{}: \"{phrase}\" rounds a label up; give the one label the evidence supports",
                    doc.at(i)
                ));
            }
        }
    }
    assert_none(problems, "Evidence labels are never rounded up:");
}

// ---- 3. Forms a guide names ----

const FORM_WORDS: &[&str] =
    &["log", "logs", "checklist", "checklists", "form", "forms", "record", "records", "tally", "tallies"];

/// The units (paragraphs and list items) of the guide's Steps and "How to tell if it is working"
/// sections.
fn form_sections(doc: &Doc) -> Vec<(String, Vec<Range<usize>>)> {
    let mut out = Vec::new();
    let mut inside: Option<u8> = None;
    for block in blocks(&doc.body) {
        match block {
            Block::Heading { level, text, .. } => {
                let lower = text.to_lowercase();
                if inside.is_some_and(|l| level <= l) {
                    inside = None;
                }
                if lower.starts_with("steps") || lower.starts_with("how to tell") {
                    inside = Some(level);
                }
            }
            Block::Unit { text, links } if inside.is_some() => {
                let toolkit = links.into_iter().filter(|(_, dest)| is_toolkit(dest)).map(|(r, _)| r).collect();
                out.push((text, toolkit));
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_form_a_guide_names_links_to_the_toolkit() {
    let docs = docs();
    let mut problems = Vec::new();
    for doc in docs.iter().filter(|d| d.under("guides/") && !d.path.ends_with("_index.md")) {
        for (text, links) in form_sections(doc) {
            let parts = sentences(&text);
            let linked = |s: &Range<usize>| links.iter().any(|l| l.start < s.end && s.start < l.end);
            for (i, s) in parts.iter().enumerate() {
                let names = words(&text[s.clone()]).find(|w| FORM_WORDS.contains(&w.as_str()));
                let Some(word) = names else { continue };
                let near = |j: Option<usize>| j.and_then(|j| parts.get(j)).is_some_and(linked);
                if !linked(s) && !near(i.checked_sub(1)) && !near(Some(i + 1)) {
                    problems.push(format!(
                        "{}: \"{}\" names a {word} with no link to a form under /toolkit/",
                        doc.path,
                        text[s.clone()].trim()
                    ));
                }
            }
        }
    }
    assert_none(problems, "Forms a guide names are links to /toolkit/ (docs/content-rules.md, rule 3):");
}

// ---- 4. Scenario share of the knowledge checks ----

/// Words of the situation that place it at school.
const SCHOOL_WORDS: &[&str] = &[
    "student",
    "students",
    "class",
    "classroom",
    "room",
    "teacher",
    "teachers",
    "para",
    "paraprofessional",
    "parent",
    "parents",
    "team",
    "child",
    "kindergartner",
    "grader",
    "you",
    "your",
    "school",
    "colleague",
    "staff",
];

/// Phrases of the final question that ask what to do.
const NEXT_STEP_WORDS: &[&str] = &[
    "next",
    "should",
    "what do you",
    "what would you",
    "how do you",
    "how would you",
    "what does the team",
    "what is the best",
    "what is your",
    "who do you",
    "what do you say",
    "what can you",
];

/// The rule at the top of this file, point 4.
fn is_scenario(prompt: &str) -> bool {
    let parts = sentences(prompt);
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else { return false };
    if parts.len() < 2 {
        return false;
    }
    let opening = prompt[first.clone()].trim();
    let situation = &prompt[first.start..last.start];
    let question = prompt[last.clone()].trim().to_lowercase();
    !opening.ends_with('?')
        && !opening.to_lowercase().starts_with("true or false")
        && words(situation).any(|w| SCHOOL_WORDS.contains(&w.as_str()))
        && question.ends_with('?')
        && NEXT_STEP_WORDS.iter().any(|w| question.contains(w))
}

#[test]
fn scenario_rule_counts_situations_with_a_next_step() {
    assert!(is_scenario("A parent emails you asking for an evaluation. What do you do next?"));
    assert!(is_scenario("In Room 12, Maya says her hand hurts during the group. What should the para do?"));
    assert!(is_scenario("A colleague says: \"We can't refer him yet.\" What should you say next?"));
    assert!(!is_scenario("Which statement about least restrictive environment is right?"));
    assert!(!is_scenario("True or false: a school can wait. What should it do?"));
    assert!(!is_scenario("The four-point rule has four points. Which is it?"));
}

#[test]
fn at_least_half_of_every_knowledge_check_is_classroom_scenarios() {
    let docs = docs();
    let mut problems = Vec::new();
    let modules: Vec<&Doc> = docs
        .iter()
        .filter(|d| d.under("trainings/") && d.path.ends_with("/_index.md"))
        .filter(|d| d.front.get("kind").and_then(|k| k.as_str()) == Some("module"))
        .collect();
    assert!(modules.len() >= 5, "expected the five bundled modules, found {}", modules.len());
    for module in modules {
        let folder = module.path.trim_end_matches("_index.md");
        let questions: Vec<_> = docs.iter().filter(|d| d.path.starts_with(folder)).flat_map(quiz_questions).collect();
        if questions.is_empty() {
            problems.push(format!("{}: the module has no knowledge check", module.path));
            continue;
        }
        let recall: Vec<&String> = questions.iter().filter(|(_, p, _)| !is_scenario(p)).map(|(id, _, _)| id).collect();
        let scenarios = questions.len() - recall.len();
        if scenarios * 2 < questions.len() {
            problems.push(format!(
                "{folder}: {scenarios} of {} knowledge-check questions are classroom scenarios (need at least half); not scenarios: {}",
                questions.len(),
                recall.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    assert_none(problems, "Knowledge checks are at least half classroom scenarios (docs/content-rules.md, rule 4):");
}

// ---- Other invariants of issue 16 ----

#[test]
fn pages_that_say_ot_referral_explain_the_two_kinds_of_referral() {
    let mut problems = Vec::new();
    for doc in &docs() {
        let lower = prose(&doc.body, true).to_lowercase();
        let says = lower.match_indices("ot referral").any(|(i, m)| {
            let before = lower[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after = lower[i + m.len()..].chars().next().is_none_or(|c| !c.is_alphabetic());
            before && after
        });
        if says && !doc.body.contains("two-kinds-of-referral") {
            problems.push(format!(
                "{}: says \"OT referral\" but neither explains nor links to the two kinds of referral (#two-kinds-of-referral)",
                doc.path
            ));
        }
    }
    assert_none(problems, "An \"OT referral\" can be a consultation or an evaluation request; say which:");
}

#[test]
fn the_case_study_figures_are_credited_to_the_provider() {
    let docs = docs();
    let mut problems = Vec::new();
    let others = [
        "district reported",
        "district supplied",
        "supplied by the district",
        "district's reported",
        "the district reports",
    ];
    for doc in &docs {
        let lower = doc.body.to_lowercase();
        for phrase in others {
            if let Some(i) = lower.find(phrase) {
                problems.push(format!(
                    "{}: \"{phrase}\": the provider (our client) reports the figures, not the district",
                    doc.at(i)
                ));
            }
        }
    }
    let case = doc(&docs, "content/case-studies/montgomery-county.md");
    if !case.body.contains("the provider (our client) reports") {
        problems
            .push(format!("{}: say once, plainly, that \"the provider (our client) reports\" the figures", case.path));
    }
    let home = doc(&docs, "content/_index.md");
    let sponsor = sentences(&home.body).into_iter().any(|s| {
        let line = &home.body[s];
        line.to_lowercase().contains("sponsor") && line.contains("/case-studies/montgomery-county.md")
    });
    if !sponsor {
        problems.push(format!("{}: the home page needs a sponsor line that links to the case study", home.path));
    }
    assert_none(problems, "Case study sourcing (review defect 4):");
}

#[test]
fn practice_answers_in_modules_1_and_2_are_not_printed_under_the_task() {
    let mut problems = Vec::new();
    let answer_lines = ["suggested answer", "**answers", "answers:", "**answer key**"];
    for doc in docs()
        .iter()
        .filter(|d| d.under("trainings/referral-quality/") || d.under("trainings/related-services-and-mtss/"))
    {
        let mut details = 0usize;
        let mut in_key = false;
        for (n, line) in doc.body.lines().enumerate() {
            let lower = line.trim().to_lowercase();
            details += lower.matches("<details").count();
            details = details.saturating_sub(lower.matches("</details>").count());
            if lower.starts_with('#') {
                in_key = lower.contains("answer key");
            }
            if details == 0 && !in_key && answer_lines.iter().any(|a| lower.starts_with(a)) {
                problems.push(format!(
                    "{}:{}: answers printed right under the task; fold them in <details> or move them to an answer key section",
                    doc.path,
                    doc.body_line + n
                ));
            }
        }
    }
    assert_none(problems, "Practice answers stay hidden until the reader has tried:");
}

// ---- 5. Worked examples agree with their graphs ----

use tierbook::decision_rules::{self as rules, Decision, Describe, Evaluation, Line, Point, Rule, TrendMethod};

/// The pages that teach reading a progress graph, each with a graph (issue 14).
const GRAPH_PAGES: &[&str] = &[
    "content/trainings/referral-quality/baseline-progress-and-decision-rules.md",
    "content/trainings/handwriting-and-fine-motor/measuring-handwriting-progress.md",
    "content/toolkit/progress-graph.md",
    "content/case-studies/two-writers-room-12.md",
];

/// A ` ```chart ` block of kind `progress`, read with the decision-rule code the chart block uses
/// (`tierbook::decision_rules`), and the paragraph that follows it.
struct ProgressChart {
    at: String,
    x_plural: String,
    /// The phases' points; with `baseline`, the first phase is the baseline.
    phases: Vec<Vec<Point>>,
    baseline: bool,
    aim: Option<Line>,
    evaluation: Option<Evaluation>,
    /// The text of the paragraph right after the block, if one follows before the next heading.
    reading: Option<String>,
}

impl ProgressChart {
    /// The points after the baseline, in time order.
    fn after_baseline(&self) -> Vec<Point> {
        self.phases.iter().skip(usize::from(self.baseline)).flatten().copied().collect()
    }

    /// The points the rule reads: those after the last phase change.
    fn current(&self) -> &[Point] {
        match self.phases.last() {
            Some(last) if !(self.baseline && self.phases.len() == 1) => last,
            _ => &[],
        }
    }
}

fn point(value: &toml::Value) -> Option<Point> {
    let number = |v: &toml::Value| v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
    match value {
        toml::Value::Array(xy) if xy.len() == 2 => Some(Point { x: number(&xy[0])?, y: number(&xy[1])? }),
        toml::Value::Table(t) => Some(Point { x: number(t.get("x")?)?, y: number(t.get("y")?)? }),
        _ => None,
    }
}

/// The progress charts of a page. A chart that cannot be read this way is a problem: the bundled
/// lessons keep their data inline (`[[phases]]`), so this test reads exactly what the build draws.
fn progress_charts(doc: &Doc, problems: &mut Vec<String>) -> Vec<ProgressChart> {
    let mut out = Vec::new();
    let blocks = blocks(&doc.body);
    for (i, block) in blocks.iter().enumerate() {
        let Block::Code { info, body, at } = block else { continue };
        if info.trim() != "chart" {
            continue;
        }
        let where_ = doc.at(*at);
        let table: toml::Table = match body.parse() {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{where_}: chart: {e}"));
                continue;
            }
        };
        let text = |k: &str| table.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        if text("kind") != "progress" {
            continue;
        }
        if table.contains_key("data") {
            problems.push(format!("{where_}: keep a lesson's progress data inline ([[phases]]) so this test reads it"));
            continue;
        }
        let phases: Vec<Vec<Point>> = table
            .get("phases")
            .and_then(|p| p.as_array())
            .into_iter()
            .flatten()
            .map(|phase| {
                let points = phase.get("points").and_then(|p| p.as_array()).cloned().unwrap_or_default();
                points.iter().filter_map(point).collect()
            })
            .collect();
        let baseline = table.get("baseline").and_then(|b| b.as_bool()).unwrap_or(false);
        let goal = table.get("goal").and_then(point);
        let aim = match (phases.first().filter(|_| baseline).and_then(|b| rules::aim_start(b)), goal) {
            (Some(start), Some(goal)) => Line::through(start, goal),
            _ => None,
        };
        let rule = match text("rule").as_str() {
            "four-point" => Some(Rule::FourPoint),
            "trend" => Some(Rule::Trend),
            "median-of-three" => Some(Rule::MedianOfThree),
            _ => None,
        };
        let trend = match text("trend").as_str() {
            "least-squares" => Some(TrendMethod::LeastSquares),
            "split-middle" => Some(TrendMethod::SplitMiddle),
            _ => None,
        };
        let x_label = match text("x_label") {
            l if l.is_empty() => "session".to_string(),
            l => l.to_lowercase(),
        };
        let x_plural = if x_label.ends_with('s') { x_label.clone() } else { format!("{x_label}s") };
        let y_unit = text("y_label").to_lowercase();
        let reading =
            blocks[i + 1..].iter().take_while(|b| !matches!(b, Block::Heading { .. })).find_map(|b| match b {
                Block::Unit { text, .. } => Some(text.clone()),
                _ => None,
            });
        let mut chart = ProgressChart { at: where_, x_plural, phases, baseline, aim, evaluation: None, reading };
        if let (Some(rule), Some(aim)) = (rule, chart.aim) {
            let describe = Describe { x_singular: &x_label, x_plural: &chart.x_plural, y_unit: &y_unit };
            chart.evaluation = Some(rules::evaluate(rule, chart.current(), &aim, trend, &describe));
        }
        out.push(chart);
    }
    out
}

/// The kinds of decision, each with the phrases a lesson uses to state it.
const DECISION_PHRASES: &[(&str, &[&str])] = &[
    ("change", &["change the plan", "changes the plan", "make one change", "makes one change", "change or intensify"]),
    ("raise the goal", &["raise the goal", "raising the goal", "raises the goal"]),
    ("keep going", &["keep going", "keeps going"]),
    ("wait for more points", &["more points", "new points"]),
];

/// The kind of a computed decision, and the kinds a sentence stating it may also name (waiting for
/// more points is keeping going).
fn decision_kinds(decision: Decision) -> (&'static str, &'static [&'static str]) {
    match decision {
        Decision::Change => ("change", &[]),
        Decision::RaiseGoal => ("raise the goal", &[]),
        Decision::KeepGoing => ("keep going", &[]),
        Decision::TooFewPoints { .. } => ("wait for more points", &["keep going"]),
    }
}

fn number_word(word: &str) -> Option<usize> {
    const WORDS: &[&str] = &["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    WORDS.iter().position(|w| *w == word).or_else(|| word.parse().ok())
}

/// `weeks 4 to 10` in a sentence: the span it names.
fn named_span(sentence: &str, x_plural: &str) -> Option<(f64, f64)> {
    let w: Vec<String> = words(sentence).collect();
    w.windows(4).find_map(|win| {
        (win[0] == x_plural && win[2] == "to").then(|| Some((win[1].parse().ok()?, win[3].parse().ok()?))).flatten()
    })
}

/// `at week 10` in a sentence.
fn named_time(sentence: &str, x_singular: &str) -> Option<f64> {
    let w: Vec<String> = words(sentence).collect();
    w.windows(3).find_map(|win| (win[0] == "at" && win[1] == x_singular).then(|| win[2].parse().ok()).flatten())
}

/// Checks the paragraph after a progress chart against what the chart's data show: it starts
/// "Reading the graph"; every sentence of it that names the rule states the rule's computed
/// decision and no other; and every count it gives ("all four of the last four points sit below
/// the aim line") is what the data show. A count is read against the points of the span the
/// sentence names (`weeks 4 to 10`), or those up to the time it names (`at week 10`), or else the
/// points after the last phase change.
fn check_reading(chart: &ProgressChart, problems: &mut Vec<String>) {
    let at = &chart.at;
    let Some(evaluation) = &chart.evaluation else {
        problems.push(format!(
            "{at}: a lesson's progress graph needs a baseline, a goal and a `rule`, so the build states the decision"
        ));
        return;
    };
    let Some(reading) = chart.reading.as_deref().filter(|r| r.trim_start().starts_with("Reading the graph")) else {
        problems.push(format!(
            "{at}: the paragraph after the graph must start \"Reading the graph.\" and say what the rule decides ({})",
            evaluation.sentence
        ));
        return;
    };
    let (expected, also) = decision_kinds(evaluation.decision);
    let parts = sentences(reading);
    let mut stated = false;
    for s in &parts {
        let sentence = squeeze(&reading[s.clone()]);
        if !words(&sentence).any(|w| w == "rule") {
            continue;
        }
        let claimed: Vec<&str> = DECISION_PHRASES
            .iter()
            .filter(|(_, phrases)| phrases.iter().any(|p| sentence.contains(p)))
            .map(|(kind, _)| *kind)
            .collect();
        if claimed.is_empty() {
            continue;
        }
        stated = true;
        if !claimed.contains(&expected) {
            problems.push(format!(
                "{at}: \"{sentence}\" says {claimed:?}, but the graph's data say \"{expected}\" ({})",
                evaluation.sentence
            ));
        }
        if !claimed.contains(&expected) {
            continue;
        }
        for kind in claimed.iter().filter(|k| **k != expected && !also.contains(k)) {
            problems.push(format!(
                "{at}: \"{sentence}\" also says \"{kind}\", which the data do not show ({})",
                evaluation.sentence
            ));
        }
    }
    if !stated {
        problems.push(format!(
            "{at}: no sentence of \"Reading the graph\" names the rule and its decision ({})",
            evaluation.sentence
        ));
    }
    let (Some(aim), x_singular) = (chart.aim, chart.x_plural.trim_end_matches('s')) else { return };
    for s in &parts {
        let sentence = squeeze(&reading[s.clone()]);
        let w: Vec<String> = words(&sentence).collect();
        for (i, win) in w.windows(4).enumerate() {
            if !(win[1] == "of" && win[2] == "the" && win[3] == "last") {
                continue;
            }
            let (Some(n), Some(m)) = (number_word(&win[0]), w.get(i + 4).and_then(|x| number_word(x))) else {
                continue;
            };
            let Some(side) = w[i + 4..].iter().find(|x| *x == "below" || *x == "above") else { continue };
            let pool: Vec<Point> = if let Some((a, b)) = named_span(&sentence, &chart.x_plural) {
                chart.after_baseline().into_iter().filter(|p| p.x >= a && p.x <= b).collect()
            } else if let Some(t) = named_time(&sentence, x_singular) {
                chart.after_baseline().into_iter().filter(|p| p.x <= t).collect()
            } else {
                chart.current().to_vec()
            };
            if pool.len() < m {
                problems.push(format!(
                    "{at}: \"{sentence}\" counts the last {m} points, but the graph has {} there",
                    pool.len()
                ));
                continue;
            }
            let last = &pool[pool.len() - m..];
            let actual =
                last.iter().filter(|p| if side == "below" { p.y < aim.at(p.x) } else { p.y > aim.at(p.x) }).count();
            if actual != n {
                problems.push(format!(
                    "{at}: \"{sentence}\" says {n} of the last {m} points are {side} the aim line; the data put {actual} there"
                ));
            }
        }
    }
}

/// A markdown table on the page with a week column and an aim-line column: each row's aim value
/// is the chart's aim line at that week, and each score is the chart's point for that week.
fn check_aim_tables(doc: &Doc, chart: &ProgressChart, problems: &mut Vec<String>) {
    let Some(aim) = chart.aim else { return };
    let points = chart.after_baseline();
    let mut header: Option<(usize, usize, Option<usize>)> = None;
    for (n, line) in doc.body.lines().enumerate() {
        let line = line.trim();
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let cells: Vec<String> = line.trim_matches('|').split('|').map(|c| c.trim().to_lowercase()).collect();
        if cells.iter().all(|c| c.chars().all(|ch| ch == '-' || ch == ':')) {
            continue;
        }
        let Some((week, aim_col, score)) = header else {
            let find = |f: &dyn Fn(&str) -> bool| cells.iter().position(|c| f(c));
            if let (Some(week), Some(aim_col)) = (
                find(&|c| c.starts_with("week") || c == "when"),
                find(&|c| c.contains("aim line") || c.contains("goal line")),
            ) {
                header = Some((week, aim_col, find(&|c| c.contains("per minute") || c.starts_with("score"))));
            }
            continue;
        };
        let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or_default();
        let Some(x) = cell(week).trim_start_matches("week").trim().parse::<f64>().ok() else { continue };
        let where_ = format!("{}:{}", doc.path, doc.body_line + n);
        if let Ok(stated) = cell(aim_col).parse::<f64>() {
            if (stated - aim.at(x)).abs() > 0.01 {
                problems.push(format!(
                    "{where_}: the table puts the aim line at {stated} in week {x}; the graph's aim line is at {}",
                    rules::number(aim.at(x))
                ));
            }
        }
        if let Some(y) = score.and_then(|s| cell(s).parse::<f64>().ok()) {
            if !points.iter().any(|p| p.x == x && p.y == y) {
                problems.push(format!(
                    "{where_}: the table gives {y} in week {x}, which is not a point on the page's graph"
                ));
            }
        }
    }
}

fn worked_example_problems(docs: &[Doc]) -> Vec<String> {
    let mut problems = Vec::new();
    for doc in docs {
        let charts = progress_charts(doc, &mut problems);
        if charts.is_empty() && GRAPH_PAGES.contains(&doc.path.as_str()) {
            problems.push(format!(
                "{}: this page teaches reading a progress graph, so it shows one (a ```chart block)",
                doc.path
            ));
        }
        for chart in &charts {
            check_reading(chart, &mut problems);
        }
        if let Some(chart) = charts.iter().max_by_key(|c| c.after_baseline().len()) {
            check_aim_tables(doc, chart, &mut problems);
        }
    }
    problems
}

#[test]
fn every_worked_example_says_what_its_graph_shows() {
    let docs = docs();
    for page in GRAPH_PAGES {
        doc(&docs, page);
    }
    assert_none(
        worked_example_problems(&docs),
        "Worked examples agree with their graphs (docs/content-rules.md, rule 5; the chart block's decision code):",
    );
}

/// The check itself can fail: a lesson that claims four points below the aim line and a change of
/// plan fails when the data show three below, and passes once data and words agree.
#[test]
fn a_worked_example_that_misreads_its_graph_fails() {
    let page = |points: &str, reading: &str| {
        split(
            "content/p.md".into(),
            &format!(
                "+++\ntitle = \"P\"\n+++\n\n| Week | Score | Aim line |\n|---|---|---|\n| 4 | 9 | 10 |\n\n```chart\nkind = \"progress\"\ntitle = \"T\"\nx_label = \"Week\"\ny_label = \"Score\"\nbaseline = true\ngoal = {{ x = 14, y = 15 }}\nrule = \"four-point\"\n\n[[phases]]\npoints = [[1, 9], [2, 10], [3, 8]]\n\n[[phases]]\npoints = {points}\n```\n\n{reading}\n"
            ),
        )
    };
    let claim = "**Reading the graph.** All four of the last four points, weeks 4 to 10, sit below the aim line. Under the four-point rule, the team changes the plan.";
    let right = worked_example_problems(&[page("[[4, 9], [6, 10], [8, 10], [10, 11]]", claim)]);
    assert!(right.is_empty(), "data and words agree, yet: {right:#?}");
    let wrong = worked_example_problems(&[page("[[4, 9], [6, 10], [8, 13], [10, 11]]", claim)]);
    assert!(
        wrong.iter().any(|p| p.contains("says 4 of the last 4 points are below the aim line; the data put 3 there")),
        "{wrong:#?}"
    );
    assert!(wrong.iter().any(|p| p.contains("the graph's data say \"keep going\"")), "{wrong:#?}");
    let table = worked_example_problems(&[page("[[4, 8], [6, 10], [8, 10], [10, 11]]", claim)]);
    assert!(table.iter().any(|p| p.contains("gives 9 in week 4, which is not a point")), "{table:#?}");
    let silent = worked_example_problems(&[page("[[4, 9], [6, 10], [8, 10], [10, 11]]", "The group went well.")]);
    assert!(silent.iter().any(|p| p.contains("must start \"Reading the graph.\"")), "{silent:#?}");
}

// ---- Sources: the law from its primary source ----

/// Hosts that mirror or once carried legal texts, each with the primary source to link instead
/// (review, smaller issues: "legal links point to mirrors, and one is dead").
const MIRROR_HOSTS: &[(&str, &str)] = &[
    ("wikispaces.com", "the site closed in 2018; cite the regulation on www.ecfr.gov"),
    ("rti4success.org", "OSEP Memo 11-07 is on sites.ed.gov"),
    ("ideapartnership.org", "34 CFR 300.156 is on www.ecfr.gov"),
    ("idea.ed.gov", "the old IDEA site is retired; use sites.ed.gov/idea or www.ecfr.gov"),
    ("findlaw.com", "the regulation is on www.ecfr.gov"),
    ("self-law.org", "the regulation is on www.ecfr.gov"),
    ("fndusa.org", "the regulation is on www.ecfr.gov"),
    ("docest.com", "the U.S. Department of Education's resource document is on an ed.gov site"),
    ("blsmon1.bls.gov", "use www.bls.gov"),
];

#[test]
fn no_page_cites_a_mirror_of_a_legal_source() {
    let mut problems = Vec::new();
    for doc in &pages() {
        let lower = doc.body.to_lowercase();
        for (host, instead) in MIRROR_HOSTS {
            for (i, _) in lower.match_indices(host) {
                problems.push(format!("{}: links to {host}: {instead}", doc.at(i)));
            }
        }
    }
    assert_none(problems, "Legal sources link to the primary source, not a mirror:");
}

// ---- Translations ----

/// The evidence labels of docs/glossary-es.md, each with the brief's label it stands for.
const LABELS_ES: &[(&str, &str)] = &[
    ("sin respaldo", "not supported"),
    ("basada en la práctica", "practice-based"),
    ("fuerte", "strong"),
    ("moderada", "moderate"),
    ("limitada", "limited"),
    ("mixta", "mixed"),
];

/// The evidence labels a body states in bold (`**Label: Moderate**`, `**Limited**`,
/// `**Evidencia: Moderada**`), in order, as the brief's English labels.
fn stated_labels(body: &str, labels: &[(&str, &'static str)]) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find("**") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("**") else { break };
        let text = after[..close].trim().to_lowercase();
        let text = ["label:", "evidencia:"].iter().fold(text.as_str(), |t, p| t.strip_prefix(p).unwrap_or(t)).trim();
        if let Some((_, english)) = labels.iter().find(|(word, _)| text.starts_with(word)) {
            out.push(*english);
        }
        rest = &after[close + 2..];
    }
    out
}

#[test]
fn every_translation_states_the_evidence_labels_of_its_english_page() {
    let pages = pages();
    let english: Vec<(&str, &'static str)> = LABELS.iter().map(|l| (*l, *l)).collect();
    let mut problems = Vec::new();
    let mut compared = 0;
    for doc in pages.iter().filter(|d| d.path.ends_with(".es.md")) {
        let original = doc.path.replace(".es.md", ".md");
        let Some(source) = pages.iter().find(|d| d.path == original) else {
            problems.push(format!("{}: no English page {original}", doc.path));
            continue;
        };
        let (want, got) = (stated_labels(&source.body, &english), stated_labels(&doc.body, LABELS_ES));
        compared += want.len();
        if want != got {
            problems.push(format!("{}: states {got:?} where {original} states {want:?}", doc.path));
        }
    }
    assert!(compared > 10, "expected the Spanish guides' labels, compared {compared}");
    assert_none(problems, "A translation's evidence labels are its English page's (docs/glossary-es.md):");
}

#[test]
fn stated_labels_reads_both_languages_in_order() {
    let english: Vec<(&str, &'static str)> = LABELS.iter().map(|l| (*l, *l)).collect();
    let en = "**Label: Moderate** for on-task behavior. **Limited** for grades. **Steps**";
    let es = "**Evidencia: Moderada** para la conducta. **Limitada** para las notas. **Pasos**";
    assert_eq!(stated_labels(en, &english), ["moderate", "limited"]);
    assert_eq!(stated_labels(es, LABELS_ES), ["moderate", "limited"]);
    assert_eq!(stated_labels("**Evidencia: Fuerte**", LABELS_ES), ["strong"]);
}
