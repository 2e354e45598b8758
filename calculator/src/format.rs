//! Display rules (domain brief §7.1): currency to whole dollars, percentages to one decimal place.
//! Everything a person reads goes through here, so the CLI, the build and the browser write the
//! same text.
//!
//! Texts are written into a [`Line`], a fixed-size buffer on the stack, so the browser build needs
//! no allocator; the `String` functions at the end are for native callers.

use crate::exact::{Exact, Wide};
use crate::fields::{Limit, Unit};

/// The longest text the model writes (a summary with its numbers is under 300 bytes).
const CAPACITY: usize = 480;

/// A text of at most 480 bytes. A piece that would not fit is left out whole, so the text
/// is always valid UTF-8; nothing the model writes comes near the limit.
#[derive(Clone, Copy)]
pub struct Line {
    buf: [u8; CAPACITY],
    len: usize,
}

impl Default for Line {
    fn default() -> Line {
        Line::new()
    }
}

impl Line {
    pub const fn new() -> Line {
        Line { buf: [0; CAPACITY], len: 0 }
    }

    pub fn push(&mut self, text: &str) -> &mut Line {
        let bytes = text.as_bytes();
        if let Some(to) = self.buf.get_mut(self.len..self.len + bytes.len()) {
            for (to, from) in to.iter_mut().zip(bytes) {
                *to = *from;
            }
            self.len += bytes.len();
        }
        self
    }

    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }

    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// The decimal digits of `n`, with `,` between groups of three when `group` is set.
    pub fn digits(&mut self, n: u128, group: bool) -> &mut Line {
        let mut out = [0u8; 52];
        let mut at = out.len();
        let mut n = n;
        let mut count = 0;
        loop {
            if group && count > 0 && count % 3 == 0 {
                at -= 1;
                if let Some(slot) = out.get_mut(at) {
                    *slot = b',';
                }
            }
            at -= 1;
            if let Some(slot) = out.get_mut(at) {
                *slot = b'0' + (n % 10) as u8;
            }
            n /= 10;
            count += 1;
            if n == 0 {
                break;
            }
        }
        self.push(core::str::from_utf8(out.get(at..).unwrap_or_default()).unwrap_or_default())
    }

    /// `value` rounded to `places` decimals (half away from zero) with grouped thousands, e.g.
    /// `27.0`, `10,000`.
    pub fn decimal(&mut self, value: Wide, places: u32) -> &mut Line {
        let Some(scaled) = value.round_scaled(places) else {
            return self.push("too large");
        };
        if scaled < 0 {
            self.push("-");
        }
        let scaled = scaled.unsigned_abs();
        let unit = 10u128.pow(places).max(1);
        self.digits(scaled / unit, true);
        if places > 0 {
            // A leading 1 keeps the zeros: 1005 -> "005".
            let mut frac = Line::new();
            frac.digits(scaled % unit + unit, false);
            self.push(".").push(frac.as_str().get(1..).unwrap_or_default());
        }
        self
    }

    /// Whole dollars: `$72,092`, `-$5`.
    pub fn currency(&mut self, value: Wide) -> &mut Line {
        let mut number = Line::new();
        number.decimal(value, 0);
        self.dollars(number.as_str())
    }

    fn dollars(&mut self, number: &str) -> &mut Line {
        match number.strip_prefix('-') {
            Some(rest) => self.push("-$").push(rest),
            None => self.push("$").push(number),
        }
    }

    /// A fraction as a percentage with one decimal: `0.25` -> `25.0%`.
    pub fn percent(&mut self, fraction: Wide) -> &mut Line {
        self.decimal(fraction.times(Exact::int(100)), 1).push("%")
    }

    /// A fraction as a signed percentage change: `0.2` -> `+20.0%`.
    pub fn signed_percent(&mut self, fraction: Wide) -> &mut Line {
        let mut text = Line::new();
        text.percent(fraction);
        if !fraction.is_negative() && !text.as_str().starts_with("0.0") {
            self.push("+");
        }
        self.push(text.as_str())
    }

    /// A number as typed back to the reader: no trailing zeros, grouped thousands (`1,704.17`).
    pub fn plain(&mut self, value: Wide) -> &mut Line {
        let mut text = Line::new();
        text.decimal(value, 4);
        // Drop trailing zeros of the decimals, and the point with them if nothing is left
        // (decimal() always writes four decimals, so the text ends in them).
        let mut text = text.as_str();
        while let Some(rest) = text.strip_suffix('0') {
            text = rest;
        }
        self.push(text.strip_suffix('.').unwrap_or(text))
    }

    /// An input value in its unit: `$2,152`, `$1,704.17`, `25%`, `134`.
    pub fn input(&mut self, value: Exact, unit: Unit) -> &mut Line {
        match unit {
            Unit::Dollars if value.is_integer() => self.currency(value.wide()),
            Unit::Dollars => {
                let mut number = Line::new();
                number.decimal(value.wide(), 2);
                self.dollars(number.as_str())
            }
            Unit::Percent => self.plain(value.wide()).push("%"),
            Unit::Students | Unit::Count | Unit::Number => self.plain(value.wide()),
        }
    }

    /// A limit in a message. Zero is written bare ("must be greater than 0").
    pub fn limit(&mut self, limit: Limit, unit: Unit) -> &mut Line {
        let value = Exact::hundredths(limit.hundredths);
        if value.is_zero() {
            self.push("0")
        } else {
            self.input(value, unit)
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn text(write: impl FnOnce(&mut Line)) -> String {
    let mut line = Line::new();
    write(&mut line);
    line.as_str().into()
}

/// `value` rounded to `places` decimals with grouped thousands, e.g. `27.0`, `10,000`.
#[cfg(not(target_arch = "wasm32"))]
pub fn decimal(value: impl Into<Wide>, places: u32) -> String {
    text(|l| {
        l.decimal(value.into(), places);
    })
}

/// The decimal digits of `n`.
#[cfg(not(target_arch = "wasm32"))]
pub fn digits(n: u128) -> String {
    text(|l| {
        l.digits(n, false);
    })
}

/// Whole dollars: `$72,092`.
#[cfg(not(target_arch = "wasm32"))]
pub fn currency(value: impl Into<Wide>) -> String {
    text(|l| {
        l.currency(value.into());
    })
}

/// A fraction as a percentage with one decimal: `0.25` -> `25.0%`.
#[cfg(not(target_arch = "wasm32"))]
pub fn percent(fraction: impl Into<Wide>) -> String {
    text(|l| {
        l.percent(fraction.into());
    })
}

/// A fraction as a signed percentage change: `0.2` -> `+20.0%`.
#[cfg(not(target_arch = "wasm32"))]
pub fn signed_percent(fraction: impl Into<Wide>) -> String {
    text(|l| {
        l.signed_percent(fraction.into());
    })
}

/// A number as typed back to the reader: no trailing zeros, grouped thousands (`1,704.17`, `0.5`).
#[cfg(not(target_arch = "wasm32"))]
pub fn plain(value: impl Into<Wide>) -> String {
    text(|l| {
        l.plain(value.into());
    })
}

/// An input value in its unit: `$2,152`, `$1,704.17`, `25%`, `134`.
#[cfg(not(target_arch = "wasm32"))]
pub fn input(value: Exact, unit: Unit) -> String {
    text(|l| {
        l.input(value, unit);
    })
}

/// A limit in a message. Zero is written bare ("must be greater than 0").
#[cfg(not(target_arch = "wasm32"))]
pub fn limit(limit: Limit, unit: Unit) -> String {
    text(|l| {
        l.limit(limit, unit);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_and_percent() {
        assert_eq!(currency(Exact::int(72_092)), "$72,092");
        assert_eq!(currency(Exact::hundredths(50)), "$1");
        assert_eq!(currency(Exact::int(-5)), "-$5");
        assert_eq!(currency(Exact::int(288_368_000)), "$288,368,000");
        assert_eq!(currency(Exact::int(100)), "$100");
        assert_eq!(currency(Exact::ZERO), "$0");
        assert_eq!(percent(Exact::new(1, 4)), "25.0%");
        assert_eq!(percent(Exact::ZERO), "0.0%");
        assert_eq!(signed_percent(Exact::new(1, 5)), "+20.0%");
        assert_eq!(decimal(Exact::int(27), 1), "27.0");
        assert_eq!(decimal(Exact::new(1005, 1000), 3), "1.005");
        assert_eq!(digits(1_000_000), "1000000");
    }

    #[test]
    fn inputs_read_back_as_typed() {
        assert_eq!(input(Exact::hundredths(170_417), Unit::Dollars), "$1,704.17");
        assert_eq!(input(Exact::hundredths(170_410), Unit::Dollars), "$1,704.10");
        assert_eq!(input(Exact::new(1, 2), Unit::Number), "0.5");
        assert_eq!(input(Exact::int(25), Unit::Percent), "25%");
        assert_eq!(limit(Limit { hundredths: 10_000, exclusive: true }, Unit::Percent), "100%");
        assert_eq!(limit(Limit { hundredths: 1, exclusive: false }, Unit::Dollars), "$0.01");
    }

    #[test]
    fn a_full_line_leaves_pieces_out_whole() {
        let mut line = Line::new();
        for _ in 0..CAPACITY {
            line.push("×");
        }
        assert_eq!(line.as_str().len(), CAPACITY - CAPACITY % 2);
        assert!(line.as_str().chars().all(|c| c == '×'));
    }
}
