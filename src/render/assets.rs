//! Files copied into the site: the theme's static files (scripts with versioned imports), the
//! site's `static/` and `content/` files, the brand colours and the calculator.

use std::path::Path;

use super::templates::Theme;
use crate::content::Site;
use crate::error::{Error, Result};
use crate::output::{fixed_path, Origin, OutPath, Output};

/// The theme's and the site's static files, the brand stylesheet, the calculator's files and
/// the files under `content/`.
pub(super) fn outputs(site: &Site, theme: &Theme) -> Result<Vec<Output>> {
    let mut outputs = Vec::new();
    for (path, bytes) in &theme.statics {
        // The theme's own scripts and stylesheets lose their comments (a fifth of what every page
        // downloads); a site's own files are copied as they are.
        let ours = !theme.site_statics.contains(path);
        let bytes = if path.ends_with(".js") {
            let js = String::from_utf8_lossy(bytes);
            let js = if ours { without_comment_lines(&js) } else { js.into_owned() };
            std::sync::Arc::new(version_imports(&js, &theme.asset_version).into_bytes())
        } else if ours && path.ends_with(".css") {
            std::sync::Arc::new(without_css_comments(&String::from_utf8_lossy(bytes)).into_bytes())
        } else {
            std::sync::Arc::clone(bytes)
        };
        let origin = if theme.site_statics.contains(path) {
            Origin::copy(Path::new("static").join(path))
        } else {
            Origin::generated("a file of the default theme")
        };
        let path = crate::output::located(OutPath::new(path), &origin)?;
        outputs.push(Output::shared(path, bytes).with_origin(origin));
    }
    let brand = brand_css(&site.config.district.primary_color).into_bytes();
    outputs.push(
        Output::new(fixed_path!("css/brand.css"), brand).with_origin(Origin::generated("tierbook's brand colours")),
    );
    outputs.extend(crate::calc::assets());
    for asset in &site.assets {
        let bytes = std::fs::read(&asset.source).map_err(|err| Error::io(&asset.source, err))?;
        let origin = Origin::copy(Path::new("content").join(&asset.rel));
        let path = crate::output::located(OutPath::new(&asset.rel), &origin)?;
        outputs.push(Output::new(path, bytes).with_origin(origin));
    }

    Ok(outputs)
}

/// A script without its comment lines: lines that are only a `//` comment, and `/* ... */` blocks
/// that start a line (what follows a block's end on its last line is kept). Comments after code
/// stay, so no string or regular expression is ever cut. (The theme writes no multi-line template
/// literal with such a line; a unit test parses every stripped script.)
fn without_comment_lines(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_block = false;
    for line in js.lines() {
        let mut rest = line;
        if in_block {
            match rest.find("*/") {
                Some(end) => {
                    in_block = false;
                    rest = &rest[end + 2..];
                    if rest.trim().is_empty() {
                        continue;
                    }
                }
                None => continue,
            }
        } else {
            let trimmed = rest.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            if let Some(opened) = trimmed.strip_prefix("/*") {
                match opened.find("*/") {
                    Some(end) => {
                        rest = &opened[end + 2..];
                        if rest.trim().is_empty() {
                            continue;
                        }
                    }
                    None => {
                        in_block = true;
                        continue;
                    }
                }
            }
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

/// A stylesheet without its `/* ... */` comments and blank lines (CSS has no other use for `/*`
/// outside strings, and the theme's strings hold none).
fn without_css_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..].find("*/").map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out.lines().filter(|l| !l.trim().is_empty()).map(|l| format!("{}\n", l.trim_end())).collect()
}

/// Adds `?v=<version>` to relative module imports (`from "./store.js"`), so a browser never
/// combines a new page script with an old cached module after a deploy.
fn version_imports(js: &str, version: &str) -> String {
    let mut out = String::with_capacity(js.len() + 64);
    let mut i = 0;
    let bytes = js.as_bytes();
    while i < bytes.len() {
        let rest = &js[i..];
        // Comments and template literals are copied as they are: quotes in them are not strings.
        // (opening, closing) of the spans to copy unchanged; the closing text is kept.
        let span = [("//", "\n"), ("/*", "*/"), ("`", "`")].into_iter().find(|(open, _)| rest.starts_with(open));
        let skip_to = span.map(|(open, close)| {
            let keep_close = if close == "\n" { 0 } else { close.len() };
            rest[open.len()..].find(close).map_or(js.len(), |n| i + open.len() + n + keep_close)
        });
        if let Some(end) = skip_to {
            out.push_str(&js[i..end]);
            i = end;
            continue;
        }
        let c = bytes[i];
        if c != b'"' && c != b'\'' {
            let len = rest.chars().next().map_or(1, char::len_utf8);
            out.push_str(&js[i..i + len]);
            i += len;
            continue;
        }
        let Some(end) = rest[1..].find(c as char).map(|n| i + 1 + n) else {
            out.push_str(rest);
            break;
        };
        let spec = &js[i + 1..end];
        let prefix = js[..i].trim_end();
        let is_import = prefix.ends_with("from") || prefix.ends_with("import") || prefix.ends_with("import(");
        out.push_str(&js[i..end]);
        if is_import && (spec.starts_with("./") || spec.starts_with("../")) && spec.ends_with(".js") {
            out.push_str("?v=");
            out.push_str(version);
        }
        out.push(c as char);
        i = end + 1;
    }
    out
}

/// The district's color as CSS custom properties: as given on light backgrounds, and lightened
/// until it has 4.5:1 contrast on the dark theme's backgrounds; with each, a tint of it for
/// soft backgrounds (hero, current page, cards on hover) on which it still reads at 4.5:1. The
/// dark values apply when the reader chose dark (`data-theme="dark"` on `<html>`, js/theme.js)
/// or chose nothing and the device prefers dark.
fn brand_css(primary: &str) -> String {
    use crate::colour::{format_hex, parse_hex, shade_to_contrast, Towards, DARK_BACKGROUNDS};
    // The config has checked the colour; black is only a fallback for an unchecked caller.
    let rgb = parse_hex(primary).unwrap_or((0, 0, 0));
    // Links and buttons also sit on the dark surface (header, footer, contents) and note colors.
    let dark = shade_to_contrast(rgb, Towards::White, &DARK_BACKGROUNDS, 4.5);
    let light_tint = tint(rgb, (0xff, 0xff, 0xff), Towards::White);
    let dark_tint = tint(dark, DARK_BACKGROUNDS[0], Towards::Black);
    let dark_vars =
        format!("--tb-primary: {}; --tb-tint: {}; --tb-on-primary: #121418;", format_hex(dark), format_hex(dark_tint));
    format!(
        ":root {{ --tb-primary: {primary}; }}\n:root {{ --tb-tint: {}; --tb-on-primary: #ffffff; }}\n\
         :root[data-theme=\"dark\"] {{ {dark_vars} }}\n\
         @media (prefers-color-scheme: dark) {{ :root:not([data-theme=\"light\"]) {{ {dark_vars} }} }}\n\
         @media print {{ :root:root {{ --tb-primary: {primary}; --tb-tint: #ffffff; --tb-on-primary: #ffffff; }} }}\n",
        format_hex(light_tint)
    )
}

/// `colour` mixed into `background` (12% of it), then moved further towards `towards` until
/// `colour` reads on it at 4.5:1.
fn tint(
    colour: crate::colour::Rgb,
    background: crate::colour::Rgb,
    towards: crate::colour::Towards,
) -> crate::colour::Rgb {
    let mix = |c: u8, b: u8| ((f64::from(c) * 0.12) + (f64::from(b) * 0.88)).round() as u8;
    let mixed = (mix(colour.0, background.0), mix(colour.1, background.1), mix(colour.2, background.2));
    // Moving the background: a colour against which `colour` has the contrast asked for.
    let mut candidate = mixed;
    for step in 0..=100 {
        let f = f64::from(step) / 100.0;
        let go = |c: u8, end: u8| (f64::from(c) + (f64::from(end) - f64::from(c)) * f).round() as u8;
        let end = match towards {
            crate::colour::Towards::White => 255,
            crate::colour::Towards::Black => 0,
        };
        candidate = (go(mixed.0, end), go(mixed.1, end), go(mixed.2, end));
        if crate::colour::contrast_ratio(colour, candidate) >= 4.5 {
            break;
        }
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_imports_get_the_asset_version() {
        let js = "import { a } from \"./store.js\";\nimport \"../x.js\";\nconst m = await import('./lazy.js');\nconst s = \"./not-an-import.js\";\nimport init from \"../calculator/calculator.js\";";
        let out = version_imports(js, "abc");
        assert!(out.contains("from \"./store.js?v=abc\""));
        assert!(out.contains("import \"../x.js?v=abc\""));
        assert!(out.contains("import('./lazy.js?v=abc')"));
        assert!(out.contains("\"./not-an-import.js\""), "plain strings are left alone");
        assert!(out.contains("from \"../calculator/calculator.js?v=abc\""));
        assert_eq!(version_imports("a = 'unterminated", "v"), "a = 'unterminated");
        let commented = "// the checklist's id\n/* don't */ const t = `it's`;\nimport { x } from \"./store.js\";";
        assert!(
            version_imports(commented, "v").ends_with("from \"./store.js?v=v\";"),
            "quotes in comments are not strings"
        );
    }

    #[test]
    fn comments_go_but_code_stays() {
        let js = "// a note\nconst a = 1; // kept: after code\n/** doc\n * more */\nconst re = /^\\/\\//;\n  /* one */ const b = \"//x\";\n";
        assert_eq!(
            without_comment_lines(js),
            "const a = 1; // kept: after code\nconst re = /^\\/\\//;\n const b = \"//x\";\n"
        );
        assert_eq!(
            without_css_comments("/* a */\n:root { --x: #fff; /* b */ }\n\n.y { }\n"),
            ":root { --x: #fff;  }\n.y { }\n"
        );
    }

    /// Every theme script still parses once its comments are gone (Node's own parser).
    #[test]
    fn stripped_theme_scripts_still_parse() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/js");
        let scratch = tempfile::tempdir().expect("a scratch folder");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).expect("the theme's js folder").flatten() {
            let source = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let name = entry.file_name().to_string_lossy().replace(".js", ".mjs");
            let classic = name == "theme.mjs";
            let path = scratch.path().join(if classic { "theme.cjs".to_string() } else { name });
            std::fs::write(&path, without_comment_lines(&source)).expect("write");
            let status = std::process::Command::new("node").arg("--check").arg(&path).status().expect("node runs");
            assert!(status.success(), "{} no longer parses without its comments", entry.path().display());
            checked += 1;
        }
        assert!(checked >= 10, "{checked} scripts");
    }

    #[test]
    fn brand_css_lightens_for_dark_mode() {
        let css = brand_css("#1f5c8b");
        assert!(css.starts_with(":root { --tb-primary: #1f5c8b; }"));
        let dark = css.split("--tb-primary: #").nth(2).expect("dark value");
        let rgb = (
            u8::from_str_radix(&dark[0..2], 16).unwrap_or(0),
            u8::from_str_radix(&dark[2..4], 16).unwrap_or(0),
            u8::from_str_radix(&dark[4..6], 16).unwrap_or(0),
        );
        assert!(crate::colour::contrast_ratio(rgb, (0x12, 0x14, 0x18)) >= 4.5);
        assert!(css.contains(":root[data-theme=\"dark\"] { --tb-primary: #"), "a chosen dark scheme gets it too");
        assert!(css.contains(":root:not([data-theme=\"light\"])"), "a chosen light scheme keeps the light colour");
    }

    #[test]
    fn the_brand_tints_keep_the_brand_colour_readable() {
        for primary in ["#1f5c8b", "#7a1f5c", "#0b6e4f", "#595959"] {
            let css = brand_css(primary);
            let value = |name: &str, nth: usize| {
                let at = css.match_indices(name).nth(nth).map(|(i, _)| i + name.len()).unwrap_or(0);
                crate::colour::parse_hex(&css[at..at + 7]).unwrap_or((0, 0, 0))
            };
            let (light, light_tint) = (value("--tb-primary: ", 0), value("--tb-tint: ", 0));
            let (dark, dark_tint) = (value("--tb-primary: ", 1), value("--tb-tint: ", 1));
            assert!(crate::colour::contrast_ratio(light, light_tint) >= 4.5, "{primary} on its light tint");
            assert!(crate::colour::contrast_ratio(dark, dark_tint) >= 4.5, "{primary} on its dark tint");
            assert_ne!(light_tint, (0xff, 0xff, 0xff), "{primary}: the tint is a tint, not white");
        }
    }
}
