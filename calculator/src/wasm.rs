//! The browser's view of the model: three functions that take and return plain numbers, so the
//! wasm-bindgen glue stays small and nothing is allocated (no JSON, no strings, no structs cross).
//!
//! The page passes its inputs as UTF-8 bytes, one `put` call per byte:
//! `<mode id>` then, for each field, `\x1e<field id>\x1f<text as typed>`. `run` computes and
//! returns the length of the report, which the page reads back with `out(i)`, byte by byte. The
//! report is UTF-8 text, one record per line, its parts separated by tabs (no text the model writes
//! contains a tab or a line break):
//!
//! - `m <field id> <e|w> <key> <arg> ...`: a message next to a field, blocking (`e`) or a warning (`w`)
//! - `f <id> <label key> <shown value>`: a result
//! - `s <key> <arg> ...`: the one-sentence summary
//! - `n <key>`: a note to show with the disclosures
//! - `h <key> ...`: the year-by-year table's column heads
//! - `r <cell> ...`: a row of the year-by-year table
//!
//! Words travel as keys (the page has their text in its own language, from the theme's strings
//! `calc_<key>`); numbers are written here, the US way, in every language.

use core::sync::atomic::{AtomicU8, AtomicUsize, Ordering::Relaxed};

use wasm_bindgen::prelude::*;

use crate::format::Line;
use crate::model::{run as compute, Figure, Level, Sink, MAX_FIELDS};
use crate::Mode;

/// Nothing here allocates (the crate is `no_std` without `alloc` in this build, so it cannot), but
/// wasm-bindgen's runtime links `alloc` for APIs this module does not use (strings, JS values):
/// an allocator that always fails keeps that code out instead of std's dlmalloc (measured: about
/// 3 KB gzipped). An allocation would trap, like any other panic.
#[global_allocator]
static ALLOCATOR: lol_alloc::FailAllocator = lol_alloc::FailAllocator;

/// A panic can only be a bug: trap without formatting a message (the formatting machinery was a
/// third of the module).
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// Nine fields of at most `MAX_TEXT` bytes each, plus their ids, fit with room to spare.
const INPUT: usize = 4096;
/// The longest report (ten forecast rows, notes and figures) is under 3 KB.
const OUTPUT: usize = 8192;

// Byte buffers in statics: atomics are the safe way to share them; without threads they compile to
// plain loads and stores.
static INPUT_BYTES: [AtomicU8; INPUT] = [const { AtomicU8::new(0) }; INPUT];
static INPUT_LEN: AtomicUsize = AtomicUsize::new(0);
static OUTPUT_BYTES: [AtomicU8; OUTPUT] = [const { AtomicU8::new(0) }; OUTPUT];
static OUTPUT_LEN: AtomicUsize = AtomicUsize::new(0);

// (Plain comments: doc comments would be copied into the JS glue.)
// Appends one byte of input (see the module docs); bytes beyond the buffer are dropped.
#[wasm_bindgen]
pub fn put(byte: u8) {
    let at = INPUT_LEN.load(Relaxed);
    if let Some(slot) = INPUT_BYTES.get(at) {
        slot.store(byte, Relaxed);
        INPUT_LEN.store(at + 1, Relaxed);
    }
}

// Computes the input given so far (and clears it); returns the report's length in bytes.
#[wasm_bindgen]
pub fn run() -> usize {
    let mut input = [0u8; INPUT];
    let len = INPUT_LEN.swap(0, Relaxed);
    for (to, from) in input.iter_mut().zip(&INPUT_BYTES).take(len) {
        *to = from.load(Relaxed);
    }
    let text = core::str::from_utf8(input.get(..len).unwrap_or_default()).unwrap_or_default();
    // Closures, not `char` patterns: a `char` pattern's searcher has a panic path (measured).
    #[allow(clippy::manual_pattern_char_comparison)]
    let mut parts = text.split(|c| c == '\x1e');
    let mode = Mode::from_id(parts.next().unwrap_or_default()).unwrap_or(Mode::Compare);
    let fields = mode.fields();
    let mut texts = [""; MAX_FIELDS];
    for (text, field) in texts.iter_mut().zip(fields) {
        *text = field.default;
    }
    for part in parts {
        #[allow(clippy::manual_pattern_char_comparison)]
        let mut pieces = part.splitn(2, |c| c == '\x1f');
        let (id, value) = (pieces.next().unwrap_or_default(), pieces.next().unwrap_or_default());
        if let Some(i) = fields.iter().position(|f| f.id == id) {
            if let Some(text) = texts.get_mut(i) {
                *text = value;
            }
        }
    }
    let mut report = Report { len: 0 };
    compute(mode, &texts, &mut report);
    OUTPUT_LEN.store(report.len, Relaxed);
    report.len
}

// Byte `i` of the last report (0 past its end).
#[wasm_bindgen]
pub fn out(i: usize) -> u8 {
    if i < OUTPUT_LEN.load(Relaxed) {
        OUTPUT_BYTES.get(i).map_or(0, |b| b.load(Relaxed))
    } else {
        0
    }
}

struct Report {
    len: usize,
}

impl Report {
    /// One record: `tag`, then each part after a tab, then a line break. A record that would not
    /// fit is left out whole.
    fn record(&mut self, tag: &str, parts: &[&str]) {
        let size = tag.len() + parts.iter().map(|p| p.len() + 1).sum::<usize>() + 1;
        if self.len + size > OUTPUT {
            return;
        }
        self.push(tag);
        for part in parts {
            self.push("\t");
            self.push(part);
        }
        self.push("\n");
    }

    fn push(&mut self, text: &str) {
        for &b in text.as_bytes() {
            if let Some(slot) = OUTPUT_BYTES.get(self.len) {
                slot.store(b, Relaxed);
                self.len += 1;
            }
        }
    }
}

impl Sink for Report {
    fn message(&mut self, field: &'static str, level: Level, key: &'static str, args: &[&str]) {
        let level = if level == Level::Error { "e" } else { "w" };
        let mut parts = [""; 9];
        parts[0] = field;
        parts[1] = level;
        parts[2] = key;
        for (to, from) in parts.iter_mut().skip(3).zip(args) {
            *to = from;
        }
        self.record("m", parts.get(..3 + args.len()).unwrap_or_default());
    }

    fn figure(&mut self, figure: &Figure) {
        let mut shown = Line::new();
        figure.write(&mut shown);
        self.record("f", &[figure.id, figure.label_key, shown.as_str()]);
    }

    fn summary(&mut self, key: &'static str, args: &[&str]) {
        let mut parts = [""; 7];
        parts[0] = key;
        for (to, from) in parts.iter_mut().skip(1).zip(args) {
            *to = from;
        }
        self.record("s", parts.get(..1 + args.len()).unwrap_or_default());
    }

    fn note(&mut self, key: &'static str) {
        self.record("n", &[key]);
    }

    fn header(&mut self, keys: &[&'static str]) {
        self.record("h", keys);
    }

    fn row(&mut self, cells: &[&str]) {
        self.record("r", cells);
    }
}
