//! The allowlist for raw HTML in content: structure and text, tables, details, figures, local
//! images and media, links, simple forms that stay on the site, and the classes, ids and ARIA
//! attributes authors need. One table, read both by the located checks and by ammonia.

use std::collections::{HashMap, HashSet};

use super::url::Use;

/// Elements content may write (and those the HTML parser adds by itself, such as `tbody`).
pub(super) const TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "button",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "mark",
    "meter",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "track",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Attributes every allowed element may carry (plus any `aria-*`).
const GLOBAL_ATTRIBUTES: &[&str] = &["class", "dir", "hidden", "id", "lang", "role", "title", "translate"];
const GLOBAL_PREFIX: &str = "aria-";

/// Attributes of particular elements.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "type", "download", "rel", "target"]),
    ("img", &["src", "alt", "width", "height", "loading", "decoding"]),
    ("video", &["src", "poster", "controls", "width", "height", "preload", "muted", "loop", "playsinline"]),
    ("audio", &["src", "controls", "preload", "muted", "loop"]),
    ("source", &["src", "type", "media"]),
    ("track", &["src", "kind", "srclang", "label", "default"]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("th", &["colspan", "rowspan", "headers", "scope", "abbr"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("details", &["open", "name"]),
    ("time", &["datetime"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("data", &["value"]),
    ("meter", &["value", "min", "max", "low", "high", "optimum"]),
    ("progress", &["value", "max"]),
    ("form", &["action", "method", "autocomplete", "name"]),
    (
        "input",
        &[
            "type",
            "name",
            "value",
            "placeholder",
            "checked",
            "disabled",
            "required",
            "readonly",
            "min",
            "max",
            "step",
            "minlength",
            "maxlength",
            "size",
            "pattern",
            "autocomplete",
            "list",
            "multiple",
        ],
    ),
    ("label", &["for"]),
    ("output", &["for", "name"]),
    ("button", &["type", "name", "value", "disabled"]),
    ("select", &["name", "multiple", "required", "disabled", "size"]),
    ("option", &["value", "selected", "disabled", "label"]),
    ("optgroup", &["label", "disabled"]),
    ("fieldset", &["disabled", "name"]),
];

/// Whether `<element attribute>` is on the list (the element itself must be).
pub(super) fn attribute_allowed(element: &str, attribute: &str) -> bool {
    GLOBAL_ATTRIBUTES.contains(&attribute)
        || attribute.starts_with(GLOBAL_PREFIX)
        || TAG_ATTRIBUTES.iter().any(|(tag, attributes)| *tag == element && attributes.contains(&attribute))
}

/// What an allowed attribute does with its value, if it is a URL.
pub(super) fn url_use(element: &str, attribute: &str) -> Option<Use> {
    match (element, attribute) {
        ("a", "href") | (_, "cite") => Some(Use::Link),
        (_, "src") | ("video", "poster") => Some(Use::Resource),
        ("form", "action") => Some(Use::Form),
        _ => None,
    }
}

/// ammonia configured with the same list, so that it keeps exactly what the located checks
/// accept: it is the second opinion on a page's raw HTML (see [`super::html::second_opinion`]).
pub(super) fn ammonia() -> ammonia::Builder<'static> {
    let tag_attributes: HashMap<&str, HashSet<&str>> =
        TAG_ATTRIBUTES.iter().map(|(tag, attributes)| (*tag, attributes.iter().copied().collect())).collect();
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(["script", "style"].into_iter().collect())
        .generic_attributes(GLOBAL_ATTRIBUTES.iter().copied().collect())
        .generic_attribute_prefixes([GLOBAL_PREFIX].into_iter().collect())
        .tag_attributes(tag_attributes)
        .tag_attribute_values(HashMap::new())
        .set_tag_attribute_values(HashMap::new())
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(false)
        .id_prefix(None)
        .attribute_filter(|element, attribute, value| {
            let bad = url_use(element, attribute).and_then(|use_| super::url::problem(use_, value)).is_some();
            (!bad).then(|| value.into())
        });
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_attribute_table_names_an_allowed_element() {
        for (tag, _) in TAG_ATTRIBUTES {
            assert!(TAGS.contains(tag), "{tag} has attributes but is not allowed");
        }
        let mut sorted = TAGS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, TAGS, "keep TAGS sorted and without repeats");
    }

    #[test]
    fn the_dangerous_parts_of_html_are_not_on_the_list() {
        for tag in [
            "script", "style", "iframe", "object", "embed", "link", "meta", "base", "svg", "math", "template",
            "textarea", "title", "noscript",
        ] {
            assert!(!TAGS.contains(&tag), "{tag}");
        }
        for (element, attribute) in [
            ("img", "srcset"),
            ("a", "ping"),
            ("input", "formaction"),
            ("button", "formaction"),
            ("img", "style"),
            ("div", "onclick"),
        ] {
            assert!(!attribute_allowed(element, attribute), "{element} {attribute}");
        }
    }
}
