//! `tierbook.toml`: parsed into raw serde types that deny unknown keys, then validated into
//! [`Config`]. The raw -> validated step destructures exhaustively, so a new raw field cannot be
//! silently ignored.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::front_matter::toml_error_position;
use crate::error::{Diagnostic, Error, Result};

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
    extra: toml::Table,
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

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomies {
    #[serde(default)]
    areas: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
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
    pub language: String,
    pub district: District,
    pub areas: Vec<String>,
    pub synonyms: Vec<Vec<String>>,
    pub extra: toml::Table,
}

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
    // Files the settings name must exist; parse() checks only the text.
    let logo = &config.district.logo;
    if !logo.is_empty() && !root.join("static").join(logo).is_file() {
        let (line, column) = crate::blocks::key_position(&text, "logo").unwrap_or((0, 0));
        return Err(Error::Config(Box::new(
            Diagnostic::error(&path, line, column, format!("`logo` {logo:?} is not a file in static/"))
                .with_hint(format!("put the logo at static/{logo}, or set logo = \"\" for none")),
        )));
    }
    Ok(config)
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
    let RawConfig { title, description, base_url, language, district, taxonomies, search, extra } = raw;
    let RawDistrict { name, logo, contact_email, contact_url, footer, primary_color } = district;
    let RawTaxonomies { areas } = taxonomies;
    let RawSearch { synonyms } = search;

    let fail = |key: &str, message: String, hint: &str| {
        let (line, column) = crate::blocks::key_position(text, key).unwrap_or((0, 0));
        Error::Config(Box::new(Diagnostic::error(path, line, column, message).with_hint(hint)))
    };

    if title.trim().is_empty() {
        return Err(fail(
            "title",
            "`title` is empty".into(),
            "give the site a name, e.g. title = \"District training\"",
        ));
    }
    let base_url = base_url_override.map_or(base_url, str::to_string);
    let base_url = if base_url.ends_with('/') { base_url } else { format!("{base_url}/") };
    let base_path = base_path_of(&base_url).ok_or_else(|| {
        fail(
            "base_url",
            format!("`base_url` {base_url:?} is neither an http(s) URL nor a path starting with /"),
            "use e.g. \"https://district.example/pd/\" or \"/\"",
        )
    })?;

    let primary_color = primary_color.unwrap_or_else(|| DEFAULT_PRIMARY.to_string());
    let Some(rgb) = parse_hex_color(&primary_color) else {
        return Err(fail(
            "primary_color",
            format!("`primary_color` {primary_color:?} is not a #rrggbb color"),
            "write six hex digits, e.g. \"#1f5c8b\"",
        ));
    };
    let ratio = min_contrast_on_light(rgb);
    if ratio < 4.5 {
        let darker = darken_to_contrast(rgb, 4.5);
        return Err(fail(
            "primary_color",
            format!("`primary_color` {primary_color} has a contrast of {ratio:.2}:1 against the theme's light backgrounds; text needs at least 4.5:1 (WCAG 2.1 AA)"),
            &format!("try the darker shade \"{}\"", format_hex(darker)),
        ));
    }
    for (i, area) in areas.iter().enumerate() {
        if !is_slug(area) {
            return Err(fail(
                "areas",
                format!("area {area:?} is not a lowercase slug"),
                "use lowercase letters, digits and -, e.g. \"fine-motor\"",
            ));
        }
        if areas[..i].contains(area) {
            return Err(fail("areas", format!("area {area:?} is listed twice"), "remove the repeat"));
        }
    }
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
        district: District {
            name,
            logo,
            contact_email,
            contact_url,
            footer,
            primary_color: primary_color.to_lowercase(),
        },
        areas,
        synonyms,
        extra,
    })
}

fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `https://host/pd/` -> `/pd/`; `/pd/` -> `/pd/`.
fn base_path_of(base_url: &str) -> Option<String> {
    if base_url.starts_with('/') {
        return Some(base_url.to_string());
    }
    let rest = base_url.strip_prefix("https://").or_else(|| base_url.strip_prefix("http://"))?;
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    Some(path.to_string())
}

fn parse_hex_color(s: &str) -> Option<(u8, u8, u8)> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((channel(0)?, channel(2)?, channel(4)?))
}

fn format_hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn relative_luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG 2.1 contrast ratio between two colors.
pub fn contrast_ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The light-scheme backgrounds the theme puts the brand color on as text: the page (white),
/// header and footer (--tb-surface) and notes (--tb-note). Kept in step with style.css.
const LIGHT_BACKGROUNDS: [(u8, u8, u8); 3] = [(0xff, 0xff, 0xff), (0xf4, 0xf6, 0xf8), (0xe8, 0xf0, 0xf8)];

/// The lowest contrast of a text color against the light backgrounds.
fn min_contrast_on_light(rgb: (u8, u8, u8)) -> f64 {
    LIGHT_BACKGROUNDS.iter().map(|&bg| contrast_ratio(rgb, bg)).fold(f64::INFINITY, f64::min)
}

/// Scales a color towards black until it reaches `target` contrast on every light background.
fn darken_to_contrast(rgb: (u8, u8, u8), target: f64) -> (u8, u8, u8) {
    let scale = |c: u8, f: f64| (f64::from(c) * f).floor() as u8;
    (0..=100)
        .map(|step| 1.0 - f64::from(step) / 100.0)
        .map(|f| (scale(rgb.0, f), scale(rgb.1, f), scale(rgb.2, f)))
        .find(|&c| min_contrast_on_light(c) >= target)
        .unwrap_or((0, 0, 0))
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
        let suggested = parse_hex_color(hint.split('"').nth(1).expect("quoted color")).expect("hex");
        assert!(min_contrast_on_light(suggested) >= 4.5);
    }

    #[test]
    fn a_color_fine_on_white_but_not_on_notes_is_refused() {
        // 4.6:1 on white, under 4.5:1 on the note background.
        let rgb = (0x6e, 0x6e, 0x6e);
        assert!(contrast_ratio(rgb, (255, 255, 255)) >= 4.5);
        assert!(min_contrast_on_light(rgb) < 4.5);
        assert!(parse_str("title = \"T\"\n[district]\nprimary_color = \"#6e6e6e\"").is_err());
    }

    #[test]
    fn contrast_of_black_on_white_is_21() {
        assert!((contrast_ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
    }
}
