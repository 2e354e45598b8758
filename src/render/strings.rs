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
        let mut text = text.to_string();
        for (name, value) in args.iter().filter(|(name, _)| *name != "key") {
            let value = match value {
                tera::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            text = text.replace(&format!("{{{name}}}"), &value);
        }
        Ok(tera::Value::String(text))
    }

    fn is_safe(&self) -> bool {
        false
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
