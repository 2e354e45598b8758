//! Translations: `x.es.md` next to `x.md` (and `_index.es.md` next to `_index.md`) holds the page
//! in Spanish. Loading tells them apart from the pages, refuses misnamed ones (an unknown language
//! code, no English page, a mirrored `content/es/` tree), checks their front matter against the
//! English page's kind and keeps the values that must not differ from the English page, and says
//! for each language which pages are translated, missing or stale (docs/i18n.md).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::front_matter::Date;
use super::meta::{Meta, RawMeta};
use super::Site;
use crate::config::{is_language_code, Config};
use crate::error::Diagnostic;
use crate::text::Spans;

/// The hash a translation's `translated_from` names: FNV-1a (64 bit, [`crate::hash::Fnv`]) of
/// the English file's bytes, exactly as they are on disk.
pub fn source_hash(bytes: &[u8]) -> u64 {
    let mut hash = crate::hash::Fnv::default();
    hash.write(bytes);
    hash.0
}

/// A hash as `translated_from` writes it: 16 lowercase hex digits.
pub fn hash_text(hash: u64) -> String {
    format!("{hash:016x}")
}

/// A markdown file named as a translation.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub path: PathBuf,
    /// Its path relative to `content/` (`guides/x.es.md`).
    pub rel: String,
    pub lang: String,
    /// The English page's path relative to `content/` (`guides/x.md`).
    pub english_rel: String,
}

/// The markdown files of `content/`, sorted out.
pub(crate) struct Sorted {
    /// (full path, path relative to `content/`) of the default language's pages.
    pub pages: Vec<(PathBuf, String)>,
    pub translations: Vec<Candidate>,
    pub problems: Vec<Diagnostic>,
}

/// Tells translations (`x.<code>.md` for a language of the site) from pages, and reports files
/// named for a language the site does not have, for the default language, or laid out in a
/// mirrored tree (`content/es/...`).
pub(crate) fn sort_out(config: &Config, markdown: Vec<(PathBuf, String)>) -> Sorted {
    let mut sorted = Sorted { pages: Vec::new(), translations: Vec::new(), problems: Vec::new() };
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    for (path, rel) in markdown {
        let shown = Path::new("content").join(&rel);
        let (folder, name) = rel.rsplit_once('/').map_or(("", rel.as_str()), |(f, n)| (f, n));
        let top = rel.split('/').next().unwrap_or("");
        if rel.contains('/') && config.other_languages().iter().any(|l| l.code == top) {
            let rest = &rel[top.len() + 1..];
            let english = rest.strip_suffix(".md").unwrap_or(rest);
            sorted.problems.push(
                Diagnostic::error(&shown, 1, 1, format!("translations do not go in a content/{top}/ folder"))
                    .with_hint(format!(
                        "put each translation next to its English page, with the language code before .md: move this file to content/{english}.{top}.md (docs/i18n.md)"
                    )),
            );
            continue;
        }
        let stem = name.strip_suffix(".md").unwrap_or(name);
        let Some((base, code)) = stem.rsplit_once('.') else {
            sorted.pages.push((path, rel));
            continue;
        };
        let is_code = codes.contains(&code) || (code.len() == 2 && is_language_code(code));
        if !is_code || base.is_empty() {
            sorted.pages.push((path, rel));
            continue;
        }
        let english_rel = if folder.is_empty() { format!("{base}.md") } else { format!("{folder}/{base}.md") };
        if code == config.language {
            sorted.problems.push(
                Diagnostic::error(&shown, 1, 1, format!("`{code}` is the site's default language"))
                    .with_hint(format!("pages in the default language have no code: name it content/{english_rel}")),
            );
        } else if config.language_of(code).is_none() {
            sorted.problems.push(
                Diagnostic::error(&shown, 1, 1, format!("`{code}` is not a language of this site"))
                    .with_hint(format!(
                        "add it to tierbook.toml under [languages], e.g. {code} = {{ name = \"...\" }}; the site's languages are: {}",
                        codes.join(", ")
                    )),
            );
        } else {
            let lang = code.to_string();
            sorted.translations.push(Candidate { path, rel: rel.clone(), lang, english_rel });
        }
    }
    sorted
}

/// A translation file as read and split, before it is checked against its English page.
pub(crate) struct File {
    pub file: PathBuf,
    pub raw: RawMeta,
    pub spans: Spans,
    pub front_matter_line: usize,
    pub body: std::sync::Arc<str>,
    pub body_line: usize,
}

/// A page's translation into one language.
#[derive(Debug, Clone)]
pub struct Translation {
    pub lang: String,
    /// The English page's index in `Site::pages`.
    pub page: usize,
    /// Path relative to the site root, for messages (`content/guides/x.es.md`).
    pub file: PathBuf,
    /// The English page's front matter with the translated words in (title, description,
    /// objectives, materials, `[extra]`, `updated`, `review_by`).
    pub meta: Meta,
    pub body: std::sync::Arc<str>,
    pub body_line: usize,
    /// `translated_from` as written, and where.
    pub translated_from: Option<(String, (usize, usize))>,
    pub translated_on: Option<Date>,
}

impl Translation {
    /// Whether the English page changed since: `translated_from` is missing or names another hash.
    pub fn is_stale(&self, site: &Site) -> bool {
        self.translated_from.as_ref().is_none_or(|(hash, _)| *hash != hash_text(site.pages[self.page].source_hash))
    }
}

/// Keys whose value is the English page's: a translation may leave them out or copy them, but not
/// change them (the page's place, URL, kind and what it claims, e.g. its evidence label).
const SAME_AS_ENGLISH: &[(&str, &str)] = &[
    ("slug", "slug"),
    ("aliases", "aliases"),
    ("weight", "weight"),
    ("date", "date"),
    ("draft", "draft"),
    ("kind", "kind"),
    ("page_kind", "page_kind"),
    ("template", "template"),
    ("tags", "taxonomies"),
    ("taxonomies", "taxonomies"),
    ("minutes", "minutes"),
    ("audience", "audience"),
    ("pd_hours", "pd_hours"),
    ("pass_score", "pass_score"),
    ("version", "version"),
    ("tier", "tier"),
    ("areas", "areas"),
    ("grades", "grades"),
    ("evidence", "evidence"),
    ("figures", "figures"),
];

/// Checks each translation against its English page and returns those that can be used. `english`
/// holds every page file of the default language, drafts too (a draft's translation is left out
/// quietly, like the draft).
pub(crate) fn attach(
    site: &Site,
    files: Vec<(Candidate, File)>,
    english: &HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Translation> {
    for page in &site.pages {
        for key in ["translated_from", "translated_on"] {
            if let Some((line, column)) = page.meta.spans.key(key) {
                diagnostics.push(
                    Diagnostic::error(&page.file, line, column, format!("`{key}` belongs in a translation"))
                        .with_hint("only translations (files like x.es.md next to x.md) say what they were translated from; remove it here"),
                );
            }
        }
    }
    let mut out = Vec::new();
    for (candidate, file) in files {
        let Some(page) = site.find(&candidate.english_rel) else {
            if !english.contains(&candidate.english_rel) {
                diagnostics.push(orphan(&candidate, &file.file, english));
            }
            continue;
        };
        if let Some(t) = check(site, page, candidate.lang, file, diagnostics) {
            out.push(t);
        }
    }
    out.sort_by(|a, b| (&a.lang, &a.file).cmp(&(&b.lang, &b.file)));
    out
}

/// The error for a translation without an English page, naming the nearest English file.
fn orphan(candidate: &Candidate, file: &Path, english: &HashSet<String>) -> Diagnostic {
    let near = english
        .iter()
        .map(|rel| (strsim::jaro_winkler(rel, &candidate.english_rel), rel))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)));
    let hint = match near {
        Some((_, rel)) => {
            let stem = rel.strip_suffix(".md").unwrap_or(rel);
            format!("a translation is named after its English page: did you mean content/{stem}.{}.md?", candidate.lang)
        }
        None => "a translation is named after its English page (x.es.md next to x.md); write the English page first"
            .to_string(),
    };
    Diagnostic::error(
        file,
        1,
        1,
        format!("there is no English page content/{} for this translation", candidate.english_rel),
    )
    .with_hint(hint)
}

/// One translation checked against its English page at `page`.
fn check(site: &Site, page: usize, lang: String, file: File, diagnostics: &mut Vec<Diagnostic>) -> Option<Translation> {
    let config = &site.config;
    let english = &site.pages[page];
    let File { file: path, mut raw, spans, front_matter_line, body, body_line } = file;
    // What a guide must have comes from the English page when the translation leaves it out.
    raw.tier = raw.tier.or(english.meta.tier);
    raw.evidence = raw.evidence.or(english.meta.evidence);
    let fence = (front_matter_line.saturating_sub(1), 1);
    let translated_from = raw.translated_from.clone();
    let translated_on = raw.translated_on;
    let meta = match raw.validate(english.kind, english.is_section, &config.areas, &config.taxonomies, &spans, fence) {
        Ok(meta) => meta,
        Err(errors) => {
            for e in errors {
                let mut d = Diagnostic::error(&path, e.line, e.column, e.message);
                if let Some(hint) = e.hint {
                    d = d.with_hint(hint);
                }
                diagnostics.push(d);
            }
            return None;
        }
    };
    let mut ok = true;
    let english_values = serde_json::to_value(&english.meta).unwrap_or_default();
    let values = serde_json::to_value(&meta).unwrap_or_default();
    for (key, field) in SAME_AS_ENGLISH {
        let Some((line, column)) = spans.key(key) else { continue };
        if english_values.get(field) != values.get(field) {
            ok = false;
            diagnostics.push(
                Diagnostic::error(&path, line, column, format!("`{key}` differs from the English page's")).with_hint(
                    format!(
                        "`{key}` comes from {}: copy its value exactly, or leave the key out",
                        english.file.display()
                    ),
                ),
            );
        }
    }
    let from_at = spans.key("translated_from").unwrap_or(fence);
    if let Some(hash) = translated_from.as_ref().filter(|h| h.len() != 16 || !h.chars().all(|c| c.is_ascii_hexdigit()))
    {
        ok = false;
        diagnostics.push(
            Diagnostic::error(&path, from_at.0, from_at.1, format!("translated_from {hash:?} is not a source hash"))
                .with_hint(format!(
                    "`tierbook check` prints the value to paste; for the English page as it is now: translated_from = \"{}\"",
                    hash_text(english.source_hash)
                )),
        );
    }
    if !ok {
        return None;
    }
    let mut merged = english.meta.clone();
    merged.title = meta.title;
    if !meta.description.is_empty() {
        merged.description = meta.description;
    }
    if !meta.objectives.is_empty() {
        merged.objectives = meta.objectives;
    }
    if !meta.materials.is_empty() {
        merged.materials = meta.materials;
    }
    if !meta.extra.is_empty() {
        merged.extra = meta.extra;
    }
    merged.updated = meta.updated.or(merged.updated);
    merged.review_by = meta.review_by.or(merged.review_by);
    let translation = Translation {
        lang,
        page,
        file: path,
        meta: merged,
        body,
        body_line,
        translated_from: translated_from.map(|h| (h, from_at)),
        translated_on,
    };
    diagnostics.extend(freshness(site, &translation, fence));
    Some(translation)
}

/// Warnings for a translation that does not say what it was translated from, or when, or whose
/// English page changed since.
fn freshness(site: &Site, t: &Translation, fence: (usize, usize)) -> Vec<Diagnostic> {
    let english = &site.pages[t.page];
    let now = hash_text(english.source_hash);
    let mut out = Vec::new();
    match &t.translated_from {
        None => out.push(
            Diagnostic::warning(&t.file, fence.0, fence.1, "this translation does not say what it was translated from")
                .with_hint(format!(
                    "add translated_from = \"{now}\" (the English page as it is now) to the front matter"
                )),
        ),
        Some((hash, (line, column))) if *hash != now => out.push(
            Diagnostic::warning(
                &t.file,
                *line,
                *column,
                format!("stale: {} changed since this translation", english.file.display()),
            )
            .with_hint(format!("bring the translation up to date, then set translated_from = \"{now}\"")),
        ),
        Some(_) => {}
    }
    if t.translated_on.is_none() {
        out.push(
            Diagnostic::warning(&t.file, fence.0, fence.1, "this translation does not say when it was made")
                .with_hint("add translated_on = YYYY-MM-DD (the date of the translation) to the front matter"),
        );
    }
    out
}

/// How a page stands in a language's view of the site.
#[derive(Debug, Clone, Serialize)]
pub struct PageLanguage {
    /// The language of the view (`es`).
    pub code: String,
    /// The language the page's text is in: the view's, or the default's for a page not
    /// translated yet.
    pub text: String,
    pub translated: bool,
    /// The translation's date, for "translated from the English version on ...".
    pub translated_on: Option<Date>,
    /// The English page's URL path (`/guides/x/`).
    pub default_path: String,
}

/// Where one language's translations stand.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    pub code: String,
    pub name: String,
    /// Translations whose `translated_from` is the English page's hash.
    pub translated: Vec<PathBuf>,
    pub stale: Vec<Missing>,
    pub missing: Vec<Missing>,
}

/// A page to translate or bring up to date: the file to write, the English page and the value
/// of `translated_from` for the English page as it is now.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    pub file: PathBuf,
    pub english: PathBuf,
    pub translated_from: String,
}

/// The file a page's translation into `code` goes in: `content/guides/x.es.md`.
pub fn translation_file(english: &Path, code: &str) -> PathBuf {
    let name = english.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    english.with_file_name(format!("{stem}.{code}.md"))
}

impl Site {
    /// For each language but the default: which pages are translated, stale or missing. The
    /// home page made up for a site without `content/_index.md` is no file to translate.
    pub fn translation_status(&self) -> Vec<LanguageStatus> {
        self.config
            .other_languages()
            .iter()
            .map(|language| {
                let mut status = LanguageStatus {
                    code: language.code.clone(),
                    name: language.name.clone(),
                    translated: Vec::new(),
                    stale: Vec::new(),
                    missing: Vec::new(),
                };
                for (index, page) in self.pages.iter().enumerate() {
                    if page.source_hash == 0 && index == 0 {
                        continue;
                    }
                    let entry = Missing {
                        file: translation_file(&page.file, &language.code),
                        english: page.file.clone(),
                        translated_from: hash_text(page.source_hash),
                    };
                    match self.translation(index, &language.code) {
                        Some(t) if t.is_stale(self) => status.stale.push(Missing { file: t.file.clone(), ..entry }),
                        Some(t) => status.translated.push(t.file.clone()),
                        None => status.missing.push(entry),
                    }
                }
                status
            })
            .collect()
    }

    /// The translation of page `index` into `code`, if there is one.
    pub fn translation(&self, index: usize, code: &str) -> Option<&Translation> {
        self.translations.iter().find(|t| t.page == index && t.lang == code)
    }

    /// The site as seen in language `code`: every page at `/<code>/...`, each with its
    /// translation's text where there is one and the English text where there is not (marked so
    /// in [`super::Page::lang`]). Indices are the same as in `self`, so page `i` of one view is
    /// page `i` of every other.
    pub fn for_language(&self, code: &str) -> Site {
        let mut pages = self.pages.clone();
        for (index, page) in pages.iter_mut().enumerate() {
            let translation = self.translation(index, code);
            page.lang = Some(PageLanguage {
                code: code.to_string(),
                text: if translation.is_some() { code.to_string() } else { self.config.language.clone() },
                translated: translation.is_some(),
                translated_on: translation.and_then(|t| t.translated_on),
                default_path: page.url.clone(),
            });
            page.url = format!("/{code}{}", page.url);
            if let Some(t) = translation {
                page.file = t.file.clone();
                page.meta = t.meta.clone();
                page.body = t.body.clone();
                page.has_calculator = super::Page::body_has_calculator(&page.body);
                page.body_line = t.body_line;
            }
        }
        let by_url = pages.iter().enumerate().map(|(i, p)| (p.url.clone(), i)).collect();
        Site {
            config: self.config.clone(),
            pages,
            assets: self.assets.clone(),
            static_files: self.static_files.clone(),
            by_rel: self.by_rel.clone(),
            by_url,
            diagnostics: Vec::new(),
            translations: Vec::new(),
            strings: self.strings.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        crate::config::parse(text, "t.toml".as_ref(), "/nonexistent".as_ref(), None).unwrap_or_else(|e| panic!("{e}"))
    }

    fn sort(names: &[&str]) -> Sorted {
        let config = config("title = \"T\"\n[languages]\nes = { name = \"Español\" }\n");
        sort_out(&config, names.iter().map(|n| (PathBuf::from(n), n.to_string())).collect())
    }

    #[test]
    fn translations_are_told_from_pages() {
        let sorted = sort(&["guides/x.md", "guides/x.es.md", "_index.es.md", "guides/b/index.es.md", "notes-v1.2.md"]);
        let pages: Vec<&str> = sorted.pages.iter().map(|(_, r)| r.as_str()).collect();
        assert_eq!(pages, ["guides/x.md", "notes-v1.2.md"]);
        let english: Vec<&str> = sorted.translations.iter().map(|c| c.english_rel.as_str()).collect();
        assert_eq!(english, ["guides/x.md", "_index.md", "guides/b/index.md"]);
        assert!(sorted.problems.is_empty());
    }

    #[test]
    fn unknown_codes_the_default_code_and_mirrored_trees_are_refused_with_hints() {
        let sorted = sort(&["guides/x.fr.md", "guides/x.en.md", "es/guides/x.md"]);
        let found: Vec<(String, String)> = sorted
            .problems
            .iter()
            .map(|d| (d.path.display().to_string(), d.hint.clone().unwrap_or_default()))
            .collect();
        assert!(found[0].0 == "content/guides/x.fr.md" && found[0].1.contains("[languages]"), "{found:?}");
        assert!(found[1].0 == "content/guides/x.en.md" && found[1].1.contains("content/guides/x.md"), "{found:?}");
        assert!(found[2].1.contains("content/guides/x.es.md"), "{found:?}");
        assert!(sorted.pages.is_empty() && sorted.translations.is_empty());
    }

    #[test]
    fn the_hash_is_sixteen_hex_digits_of_fnv_1a() {
        assert_eq!(hash_text(source_hash(b"a")), "af63dc4c8601ec8c");
        assert_eq!(hash_text(source_hash(b"")), "cbf29ce484222325");
        assert_eq!(
            translation_file(Path::new("content/guides/_index.md"), "es"),
            Path::new("content/guides/_index.es.md")
        );
    }
}
