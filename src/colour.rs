//! Colours: `#rrggbb` parsing and printing, WCAG 2.1 contrast, and moving a colour towards black
//! or white until it reads on every background it sits on. The district's brand colour is checked
//! with it (config) and given its dark-scheme shade with it (theme CSS).

/// A colour as red, green and blue bytes.
pub(crate) type Rgb = (u8, u8, u8);

/// The light-scheme backgrounds the theme puts the brand colour on as text: the page (white),
/// header and footer (--tb-surface) and notes (--tb-note). Kept in step with style.css.
pub(crate) const LIGHT_BACKGROUNDS: [Rgb; 3] = [(0xff, 0xff, 0xff), (0xf4, 0xf6, 0xf8), (0xe8, 0xf0, 0xf8)];

/// The dark-scheme backgrounds it sits on: the page, the surface (header, footer, contents) and
/// notes. Kept in step with style.css.
pub(crate) const DARK_BACKGROUNDS: [Rgb; 3] = [(0x12, 0x14, 0x18), (0x1c, 0x20, 0x27), (0x1b, 0x28, 0x36)];

/// `#1f5c8b` -> `(0x1f, 0x5c, 0x8b)`; `None` unless it is `#` and six hex digits.
pub(crate) fn parse_hex(s: &str) -> Option<Rgb> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((channel(0)?, channel(2)?, channel(4)?))
}

pub(crate) fn format_hex((r, g, b): Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn relative_luminance((r, g, b): Rgb) -> f64 {
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

/// WCAG 2.1 contrast ratio between two colours.
pub(crate) fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The lowest contrast of a text colour against some backgrounds.
pub(crate) fn min_contrast(rgb: Rgb, backgrounds: &[Rgb]) -> f64 {
    backgrounds.iter().map(|&bg| contrast_ratio(rgb, bg)).fold(f64::INFINITY, f64::min)
}

/// Which way [`shade_to_contrast`] moves a colour.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Towards {
    Black,
    White,
}

/// `rgb` moved towards black or white in steps of 1%, until it has `target` contrast on every
/// one of `backgrounds`; black or white itself if no step does.
pub(crate) fn shade_to_contrast(rgb: Rgb, towards: Towards, backgrounds: &[Rgb], target: f64) -> Rgb {
    let step = |c: u8, f: f64| match towards {
        Towards::Black => (f64::from(c) * (1.0 - f)).floor() as u8,
        Towards::White => (f64::from(c) + (255.0 - f64::from(c)) * f).round() as u8,
    };
    (0..=100)
        .map(|s| f64::from(s) / 100.0)
        .map(|f| (step(rgb.0, f), step(rgb.1, f), step(rgb.2, f)))
        .find(|&c| min_contrast(c, backgrounds) >= target)
        .unwrap_or(match towards {
            Towards::Black => (0, 0, 0),
            Towards::White => (255, 255, 255),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_of_black_on_white_is_21() {
        assert!((contrast_ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio((255, 255, 255), (255, 255, 255)) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn hex_round_trips_and_rejects_other_forms() {
        assert_eq!(parse_hex("#1f5C8b"), Some((0x1f, 0x5c, 0x8b)));
        assert_eq!(format_hex((0x1f, 0x5c, 0x8b)), "#1f5c8b");
        for bad in ["1f5c8b", "#fff", "#1f5c8g", "#1f5c8b0"] {
            assert_eq!(parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn shades_reach_the_contrast_asked_for_on_every_background() {
        let yellow = (0xff, 0xcc, 0x00);
        let darker = shade_to_contrast(yellow, Towards::Black, &LIGHT_BACKGROUNDS, 4.5);
        assert!(min_contrast(darker, &LIGHT_BACKGROUNDS) >= 4.5);
        assert!(
            min_contrast(shade_to_contrast(darker, Towards::White, &DARK_BACKGROUNDS, 4.5), &DARK_BACKGROUNDS) >= 4.5
        );
        // Already enough: unchanged.
        assert_eq!(shade_to_contrast((0, 0, 0x80), Towards::Black, &LIGHT_BACKGROUNDS, 4.5), (0, 0, 0x80));
    }
}
