//! The Tera function `t(key="...")`: the theme's strings ([`crate::content::strings`]) in the
//! language of the page being rendered.

use std::collections::HashMap;
use std::sync::Arc;

pub(crate) use crate::content::strings::Strings;

/// The Tera function `t(key="...")` for one language: the string, with each `{name}` in it
/// replaced by the call's argument `name` (`t(key="translated_from", date=page.translated_on)`).
pub(crate) struct Translate {
    pub strings: Arc<Strings>,
    pub lang: String,
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args.get("key").and_then(tera::Value::as_str).ok_or("t() needs key=\"...\"")?;
        let Some(text) = self.strings.get(&self.lang, key) else {
            return Err(format!(
                "t(): the theme has no string `{key}`; add it to i18n/{}.toml (docs/i18n.md)",
                self.strings.default_language()
            )
            .into());
        };
        // The string is escaped for HTML text and double-quoted attributes (& < > "), leaving
        // apostrophes as written, as they were in the templates the strings came from (the
        // crate's one escape, `text::escape_html`); the arguments are escaped as Tera escapes any
        // value (`{{ site.title }}`).
        let mut text = crate::text::escape_html(text, crate::text::Apostrophes::Kept);
        for (name, value) in args.iter().filter(|(name, _)| *name != "key") {
            // As Tera writes a value (`{{ 1.0 }}` is `1`).
            let value = match value {
                tera::Value::String(s) => s.clone(),
                tera::Value::Number(n) => match n.as_f64() {
                    Some(f) if n.is_f64() && f.fract() == 0.0 => format!("{f:.0}"),
                    _ => n.to_string(),
                },
                other => other.to_string(),
            };
            text = text.replace(&format!("{{{name}}}"), &tera::escape_html(&value));
        }
        Ok(tera::Value::String(text))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The language of a view of the site, for the pages tierbook makes itself (taxonomy and term
/// pages, the search page, the 404 page and the feed): where they go and the words they use.
pub(crate) struct ViewLanguage<'a> {
    site: &'a crate::content::Site,
    /// `en`, `es`.
    pub code: &'a str,
    /// Before a site path: empty in the default language, `/es` in Spanish.
    pub prefix: String,
}

impl<'a> ViewLanguage<'a> {
    pub(crate) fn of(site: &'a crate::content::Site) -> ViewLanguage<'a> {
        let code = site.view_language();
        let prefix = if code == site.config.language { String::new() } else { format!("/{code}") };
        ViewLanguage { site, code, prefix }
    }

    /// Whether this is the default language.
    pub(crate) fn is_default(&self) -> bool {
        self.prefix.is_empty()
    }

    /// A site path in this language: `/areas/` -> `/es/areas/`.
    pub(crate) fn path(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    /// The theme string `key` in this language with each `{name}` filled from `args`; `english`
    /// when no strings file has it.
    pub(crate) fn word(&self, key: &str, english: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.site.strings.get(self.code, key).unwrap_or(english).to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// A page tierbook makes, at `path` (without the language prefix) in every language, for its
    /// language switcher and hreflang links: it exists in each, in each one's words.
    pub(crate) fn alternates(&self, path: &str) -> Vec<super::view::AlternateView> {
        let config = &self.site.config;
        if config.languages.len() < 2 {
            return Vec::new();
        }
        config
            .languages
            .iter()
            .map(|l| {
                let path = if l.code == config.language { path.to_string() } else { format!("/{}{path}", l.code) };
                super::view::AlternateView {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    url: self.site.url(&path),
                    permalink: format!("{}{}", config.base_url, &path[1..]),
                    translated: true,
                    current: l.code == self.code,
                }
            })
            .collect()
    }

    /// `page` (made by [`super::view::generated`] from the home page's view) as a page of this
    /// language at `path` (without the prefix): in its words, with its alternates.
    pub(crate) fn own<'v>(&self, mut page: super::view::PageView<'v>, path: &str) -> super::view::PageView<'v> {
        page.lang = self.code.to_string();
        page.languages = self.alternates(path);
        page
    }

    /// A guides' area for display: its name in `[languages.<code>] areas`, else the default
    /// language's (`fine-motor` -> `Fine motor`).
    pub(crate) fn area(&self, area: &str) -> String {
        self.site
            .config
            .language_of(self.code)
            .and_then(|l| l.areas.get(area))
            .cloned()
            .unwrap_or_else(|| super::view::taxonomy_title(area))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_fills_its_arguments_and_refuses_an_unknown_key() {
        let text = "title = \"T\"\n[languages]\nes = { name = \"Español\" }\n";
        let config = crate::config::parse(text, "t.toml".as_ref(), "/nonexistent".as_ref(), None).expect("config");
        let (strings, _) = Strings::load(&config).expect("strings");
        let t = Translate { strings: Arc::new(strings), lang: "es".into() };
        let args: HashMap<String, tera::Value> =
            [("key".to_string(), "translated_from".into()), ("date".to_string(), "2026-12-01".into())].into();
        assert_eq!(
            tera::Function::call(&t, &args).ok(),
            Some("Traducido de la versión en inglés el 2026-12-01.".into())
        );
        let unknown: HashMap<String, tera::Value> = [("key".to_string(), "nope".into())].into();
        assert!(tera::Function::call(&t, &unknown).is_err());
    }
}
