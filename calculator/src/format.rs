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
        return "too large".to_string();
    };
    let sign = if scaled < 0 { "-" } else { "" };
    let scaled = scaled.unsigned_abs();
    let unit = 10u128.pow(places);
    let whole = group(&(scaled / unit).to_string());
    if places == 0 {
        format!("{sign}{whole}")
    } else {
        format!(
            "{sign}{whole}.{:0width$}",
            scaled % unit,
            width = places as usize
        )
    }
}

/// Whole dollars: `$72,092`.
pub fn currency(value: Exact) -> String {
    with_dollar(decimal(value, 0))
}

/// A fraction as a percentage with one decimal: `0.25` -> `25.0%`.
pub fn percent(fraction: Exact) -> String {
    format!("{}%", decimal(fraction * Exact::int(100), 1))
}

/// A fraction as a signed percentage change: `0.2` -> `+20.0%`.
pub fn signed_percent(fraction: Exact) -> String {
    let text = percent(fraction);
    if fraction.is_negative() || text.starts_with("0.0") {
        text
    } else {
        format!("+{text}")
    }
}

fn with_dollar(number: String) -> String {
    match number.strip_prefix('-') {
        Some(rest) => format!("-${rest}"),
        None => format!("${number}"),
    }
}

/// A number as typed back to the reader: no trailing zeros, grouped thousands (`1,704.17`, `0.5`).
pub fn plain(value: Exact) -> String {
    let text = decimal(value, 4);
    match text.split_once('.') {
        Some((whole, frac)) => {
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                whole.to_string()
            } else {
                format!("{whole}.{frac}")
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
        Unit::Percent => format!("{}%", plain(value)),
        Unit::Students | Unit::Count | Unit::Number => plain(value),
    }
}

/// A limit in a message. Zero is written bare ("must be greater than 0").
pub fn limit(limit: Limit, unit: Unit) -> String {
    let value = Exact::hundredths(limit.hundredths);
    if value.is_zero() {
        "0".to_string()
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
        assert_eq!(
            input(Exact::hundredths(170_417), Unit::Dollars),
            "$1,704.17"
        );
        assert_eq!(
            input(Exact::hundredths(170_410), Unit::Dollars),
            "$1,704.10"
        );
        assert_eq!(input(Exact::new(1, 2), Unit::Number), "0.5");
        assert_eq!(input(Exact::int(25), Unit::Percent), "25%");
        assert_eq!(
            limit(
                Limit {
                    hundredths: 10_000,
                    exclusive: true
                },
                Unit::Percent
            ),
            "100%"
        );
        assert_eq!(
            limit(
                Limit {
                    hundredths: 1,
                    exclusive: false
                },
                Unit::Dollars
            ),
            "$0.01"
        );
    }
}
