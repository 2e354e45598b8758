//! Display rules (domain brief §7.1): currency to whole dollars, percentages to one decimal place.
//! Everything a person reads goes through here, so the CLI, the build and the browser write the
//! same text.

use crate::exact::Exact;
use crate::fields::{Limit, Unit};

/// Groups the digits of a non-negative integer string in threes: `72092` -> `72,092`.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `value` rounded to `places` decimals with grouped thousands, e.g. `27.0`, `10,000`.
pub fn decimal(value: Exact, places: u32) -> String {
    let Some(scaled) = value.round_scaled(places) else {
        return "too large".into();
    };
    let sign = if scaled < 0 { "-" } else { "" };
    let scaled = scaled.unsigned_abs();
    let unit = 10u128.pow(places);
    let whole = group(&digits(scaled / unit));
    if places == 0 {
        cat(&[sign, &whole])
    } else {
        let frac = digits(scaled % unit + unit); // a leading 1 keeps the zeros: 1005 -> "005"
        cat(&[sign, &whole, ".", frac.get(1..).unwrap_or_default()])
    }
}

/// The decimal digits of `n`. Hand-written: core's u128 formatting would add kilobytes to the wasm.
pub fn digits(mut n: u128) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    out.into_iter().map(char::from).collect()
}

/// The parts joined: `concat` without its generic machinery, which is large in wasm.
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        out.push_str(part);
    }
    out
}

/// `template` with each `{}` replaced by the next argument: `format!` without core::fmt, which
/// would add kilobytes to the wasm.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut args = args.iter();
    let bytes = template.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i + 1 < bytes.len() {
        if bytes[i] == b'{' && bytes[i + 1] == b'}' {
            out.push_str(template.get(start..i).unwrap_or_default());
            out.push_str(args.next().copied().unwrap_or_default());
            i += 2;
            start = i;
        } else {
            i += 1;
        }
    }
    out.push_str(template.get(start..).unwrap_or_default());
    out
}

/// Whole dollars: `$72,092`.
pub fn currency(value: Exact) -> String {
    with_dollar(decimal(value, 0))
}

/// A fraction as a percentage with one decimal: `0.25` -> `25.0%`.
pub fn percent(fraction: Exact) -> String {
    cat(&[&decimal(fraction * Exact::int(100), 1), "%"])
}

/// A fraction as a signed percentage change: `0.2` -> `+20.0%`.
pub fn signed_percent(fraction: Exact) -> String {
    let text = percent(fraction);
    if fraction.is_negative() || text.starts_with("0.0") {
        text
    } else {
        cat(&["+", &text])
    }
}

fn with_dollar(number: String) -> String {
    match number.strip_prefix('-') {
        Some(rest) => cat(&["-$", rest]),
        None => cat(&["$", &number]),
    }
}

/// A number as typed back to the reader: no trailing zeros, grouped thousands (`1,704.17`, `0.5`).
pub fn plain(value: Exact) -> String {
    let text = decimal(value, 4);
    match text.split_once('.') {
        Some((whole, frac)) => {
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                whole.into()
            } else {
                cat(&[whole, ".", frac])
            }
        }
        None => text,
    }
}

/// An input value in its unit: `$2,152`, `$1,704.17`, `25%`, `134`.
pub fn input(value: Exact, unit: Unit) -> String {
    match unit {
        Unit::Dollars if value.is_integer() => currency(value),
        Unit::Dollars => with_dollar(decimal(value, 2)),
        Unit::Percent => cat(&[&plain(value), "%"]),
        Unit::Students | Unit::Count | Unit::Number => plain(value),
    }
}

/// A limit in a message. Zero is written bare ("must be greater than 0").
pub fn limit(limit: Limit, unit: Unit) -> String {
    let value = Exact::hundredths(limit.hundredths);
    if value.is_zero() {
        "0".into()
    } else {
        input(value, unit)
    }
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
        assert_eq!(percent(Exact::new(1, 4)), "25.0%");
        assert_eq!(percent(Exact::ZERO), "0.0%");
        assert_eq!(signed_percent(Exact::new(1, 5)), "+20.0%");
        assert_eq!(decimal(Exact::int(27), 1), "27.0");
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
}
