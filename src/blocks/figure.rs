//! The ` ```figure ` block: a picture next to the page (PNG, JPEG, GIF, WebP or SVG) with its alt
//! text, an optional visible caption and an optional long description for pictures that teach
//! more than a sentence can say (W3C's complex-images tutorial: a short alternative plus a long
//! one).
//!
//! ```toml
//! src = "grip.svg"
//! alt = "A hand holding a pencil with a tripod grip"
//! caption = "A tripod grip, one of several that work well."
//! long_description = """Paragraphs, separated by blank lines."""
//! ```
//!
//! SVG files are shown with `<img>`, so nothing in them can run or load anything.

use std::fmt::Write as _;

use serde::Deserialize;
use toml::Spanned;

use super::quiz::{toml_error, Errors};
use super::{escape, BlockContext, BlockError};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFigure {
    src: Option<Spanned<String>>,
    alt: Option<Spanned<String>>,
    caption: Option<String>,
    long_description: Option<String>,
}

const KINDS: [&str; 6] = [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"];

pub(crate) fn render(body: &str, ctx: &BlockContext) -> Result<String, Vec<BlockError>> {
    let raw: RawFigure = toml::from_str(body).map_err(|err| vec![toml_error(body, &err)])?;
    let mut errors = Errors::new(body);
    let alt = match &raw.alt {
        Some(alt) if !alt.get_ref().trim().is_empty() => alt.get_ref().trim().to_string(),
        Some(alt) => {
            errors.at(alt.span().start, "`alt` is empty", Some("say what the picture shows, in a sentence"));
            String::new()
        }
        None => {
            errors.at(0, "a figure needs `alt`", Some("alt = \"A hand holding a pencil with a tripod grip\""));
            String::new()
        }
    };
    let Some(src) = &raw.src else {
        errors.at(0, "a figure needs `src`", Some("src = \"grip.png\": a picture saved next to the page"));
        return Err(errors.list);
    };
    let (file, size) = match locate(src, ctx) {
        Ok(found) => found,
        Err((message, hint)) => {
            errors.at(src.span().start, message, Some(hint));
            return Err(errors.list);
        }
    };
    if !errors.list.is_empty() {
        return Err(errors.list);
    }
    let id = ctx.dom_prefix("figure", body);
    let long = raw.long_description.as_deref().map(str::trim).filter(|l| !l.is_empty());
    let mut h = String::new();
    if ctx.first {
        let _ = writeln!(h, "<link rel=\"stylesheet\" href=\"{}css/chart.css\">", ctx.base_path);
    }
    let _ = write!(
        h,
        "<figure class=\"tb-figure\" id=\"{id}\">\n<img src=\"{}{}\" alt=\"{}\" width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\"{}>\n",
        ctx.base_path,
        escape(&file),
        escape(&alt),
        size.0,
        size.1,
        if long.is_some() { format!(" aria-describedby=\"{id}-long\"") } else { String::new() }
    );
    // The long description goes inside the caption: HTML allows nothing after a figcaption.
    let caption = raw.caption.as_deref().map(str::trim).filter(|c| !c.is_empty());
    if caption.is_some() || long.is_some() {
        h.push_str("<figcaption>");
    }
    if let Some(caption) = caption {
        h.push_str(&escape(caption));
    }
    if let Some(long) = long {
        let _ = write!(h, "<details><summary>Long description</summary>\n<div id=\"{id}-long\">");
        for paragraph in long.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            let _ = write!(h, "<p>{}</p>", escape(&paragraph.split_whitespace().collect::<Vec<_>>().join(" ")));
        }
        h.push_str("</div></details>");
    }
    if caption.is_some() || long.is_some() {
        h.push_str("</figcaption>\n");
    }
    h.push_str("</figure>\n");
    Ok(h)
}

/// The picture's path under `content/` and its size in pixels, or what is wrong and a hint.
fn locate(src: &Spanned<String>, ctx: &BlockContext) -> Result<(String, (u64, u64)), (String, String)> {
    let wanted = src.get_ref().trim();
    let lower = wanted.to_ascii_lowercase();
    if ["http://", "https://", "//"].iter().any(|p| lower.starts_with(p)) {
        return Err((
            format!("figure `{wanted}` is on another site"),
            "pages load nothing from other origins: save the picture next to the page".into(),
        ));
    }
    if !KINDS.iter().any(|k| lower.ends_with(k)) {
        return Err((
            format!("figure `{wanted}` is not a picture tierbook shows"),
            "use a PNG, JPEG, GIF, WebP or SVG file".into(),
        ));
    }
    let Some((asset, rel)) = ctx.assets.find(ctx.page_rel, wanted) else {
        return Err((
            format!("figure `{wanted}` does not exist"),
            "put the picture in content/, next to the page (or in static/, written from the site root: /images/x.png), and check the file name".into(),
        ));
    };
    let size = if lower.ends_with(".svg") {
        svg_size(&asset.text().unwrap_or_default()).ok_or_else(|| {
            (
                format!("SVG `{wanted}` states no size"),
                "give its <svg> element a viewBox (or width and height) so the page keeps room for it".to_string(),
            )
        })?
    } else {
        asset.picture_size.ok_or_else(|| {
            (format!("cannot read the size of `{wanted}`"), "save it again as PNG, JPEG, GIF or WebP".to_string())
        })?
    };
    Ok((rel, size))
}

/// The size an SVG states: its `width` and `height` in pixels, or its `viewBox`.
pub(crate) fn svg_size(text: &str) -> Option<(u64, u64)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| {
        let at = tag.find(&format!(" {name}=")).or_else(|| tag.find(&format!("\n{name}=")))? + name.len() + 2;
        let quote = tag[at..].chars().next()?;
        let rest = &tag[at + 1..];
        Some(rest[..rest.find(quote)?].trim().to_string())
    };
    let pixels = |v: String| v.trim_end_matches("px").parse::<f64>().ok().filter(|n| *n > 0.0);
    if let (Some(w), Some(h)) = (attr("width").and_then(pixels), attr("height").and_then(pixels)) {
        return Some((w.round() as u64, h.round() as u64));
    }
    let view: Vec<f64> =
        attr("viewBox")?.split([' ', ',']).filter(|s| !s.is_empty()).filter_map(|n| n.parse().ok()).collect();
    match view.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((w.round() as u64, h.round() as u64)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes() {
        assert_eq!(svg_size("<svg xmlns=\"x\" width=\"120\" height=\"80px\">"), Some((120, 80)));
        assert_eq!(svg_size("<?xml?><svg viewBox='0 0 300 150'>"), Some((300, 150)));
        assert_eq!(svg_size("<svg width=\"100%\" viewBox=\"0,0,40,20\">"), Some((40, 20)));
        assert_eq!(svg_size("<svg>"), None);
    }

    #[test]
    fn errors_point_at_the_keys() {
        let ctx = crate::blocks::test_context();
        let e = render("src = \"x.png\"\n", &ctx).expect_err("no alt, no file");
        assert_eq!(e[0].message, "a figure needs `alt`");
        assert!(e.iter().any(|e| e.line == 1 && e.column == 7 && e.message.contains("does not exist")));
        let e = render("src = \"https://cdn.example/x.png\"\nalt = \"A\"\n", &ctx).expect_err("remote");
        assert!(e[0].message.contains("another site"));
        let e = render("src = \"notes.pdf\"\nalt = \"A\"\n", &ctx).expect_err("not a picture");
        assert!(e[0].hint.as_deref().is_some_and(|h| h.contains("SVG")));
    }
}
