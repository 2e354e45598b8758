//! Exact rational numbers for money and rates. Every input is a finite decimal and every formula is
//! `+ - × ÷`, so fractions hold every value exactly: no binary floating point, no rounding until
//! display (and the forecast's yearly figures, which are stated to the cent; see `forecast_year`).
//!
//! [`Exact`] is a reduced fraction of two `i64`s: the model's arithmetic. [`Wide`] is a fraction of
//! two `i128`s for what is shown: each result, its rounding and the three products that need more
//! than 64 bits (below). A value that would overflow becomes "too large" (den 0) and stays so
//! through later operations, like a NaN that cannot be ignored; `is_valid` reports it, and the
//! model then blocks the result rather than show a wrong number.
//!
//! # Why in-range input never overflows
//!
//! A reduced fraction's numerator is its value times its denominator, and every denominator here
//! divides a product of the inputs' denominators (100 for dollars, percentages and plain numbers
//! with two decimals; 10 for growth rates; 1 for counts) and of the divisors in the formulas (100,
//! 60, the caseload, the cost before, the percentage). The hard limits bound each value, so:
//!
//! | value | at most | denominator divides | numerator at most |
//! |---|---|---|---|
//! | an input as typed ([`parse_decimal`]) | whatever fits | 10^12 | `i64::MAX` |
//! | an input, held to ±10^6 (beyond every limit) and rounded to its places | 10^6 | 100 | 10^8 |
//! | compare: totals, difference | 10^10 | 100 | 10^12 |
//! | compare: reduction (difference ÷ cost before ≥ 100) | 1,000 | cost before in cents, ≤ 10^7 | 10^10 |
//! | work-back: cost before, totals (÷ percentage ≥ 0.0001) | 10^14 | 10^4 | 10^18 |
//! | employed: salary × (1 + benefits) | 3.6 × 10^5 | 10^6 | 3.6 × 10^11 |
//! | employed: FTE cost (shares of 10^4) | 4 × 10^5 | 10^10 | 4 × 10^15 |
//! | employed: per student (÷ caseload ≤ 150) | 4 × 10^5 | 1.5 × 10^12 | 4 × 10^15 |
//! | contracted: hours (minutes ÷ 60 × weeks × (1 + ratio)) | 1,040 | 6 × 10^7 | 6.3 × 10^10 |
//! | contracted: per student, evaluations | 2.6 × 10^5 | 6 × 10^9 | 1.6 × 10^15 |
//! | what-if: evaluations avoided, their cost | 5 × 10^8 | 10^6 | 5 × 10^14 |
//! | forecast: a year's totals and their sums | 2.6 × 10^12 | 100 | 2.6 × 10^14 |
//!
//! All are below `i64::MAX` ≈ 9.2 × 10^18. Two products are not, so they are [`Wide`] and never
//! reduced: the Medicaid offset (a cost per student × three percentages: numerator at most 4 ×
//! 10^27, denominator 1.5 × 10^24) and the forecast's compounding (a cost in cents × a growth factor of at most 1,200/1,000, nine
//! times: 10^34 over 10^29). All are below `i128::MAX` ≈ 1.7 × 10^38, and so is each rounding
//! (numerator × 10^4 at most). The property tests in `tests/model.rs` run every mode at values
//! next to each hard limit and check that nothing comes out "too large".

use core::cmp::Ordering;
use core::ops::{Add, Div, Mul, Neg, Sub};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Exact {
    num: i64,
    /// Always > 0 for a valid value; 0 marks an overflowed value.
    den: i64,
}

const TOO_LARGE: Exact = Exact { num: 0, den: 0 };

/// `a / b`; 0 for a zero divisor. Every caller divides by a `gcd` (at least 1): this only keeps the
/// panic path, and its formatting code, out of the wasm.
fn div(a: i64, b: i64) -> i64 {
    a.checked_div(b).unwrap_or_default()
}

/// The greatest common divisor, at least 1 (so it can always divide). Callers never pass
/// `i64::MIN` ([`Exact::new`] turns it away), so the result fits.
fn gcd(a: i64, b: i64) -> i64 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while let Some(r) = a.checked_rem(b) {
        (a, b) = (b, r);
    }
    (a as i64).max(1)
}

impl Exact {
    pub const ZERO: Exact = Exact { num: 0, den: 1 };
    pub const ONE: Exact = Exact { num: 1, den: 1 };

    /// `num / den`, reduced. A zero denominator gives an invalid value.
    pub fn new(num: i64, den: i64) -> Exact {
        if den == 0 || num == i64::MIN || den == i64::MIN {
            return TOO_LARGE;
        }
        let g = gcd(num, den);
        let sign = if den < 0 { -1 } else { 1 };
        Exact { num: div(sign * num, g), den: div(sign * den, g) }
    }

    pub fn int(n: i64) -> Exact {
        Exact { num: n, den: 1 }
    }

    /// `n / 100`: amounts in cents, percentages as fractions.
    pub fn hundredths(n: i64) -> Exact {
        Exact::new(n, 100)
    }

    pub fn is_valid(self) -> bool {
        self.den > 0
    }

    pub fn is_integer(self) -> bool {
        self.den == 1
    }

    pub fn is_zero(self) -> bool {
        self.is_valid() && self.num == 0
    }

    pub fn is_negative(self) -> bool {
        self.is_valid() && self.num < 0
    }

    pub fn abs(self) -> Exact {
        Exact { num: self.num.abs(), den: self.den }
    }

    pub fn numer(self) -> i64 {
        self.num
    }

    pub fn denom(self) -> i64 {
        self.den
    }

    /// The same value as a [`Wide`], for display and the wide products.
    pub fn wide(self) -> Wide {
        Wide { num: i128::from(self.num), den: i128::from(self.den) }
    }

    /// `self` rounded to `places` decimal places, half away from zero, as an integer count of
    /// `10^-places`. `None` for an invalid value.
    pub fn round_scaled(self, places: u32) -> Option<i128> {
        self.wide().round_scaled(places)
    }

    /// `self` rounded to `places` decimal places (half away from zero), as an exact value.
    pub fn round(self, places: u32) -> Exact {
        self.wide().round(places)
    }

    /// The nearest `f64`, for JSON and the browser; NaN when invalid.
    pub fn to_f64(self) -> f64 {
        self.wide().to_f64()
    }

    fn checked(num: Option<i64>, den: Option<i64>) -> Exact {
        match (num, den) {
            (Some(n), Some(d)) => Exact::new(n, d),
            _ => TOO_LARGE,
        }
    }
}

impl Add for Exact {
    type Output = Exact;
    fn add(self, rhs: Exact) -> Exact {
        if !self.is_valid() || !rhs.is_valid() {
            return TOO_LARGE;
        }
        let g = gcd(self.den, rhs.den);
        let (ld, rd) = (div(self.den, g), div(rhs.den, g));
        let num = self.num.checked_mul(rd).zip(rhs.num.checked_mul(ld)).and_then(|(a, b)| a.checked_add(b));
        Exact::checked(num, self.den.checked_mul(rd))
    }
}

impl Neg for Exact {
    type Output = Exact;
    fn neg(self) -> Exact {
        Exact { num: -self.num, den: self.den }
    }
}

impl Sub for Exact {
    type Output = Exact;
    fn sub(self, rhs: Exact) -> Exact {
        self + (-rhs)
    }
}

impl Mul for Exact {
    type Output = Exact;
    fn mul(self, rhs: Exact) -> Exact {
        if !self.is_valid() || !rhs.is_valid() {
            return TOO_LARGE;
        }
        // Cross-reduce first, so the products are the reduced result's own parts.
        let g1 = gcd(self.num, rhs.den);
        let g2 = gcd(rhs.num, self.den);
        let num = div(self.num, g1).checked_mul(div(rhs.num, g2));
        let den = div(self.den, g2).checked_mul(div(rhs.den, g1));
        Exact::checked(num, den)
    }
}

impl Div for Exact {
    type Output = Exact;
    fn div(self, rhs: Exact) -> Exact {
        if !rhs.is_valid() || rhs.num == 0 {
            return TOO_LARGE;
        }
        self * Exact { num: rhs.den * rhs.num.signum(), den: rhs.num.abs() }
    }
}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Exact) -> Option<Ordering> {
        if !self.is_valid() || !other.is_valid() {
            return None;
        }
        let diff = *self - *other;
        diff.is_valid().then(|| diff.num.cmp(&0))
    }
}

/// A fraction of two `i128`s, not reduced: what the model shows, and the three products that need
/// more than 64 bits (see the module docs). Only multiplication, addition and rounding.
#[derive(Clone, Copy, Debug)]
pub struct Wide {
    num: i128,
    /// Always > 0 for a valid value; 0 marks an overflowed value.
    den: i128,
}

impl Wide {
    pub fn is_valid(self) -> bool {
        self.den > 0
    }

    pub fn is_zero(self) -> bool {
        self.is_valid() && self.num == 0
    }

    pub fn is_negative(self) -> bool {
        self.is_valid() && self.num < 0
    }

    pub fn abs(self) -> Wide {
        Wide { num: self.num.abs(), den: self.den }
    }

    /// `self × factor`; "too large" when it would not fit.
    pub fn times(self, factor: Exact) -> Wide {
        let factor = factor.wide();
        match (self.num.checked_mul(factor.num), self.den.checked_mul(factor.den)) {
            (Some(num), Some(den)) => Wide { num, den },
            _ => Wide { num: 0, den: 0 },
        }
    }

    /// `self + other`; "too large" when it would not fit.
    pub fn plus(self, other: Wide) -> Wide {
        let num = self.num.checked_mul(other.den).zip(other.num.checked_mul(self.den));
        match (num.and_then(|(a, b)| a.checked_add(b)), self.den.checked_mul(other.den)) {
            (Some(num), Some(den)) => Wide { num, den },
            _ => Wide { num: 0, den: 0 },
        }
    }

    /// `self` rounded to `places` decimal places, half away from zero, as an integer count of
    /// `10^-places`. `None` for an invalid value.
    pub fn round_scaled(self, places: u32) -> Option<i128> {
        if !self.is_valid() {
            return None;
        }
        let scaled = self.num.checked_mul(10i128.checked_pow(places)?)?;
        let (q, r) = (scaled.checked_div(self.den)?, scaled.checked_rem(self.den)?);
        // |r| < den, so twice it fits.
        Some(if r.abs() * 2 >= self.den { q + scaled.signum() } else { q })
    }

    /// `self` rounded to `places` decimal places (half away from zero), as an exact value.
    pub fn round(self, places: u32) -> Exact {
        match self.round_scaled(places).map(i64::try_from) {
            Some(Ok(n)) => Exact::new(n, 10i64.pow(places)),
            _ => TOO_LARGE,
        }
    }

    /// The nearest `f64`, for JSON and the browser; NaN when invalid.
    pub fn to_f64(self) -> f64 {
        if !self.is_valid() {
            return f64::NAN;
        }
        // Split off the integer part so large values keep their cents.
        let whole = self.num / self.den;
        let rest = self.num % self.den;
        whole as f64 + rest as f64 / self.den as f64
    }
}

impl From<Exact> for Wide {
    fn from(value: Exact) -> Wide {
        value.wide()
    }
}

/// Equal values, however written (`1/2 == 2/4`); an invalid value equals nothing.
impl PartialEq for Wide {
    fn eq(&self, other: &Wide) -> bool {
        self.is_valid()
            && other.is_valid()
            && self.num.checked_mul(other.den).is_some_and(|a| Some(a) == other.num.checked_mul(self.den))
    }
}

/// Why a text is not a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    Blank,
    Invalid,
}

/// A number too long for an [`Exact`] (more than about 9.2 × 10^18 in units of its last decimal:
/// 9.2 × 10^6 with twelve decimals, 9.2 × 10^16 with two) is beyond every limit (the largest is
/// 200,000); it is read as this, with its sign and decimals, so a message still says "at most" (or
/// "a whole number"). A number that fits, such as any `f64` written out, is read exactly.
pub(crate) const INTEGER_CAP: i64 = 1_000_000;

/// Reads a decimal as people type it: `2152`, `2,152`, `$2,152.50`, `25%`, ` -3 `, `1e9`.
/// Thousands separators, a leading `$`, a trailing `%` and an exponent (`1e9`, `2.5E-3`) are
/// allowed; `NaN` and `inf` are not, and neither are more than 12 digits after the point (counting
/// a negative exponent's). A number too large to hold exactly (more than 18 digits before the point,
/// or an exponent that takes it there) is read as 1,000,000 with its decimals: beyond every limit
/// either way (see `INTEGER_CAP`), so the reader gets "must be at most ...", not "must be a number".
pub fn parse_decimal(text: &str) -> Result<Exact, ParseError> {
    let mut s = text.trim();
    if s.is_empty() {
        return Err(ParseError::Blank);
    }
    let negative = if let Some(rest) = s.strip_prefix('-') {
        s = rest.trim_start();
        true
    } else {
        false
    };
    s = s.strip_prefix('$').unwrap_or(s).trim_start();
    s = s.strip_suffix('%').unwrap_or(s).trim_end();
    // Byte-wise from here (every accepted character is ASCII): the browser build carries no
    // string-search code.
    let s = s.as_bytes();
    let (s, exponent) = match s.iter().position(|&b| b == b'e' || b == b'E') {
        Some(at) => (s.get(..at).unwrap_or_default(), exponent_of(s.get(at + 1..).unwrap_or_default())?),
        None => (s, 0),
    };
    let (int_part, frac_part) = match s.iter().position(|&b| b == b'.') {
        Some(dot) => (s.get(..dot).unwrap_or_default(), s.get(dot + 1..).unwrap_or_default()),
        None => (s, &[][..]),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(ParseError::Invalid);
    }
    // Commas only between digit groups of the integer part.
    if int_part.first() == Some(&b',') || int_part.last() == Some(&b',') || int_part.windows(2).any(|w| w == b",,") {
        return Err(ParseError::Invalid);
    }
    if !int_part.iter().all(|&b| b == b',' || b.is_ascii_digit()) || !frac_part.iter().all(u8::is_ascii_digit) {
        return Err(ParseError::Invalid);
    }
    // The decimals the value has once the exponent is applied: `1.25e1` has one, `5e-3` three.
    let places = frac_part.len() as i32 - exponent;
    if places > 12 {
        return Err(ParseError::Invalid);
    }
    let digits = int_part.iter().chain(frac_part).filter(|b| b.is_ascii_digit()).skip_while(|&&b| b == b'0');
    let mut num: Option<i64> = Some(0);
    for b in digits {
        num = num.and_then(|n| n.checked_mul(10)).and_then(|n| n.checked_add(i64::from(b - b'0')));
    }
    // Digits times 10^-places: a scale for decimals, or trailing zeros for a positive exponent.
    let (scale, zeros) = if places >= 0 { (places as u32, 0) } else { (0, places.unsigned_abs()) };
    let num = num.and_then(|n| 10i64.checked_pow(zeros).and_then(|z| n.checked_mul(z)));
    let scale_value = 10i64.pow(scale);
    let value = match num {
        Some(n) => Exact::new(n, scale_value),
        // Too large to hold: the cap, keeping the decimals (at most (10^6 + 1) × 10^12, which fits).
        None => {
            let frac = frac_tail(frac_part, scale);
            Exact::new(INTEGER_CAP * scale_value + frac, scale_value)
        }
    };
    Ok(if negative { -value } else { value })
}

/// The exponent after `e`: an optional sign and one to three digits.
fn exponent_of(text: &[u8]) -> Result<i32, ParseError> {
    let (sign, digits) = match text.first() {
        Some(b'-') => (-1, text.get(1..).unwrap_or_default()),
        Some(b'+') => (1, text.get(1..).unwrap_or_default()),
        _ => (1, text),
    };
    if digits.is_empty() || digits.len() > 3 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(ParseError::Invalid);
    }
    Ok(sign * digits.iter().fold(0i32, |n, b| n * 10 + i32::from(b - b'0')))
}

/// The last `scale` digits of the value's decimals, as an integer: what a capped value keeps.
fn frac_tail(frac_part: &[u8], scale: u32) -> i64 {
    let take = (scale as usize).min(frac_part.len());
    let mut frac: i64 = 0;
    for b in frac_part.get(..take).unwrap_or_default() {
        frac = frac * 10 + i64::from(b - b'0');
    }
    // Fewer decimal digits than the scale (a negative exponent shifted them): pad with zeros.
    frac * 10i64.pow(scale - take as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_is_exact() {
        let a = Exact::new(1, 3);
        assert_eq!(a + a + a, Exact::ONE);
        assert_eq!(Exact::hundredths(170417) - Exact::hundredths(170417), Exact::ZERO);
        assert_eq!(Exact::int(538) / Exact::new(1, 4), Exact::int(2152));
        assert!(Exact::new(1, 2) < Exact::new(2, 3));
        assert_eq!(Exact::new(1, 2).wide(), Exact::new(2, 4).wide().times(Exact::ONE));
        assert_eq!(Exact::new(1, 3).wide().plus(Exact::new(1, 6).wide()), Exact::new(1, 2).wide());
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(Exact::new(5, 2).round_scaled(0), Some(3));
        assert_eq!(Exact::new(-5, 2).round_scaled(0), Some(-3));
        assert_eq!(Exact::new(249, 1000).round_scaled(1), Some(2));
        assert_eq!(Exact::new(1, 4).round_scaled(3), Some(250));
        assert_eq!(Exact::new(-1, 4).round(1), Exact::new(-3, 10));
    }

    #[test]
    fn overflow_poisons() {
        let big = Exact::int(i64::MAX / 2);
        let huge = big * big;
        assert!(!huge.is_valid());
        assert!(!(huge + Exact::ONE).is_valid());
        assert!((Exact::ONE / Exact::ZERO).to_f64().is_nan());
        let wide = big.wide().times(big).times(big).times(big).times(big);
        assert!(!wide.is_valid() && wide.round_scaled(0).is_none() && wide != wide);
        assert!(!Exact::int(i64::MAX).wide().times(Exact::int(10)).round(0).is_valid());
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_decimal("2,152"), Ok(Exact::int(2152)));
        assert_eq!(parse_decimal(" $1,704.17 "), Ok(Exact::hundredths(170417)));
        assert_eq!(parse_decimal("25%"), Ok(Exact::int(25)));
        assert_eq!(parse_decimal(".5"), Ok(Exact::new(1, 2)));
        assert_eq!(parse_decimal("-3"), Ok(Exact::int(-3)));
        assert_eq!(parse_decimal("0.000000000001"), Ok(Exact::new(1, 1_000_000_000_000)));
        assert_eq!(parse_decimal("  "), Err(ParseError::Blank));
        for bad in [
            "abc",
            "NaN",
            "inf",
            "1.2.3",
            ",1",
            "1,,0",
            "--1",
            ".",
            "12a",
            "1.0000000000001",
            "e5",
            "1e",
            "1e1234",
            "1e-13",
        ] {
            assert_eq!(parse_decimal(bad), Err(ParseError::Invalid), "{bad}");
        }
        assert_eq!(parse_decimal("1e3"), Ok(Exact::int(1000)));
        assert_eq!(parse_decimal("2.5E-3"), Ok(Exact::new(25, 10_000)));
        assert_eq!(parse_decimal("1.25e1"), Ok(Exact::new(125, 10)));
        assert_eq!(parse_decimal("-1e+2"), Ok(Exact::int(-100)));
    }

    #[test]
    fn huge_inputs_are_capped_beyond_every_limit() {
        assert_eq!(parse_decimal("999,999,999,999,999,999"), Ok(Exact::int(999_999_999_999_999_999)));
        assert_eq!(parse_decimal("288,368,000.25"), Ok(Exact::new(28_836_800_025, 100)));
        assert_eq!(parse_decimal("999999999999999999.5"), Ok(Exact::new(2 * INTEGER_CAP + 1, 2)));
        assert_eq!(
            parse_decimal("-123456789.000000000005"),
            Ok(-Exact::new(INTEGER_CAP * 10i64.pow(12) + 5, 10i64.pow(12)))
        );
        let most = parse_decimal("999999999999999999.999999999999").map(Exact::is_valid);
        assert_eq!(most, Ok(true));
        // Longer than any i64, or an exponent beyond it: still "too large", not "not a number".
        assert_eq!(parse_decimal("99999999999999999999"), Ok(Exact::int(INTEGER_CAP)));
        assert_eq!(parse_decimal("1e300"), Ok(Exact::int(INTEGER_CAP)));
        assert_eq!(parse_decimal("1e9"), Ok(Exact::int(1_000_000_000)));
    }
}
