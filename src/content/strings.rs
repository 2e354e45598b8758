//! The theme's own words per language: `themes/default/i18n/<code>.toml` (embedded), overridden
//! key by key by the site's `i18n/<code>.toml`. Templates read them with the Tera function
//! `t(key="...")` (render's `Translate`), bound to the language of the page being rendered;
//! Rust-made block HTML reads them with [`Words::get`]. A key missing in a language falls back to the default language's
//! string, and `check` warns about it (docs/i18n.md).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};

static THEME_STRINGS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default/i18n");

/// Every language's strings, and the default language's code.
#[derive(Debug, Default)]
pub struct Strings {
    default: String,
    /// language code -> key -> string.
    tables: BTreeMap<String, BTreeMap<String, String>>,
}

impl Strings {
    /// The theme's strings with the site's overrides, for the site's languages. Problems (a file
    /// that does not parse, a key missing in a language, a key the theme does not have) are
    /// returned with the strings: errors fail the build like content errors, warnings are shown.
    pub fn load(config: &Config) -> Result<(Strings, Vec<Diagnostic>)> {
        let mut problems = Vec::new();
        let mut tables: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for file in THEME_STRINGS.files() {
            let Some(code) = file.path().to_str().and_then(|p| p.strip_suffix(".toml")) else { continue };
            let text = String::from_utf8_lossy(file.contents());
            let path = Path::new("themes/default/i18n").join(file.path());
            if let Some(table) = parse(&text, &path, &mut problems) {
                tables.insert(code.to_string(), table);
            }
        }
        // The calculator's model texts: English from the calculator crate (the command line's
        // words), translated in the theme's other files as `calc_<key>`.
        if let Some(english) = tables.get_mut("en") {
            for (key, text) in calculator::texts::english_texts() {
                english.entry(format!("calc_{key}")).or_insert_with(|| text.to_string());
            }
        }
        let theme_keys: Vec<String> =
            tables.get(&config.language).map(|t| t.keys().cloned().collect()).unwrap_or_default();
        for language in &config.languages {
            let rel = PathBuf::from("i18n").join(format!("{}.toml", language.code));
            let path = config.root.join(&rel);
            let text = match std::fs::read(&path) {
                Ok(bytes) => match crate::content::utf8_text(bytes, &rel) {
                    Ok(text) => text,
                    Err(problem) => {
                        problems.push(problem);
                        continue;
                    }
                },
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
                Err(err) => return Err(Error::io(&path, err)),
            };
            let Some(table) = parse(&text, &rel, &mut problems) else { continue };
            let spans = crate::text::Spans::toml(&text);
            for key in table.keys().filter(|k| !theme_keys.contains(k)) {
                let (line, column) = spans.key(key).unwrap_or((1, 1));
                let near = theme_keys
                    .iter()
                    .max_by(|a, b| strsim::jaro_winkler(key, a).total_cmp(&strsim::jaro_winkler(key, b)));
                let hint = match near {
                    Some(n) if strsim::jaro_winkler(key, n) > 0.8 => format!("did you mean `{n}`?"),
                    _ => format!("the theme's strings are listed in themes/default/i18n/{}.toml", config.language),
                };
                problems.push(
                    Diagnostic::warning(&rel, line, column, format!("`{key}` is not a string of the theme"))
                        .with_hint(hint),
                );
            }
            tables.entry(language.code.clone()).or_default().extend(table);
        }
        let strings = Strings { default: config.language.clone(), tables };
        for language in config.other_languages() {
            let missing: Vec<&str> =
                theme_keys.iter().filter(|k| strings.own(&language.code, k).is_none()).map(String::as_str).collect();
            if !missing.is_empty() {
                let rel = PathBuf::from("i18n").join(format!("{}.toml", language.code));
                problems.push(
                    Diagnostic::warning(
                        &rel,
                        0,
                        0,
                        format!(
                            "{} theme string{} not translated into {}, shown in English: {}",
                            missing.len(),
                            if missing.len() == 1 { " is" } else { "s are" },
                            language.name,
                            missing.join(", ")
                        ),
                    )
                    .with_hint(format!(
                        "write them in {} (copy the keys from themes/default/i18n/{}.toml)",
                        rel.display(),
                        config.language
                    )),
                );
            }
        }
        Ok((strings, problems))
    }

    /// The string `key` in language `code`, else in the default language.
    pub fn get(&self, code: &str, key: &str) -> Option<&str> {
        self.own(code, key).or_else(|| self.own(&self.default, key))
    }

    fn own(&self, code: &str, key: &str) -> Option<&str> {
        self.tables.get(code).and_then(|t| t.get(key)).map(String::as_str)
    }

    /// A hash of every string, for cache keys of what is rendered with them.
    pub(crate) fn hash(&self) -> u64 {
        let mut hash = crate::hash::Fnv::default();
        for (code, table) in &self.tables {
            hash.write(code.as_bytes());
            for (key, value) in table {
                hash.write(key.as_bytes());
                hash.write(value.as_bytes());
            }
        }
        hash.0
    }

    /// The site's default language code.
    pub(crate) fn default_language(&self) -> &str {
        &self.default
    }
}

/// The strings of one language, for HTML that Rust writes (blocks).
#[derive(Clone, Copy)]
pub(crate) struct Words<'a> {
    pub strings: &'a Strings,
    pub lang: &'a str,
}

/// No strings at all: [`Words::english`] says every word in the English its caller passes.
static NO_STRINGS: Strings = Strings { default: String::new(), tables: BTreeMap::new() };

impl<'a> Words<'a> {
    /// Words that are always the caller's English (the public API of the decision rules, which
    /// knows no site).
    pub(crate) fn english() -> Words<'static> {
        Words { strings: &NO_STRINGS, lang: "en" }
    }

    /// The string `key`; `english` when no strings file has it (tests build pages without any).
    pub(crate) fn get(&self, key: &str, english: &'a str) -> &'a str {
        self.strings.get(self.lang, key).unwrap_or(english)
    }

    /// The string `key` with each `{name}` filled from `args` (the values as given: the caller
    /// escapes the whole sentence for HTML).
    pub(crate) fn fill(&self, key: &str, english: &'a str, args: &[(&str, &str)]) -> String {
        fill(self.get(key, english), args)
    }

    /// The string of one of a block's word lists (`[(key, English)]`), filled from `args`.
    pub(crate) fn say(&self, entry: (&str, &'a str), args: &[(&str, &str)]) -> String {
        self.fill(entry.0, entry.1, args)
    }
}

/// `text` with each `{name}` replaced by its value, in one pass (a value that holds `{x}` is not
/// filled again).
pub(crate) fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let named = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter().find(|(n, _)| *n == name).map(|(_, v)| (close, *v))
        });
        match named {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A strings file: a flat table of strings. `None` (with an error) when it is not one.
fn parse(text: &str, path: &Path, problems: &mut Vec<Diagnostic>) -> Option<BTreeMap<String, String>> {
    match toml::from_str::<BTreeMap<String, String>>(text) {
        Ok(table) => Some(table),
        Err(err) => {
            let (line, column) = crate::text::toml_error_position(text, &err, 1);
            problems.push(
                Diagnostic::error(path, line, column, err.message().trim().to_string())
                    .with_hint("write each string as key = \"text\", one a line"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(root: &Path) -> Config {
        let text = "title = \"T\"\n[languages]\nes = { name = \"Español\" }\n";
        crate::config::parse(text, "t.toml".as_ref(), root, None).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_theme_has_every_english_string_in_spanish() {
        let (strings, problems) = Strings::load(&config("/nonexistent".as_ref())).expect("strings");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(strings.get("es", "lang_switch_label"), Some("Idioma"));
    }

    /// Every string of the theme's English file (and of the calculator) is in its Spanish file, and no other: a key
    /// added to one only fails here (check would warn about it on every site).
    #[test]
    fn every_english_key_of_the_theme_has_a_spanish_key() {
        let keys = |name: &str| -> Vec<String> {
            let file = THEME_STRINGS.get_file(name).unwrap_or_else(|| panic!("themes/default/i18n/{name}"));
            let table: BTreeMap<String, String> =
                toml::from_str(&String::from_utf8_lossy(file.contents())).unwrap_or_else(|e| panic!("{name}: {e}"));
            table.into_keys().collect()
        };
        // The calculator's English texts come from its crate, not from en.toml.
        let mut en = keys("en.toml");
        en.extend(calculator::texts::english_texts().into_iter().map(|(key, _)| format!("calc_{key}")));
        let es = keys("es.toml");
        let missing: Vec<&String> = en.iter().filter(|k| !es.contains(k)).collect();
        let extra: Vec<&String> = es.iter().filter(|k| !en.contains(k)).collect();
        assert!(missing.is_empty() && extra.is_empty(), "not in es.toml: {missing:?}; only in es.toml: {extra:?}");
        assert!(en.len() > 100, "{} keys", en.len());
    }

    #[test]
    fn a_site_overrides_a_string_and_a_missing_one_falls_back_with_a_warning() {
        let site = tempfile::tempdir().expect("folder");
        std::fs::create_dir_all(site.path().join("i18n")).expect("i18n/");
        std::fs::write(site.path().join("i18n/es.toml"), "lang_switch_label = \"Lengua\"\nlang_swich = \"x\"\n")
            .expect("write");
        let (mut strings, problems) = Strings::load(&config(site.path())).expect("strings");
        assert_eq!(strings.get("es", "lang_switch_label"), Some("Lengua"));
        assert!(problems.iter().any(|d| d.message.contains("`lang_swich`") && d.line == 2), "{problems:?}");
        strings.tables.get_mut("es").expect("es").remove("untranslated_link");
        assert_eq!(strings.get("es", "untranslated_link"), Some("Go to the English page"));
        let words = Words { strings: &strings, lang: "es" };
        assert_eq!(words.get("untranslated_link", "x"), "Go to the English page");
        assert_eq!(words.get("no_such_key", "the English text"), "the English text");
    }
}
