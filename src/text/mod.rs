//! Text helpers every other module may use: positions in a text, HTML escaping, and where a TOML
//! or YAML document writes each key. This module depends on nothing else in the crate.

pub(crate) mod csv;
pub(crate) mod spans;

pub(crate) use spans::Spans;

/// `v` with `decimals` places and `,` between groups of thousands: `-1,234.5`. No `-0`.
pub(crate) fn grouped(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (whole, fraction) = text.split_once('.').map_or((text.as_str(), ""), |(w, f)| (w, f));
    let mut out = String::new();
    if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The path, relative to `content/`, that `path` names when written on the page at `page_rel`
/// (also relative to `content/`): relative to the page's folder, or to the site root when it
/// starts with `/`. `%XX` escapes are decoded. `None` when it climbs out of the folder.
pub(crate) fn resolve_path(page_rel: &str, path: &str) -> Option<String> {
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        let dir = page_rel.rsplit_once('/').map_or("", |(d, _)| d);
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// The id a heading gets from its text: lower case, letters and digits kept, runs of spaces,
/// hyphens and underscores become one `-`, everything else dropped.
pub fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// The 1-based line and column of a TOML error, with `first_line` the file line where the TOML
/// text starts.
pub(crate) fn toml_error_position(text: &str, err: &toml::de::Error, first_line: usize) -> (usize, usize) {
    let (line, column) = err.span().map_or((1, 1), |span| line_col(text, span.start));
    (line + first_line - 1, column)
}

/// Escapes text for HTML element content and attribute values (either quote).
pub(crate) fn escape(text: &str) -> String {
    escape_html(text, Apostrophes::Escaped)
}

/// How [`escape_html`] writes `'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Apostrophes {
    /// `&#39;`: safe in single-quoted attributes too. What Rust-made HTML uses.
    Escaped,
    /// As written: safe in text and double-quoted attributes only. The theme's strings (`t()`)
    /// use it, so the pages keep the apostrophes the templates wrote before the strings existed.
    Kept,
}

/// The crate's one HTML escape: `& < > "` always, `'` as `apostrophes` says.
pub(crate) fn escape_html(text: &str, apostrophes: Apostrophes) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' if apostrophes == Apostrophes::Escaped => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("a = 1\nbb = x", 0), (1, 1));
        assert_eq!(line_col("a = 1\nbb = x", 11), (2, 6));
        assert_eq!(line_col("é = 1", 2), (1, 2));
    }

    #[test]
    fn resolves_relative_and_rooted_paths() {
        assert_eq!(resolve_path("guides/a.md", "b.md").as_deref(), Some("guides/b.md"));
        assert_eq!(resolve_path("guides/a.md", "../trainings/_index.md").as_deref(), Some("trainings/_index.md"));
        assert_eq!(resolve_path("guides/a.md", "/x/y.md").as_deref(), Some("x/y.md"));
        assert_eq!(resolve_path("a.md", "../../etc/passwd"), None);
        assert_eq!(resolve_path("guides/a.md", "my%20file.pdf").as_deref(), Some("guides/my file.pdf"));
        assert_eq!(resolve_path("guides/a.md", "%2e%2e/%2e%2e/x"), None);
    }

    #[test]
    fn escape_covers_attribute_quotes() {
        assert_eq!(escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escape_html("<it's \"&\">", Apostrophes::Kept), "&lt;it's &quot;&amp;&quot;&gt;");
    }
}
