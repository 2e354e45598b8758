//! Front matter: the raw serde shape (every key of every kind) and its validation against the
//! page's kind, which also reports unknown keys.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::front_matter::{toml_error_position, Date, Format};
use crate::config::Taxonomy;
use crate::text::Spans;

/// What a page is. Decides its template and which front-matter keys it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Page,
    Module,
    Lesson,
    Guide,
    CaseStudy,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Module => "module",
            Kind::Lesson => "lesson",
            Kind::Guide => "guide",
            Kind::CaseStudy => "case-study",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    Teacher,
    Paraprofessional,
    Administrator,
    Family,
}

/// The evidence labels of the domain brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    Strong,
    Moderate,
    Limited,
    Mixed,
    NotSupported,
    PracticeBased,
}

impl Evidence {
    pub fn label(self) -> &'static str {
        match self {
            Evidence::Strong => "Strong",
            Evidence::Moderate => "Moderate",
            Evidence::Limited => "Limited",
            Evidence::Mixed => "Mixed",
            Evidence::NotSupported => "Not supported",
            Evidence::PracticeBased => "Practice-based",
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Evidence::Strong => "Several controlled studies, or a systematic review rating the evidence strong, for this group of students and this outcome.",
            Evidence::Moderate => "At least one well-controlled trial or consistent results from other designs; a review rates it moderate.",
            Evidence::Limited => "Few or small studies, or designs that cannot rule much out. Promising at most.",
            Evidence::Mixed => "Studies disagree, or the benefit depends on the child.",
            Evidence::NotSupported => "Reviews find it does not work, or studies find it harms the outcome it targets.",
            Evidence::PracticeBased => "Common expert practice that has had little direct testing.",
        }
    }
}

/// Front matter as written. Which keys a page may use depends on its kind, checked in
/// [`RawMeta::validate`].
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct RawMeta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub draft: Option<bool>,
    pub slug: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub template: Option<String>,
    pub review_by: Option<Date>,
    pub kind: Option<Kind>,
    pub page_kind: Option<Kind>,
    pub extra: Option<toml::Table>,
    pub tags: Option<Vec<String>>,
    /// Terms of the taxonomies named in `[taxonomies]` of tierbook.toml (tags too), Zola's way.
    pub taxonomies: Option<BTreeMap<String, Vec<String>>>,
    // module and lesson
    pub objectives: Option<Vec<String>>,
    pub minutes: Option<u32>,
    pub audience: Option<Vec<Audience>>,
    pub pd_hours: Option<f64>,
    pub pass_score: Option<u8>,
    pub version: Option<String>,
    // guide
    pub tier: Option<u8>,
    pub areas: Option<Vec<String>>,
    pub grades: Option<String>,
    pub materials: Option<Vec<String>>,
    pub evidence: Option<Evidence>,
    // case study
    pub figures: Option<toml::Table>,
    // translations only (docs/i18n.md)
    pub translated_from: Option<String>,
    pub translated_on: Option<Date>,
}

/// Validated front matter.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Meta {
    pub title: String,
    pub description: String,
    pub weight: Option<i64>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub draft: bool,
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    pub template: Option<String>,
    pub review_by: Option<Date>,
    pub kind: Option<Kind>,
    pub page_kind: Option<Kind>,
    pub extra: toml::Table,
    /// Taxonomy name -> the page's terms, as written: `tags` and every other taxonomy it uses.
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub objectives: Vec<String>,
    pub minutes: Option<u32>,
    pub audience: Vec<Audience>,
    pub pd_hours: Option<f64>,
    pub pass_score: Option<u8>,
    pub version: Option<String>,
    pub tier: Option<u8>,
    pub areas: Vec<String>,
    pub grades: Option<String>,
    pub materials: Vec<String>,
    pub evidence: Option<Evidence>,
    pub figures: Option<toml::Table>,
    /// Where `slug` is written in the file (line, column), or (0, 0): for errors about the URL.
    #[serde(skip)]
    pub slug_at: (usize, usize),
    /// Where each alias is written in the file, in `aliases` order.
    #[serde(skip)]
    pub aliases_at: Vec<(usize, usize)>,
    /// Where each front-matter key is written in the file, for later checks of the values.
    #[serde(skip)]
    pub(crate) spans: Spans,
}

/// A front-matter problem at a line and column of the file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MetaError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// Parses front-matter text. `first_line` is the file line the text starts on. Also returns where
/// each key is written, from the parser, in lines of the file. Keys the page may not have are
/// left to [`RawMeta::validate`], which knows the page's kind.
pub(crate) fn parse(text: &str, format: Format, first_line: usize) -> Result<(RawMeta, Spans), MetaError> {
    let hint_for = crate::error::unknown_key_hint;
    let raw = match format {
        Format::Toml => toml::from_str(text).map_err(|err| {
            let (line, column) = toml_error_position(text, &err, first_line);
            MetaError { line, column, message: err.message().trim().to_string(), hint: hint_for(err.message()) }
        })?,
        Format::Yaml if text.trim().is_empty() => RawMeta::default(),
        Format::Yaml => serde_norway::from_str(text).map_err(|err| {
            let (line, column) = err.location().map_or((first_line, 1), |l| (l.line() + first_line - 1, l.column()));
            let message = err.to_string();
            // serde_norway appends " at line N column M"; the position is reported separately.
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            MetaError { line, column, hint: hint_for(&message), message }
        })?,
    };
    let spans = match format {
        Format::Toml => Spans::toml(text),
        Format::Yaml => Spans::yaml(text),
    };
    Ok((raw, spans.offset_lines(first_line - 1)))
}

/// Every front-matter key, with the kinds of page that may use it (all kinds when empty).
const KEYS: &[(&str, &[Kind])] = &[
    ("title", &[]),
    ("description", &[]),
    ("weight", &[]),
    ("date", &[]),
    ("updated", &[]),
    ("draft", &[]),
    ("slug", &[]),
    ("aliases", &[]),
    ("template", &[]),
    ("review_by", &[]),
    ("kind", &[]),
    ("page_kind", &[]),
    ("extra", &[]),
    ("tags", &[]),
    ("taxonomies", &[]),
    ("objectives", &[Kind::Module, Kind::Lesson]),
    ("minutes", &[Kind::Module, Kind::Lesson, Kind::Guide]),
    ("audience", &[Kind::Module, Kind::Guide]),
    ("pd_hours", &[Kind::Module]),
    ("pass_score", &[Kind::Module]),
    ("version", &[Kind::Module]),
    ("tier", &[Kind::Guide]),
    ("areas", &[Kind::Guide]),
    ("grades", &[Kind::Guide]),
    ("materials", &[Kind::Guide]),
    ("evidence", &[Kind::Guide]),
    ("figures", &[Kind::CaseStudy]),
    // Checked by content::translations: only translations may have them.
    ("translated_from", &[]),
    ("translated_on", &[]),
];

/// Keys of Hugo and Zola pages, with what tierbook calls them (docs/migrating.md).
const FOREIGN_KEYS: &[(&str, &str)] = &[
    ("lastmod", "tierbook calls it `updated`"),
    ("categories", "name it as a taxonomy in tierbook.toml (`[taxonomies]` then `categories = []`), then write `[taxonomies]` `categories = [...]` here"),
    ("url", "set `slug` for the last part of the URL, and `aliases` for the old address"),
    ("path", "set `slug` for the last part of the URL, and `aliases` for the old address"),
    ("layout", "tierbook calls it `template`"),
    ("type", "tierbook calls it `template` (or `kind`, for a module, lesson, guide or case study)"),
    ("params", "tierbook calls it `[extra]`"),
    ("summary", "tierbook calls it `description`"),
    ("publishDate", "tierbook has no scheduled publishing; use `draft = true` until the page is ready"),
    ("expiryDate", "tierbook has no expiry; remove the page, or set `draft = true`"),
];

/// The hint for an unknown key: what tierbook calls a Hugo or Zola key, or else up to three keys
/// of this kind of page that are near it.
fn unknown_key_hint(key: &str, kind: Kind) -> String {
    if let Some((_, hint)) = FOREIGN_KEYS.iter().find(|(foreign, _)| *foreign == key) {
        return hint.to_string();
    }
    let mut near: Vec<(f64, &str)> = KEYS
        .iter()
        .filter(|(_, kinds)| kinds.is_empty() || kinds.contains(&kind))
        .map(|(name, _)| (strsim::jaro_winkler(key, name), *name))
        .filter(|(score, _)| *score > 0.75)
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0));
    let names: Vec<String> = near.iter().take(3).map(|(_, name)| format!("`{name}`")).collect();
    let extra = "free-form data goes under [extra]";
    match names.as_slice() {
        [] => extra.to_string(),
        [one] => format!("did you mean {one}? Otherwise, {extra}"),
        [init @ .., last] => format!("did you mean {} or {last}? Otherwise, {extra}", init.join(", ")),
    }
}

impl RawMeta {
    /// Checks the keys against the page's kind and the site's taxonomy terms. `spans` says where
    /// each key is written; `fence` is the position of the front matter's opening line, for a
    /// key that is missing.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn validate(
        mut self,
        kind: Kind,
        is_section: bool,
        areas_allowed: &[String],
        taxonomies_allowed: &[Taxonomy],
        spans: &Spans,
        fence: (usize, usize),
    ) -> Result<Meta, Vec<MetaError>> {
        let mut errors = unknown_keys(spans, kind);
        let mut error = |key: &str, message: String, hint: Option<String>| {
            let (line, column) = spans.key(key).unwrap_or(fence);
            errors.push(MetaError { line, column, message, hint });
        };
        self.check_common(is_section, &mut error);
        check_kind_keys(kind, spans, &mut error);
        self.check_training(&mut error);
        self.check_guide(kind, is_section, areas_allowed, &mut error);
        let taxonomies = page_terms(self.tags.take(), self.taxonomies.take(), taxonomies_allowed, &mut error);
        if errors.is_empty() {
            Ok(self.into_meta(taxonomies))
        } else {
            Err(errors)
        }
    }

    /// Keys every page has: a title, and a slug, aliases and `page_kind` that can be used.
    fn check_common(&self, is_section: bool, error: &mut Report<'_>) {
        if self.title.as_ref().is_none_or(|t| t.trim().is_empty()) {
            error(
                "title",
                "`title` is missing or empty".into(),
                Some("add `title = \"...\"` to the front matter".into()),
            );
        }
        if self.page_kind.is_some() && !is_section {
            error(
                "page_kind",
                "`page_kind` only works in a section's _index.md".into(),
                Some("use `kind` to set this page's own kind".into()),
            );
        }
        if let Some(slug) = &self.slug {
            if slug.is_empty() || slug.contains(['/', '\\', '?', '#']) || slug == "." || slug == ".." {
                error(
                    "slug",
                    format!("slug {slug:?} cannot be used in a URL"),
                    Some("use letters, digits and -".into()),
                );
            }
        }
        for alias in self.aliases.iter().flatten() {
            if !alias.starts_with('/') || alias.split('/').any(|part| part == "..") {
                error(
                    "aliases",
                    format!("alias {alias:?} must be a path from the site root"),
                    Some("write it like \"/old/path/\"".into()),
                );
            }
        }
    }

    /// The values of a module's keys.
    fn check_training(&self, error: &mut Report<'_>) {
        if let Some(score) = self.pass_score.filter(|s| *s > 100) {
            error(
                "pass_score",
                format!("pass_score {score} is above 100"),
                Some("write a percentage from 0 to 100".into()),
            );
        }
        if self.pd_hours.is_some_and(|hours| !(hours.is_finite() && hours >= 0.0)) {
            error("pd_hours", "pd_hours must be zero or more".into(), None);
        }
    }

    /// A guide's keys: a tier of 1 or 2 and an evidence label, areas from the site's list, and a
    /// grade band.
    fn check_guide(&self, kind: Kind, is_section: bool, areas_allowed: &[String], error: &mut Report<'_>) {
        if let Some(tier) = self.tier.filter(|t| !(1..=2).contains(t)) {
            error("tier", format!("tier {tier} is not a guide tier"), Some("guides are tier 1 or tier 2".into()));
        }
        if kind == Kind::Guide && !is_section {
            for (key, missing) in [("tier", self.tier.is_none()), ("evidence", self.evidence.is_none())] {
                if missing {
                    error(
                        "title",
                        format!("a guide needs `{key}`"),
                        Some(format!("add `{key} = ...` to the front matter")),
                    );
                }
            }
        }
        for area in self.areas.iter().flatten().filter(|a| !areas_allowed.contains(a)) {
            let near = areas_allowed
                .iter()
                .max_by(|a, b| strsim::jaro_winkler(area, a).total_cmp(&strsim::jaro_winkler(area, b)));
            let hint = match near {
                Some(n) if strsim::jaro_winkler(area, n) > 0.8 => format!("did you mean \"{n}\"?"),
                _ => format!("areas come from [taxonomies] areas in tierbook.toml: {}", areas_allowed.join(", ")),
            };
            error("areas", format!("unknown area {area:?}"), Some(hint));
        }
        if let Some(grades) = self.grades.as_ref().filter(|g| !is_grade_band(g)) {
            error(
                "grades",
                format!("grades {grades:?} is not a grade band"),
                Some("write e.g. \"K-2\", \"3-5\" or \"PreK-12\"".into()),
            );
        }
    }

    /// The checked front matter, with defaults for what is not written.
    fn into_meta(self, taxonomies: BTreeMap<String, Vec<String>>) -> Meta {
        Meta {
            title: self.title.unwrap_or_default(),
            description: self.description.unwrap_or_default(),
            weight: self.weight,
            date: self.date,
            updated: self.updated,
            draft: self.draft.unwrap_or(false),
            slug: self.slug,
            aliases: self.aliases.unwrap_or_default(),
            template: self.template,
            review_by: self.review_by,
            kind: self.kind,
            page_kind: self.page_kind,
            extra: self.extra.unwrap_or_default(),
            taxonomies,
            objectives: self.objectives.unwrap_or_default(),
            minutes: self.minutes,
            audience: self.audience.unwrap_or_default(),
            pd_hours: self.pd_hours,
            pass_score: self.pass_score,
            version: self.version,
            tier: self.tier,
            areas: self.areas.unwrap_or_default(),
            grades: self.grades,
            materials: self.materials.unwrap_or_default(),
            evidence: self.evidence,
            figures: self.figures,
            slug_at: (0, 0),
            aliases_at: Vec::new(),
            spans: Spans::default(),
        }
    }
}

/// Where a check reports a problem: the key it is about, the message and a hint.
type Report<'a> = dyn FnMut(&str, String, Option<String>) + 'a;

/// Top-level keys that are no front-matter key at all.
fn unknown_keys(spans: &Spans, kind: Kind) -> Vec<MetaError> {
    spans
        .top_level()
        .filter(|(key, _)| !KEYS.iter().any(|(name, _)| name == key))
        .map(|(key, (line, column))| MetaError {
            line,
            column,
            message: format!("unknown key `{key}`"),
            hint: Some(unknown_key_hint(key, kind)),
        })
        .collect()
}

/// Keys that belong to other kinds of page.
fn check_kind_keys(kind: Kind, spans: &Spans, error: &mut Report<'_>) {
    for (key, kinds) in KEYS {
        if !kinds.is_empty() && !kinds.contains(&kind) && spans.key(key).is_some() {
            let owners: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
            error(
                key,
                format!("`{key}` is a key of {} pages, and this page is a {}", owners.join(" and "), kind.name()),
                Some(format!(
                    "set `kind = \"{}\"` if that is what the page is, or move the value under [extra]",
                    owners[0]
                )),
            );
        }
    }
}

/// The page's taxonomy terms, from `tags` and `[taxonomies]`, checked against tierbook.toml:
/// each taxonomy must be named there, and a taxonomy with a list of terms takes only those.
fn page_terms(
    tags: Option<Vec<String>>,
    taxonomies: Option<BTreeMap<String, Vec<String>>>,
    allowed: &[Taxonomy],
    error: &mut Report<'_>,
) -> BTreeMap<String, Vec<String>> {
    let mut out = taxonomies.unwrap_or_default();
    if let Some(tags) = tags {
        if out.contains_key("tags") {
            error("tags", "`tags` is set twice: at the top and under [taxonomies]".into(), Some("keep one".into()));
        }
        out.insert("tags".into(), tags);
    }
    out.retain(|name, terms| {
        let key = if name == "tags" { "tags".to_string() } else { format!("taxonomies.{name}") };
        let Some(taxonomy) = allowed.iter().find(|t| t.name == *name) else {
            let names: Vec<&str> = allowed.iter().map(|t| t.name.as_str()).collect();
            error(
                &key,
                format!("unknown taxonomy `{name}`"),
                Some(format!(
                    "name it in tierbook.toml first, e.g. [taxonomies] {name} = []; the site has: {}",
                    names.join(", ")
                )),
            );
            return false;
        };
        for term in terms.iter() {
            if !term.chars().any(char::is_alphanumeric) {
                error(&key, format!("{name} term {term:?} has no letters or digits"), None);
            } else if !taxonomy.terms.is_empty() && !taxonomy.terms.contains(term) {
                let near = taxonomy
                    .terms
                    .iter()
                    .max_by(|a, b| strsim::jaro_winkler(term, a).total_cmp(&strsim::jaro_winkler(term, b)))
                    .filter(|n| strsim::jaro_winkler(term, n) > 0.8);
                let hint = match near {
                    Some(n) => format!("did you mean \"{n}\"?"),
                    None => format!("the {name} terms are listed in tierbook.toml: {}", taxonomy.terms.join(", ")),
                };
                error(&key, format!("unknown {name} term {term:?}"), Some(hint));
            }
        }
        !terms.is_empty()
    });
    out
}

/// Grade of a band end: PreK = -1, K = 0, 1..=12.
pub(crate) fn grade_number(s: &str) -> Option<i8> {
    match s.trim() {
        "PreK" | "Pre-K" | "PK" => Some(-1),
        "K" => Some(0),
        n => n.parse::<i8>().ok().filter(|g| (1..=12).contains(g)),
    }
}

/// `K-2`, `3-5`, `PreK-12`, or a single grade.
pub(crate) fn grade_band(s: &str) -> Option<(i8, i8)> {
    let (lo, hi) = match s.rsplit_once('-') {
        Some((lo, hi)) if !lo.is_empty() && lo != "Pre" => (lo, hi),
        _ => (s, s),
    };
    let (lo, hi) = (grade_number(lo)?, grade_number(hi)?);
    (lo <= hi).then_some((lo, hi))
}

fn is_grade_band(s: &str) -> bool {
    grade_band(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validate(text: &str, format: Format, kind: Kind, areas: &[String]) -> Result<Meta, Vec<MetaError>> {
        let (raw, spans) = parse(text, format, 2).expect("parses");
        let tags = [Taxonomy { name: "tags".into(), terms: Vec::new() }];
        raw.validate(kind, false, areas, &tags, &spans, (1, 1))
    }

    #[test]
    fn toml_unknown_key_points_at_it_and_suggests_at_most_three_keys_of_the_kind() {
        let errors =
            validate("title = \"A\"\ntilte = \"B\"\n", Format::Toml, Kind::Page, &[]).expect_err("unknown key");
        assert_eq!((errors[0].line, errors[0].column), (3, 1));
        assert_eq!(errors[0].message, "unknown key `tilte`");
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("did you mean `title`? Otherwise, free-form data goes under [extra]")
        );
        // A guide's near keys include its own; a page's do not.
        let guide = validate("tiers = 1\n", Format::Toml, Kind::Guide, &[]).expect_err("unknown");
        let hint = guide[0].hint.as_deref().unwrap_or("");
        assert!(hint.starts_with("did you mean `tier`"), "{hint}");
        assert!(hint.matches('`').count() <= 6, "at most three keys: {hint}");
        let page = validate("title = \"A\"\ntiers = 1\n", Format::Toml, Kind::Page, &[]).expect_err("unknown");
        assert!(!page[0].hint.as_deref().unwrap_or("").contains("`tier`"), "{:?}", page[0].hint);
        let far = validate("title = \"A\"\ncolour_scheme = 1\n", Format::Toml, Kind::Page, &[]).expect_err("unknown");
        assert_eq!(far[0].hint.as_deref(), Some("free-form data goes under [extra]"));
    }

    #[test]
    fn yaml_errors_point_at_the_key_the_parser_saw() {
        // `tier: 3` on line 4 of the file (the front matter starts on line 2); "tier:" also sits
        // inside the description's string before it.
        let text = "title: A\ndescription: \"tier: 1 or 2\"\ntier: 3\nevidence: limited\n";
        let errors = validate(text, Format::Yaml, Kind::Guide, &[]).expect_err("tier 3");
        assert_eq!(errors[0].message, "tier 3 is not a guide tier");
        assert_eq!((errors[0].line, errors[0].column), (4, 1));
        let errors = validate("title: A\nslogan: x\n", Format::Yaml, Kind::Page, &[]).expect_err("unknown");
        assert_eq!((errors[0].line, errors[0].column), (3, 1));
    }

    #[test]
    fn a_key_named_inside_a_string_is_not_taken_for_the_key() {
        let text = "title = \"A\"\ndescription = \"\"\"\ntier = 9 is how not to write it\n\"\"\"\ntier = 3\nevidence = \"limited\"\n";
        let errors = validate(text, Format::Toml, Kind::Guide, &[]).expect_err("tier 3");
        assert_eq!((errors[0].line, errors[0].column), (6, 1), "{errors:?}");
    }

    #[test]
    fn yaml_front_matter_parses_dates() {
        let (raw, _) = parse("title: A\nreview_by: 2027-08-01\n", Format::Yaml, 2).expect("valid");
        assert_eq!(raw.review_by.map(|d| d.to_string()).as_deref(), Some("2027-08-01"));
    }

    #[test]
    fn toml_dates_parse() {
        let (raw, _) = parse("title = \"A\"\ndate = 2026-09-01\n", Format::Toml, 2).expect("valid");
        assert_eq!(raw.date.map(|d| d.to_string()).as_deref(), Some("2026-09-01"));
    }

    #[test]
    fn guide_keys_on_a_lesson_are_errors() {
        let errors = validate("title = \"A\"\ntier = 1\n", Format::Toml, Kind::Lesson, &[]).expect_err("wrong kind");
        assert!(errors[0].message.contains("`tier` is a key of guide pages"), "{:?}", errors);
    }

    #[test]
    fn unknown_area_suggests_a_term() {
        let text = "title = \"A\"\ntier = 1\nevidence = \"limited\"\nareas = [\"handwritting\"]\n";
        let errors = validate(text, Format::Toml, Kind::Guide, &["handwriting".into()]).expect_err("area");
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean \"handwriting\"?"));
    }

    #[test]
    fn grade_bands() {
        assert_eq!(grade_band("K-2"), Some((0, 2)));
        assert_eq!(grade_band("PreK-12"), Some((-1, 12)));
        assert_eq!(grade_band("3"), Some((3, 3)));
        assert_eq!(grade_band("5-3"), None);
        assert_eq!(grade_band("K-13"), None);
    }
}
