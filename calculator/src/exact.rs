//! An exact rational number for money and rates. Every input is a finite decimal and every formula is
//! `+ - × ÷`, so a fraction of two `i128`s holds each intermediate value exactly: no binary floating
//! point, no rounding until display. A value that would overflow becomes "too large" (den 0) and stays
//! so through later operations, like a NaN that cannot be ignored: [`Exact::is_valid`] reports it.

use core::cmp::Ordering;
use core::ops::{Add, Div, Mul, Neg, Sub};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Exact {
    num: i128,
    /// Always > 0 for a valid value; 0 marks an overflowed value.
    den: i128,
}

const TOO_LARGE: Exact = Exact { num: 0, den: 0 };

/// The greatest common divisor, at least 1 (so it can always divide). Callers never pass
/// `i128::MIN` ([`Exact::new`] turns it away), so the result fits.
/// `a / b`; 0 for a zero divisor. Every caller divides by a `gcd` (at least 1) or a checked
/// nonzero denominator: this only keeps the panic path, and its formatting code, out of the wasm.
fn div(a: i128, b: i128) -> i128 {
    a.checked_div(b).unwrap_or_default()
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while let Some(r) = a.checked_rem(b) {
        (a, b) = (b, r);
    }
    (a as i128).max(1)
}

impl Exact {
    pub const ZERO: Exact = Exact { num: 0, den: 1 };
    pub const ONE: Exact = Exact { num: 1, den: 1 };

    /// `num / den`, reduced. A zero denominator gives an invalid value.
    pub fn new(num: i128, den: i128) -> Exact {
        if den == 0 || num == i128::MIN || den == i128::MIN {
            return TOO_LARGE;
        }
        let g = gcd(num, den);
        let sign = if den < 0 { -1 } else { 1 };
        Exact { num: div(sign * num, g), den: div(sign * den, g) }
    }

    pub fn int(n: i64) -> Exact {
        Exact { num: i128::from(n), den: 1 }
    }

    /// `n / 100`: amounts in cents, percentages as fractions.
    pub fn hundredths(n: i64) -> Exact {
        Exact::new(i128::from(n), 100)
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

    pub fn numer(self) -> i128 {
        self.num
    }

    pub fn denom(self) -> i128 {
        self.den
    }

    /// `self` rounded to `places` decimal places, half away from zero, as an integer count of
    /// `10^-places`. `None` for an invalid value.
    pub fn round_scaled(self, places: u32) -> Option<i128> {
        if !self.is_valid() {
            return None;
        }
        let scaled = self.num.checked_mul(10i128.checked_pow(places)?)?;
        let (q, r) = (scaled / self.den, scaled % self.den);
        // |r| < den, and den fits well inside i128 for every value this crate makes.
        let twice = r.abs().checked_mul(2)?;
        Some(if twice >= self.den { q + scaled.signum() } else { q })
    }

    /// `self` rounded to `places` decimal places (half away from zero), as an exact value.
    pub fn round(self, places: u32) -> Exact {
        match self.round_scaled(places) {
            Some(n) => Exact::new(n, 10i128.pow(places)),
            None => TOO_LARGE,
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

    /// `self` raised to a small non-negative power.
    pub fn pow(self, exp: u32) -> Exact {
        (0..exp).fold(Exact::ONE, |acc, _| acc * self)
    }

    fn checked(num: Option<i128>, den: Option<i128>) -> Exact {
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
        // Cross-reduce first so the products stay small.
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

/// Why a text is not a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    Blank,
    Invalid,
}

/// Reads a decimal as people type it: `2152`, `2,152`, `$2,152.50`, `25%`, ` -3 `. Thousands
/// separators, a leading `$` and a trailing `%` are allowed; exponents, `NaN` and `inf` are not.
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
    // Far beyond every limit; keeps the fraction inside i128.
    let mut digits = int_part.iter().filter(|b| b.is_ascii_digit()).skip_while(|&&b| b == b'0');
    if digits.clone().count() > 18 || frac_part.len() > 12 {
        return Err(ParseError::Invalid);
    }
    let mut num: i128 = 0;
    for b in digits.by_ref().chain(frac_part) {
        num = num * 10 + i128::from(b - b'0');
    }
    let value = Exact::new(num, 10i128.pow(frac_part.len() as u32));
    Ok(if negative { -value } else { value })
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
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(Exact::new(5, 2).round_scaled(0), Some(3));
        assert_eq!(Exact::new(-5, 2).round_scaled(0), Some(-3));
        assert_eq!(Exact::new(249, 1000).round_scaled(1), Some(2));
        assert_eq!(Exact::new(1, 4).round_scaled(3), Some(250));
    }

    #[test]
    fn overflow_poisons() {
        let big = Exact::int(i64::MAX);
        let huge = big * big * big;
        assert!(!huge.is_valid());
        assert!(!(huge + Exact::ONE).is_valid());
        assert!((Exact::ONE / Exact::ZERO).to_f64().is_nan());
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_decimal("2,152"), Ok(Exact::int(2152)));
        assert_eq!(parse_decimal(" $1,704.17 "), Ok(Exact::hundredths(170417)));
        assert_eq!(parse_decimal("25%"), Ok(Exact::int(25)));
        assert_eq!(parse_decimal(".5"), Ok(Exact::new(1, 2)));
        assert_eq!(parse_decimal("-3"), Ok(Exact::int(-3)));
        assert_eq!(parse_decimal("  "), Err(ParseError::Blank));
        for bad in ["abc", "NaN", "inf", "1e3", "1.2.3", ",1", "1,,0", "--1", ".", "12a"] {
            assert_eq!(parse_decimal(bad), Err(ParseError::Invalid), "{bad}");
        }
    }
}
