//! Where each key and value of a TOML or YAML document is written, as its parser reports it.
//! Messages about a value that parsed but is wrong take their position from here, never from a
//! search of the text: a key named inside an earlier string, a key written as a table header, and
//! every YAML key land where they really are.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A 1-based line and column, in characters, of the document.
pub(crate) type At = (usize, usize);

/// Every key of a document by its dotted path: `title`, `figures.total_cost`, `aliases.1` (an
/// array's items are keyed by index), with where its key and its value start.
#[derive(Debug, Default, Clone)]
pub(crate) struct Spans {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    path: String,
    key: At,
    value: At,
}

impl Spans {
    /// The spans of a TOML document; none when it does not parse (the deserializer then reports
    /// the syntax error at its own span).
    pub(crate) fn toml(text: &str) -> Spans {
        let mut spans = Spans::default();
        if let Ok(table) = DeTable::parse(text) {
            spans.toml_table(text, "", table.get_ref());
        }
        spans
    }

    fn toml_table(&mut self, text: &str, prefix: &str, table: &DeTable<'_>) {
        // The parser's map is sorted by name; messages come in the order the keys are written.
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, value) in entries {
            let path = format!("{prefix}{}", key.get_ref());
            self.push(path.clone(), super::line_col(text, key.span().start), toml_value_at(text, value));
            self.toml_value(text, &path, value);
        }
    }

    fn toml_value(&mut self, text: &str, path: &str, value: &Spanned<DeValue<'_>>) {
        match value.get_ref() {
            DeValue::Table(table) => self.toml_table(text, &format!("{path}."), table),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let at = toml_value_at(text, item);
                    let item_path = format!("{path}.{i}");
                    self.push(item_path.clone(), at, at);
                    self.toml_value(text, &item_path, item);
                }
            }
            _ => {}
        }
    }

    /// The spans of a YAML document's first mapping; none when it does not parse (the
    /// deserializer then reports the syntax error at its mark).
    pub(crate) fn yaml(text: &str) -> Spans {
        let mut events = Vec::new();
        for event in Parser::new_from_str(text) {
            match event {
                Ok((event, span)) => {
                    // A quoted scalar's text starts one character after its quote.
                    let quoted =
                        matches!(event, Event::Scalar(_, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted, ..));
                    events.push((event, (span.start.line(), span.start.col() + 1 + usize::from(quoted))));
                }
                Err(_) => return Spans::default(),
            }
        }
        let mut spans = Spans::default();
        let mut i = events.iter().position(|(e, _)| matches!(e, Event::MappingStart(..) | Event::SequenceStart(..)));
        if let Some(start) = i.as_mut() {
            yaml_node(&events, start, None, &mut spans);
        }
        spans
    }

    fn push(&mut self, path: String, key: At, value: At) {
        self.entries.push(Entry { path, key, value });
    }

    /// Where the key at `path` is written.
    pub(crate) fn key(&self, path: &str) -> Option<At> {
        self.entries.iter().find(|e| e.path == path).map(|e| e.key)
    }

    /// Where the value at `path` starts.
    pub(crate) fn value(&self, path: &str) -> Option<At> {
        self.entries.iter().find(|e| e.path == path).map(|e| e.value)
    }

    /// The document's top-level keys, in the order written, with where each is.
    pub(crate) fn top_level(&self) -> impl Iterator<Item = (&str, At)> {
        self.entries.iter().filter(|e| !e.path.contains('.')).map(|e| (e.path.as_str(), e.key))
    }

    /// These spans moved down by `lines`: for a document that starts on line `lines + 1` of its file.
    pub(crate) fn offset_lines(mut self, lines: usize) -> Spans {
        for e in &mut self.entries {
            e.key.0 += lines;
            e.value.0 += lines;
        }
        self
    }
}

/// Where a TOML value starts; for a string, its first character inside the quotes, which is
/// where the author's text is.
fn toml_value_at(text: &str, value: &Spanned<DeValue<'_>>) -> At {
    let start = value.span().start;
    let quotes = match value.get_ref() {
        DeValue::String(_) => {
            let rest = text.get(start..).unwrap_or("");
            if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
                3
            } else {
                usize::from(rest.starts_with(['"', '\'']))
            }
        }
        _ => 0,
    };
    super::line_col(text, start + quotes)
}

/// Walks the YAML node that starts at `events[*i]`, recording every mapping key and sequence item
/// under the node's path; leaves `*i` just past the node. `key` is the node's own entry (path and key
/// position), recorded with the node's position as its value.
fn yaml_node(events: &[(Event<'_>, At)], i: &mut usize, key: Option<(String, At)>, spans: &mut Spans) {
    let Some((event, at)) = events.get(*i) else { return };
    if let Some((path, key_at)) = &key {
        spans.push(path.clone(), *key_at, *at);
    }
    let path = key.map(|(p, _)| p);
    let child_prefix = path.as_ref().map_or_else(String::new, |p| format!("{p}."));
    *i += 1;
    match event {
        Event::MappingStart(..) => {
            while let Some((event, at)) = events.get(*i) {
                if matches!(event, Event::MappingEnd) {
                    *i += 1;
                    return;
                }
                let name: Cow<'_, str> = match event {
                    Event::Scalar(text, ..) => text.clone(),
                    _ => Cow::Borrowed("?"),
                };
                let at = *at;
                // A key that is itself a collection: skip it whole; it is never a front-matter key.
                if matches!(event, Event::Scalar(..)) {
                    *i += 1;
                } else {
                    skip_node(events, i);
                }
                yaml_node(events, i, Some((format!("{child_prefix}{name}"), at)), spans);
            }
        }
        Event::SequenceStart(..) => {
            let mut n = 0;
            while let Some((event, at)) = events.get(*i) {
                if matches!(event, Event::SequenceEnd) {
                    *i += 1;
                    return;
                }
                let at = *at;
                yaml_node(events, i, Some((format!("{child_prefix}{n}"), at)), spans);
                n += 1;
            }
        }
        _ => {}
    }
}

/// Moves `*i` past the node that starts there.
fn skip_node(events: &[(Event<'_>, At)], i: &mut usize) {
    let mut depth = 0usize;
    while let Some((event, _)) = events.get(*i) {
        *i += 1;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_keys_come_from_the_parser_not_from_the_text() {
        // `tier = 3` is written inside the description's string before the real key.
        let text = "title = \"A\"\ndescription = \"\"\"\ntier = 3 is not a key\n\"\"\"\ntier = 3\n\n[figures]\nstudents = 134\n";
        let spans = Spans::toml(text);
        assert_eq!(spans.key("tier"), Some((5, 1)));
        assert_eq!(spans.value("tier"), Some((5, 8)));
        assert_eq!(spans.key("figures"), Some((7, 2)));
        assert_eq!(spans.key("figures.students"), Some((8, 1)));
        let top: Vec<&str> = spans.top_level().map(|(k, _)| k).collect();
        assert_eq!(top, ["title", "description", "tier", "figures"]);
    }

    #[test]
    fn toml_array_items_and_tables_of_arrays_have_their_own_positions() {
        let text = "aliases = [\"/a/\",\n  \"/b/\"]\n[[questions]]\nid = \"q1\"\n[[questions]]\nid = \"q2\"\n";
        let spans = Spans::toml(text);
        // A string's position is its text's first character, inside the quotes.
        assert_eq!(spans.value("aliases.0"), Some((1, 13)));
        assert_eq!(spans.value("aliases.1"), Some((2, 4)));
        assert_eq!(spans.key("questions.1.id"), Some((6, 1)));
    }

    #[test]
    fn yaml_keys_and_items_are_where_the_parser_saw_them() {
        let text =
            "title: \"tier: 1\"\nkind: guide\ntier: 3\naliases:\n  - /old/\n  - \"/older/\"\nextra:\n  note: x\n";
        let spans = Spans::yaml(text);
        assert_eq!(spans.key("tier"), Some((3, 1)));
        assert_eq!(spans.value("tier"), Some((3, 7)));
        assert_eq!(spans.value("aliases.0"), Some((5, 5)));
        assert_eq!(spans.value("aliases.1"), Some((6, 6)));
        assert_eq!(spans.key("extra.note"), Some((8, 3)));
        let top: Vec<&str> = spans.top_level().map(|(k, _)| k).collect();
        assert_eq!(top, ["title", "kind", "tier", "aliases", "extra"]);
        assert_eq!(spans.offset_lines(1).key("tier"), Some((4, 1)));
    }

    #[test]
    fn documents_that_do_not_parse_have_no_spans() {
        assert_eq!(Spans::toml("title = \n").top_level().count(), 0);
        assert_eq!(Spans::yaml("title: [\n").top_level().count(), 0);
        assert_eq!(Spans::yaml("").top_level().count(), 0);
    }
}
