//! `tierbook.toml`: parsed into raw serde types that deny unknown keys, then validated into
//! [`Config`]. The raw -> validated step destructures exhaustively, so a new raw field cannot be
//! silently ignored.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result};
use crate::text::toml_error_position;

pub const CONFIG_FILE: &str = "tierbook.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_base_url")]
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    district: RawDistrict,
    #[serde(default)]
    taxonomies: RawTaxonomies,
    #[serde(default)]
    search: RawSearch,
    #[serde(default)]
    reports: RawReports,
    #[serde(default)]
    languages: RawLanguages,
    #[serde(default)]
    extra: toml::Table,
}

/// `[languages]`: `default = "en"` (else the top-level `language`), and each other language as
/// `es = { name = "Español" }`.
#[derive(Debug, Default, Deserialize)]
struct RawLanguages {
    default: Option<String>,
    #[serde(flatten)]
    others: std::collections::BTreeMap<String, RawLanguage>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: Option<String>,
    /// Words that find each other in this language's search, like `[search] synonyms`.
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
    /// The guides' areas in this language: `{ handwriting = "Escritura" }` (docs/i18n.md).
    #[serde(default)]
    areas: std::collections::BTreeMap<String, String>,
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_language() -> String {
    "en".to_string()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistrict {
    #[serde(default)]
    name: String,
    #[serde(default)]
    logo: String,
    #[serde(default)]
    contact_email: String,
    #[serde(default)]
    contact_url: String,
    #[serde(default)]
    footer: String,
    primary_color: Option<String>,
}

/// `[taxonomies]`: `areas`, the guides' own list, and any other taxonomy pages may use.
#[derive(Debug, Default, Deserialize)]
struct RawTaxonomies {
    #[serde(default)]
    areas: Vec<String>,
    /// Each other key names a taxonomy; its list holds the terms allowed (empty: any term).
    #[serde(flatten)]
    others: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReports {
    #[serde(default)]
    district: String,
    min_cell: Option<i64>,
    #[serde(default)]
    schools: Vec<String>,
}

/// The validated site configuration.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Config {
    /// The site folder (holding `tierbook.toml`).
    #[serde(skip)]
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Absolute or root-relative, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending with `/` (e.g. `/pd/`).
    pub base_path: String,
    /// The default language's code (`en`): its pages are at the site's root.
    pub language: String,
    /// Every language of the site, the default first, then the others by code. Pages of another
    /// language are at `/<code>/...` (docs/i18n.md).
    pub languages: Vec<Language>,
    pub district: District,
    pub areas: Vec<String>,
    /// The taxonomies pages file themselves under, `tags` first, each with the terms it allows
    /// (empty: any term). `areas` and `tiers` are the guides' own and are not among them.
    pub taxonomies: Vec<Taxonomy>,
    pub synonyms: Vec<Vec<String>>,
    pub reports: Reports,
    pub extra: toml::Table,
    /// Set by `tierbook export` (never by tierbook.toml): the LMS package the pages are rendered
    /// for, `scorm12` or `scorm2004`; `None` for the site itself.
    #[serde(skip)]
    pub lms: Option<&'static str>,
}

/// A language of the site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Language {
    /// The code written in file names and URLs: `es` for `x.es.md` and `/es/x/`.
    pub code: String,
    /// Its name in itself, for the language switcher: `Español`.
    pub name: String,
    /// Its search synonyms (lower case); the default language's are `Config::synonyms`.
    pub synonyms: Vec<Vec<String>>,
    /// The names of the guides' areas in this language, by area (`fine-motor` -> `Motricidad
    /// fina`); an area without one shows its default-language name. Empty for the default.
    pub areas: std::collections::BTreeMap<String, String>,
}

impl Config {
    /// The languages other than the default.
    pub fn other_languages(&self) -> &[Language] {
        &self.languages[1..]
    }

    /// The language of this code, if the site has it.
    pub fn language_of(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }
}

/// Names of a few languages in themselves, for `[languages]` entries without a `name`.
const KNOWN_LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("de", "Deutsch"),
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ht", "Kreyòl ayisyen"),
    ("ko", "한국어"),
    ("pt", "Português"),
    ("ru", "Русский"),
    ("so", "Soomaali"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
];

/// Whether `code` can name a language in file names and URLs: two or three lowercase letters,
/// optionally with a region (`pt-br`).
pub fn is_language_code(code: &str) -> bool {
    let (lang, region) = code.split_once('-').unwrap_or((code, "ab"));
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_lowercase())
        && (2..=4).contains(&region.len())
        && region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// `[reports]`: how the district's own numbers (`data/*.csv`) are reported.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Reports {
    /// The name on reports; `[district] name` when not set.
    pub district: String,
    /// Counts below this are suppressed wherever figures are shown (student privacy).
    pub min_cell: u64,
    /// The schools the data may name, exactly as written in the `school` column.
    pub schools: Vec<String>,
}

/// The small-cell threshold when `[reports] min_cell` is not set: counts of 1 to 9 are hidden,
/// as many state education agencies do.
pub const DEFAULT_MIN_CELL: u64 = 10;

/// A taxonomy pages may use: `tags = [...]`, or any other named in `[taxonomies]`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Taxonomy {
    pub name: String,
    /// The terms allowed; empty when any term is.
    pub terms: Vec<String>,
}

/// Names that cannot be a taxonomy: the guides' own, and keys pages already have.
const RESERVED_TAXONOMIES: &[&str] = &["areas", "tiers"];

#[derive(Debug, Clone, serde::Serialize)]
pub struct District {
    pub name: String,
    pub logo: String,
    pub contact_email: String,
    pub contact_url: String,
    pub footer: String,
    /// `#rrggbb`, checked for 4.5:1 contrast against white.
    pub primary_color: String,
}

const DEFAULT_PRIMARY: &str = "#1f5c8b";

/// Reads and validates `<root>/tierbook.toml`. `base_url` overrides the file's value.
pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|err| {
        if err.kind() == std::io::ErrorKind::NotFound {
            Error::Config(Box::new(
                Diagnostic::error(&path, 0, 0, "no tierbook.toml in the site folder")
                    .with_hint("run tierbook in the folder that holds tierbook.toml, or pass --root DIR"),
            ))
        } else {
            Error::io(&path, err)
        }
    })?;
    let config = parse(&text, &path, root, base_url)?;
    // Files the settings name must exist; parse() checks only the text. The logo must stay
    // inside static/ even through a symlink: it is copied into the site for everyone to fetch.
    let logo = &config.district.logo;
    if !logo.is_empty() && !is_file_inside(&root.join("static"), logo) {
        let (line, column) = crate::text::Spans::toml(&text).key("district.logo").unwrap_or((0, 0));
        return Err(Error::Config(Box::new(
            Diagnostic::error(&path, line, column, format!("`logo` {logo:?} is not a file in static/"))
                .with_hint(format!("put the logo at static/{logo}, or set logo = \"\" for none")),
        )));
    }
    Ok(config)
}

/// Whether `rel` names a file under `dir` once symlinks are resolved.
fn is_file_inside(dir: &Path, rel: &str) -> bool {
    let file = dir.join(rel);
    match (file.canonicalize(), dir.canonicalize()) {
        (Ok(file), Ok(dir)) => file.starts_with(dir) && file.is_file(),
        _ => false,
    }
}

/// Parses and validates configuration text; `path` is used in messages only.
pub fn parse(text: &str, path: &Path, root: &Path, base_url_override: Option<&str>) -> Result<Config> {
    let raw: RawConfig = toml::from_str(text).map_err(|err| {
        let (line, column) = toml_error_position(text, &err, 1);
        let mut diagnostic = Diagnostic::error(path, line, column, err.message().trim().to_string());
        if let Some(hint) = crate::error::unknown_key_hint(err.message()) {
            diagnostic = diagnostic.with_hint(hint);
        }
        Error::Config(Box::new(diagnostic))
    })?;
    let RawConfig { title, description, base_url, language, district, taxonomies, search, reports, languages, extra } =
        raw;
    let RawReports { district: report_district, min_cell, schools } = reports;
    let RawDistrict { name, logo, contact_email, contact_url, footer, primary_color } = district;
    let RawTaxonomies { areas, others } = taxonomies;
    let RawSearch { synonyms } = search;

    let spans = crate::text::Spans::toml(text);
    // `key` is the setting's dotted path, e.g. `district.logo`.
    let fail = |key: &str, message: String, hint: &str| {
        let (line, column) = spans.key(key).unwrap_or((0, 0));
        Error::Config(Box::new(Diagnostic::error(path, line, column, message).with_hint(hint)))
    };

    if title.trim().is_empty() {
        return Err(fail(
            "title",
            "`title` is empty".into(),
            "give the site a name, e.g. title = \"District training\"",
        ));
    }
    // The flag is checked first, by clap (see cli.rs); this check is for other callers.
    let (base_url, base_path) = match base_url_override {
        Some(flag) => check_base_url(flag)
            .map_err(|reason| Error::Usage(format!("--base-url {flag:?} {reason}; {BASE_URL_HINT}")))?,
        None => check_base_url(&base_url)
            .map_err(|reason| fail("base_url", format!("`base_url` {base_url:?} {reason}"), BASE_URL_HINT))?,
    };
    if let Err(reason) = check_contact_url(&contact_url) {
        return Err(fail(
            "district.contact_url",
            format!("`contact_url` {contact_url:?} {reason}"),
            "use a web address (https://district.example/contact) or an email link (mailto:pd@district.example)",
        ));
    }
    if let Err(reason) = check_logo(&logo) {
        return Err(fail(
            "district.logo",
            format!("`logo` {logo:?} {reason}"),
            "name a file under static/ by its path there, e.g. logo = \"img/logo.png\" for static/img/logo.png",
        ));
    }

    let primary_color = check_primary_color(primary_color, &fail)?;
    check_areas(&areas, &fail)?;
    let taxonomies = taxonomies_of(others, &fail)?;
    let reports = reports_of(report_district, min_cell, schools, &name, &fail)?;
    let languages = languages_of(&language, languages, &fail)?;
    for l in &languages {
        if let Some(area) = l.areas.keys().find(|a| !areas.contains(a)) {
            return Err(fail(
                &format!("languages.{}.areas", l.code),
                format!("{area:?} is not one of `[taxonomies] areas`"),
                &format!("name only the areas of `[taxonomies] areas`: {}", areas.join(", ")),
            ));
        }
    }
    let language = languages[0].code.clone();
    let synonyms = synonyms
        .into_iter()
        .map(|group| group.into_iter().map(|w| w.to_lowercase()).collect::<Vec<_>>())
        .filter(|group| group.len() > 1)
        .collect();

    Ok(Config {
        root: root.to_path_buf(),
        title,
        description,
        base_url,
        base_path,
        language,
        languages,
        district: District { name, logo, contact_email, contact_url, footer, primary_color },
        areas,
        taxonomies,
        synonyms,
        reports,
        lms: None,
        extra,
    })
}

/// Makes the error of a setting: its dotted path (`district.logo`), the message and a hint.
type Fail<'a> = dyn Fn(&str, String, &str) -> Error + 'a;

/// The brand colour, lower case: `#rrggbb` with 4.5:1 contrast on the theme's light backgrounds
/// (the error suggests the nearest darker shade that has it).
fn check_primary_color(primary_color: Option<String>, fail: &Fail<'_>) -> Result<String> {
    let primary_color = primary_color.unwrap_or_else(|| DEFAULT_PRIMARY.to_string());
    let Some(rgb) = crate::colour::parse_hex(&primary_color) else {
        return Err(fail(
            "district.primary_color",
            format!("`primary_color` {primary_color:?} is not a #rrggbb color"),
            "write six hex digits, e.g. \"#1f5c8b\"",
        ));
    };
    let ratio = crate::colour::min_contrast(rgb, &crate::colour::LIGHT_BACKGROUNDS);
    if ratio < 4.5 {
        let darker = crate::colour::shade_to_contrast(
            rgb,
            crate::colour::Towards::Black,
            &crate::colour::LIGHT_BACKGROUNDS,
            4.5,
        );
        return Err(fail(
            "district.primary_color",
            format!("`primary_color` {primary_color} has a contrast of {ratio:.2}:1 against the theme's light backgrounds; text needs at least 4.5:1 (WCAG 2.1 AA)"),
            &format!("try the darker shade \"{}\"", crate::colour::format_hex(darker)),
        ));
    }
    Ok(primary_color.to_lowercase())
}

/// `[reports]`: the threshold within its range, the schools each once and trimmed, the name on
/// reports (`[district] name` when not set).
fn reports_of(
    district: String,
    min_cell: Option<i64>,
    schools: Vec<String>,
    district_name: &str,
    fail: &Fail<'_>,
) -> Result<Reports> {
    let min_cell = match min_cell {
        None => DEFAULT_MIN_CELL,
        Some(n @ 1..=1000) => n as u64,
        Some(n) => {
            return Err(fail(
                "reports.min_cell",
                format!("`min_cell` is {n}; it must be between 1 and 1000"),
                "counts below min_cell are hidden on reports; 10 is common (leave it out for 10)",
            ))
        }
    };
    for (i, school) in schools.iter().enumerate() {
        if school.trim().is_empty() || school.trim() != school {
            return Err(fail(
                "reports.schools",
                format!("school {school:?} is empty or starts or ends with a space"),
                "write each school's name as the `school` column of data/*.csv writes it",
            ));
        }
        if schools[..i].contains(school) {
            return Err(fail("reports.schools", format!("school {school:?} is listed twice"), "remove the repeat"));
        }
    }
    let district = if district.trim().is_empty() { district_name.to_string() } else { district.trim().to_string() };
    Ok(Reports { district, min_cell, schools })
}

/// The site's languages, the default first: `[languages] default` or else `language`, then the
/// other keys of `[languages]` in code order.
fn languages_of(language: &str, raw: RawLanguages, fail: &Fail<'_>) -> Result<Vec<Language>> {
    let RawLanguages { default, others } = raw;
    let code_hint = "write a language code of two or three lowercase letters, e.g. \"en\" or \"es\"";
    let default = match default {
        Some(default) if language != default && language != "en" => {
            return Err(fail(
                "languages.default",
                format!("`[languages] default` is {default:?} but `language` is {language:?}"),
                "set the default language once: keep `[languages] default` and remove `language`",
            ))
        }
        Some(default) => default,
        None => language.to_string(),
    };
    let key = if others.is_empty() && language != "en" { "language" } else { "languages.default" };
    if !is_language_code(&default) {
        return Err(fail(key, format!("{default:?} is not a language code"), code_hint));
    }
    let named = |code: &str, name: Option<String>| {
        name.filter(|n| !n.trim().is_empty())
            .or_else(|| KNOWN_LANGUAGE_NAMES.iter().find(|(c, _)| *c == code).map(|(_, n)| n.to_string()))
    };
    let mut languages = Vec::new();
    let default_name = others.get(&default).and_then(|l| l.name.clone());
    languages.push(Language {
        name: named(&default, default_name).unwrap_or_else(|| default.clone()),
        code: default,
        synonyms: Vec::new(),
        areas: std::collections::BTreeMap::new(),
    });
    for (code, RawLanguage { name, synonyms, areas }) in others {
        if code == languages[0].code {
            continue;
        }
        let key = format!("languages.{code}");
        if !is_language_code(&code) {
            return Err(fail(&key, format!("{code:?} is not a language code"), code_hint));
        }
        let Some(name) = named(&code, name) else {
            return Err(fail(
                &key,
                format!("language `{code}` has no name"),
                &format!("write its name in the language itself, e.g. {code} = {{ name = \"...\" }}"),
            ));
        };
        let synonyms = synonyms
            .into_iter()
            .map(|group| group.into_iter().map(|w| w.to_lowercase()).collect::<Vec<_>>())
            .filter(|group| group.len() > 1)
            .collect();
        languages.push(Language { code, name, synonyms, areas });
    }
    Ok(languages)
}

/// The guides' areas: lowercase slugs, each once.
fn check_areas(areas: &[String], fail: &Fail<'_>) -> Result<()> {
    for (i, area) in areas.iter().enumerate() {
        if !is_slug(area) {
            return Err(fail(
                "taxonomies.areas",
                format!("area {area:?} is not a lowercase slug"),
                "use lowercase letters, digits and -, e.g. \"fine-motor\"",
            ));
        }
        if areas[..i].contains(area) {
            return Err(fail("taxonomies.areas", format!("area {area:?} is listed twice"), "remove the repeat"));
        }
    }
    Ok(())
}

/// The taxonomies pages may use: `tags`, then every other key of `[taxonomies]` but `areas`.
fn taxonomies_of(others: std::collections::BTreeMap<String, Vec<String>>, fail: &Fail<'_>) -> Result<Vec<Taxonomy>> {
    let mut taxonomies = vec![Taxonomy { name: "tags".into(), terms: Vec::new() }];
    for (name, terms) in others {
        let key = format!("taxonomies.{name}");
        if let Some(own) =
            RESERVED_TAXONOMIES.iter().find(|own| **own != name && strsim::jaro_winkler(&name, own) > 0.9)
        {
            return Err(fail(&key, format!("unknown taxonomy setting `{name}`"), &format!("did you mean `{own}`?")));
        }
        if !is_slug(&name) || RESERVED_TAXONOMIES.contains(&name.as_str()) {
            return Err(fail(
                &key,
                format!("{name:?} cannot name a taxonomy"),
                "use lowercase letters, digits and -, other than \"areas\" and \"tiers\" (the guides' own)",
            ));
        }
        if let Some(repeat) = terms.iter().enumerate().find_map(|(i, t)| terms[..i].contains(t).then_some(t)) {
            return Err(fail(&key, format!("term {repeat:?} is listed twice"), "remove the repeat"));
        }
        match taxonomies.iter_mut().find(|t| t.name == name) {
            Some(tags) => tags.terms = terms,
            None => taxonomies.push(Taxonomy { name, terms }),
        }
    }
    Ok(taxonomies)
}

fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

const BASE_URL_HINT: &str =
    "use a full address like \"https://district.example/pd/\", or a path like \"/pd/\" or \"/\"";

/// Checks a `base_url` (from tierbook.toml or `--base-url`) and returns it ending in `/`, with
/// its path part: `https://host/pd` -> (`https://host/pd/`, `/pd/`); `/pd/` -> (`/pd/`, `/pd/`).
/// `Err` says what is wrong, to follow the value in a message.
///
/// Every script, style sheet and link of every page starts with this value, so nothing that a
/// browser could read as another host gets through: `//host` and `/\host` are both
/// protocol-relative to a browser, and `https:host` is not the URL it looks like.
pub fn check_base_url(value: &str) -> Result<(String, String), String> {
    if let Some(c) = value.chars().find(|c| c.is_whitespace() || c.is_control() || *c == '\\') {
        return Err(format!("contains {}, which browsers do not read as written", shown(c)));
    }
    let base_url = if value.ends_with('/') { value.to_string() } else { format!("{value}/") };
    let path = if base_url.starts_with('/') {
        base_url.as_str()
    } else {
        let rest = strip_http_scheme(&base_url)
            .ok_or("is neither an http(s) address with a host nor a path starting with a single /")?;
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        check_host(authority)?;
        path
    };
    if path.starts_with("//") {
        return Err("has a path starting with //, which browsers read as the name of another host".into());
    }
    check_path(path)?;
    Ok((base_url.clone(), path.to_string()))
}

/// A character for a message: visible ones as they are, others escaped.
fn shown(c: char) -> String {
    if c.is_whitespace() || c.is_control() {
        format!("{:?}", c)
    } else {
        format!("`{c}`")
    }
}

/// The part after `http://` or `https://` (in any case).
fn strip_http_scheme(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    ["https://", "http://"].iter().find(|p| lower.starts_with(**p)).map(|p| &url[p.len()..])
}

/// A host with an optional port: a DNS name, an IPv4 address or a bracketed IPv6 address. No
/// user name (`user@host` hides the real host from a reader).
fn check_host(authority: &str) -> Result<(), String> {
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority, None),
    };
    if let Some(port) = port {
        if port.is_empty() || port.len() > 5 || !port.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("has a port {port:?} that is not a number"));
        }
    }
    let ipv6 = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
    let valid = match ipv6 {
        Some(address) => address.parse::<std::net::Ipv6Addr>().is_ok(),
        None => {
            !host.is_empty()
                && host.split('.').all(|label| {
                    !label.is_empty()
                        && !label.starts_with('-')
                        && label.chars().all(|c| c.is_alphanumeric() || c == '-')
                })
        }
    };
    if valid {
        Ok(())
    } else if host.is_empty() {
        Err("has no host name".into())
    } else {
        Err(format!("has a host {host:?} that is not a host name or address"))
    }
}

/// A URL path that is safe to put in front of every link: no `.`/`..` segments, no query or
/// fragment, and only characters that mean the same in an attribute, a script and a URL.
fn check_path(path: &str) -> Result<(), String> {
    if let Some(c) = path.chars().find(|&c| !(c.is_alphanumeric() || "-._~!$&()*+,;=:@%/".contains(c))) {
        return Err(format!("has {} in its path; percent-encode it or leave it out", shown(c)));
    }
    if path.split('/').any(|segment| segment == "." || segment == "..") {
        return Err("has a `.` or `..` segment in its path".into());
    }
    Ok(())
}

/// `contact_url` becomes a link on every page: a web address or an email link, nothing a
/// browser would run (`javascript:`) or render in place (`data:`).
fn check_contact_url(url: &str) -> Result<(), String> {
    if url.is_empty() {
        return Ok(());
    }
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control() || "\\\"'<>`".contains(*c)) {
        return Err(format!("contains {}", shown(c)));
    }
    if let Some(address) = url.get(..7).filter(|p| p.eq_ignore_ascii_case("mailto:")).map(|_| &url[7..]) {
        return if address.is_empty() { Err("has no address after mailto:".into()) } else { Ok(()) };
    }
    let rest = strip_http_scheme(url).ok_or("is neither an http(s) address nor a mailto: link")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    check_host(&rest[..end])
}

/// `logo` is a path inside static/, written the way the site's URLs are: relative, with `/`.
fn check_logo(logo: &str) -> Result<(), String> {
    if logo.is_empty() {
        return Ok(());
    }
    if logo.starts_with('/') || logo.chars().nth(1) == Some(':') {
        return Err("is an absolute path; it must be a path inside static/".into());
    }
    if let Some(c) = logo.chars().find(|c| c.is_control() || *c == '\\') {
        return Err(format!("contains {}; write folders with /", shown(c)));
    }
    if logo.split('/').any(|segment| segment.is_empty() || segment == "." || segment == "..") {
        return Err("has an empty, `.` or `..` part; it must be a path inside static/".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Config> {
        parse(text, Path::new("tierbook.toml"), Path::new("."), None)
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let config = parse_str("title = \"T\"").expect("valid");
        assert_eq!(config.base_url, "/");
        assert_eq!(config.base_path, "/");
        assert_eq!(config.district.primary_color, DEFAULT_PRIMARY);
    }

    #[test]
    fn base_path_comes_from_the_url() {
        let config = parse_str("title = \"T\"\nbase_url = \"https://d.example/pd\"").expect("valid");
        assert_eq!(config.base_url, "https://d.example/pd/");
        assert_eq!(config.base_path, "/pd/");
    }

    #[test]
    fn unknown_key_suggests_the_near_one() {
        let Err(Error::Config(d)) = parse_str("title = \"T\"\n[district]\nprimary_colour = \"#000000\"") else {
            panic!("expected a config error");
        };
        assert_eq!((d.line, d.column), (3, 1));
        assert_eq!(d.hint.as_deref(), Some("did you mean `primary_color`?"));
    }

    #[test]
    fn low_contrast_color_is_refused_with_a_darker_suggestion() {
        let Err(Error::Config(d)) = parse_str("title = \"T\"\n[district]\nprimary_color = \"#ffcc00\"") else {
            panic!("expected a config error");
        };
        assert!(d.message.contains("contrast"), "{}", d.message);
        let hint = d.hint.expect("hint");
        let suggested = crate::colour::parse_hex(hint.split('"').nth(1).expect("quoted color")).expect("hex");
        assert!(crate::colour::min_contrast(suggested, &crate::colour::LIGHT_BACKGROUNDS) >= 4.5);
    }

    #[test]
    fn a_color_fine_on_white_but_not_on_notes_is_refused() {
        // 4.6:1 on white, under 4.5:1 on the note background.
        let rgb = (0x6e, 0x6e, 0x6e);
        assert!(crate::colour::contrast_ratio(rgb, (255, 255, 255)) >= 4.5);
        assert!(crate::colour::min_contrast(rgb, &crate::colour::LIGHT_BACKGROUNDS) < 4.5);
        assert!(parse_str("title = \"T\"\n[district]\nprimary_color = \"#6e6e6e\"").is_err());
    }

    #[test]
    fn base_urls_that_name_another_host_are_refused() {
        for bad in [
            "//evil.example/",
            "/\\evil.example/",
            "https:evil.example/",
            "https:///pd/",
            "https://d.example//evil.example/",
            "https://user@evil.example/",
            "https://d.example:port/",
            "javascript:alert(1)//",
            "ftp://d.example/",
            "/pd/../x/",
            "/p d/",
            "/pd/\"onload=x/",
            "https://-bad.example/",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad} passed");
        }
        let ok = |url: &str| check_base_url(url).unwrap_or_else(|reason| panic!("{url} {reason}"));
        assert_eq!(ok("https://district.example/pd"), ("https://district.example/pd/".into(), "/pd/".into()));
        assert_eq!(ok("HTTP://localhost:8080"), ("HTTP://localhost:8080/".into(), "/".into()));
        assert_eq!(ok("http://[::1]:1111/a/"), ("http://[::1]:1111/a/".into(), "/a/".into()));
        assert_eq!(ok("/"), ("/".into(), "/".into()));
        assert_eq!(ok("/formación/"), ("/formación/".into(), "/formación/".into()));
    }

    #[test]
    fn the_base_url_key_is_located_and_the_flag_is_named() {
        let Err(Error::Config(d)) = parse_str("title = \"T\"\nbase_url = \"//evil.example/\"") else {
            panic!("expected a config error");
        };
        assert_eq!((d.line, d.column), (2, 1));
        assert!(d.message.contains("`base_url`") && d.message.contains("another host"), "{}", d.message);
        let flagged = parse("title = \"T\"", Path::new("tierbook.toml"), Path::new("."), Some("/\\evil.example/"));
        assert!(matches!(flagged, Err(Error::Usage(m)) if m.starts_with("--base-url")));
    }

    #[test]
    fn contact_url_is_a_web_address_or_a_mail_link() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " https://x.example/",
            "data:text/html,x",
            "//x.example/",
            "mailto:",
            "https://x.example/\"x",
        ] {
            assert!(check_contact_url(bad).is_err(), "{bad} passed");
        }
        for good in
            ["", "https://district.example/contact?x=1", "HTTP://district.example", "mailto:pd@district.example"]
        {
            assert_eq!(check_contact_url(good), Ok(()), "{good}");
        }
    }

    #[test]
    fn logo_is_a_relative_path_inside_static() {
        for bad in [
            "/etc/passwd",
            "../tierbook.toml",
            "img/../../x.png",
            "C:\\logo.png",
            "c:logo.png",
            "img\\logo.png",
            "img//logo.png",
            "./logo.png",
        ] {
            assert!(check_logo(bad).is_err(), "{bad} passed");
        }
        assert_eq!(check_logo("img/logo.png"), Ok(()));
        let Err(Error::Config(d)) = parse_str("title = \"T\"\n[district]\nlogo = \"/etc/passwd\"") else {
            panic!("expected a config error");
        };
        assert_eq!((d.line, d.column), (3, 1));
    }

    #[cfg(unix)]
    #[test]
    fn a_logo_symlinked_out_of_static_is_refused() {
        let site = tempfile::tempdir().expect("temporary folder");
        std::fs::create_dir_all(site.path().join("static")).expect("static/");
        std::fs::write(site.path().join("secret.txt"), "x").expect("file");
        std::os::unix::fs::symlink(site.path().join("secret.txt"), site.path().join("static/logo.png")).expect("link");
        std::fs::write(site.path().join("static/real.png"), "png").expect("file");
        assert!(!is_file_inside(&site.path().join("static"), "logo.png"));
        assert!(is_file_inside(&site.path().join("static"), "real.png"));
    }
}
