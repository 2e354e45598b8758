//! Byte offset -> line and column, for every diagnostic a page's passes report.
//!
//! Counting lines from the start of the body for each link made checking a page quadratic in
//! its links (100,000 links: 18.6 s). Passes ask in document order, so each answer counts on from
//! the previous one; a jump back finds its line by binary search and counts from the line's start.
//! The work done is counted, so a test can hold it to linear without timing anything.

use std::cell::Cell;

pub(crate) struct Positions<'t> {
    text: &'t str,
    /// Byte offset of the start of each line; the first is 0.
    line_starts: Vec<usize>,
    /// The last answer, `(offset, line index, column)`, to count on from.
    last: Cell<(usize, usize, usize)>,
    /// Bytes and lines stepped over to answer so far (building the index included).
    work: Cell<usize>,
}

impl<'t> Positions<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        Positions { text, line_starts, last: Cell::new((0, 0, 1)), work: Cell::new(text.len()) }
    }

    /// The 1-based line and column (in characters) of a byte offset; offsets past the end are
    /// the end, offsets inside a character are that character.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        let (last_offset, last_line, last_column) = self.last.get();
        let line = if offset >= last_offset {
            // Forward: step over the lines in between, each once over all forward answers.
            let mut line = last_line;
            while self.line_starts.get(line + 1).is_some_and(|&start| start <= offset) {
                line += 1;
            }
            self.add_work(line - last_line);
            line
        } else {
            self.add_work(self.line_starts.len().ilog2() as usize + 1);
            self.line_starts.partition_point(|&start| start <= offset) - 1
        };
        let (from, column) = if line == last_line && offset >= last_offset {
            (last_offset, last_column)
        } else {
            (self.line_starts[line], 1)
        };
        let column = column + self.text[from..offset].chars().count();
        self.add_work(offset - from);
        self.last.set((offset, line, column));
        (line + 1, column)
    }

    /// What answering has cost so far, in bytes and lines stepped over.
    #[cfg(test)]
    pub(crate) fn work(&self) -> usize {
        self.work.get()
    }

    fn add_work(&self, amount: usize) {
        self.work.set(self.work.get() + amount);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_match_counting_from_the_start_in_any_order() {
        let text = "ab\né ü\n\n  [x](y) ü\nlast";
        let positions = Positions::new(text);
        let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
        // Forward, then backward, then jumping about.
        offsets.extend((0..=text.len()).rev());
        offsets.extend([12, 3, 20, 0, 7, 7, 25]);
        for offset in offsets {
            assert_eq!(positions.line_col(offset), crate::blocks::line_col(text, offset), "offset {offset}");
        }
    }

    #[test]
    fn asking_in_order_costs_the_text_once() {
        let line = "é[a](#b) ".repeat(5_000);
        let text = format!("{line}\n{line}\n");
        let positions = Positions::new(&text);
        let starts: Vec<usize> = text.match_indices('[').map(|(i, _)| i).collect();
        for &offset in &starts {
            positions.line_col(offset);
        }
        assert!(positions.work() <= 2 * text.len() + 2, "work {} for {} bytes", positions.work(), text.len());
    }
}
