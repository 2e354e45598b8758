//! Splitting a content file into front matter and body, and parsing the front matter (TOML between
//! `+++` lines or YAML between `---` lines) with errors mapped to lines of the file.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// Which syntax the front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// A content file cut in two.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Format,
    pub front_matter: &'a str,
    /// 1-based line of the file where the front matter's first line is.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, PartialEq, Eq)]
pub struct SplitError {
    pub line: usize,
    pub message: String,
    pub hint: String,
}

/// Cuts `text` into front matter and body. The file must open with a `+++` or `---` line.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - text_no_bom.len();
    let first_line_end = text_no_bom.find('\n').map_or(text_no_bom.len(), |i| i + 1);
    let (format, fence) = match text_no_bom[..first_line_end].trim_end() {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ => {
            return Err(SplitError {
                line: 1,
                message: "the file does not start with front matter".into(),
                hint: "begin the file with a `+++` line, then `title = \"...\"`, then another `+++` line".into(),
            })
        }
    };
    let start = bom + first_line_end;
    let mut offset = start;
    // The front matter's first line is line 2 of the file.
    for (index, raw_line) in text[start..].split_inclusive('\n').enumerate() {
        if raw_line.trim_end() == fence {
            return Ok(Split {
                format,
                front_matter: &text[start..offset],
                front_matter_line: 2,
                body: &text[offset + raw_line.len()..],
                body_line: index + 3,
            });
        }
        offset += raw_line.len();
    }
    Err(SplitError {
        line: 1,
        message: format!("the front matter opened with `{fence}` on line 1 is never closed"),
        hint: format!("add a line with just `{fence}` after the last front-matter key"),
    })
}

pub(crate) use crate::text::toml_error_position;

/// A calendar date, written `2026-09-01` (TOML date, or a YAML string). A time part, if any, is
/// kept for feeds but ignored for comparisons of review dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        let date = s.trim().get(..10)?;
        let rest = &s.trim()[10..];
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return None;
        }
        let mut parts = date.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        let date = Date { year, month, day };
        (date.is_valid() && date_digits(s)).then_some(date)
    }

    fn is_valid(self) -> bool {
        let leap = (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0;
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=days).contains(&self.day) && (1..=9999).contains(&self.year)
    }

    /// Today's date in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

fn date_digits(s: &str) -> bool {
    let b = s.trim().as_bytes();
    b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b[..4].iter().chain(&b[5..7]).chain(&b[8..10]).all(u8::is_ascii_digit)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Date, E> {
                Date::parse(s).ok_or_else(|| E::custom(format!("{s:?} is not a date written YYYY-MM-DD")))
            }
            // toml hands dates over as a one-entry map holding the date as text.
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                let Some((_, text)) = map.next_entry::<String, String>()? else {
                    return Err(serde::de::Error::custom("expected a date"));
                };
                self.visit_str(&text)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_and_reports_lines() {
        let split = split("+++\ntitle = \"A\"\n+++\n\nBody\n").expect("valid");
        assert_eq!(split.format, Format::Toml);
        assert_eq!(split.front_matter, "title = \"A\"\n");
        assert_eq!(split.body, "\nBody\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn splits_yaml_with_crlf_and_bom() {
        let split = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody").expect("valid");
        assert_eq!(split.format, Format::Yaml);
        assert_eq!(split.front_matter, "title: A\r\n");
        assert_eq!(split.body, "Body");
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_explained() {
        assert!(split("# Title\n").expect_err("no fm").hint.contains("+++"));
        assert!(split("+++\ntitle = 1\n").expect_err("unclosed").message.contains("never closed"));
        assert!(split("").is_err());
    }

    #[test]
    fn dates_parse_and_validate() {
        assert_eq!(Date::parse("2027-08-01"), Some(Date { year: 2027, month: 8, day: 1 }));
        assert_eq!(Date::parse("2024-02-29T10:00:00Z").map(|d| d.day), Some(29));
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2023-13-01"), None);
        assert_eq!(Date::parse("20230101xx"), None);
    }

    #[test]
    fn civil_dates_from_epoch_days() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days_since_epoch(20_454).to_string(), "2026-01-01");
        assert_eq!(Date::from_days_since_epoch(11_016).to_string(), "2000-02-29");
    }

    proptest::proptest! {
        #[test]
        fn split_never_panics(text in "\\PC*") {
            let _ = split(&text);
        }
    }
}
