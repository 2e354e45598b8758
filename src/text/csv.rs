//! A CSV file as authors export it from a spreadsheet (a chart's data, a district's numbers), read
//! with the `csv` crate. The first row names the columns; for a chart the first column holds the
//! x values (weeks, sessions, years). Every problem names
//! its row (the file's line) and column (the character where the cell starts) and the cell's
//! column number and name, because authors fix these files in a spreadsheet.

/// One CSV file, read: the header and the rows, each cell with where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    pub text: String,
    /// 1-based line of the file.
    pub line: usize,
    /// 1-based character column where the cell starts.
    pub column: usize,
    /// 1-based cell number in its row (the spreadsheet column).
    pub index: usize,
}

/// A problem at a place in the CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CsvError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: String,
}

impl CsvError {
    pub fn at(cell: &Cell, message: impl Into<String>, hint: impl Into<String>) -> CsvError {
        CsvError { line: cell.line, column: cell.column, message: message.into(), hint: hint.into() }
    }
}

impl Cell {
    /// "row 4, column 2 (`score`)": how a message names a cell.
    pub fn name(&self, header: &[Cell]) -> String {
        match header.get(self.index - 1).map(|h| h.text.trim()).filter(|h| !h.is_empty()) {
            Some(name) => format!("row {}, column {} (`{name}`)", self.line, self.index),
            None => format!("row {}, column {}", self.line, self.index),
        }
    }

    /// The cell as a number: digits with an optional sign, decimal point, `,` thousands
    /// separators, a leading `$` or a trailing `%` (as spreadsheets export them).
    pub fn number(&self, header: &[Cell]) -> Result<f64, CsvError> {
        let text = self.text.trim();
        if text.is_empty() {
            return Err(CsvError::at(
                self,
                format!("{} is empty; a number belongs there", self.name(header)),
                "fill in the number, or delete the row if there was no measurement that time",
            ));
        }
        parse_number(text).ok_or_else(|| {
            CsvError::at(
                self,
                format!("{} is `{text}`, not a number", self.name(header)),
                "write numbers with digits, such as 12 or 12.5 (a leading $ or a trailing % is fine)",
            )
        })
    }
}

/// A number as authors write one: `12`, `-3.5`, `1,250`, `$1,614`, `48%`. Not `NaN` or `inf`.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let text = text.strip_prefix('$').unwrap_or(text);
    let text = text.strip_suffix('%').unwrap_or(text).trim();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest.strip_prefix('$').unwrap_or(rest)),
        None => (1.0, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let grouped_ok = !whole.contains(',') || {
        let groups: Vec<&str> = whole.split(',').collect();
        (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3)
    };
    let plain = whole.replace(',', "");
    let ok = grouped_ok
        && !(plain.is_empty() && fraction.is_empty())
        && plain.chars().all(|c| c.is_ascii_digit())
        && fraction.chars().all(|c| c.is_ascii_digit());
    if !ok {
        return None;
    }
    let value: f64 = format!("{}.{}", if plain.is_empty() { "0" } else { &plain }, fraction).parse().ok()?;
    Some(sign * value)
}

/// Reads a CSV file. Rows must have as many cells as the header; blank lines are skipped.
pub(crate) fn read(bytes: &[u8]) -> Result<Table, CsvError> {
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let good = &bytes[..err.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        CsvError {
            line,
            column,
            message: "the data file is not UTF-8 text".into(),
            hint: "save the file as CSV (UTF-8) from your spreadsheet".into(),
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = Vec::new();
    for result in reader.records() {
        let record = result.map_err(|err| csv_error(text, &err))?;
        let position = record.position().map_or((1, 0), |p| (p.line() as usize, p.byte() as usize));
        records.push((position, record));
    }
    let Some(((line, byte), header_record)) = records.first() else {
        return Err(CsvError {
            line: 1,
            column: 1,
            message: "the data file is empty".into(),
            hint: "the first row names the columns, e.g. `week,score`; each row after it holds one point".into(),
        });
    };
    let header = cells(text, *line, *byte, header_record);
    let mut rows = Vec::new();
    for ((line, byte), record) in &records[1..] {
        let row = cells(text, *line, *byte, record);
        if row.len() != header.len() {
            let last = row.last().map_or(1, |c| c.column);
            let column = if row.len() > header.len() { row[header.len()].column } else { last };
            return Err(CsvError {
                line: *line,
                column,
                message: format!(
                    "row {line} has {} cells, but the first row names {} columns",
                    row.len(),
                    header.len()
                ),
                hint: "give every row one cell per column (an empty cell still needs its comma)".into(),
            });
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(CsvError {
            line: *line,
            column: 1,
            message: "the data file has a first row of column names but no data rows".into(),
            hint: "add one row per point below the column names".into(),
        });
    }
    Ok(Table { header, rows })
}

/// The cells of one record, with the character column where each starts on its line.
fn cells(text: &str, line: usize, byte: usize, record: &csv::StringRecord) -> Vec<Cell> {
    let starts = field_starts(&text[text.floor_char_boundary(byte)..]);
    record
        .iter()
        .enumerate()
        .map(|(i, value)| Cell {
            text: value.to_string(),
            line,
            column: starts.get(i).copied().unwrap_or(1),
            index: i + 1,
        })
        .collect()
}

/// The 1-based character columns where the fields of the record starting at `rest` begin, on
/// its first line (quoted commas do not start a field).
fn field_starts(rest: &str) -> Vec<usize> {
    let mut starts = vec![1];
    let mut quoted = false;
    for (column, c) in rest.chars().enumerate() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => starts.push(column + 2),
            '\n' | '\r' if !quoted => break,
            _ => {}
        }
    }
    starts
}

fn csv_error(text: &str, err: &csv::Error) -> CsvError {
    let (line, column) = match err.position() {
        Some(p) => {
            let start = text.floor_char_boundary(p.byte() as usize);
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            (p.line() as usize, text[line_start..start].chars().count() + 1)
        }
        None => (1, 1),
    };
    CsvError {
        line,
        column,
        message: format!("the data file is not valid CSV: {err}"),
        hint: "save the file as CSV (UTF-8) from your spreadsheet".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_know_where_they_start() {
        let table = read(b"week,score\n1,9\n2,\"10\"\n").expect("valid CSV");
        assert_eq!(table.header[1].text, "score");
        let cell = &table.rows[1][1];
        assert_eq!((cell.text.as_str(), cell.line, cell.column, cell.index), ("10", 3, 3, 2));
        assert_eq!(cell.name(&table.header), "row 3, column 2 (`score`)");
    }

    #[test]
    fn numbers_as_authors_write_them() {
        for (text, value) in
            [("12", 12.0), ("-3.5", -3.5), ("1,250", 1250.0), ("$1,614", 1614.0), ("48%", 48.0), (".5", 0.5)]
        {
            assert_eq!(parse_number(text), Some(value), "{text}");
        }
        for text in ["NaN", "inf", "ten", "1,2,3", "12,50", "", "-", "1.2.3", "1e5"] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }

    #[test]
    fn row_length_and_empty_files_are_located() {
        let err = read(b"week,score\n1,9,3\n").expect_err("too many cells");
        assert_eq!((err.line, err.column), (2, 5));
        let err = read(b"week,score\n1,9\n2\n").expect_err("too few cells");
        assert_eq!((err.line, err.column), (3, 1));
        let err = read(b"").expect_err("empty");
        assert_eq!((err.line, err.column), (1, 1));
        let err = read(b"week,score\n").expect_err("no rows");
        assert_eq!(err.line, 1);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = read(b"week,score\n1,\xff\n").expect_err("not UTF-8");
        assert_eq!((err.line, err.column, err.message.as_str()), (2, 3, "the data file is not UTF-8 text"));
    }
}
