//! Words as the index sees them, and the vocabulary that turns each distinct word into a term
//! once per build (or once per `serve` session) instead of once per page.
//!
//! A word is a run of letters and digits, lower-cased, with apostrophes dropped (`Don't` ->
//! `dont`); a single letter is not a word, a single digit is. Most words of a text are already
//! in that form, so they are handed out as slices of the text; only the others are copied.

use std::borrow::Cow;
use std::collections::HashMap;

use super::Analyzer;
use crate::hash::FnvBuildHasher;

/// Maps keyed by words or terms (hashed with FNV: short keys, no untrusted input).
pub(super) type Terms<V> = HashMap<String, V, FnvBuildHasher>;

/// One word of a text: a slice of the text, or the lower-cased copy in a reused buffer.
pub(super) enum Word<'t, 'b> {
    Slice(&'t str),
    Lowered(&'b str),
}

impl<'t> Word<'t, '_> {
    pub(super) fn as_str(&self) -> &str {
        match self {
            Word::Slice(s) | Word::Lowered(s) => s,
        }
    }

    /// The word as a map key that outlives the buffer: the slice, or a copy of the buffer.
    pub(super) fn into_key(self) -> Cow<'t, str> {
        match self {
            Word::Slice(s) => Cow::Borrowed(s),
            Word::Lowered(s) => Cow::Owned(s.to_string()),
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// What an ASCII byte is to the word splitter (a byte of a longer character is [`WIDE`]).
const CLEAN: u8 = 0;
/// An upper-case letter: part of a word, which then needs lowering.
const UPPER: u8 = 1;
/// `'`: joins the letters around it, and is dropped.
const APOSTROPHE: u8 = 2;
/// Any other ASCII byte: ends a word.
const SEPARATOR: u8 = 3;
/// A byte of a non-ASCII character, which is decoded to tell.
const WIDE: u8 = 4;

/// [`CLEAN`] for lower-case letters and digits (a word's own form), and so on for every byte.
static CLASS: [u8; 256] = {
    let mut class = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        class[b] = if byte.is_ascii_lowercase() || byte.is_ascii_digit() {
            CLEAN
        } else if byte.is_ascii_uppercase() {
            UPPER
        } else if byte == b'\'' {
            APOSTROPHE
        } else if !byte.is_ascii() {
            WIDE
        } else {
            SEPARATOR
        };
        b += 1;
    }
    class
};

/// The character at `i` of `text` (a non-ASCII one) and its length, and what it is to a word:
/// [`APOSTROPHE`], [`UPPER`] (a letter or digit, lowered to be sure) or [`SEPARATOR`].
fn wide(text: &str, i: usize) -> (u8, usize) {
    let c = text[i..].chars().next().unwrap_or(' ');
    let class = if is_apostrophe(c) {
        APOSTROPHE
    } else if c.is_alphanumeric() {
        UPPER
    } else {
        SEPARATOR
    };
    (class, c.len_utf8())
}

/// Calls `f` with each word of `text`, in order. `buffer` holds the words that need lowering.
///
/// A word starts at a letter or digit (apostrophes before it are not part of it) and runs to the
/// next byte that is neither, nor an apostrophe. Runs of lower-case ASCII letters and digits,
/// most of any text, are passed over a byte at a time with one table lookup each.
pub(super) fn each_word<'t>(text: &'t str, buffer: &mut String, f: &mut impl FnMut(Word<'t, '_>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Between words: find where the next one starts.
        let (class, len) = match CLASS[usize::from(bytes[i])] {
            WIDE => wide(text, i),
            class => (class, 1),
        };
        if class == SEPARATOR || class == APOSTROPHE {
            i += len;
            continue;
        }
        let start = i;
        let mut clean = class == CLEAN;
        i += len;
        // In a word: find where it ends.
        while i < bytes.len() {
            let class = CLASS[usize::from(bytes[i])];
            if class == CLEAN {
                i += 1;
                continue;
            }
            let (class, len) = if class == WIDE { wide(text, i) } else { (class, 1) };
            if class == SEPARATOR {
                break;
            }
            clean = false;
            i += len;
        }
        emit(&text[start..i], clean, buffer, f);
    }
}

/// Hands one run of letters (maybe with apostrophes) to `f` as a word, unless it is one letter.
#[inline]
fn emit<'t>(run: &'t str, clean: bool, buffer: &mut String, f: &mut impl FnMut(Word<'t, '_>)) {
    if clean {
        if run.len() > 1 || run.as_bytes()[0].is_ascii_digit() {
            f(Word::Slice(run));
        }
        return;
    }
    buffer.clear();
    for c in run.chars().filter(|&c| !is_apostrophe(c)) {
        if c.is_ascii() {
            buffer.push(c.to_ascii_lowercase());
        } else {
            buffer.extend(c.to_lowercase());
        }
    }
    let mut chars = buffer.chars();
    let single_letter = matches!((chars.next(), chars.next()), (Some(c), None) if !c.is_numeric());
    if !buffer.is_empty() && !single_letter {
        f(Word::Lowered(buffer));
    }
}

/// The lower-cased words of `text`, before stop words and stemming.
pub(super) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, &mut String::new(), &mut |w| out.push(w.as_str().to_string()));
    out
}

/// A word of at most eight bytes as one integer: its bytes, little-endian, padded with zeros. A
/// word holds no zero byte, so two words get the same integer only if they are the same word.
fn packed(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    if bytes.len() > 8 {
        return None;
    }
    // Two loads that overlap where the word is shorter than both (the bytes they share are the
    // same, so OR-ing them changes nothing): no loop and no call to memcpy, for every word of
    // every page.
    let n = bytes.len();
    let key = match n {
        0 => 0,
        1 => u64::from(bytes[0]),
        2..=3 => {
            let low = u16::from_le_bytes([bytes[0], bytes[1]]);
            let high = u16::from_le_bytes([bytes[n - 2], bytes[n - 1]]);
            u64::from(low) | u64::from(high) << (8 * (n - 2))
        }
        _ => {
            let low = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
            let high = u32::from_le_bytes([bytes[n - 4], bytes[n - 3], bytes[n - 2], bytes[n - 1]]);
            u64::from(low) | u64::from(high) << (8 * (n - 4))
        }
    };
    Some(key)
}

/// The hasher of [`packed`] words: one multiplication, its high half folded into the low one
/// (the table takes its bucket from the low bits). Like FNV, for keys nobody chooses to collide.
#[derive(Default)]
pub(super) struct PackedHasher(u64);

impl std::hash::Hasher for PackedHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let h = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = h ^ (h >> 32);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type PackedBuildHasher = std::hash::BuildHasherDefault<PackedHasher>;

/// Marks a stop word in [`Vocabulary::get`]: it is not a term.
pub(super) const STOP: u32 = u32::MAX;

/// Each word met so far and its term (a number), and each term's text: the stem cache. Words of
/// a language repeat (a 10,000-page site has some 7.5 million words but a few thousand distinct
/// ones), so a word is checked against the stop words and stemmed once, when first met.
#[derive(Default)]
pub(crate) struct Vocabulary {
    /// The analyzer the terms were made with; another one starts a new vocabulary.
    analyzer: Option<Analyzer>,
    /// word -> term number, or [`STOP`], for words of up to eight bytes (most of them), keyed
    /// by [`packed`]: looking one up compares one integer, not two strings.
    short: HashMap<u64, u32, PackedBuildHasher>,
    /// The same for longer words.
    words: Terms<u32>,
    /// term -> its number.
    numbers: Terms<u32>,
    /// term number -> term.
    terms: Vec<String>,
}

impl Vocabulary {
    pub(super) fn new(analyzer: Analyzer) -> Vocabulary {
        Vocabulary { analyzer: Some(analyzer), ..Vocabulary::default() }
    }

    pub(super) fn analyzer(&self) -> Option<Analyzer> {
        self.analyzer
    }

    /// The term number of a word met before.
    pub(super) fn get(&self, word: &str) -> Option<u32> {
        match packed(word) {
            Some(key) => self.short.get(&key).copied(),
            None => self.words.get(word).copied(),
        }
    }

    /// The term number of a word, stemming it if it is new.
    pub(super) fn add(&mut self, word: &str) -> u32 {
        if let Some(number) = self.get(word) {
            return number;
        }
        let analyzer = self.analyzer.unwrap_or(Analyzer::English);
        let number = if analyzer.is_stop_word(word) {
            STOP
        } else {
            let term = analyzer.stem(word);
            match self.numbers.get(&term) {
                Some(&number) => number,
                None => {
                    let number = self.terms.len() as u32;
                    self.numbers.insert(term.clone(), number);
                    self.terms.push(term);
                    number
                }
            }
        };
        match packed(word) {
            Some(key) => self.short.insert(key, number),
            None => self.words.insert(word.to_string(), number),
        };
        number
    }

    /// The text of each term, by number.
    pub(super) fn terms(&self) -> &[String] {
        &self.terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word splitting as it was first written, one char at a time, kept as the reference.
    fn reference_words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut word = String::new();
        let mut flush = |word: &mut String| {
            let mut chars = word.chars();
            let single_letter = matches!((chars.next(), chars.next()), (Some(c), None) if !c.is_numeric());
            if !word.is_empty() && !single_letter {
                out.push(word.clone());
            }
            word.clear();
        };
        for c in text.chars() {
            if is_apostrophe(c) {
                continue;
            }
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else {
                flush(&mut word);
            }
        }
        flush(&mut word);
        out
    }

    #[test]
    fn words_split_like_the_char_by_char_reference() {
        let texts = [
            "Movement Breaks, for the OT's class!",
            "Don't wait: Tier 2 in K-2",
            "'quoted' words’ and ’tis o'clock '' ' a b c 1 22",
            "Niños y niñas: ÁRBOL, camión; İstanbul ΣΟΦΊΑ straße ǅemal",
            "x\u{301}y e\u{301} ½ ² ٣ 1st 2nd A1 a-b_c",
            "",
            "'",
            "ab",
            "trailing apostrophe'",
            "Ünïcödé at the end: Ä",
        ];
        for text in texts {
            assert_eq!(words(text), reference_words(text), "{text:?}");
        }
    }

    /// Many texts made of the pieces that matter to the splitter, against the reference.
    #[test]
    fn generated_texts_split_like_the_reference() {
        let pieces =
            ["a", "Z", "q", "7", "'", "\u{2019}", " ", "-", ".", "ñ", "Ä", "ß", "½", "—", "\u{301}", "İ", "ǅ", "\n"];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2_000 {
            let mut text = String::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            state = state.wrapping_add(1);
            assert_eq!(words(&text), reference_words(&text), "{text:?}");
        }
    }

    #[test]
    fn packed_words_are_distinct_and_long_words_are_not_packed() {
        let words = ["ab", "ba", "abc", "abcdefgh", "niño", "nino", "2", "22", "ñ"];
        let keys: Vec<u64> = words.iter().map(|w| packed(w).expect(w)).collect();
        for (i, a) in keys.iter().enumerate() {
            assert!(keys[i + 1..].iter().all(|b| a != b), "{}", words[i]);
        }
        assert_eq!(packed("abcdefghi"), None);
        for word in ["", "a", "ab", "abc", "abcd", "abcde", "abcdefg", "abcdefgh", "ñ", "añ"] {
            let mut bytes = [0u8; 8];
            bytes[..word.len()].copy_from_slice(word.as_bytes());
            assert_eq!(packed(word), Some(u64::from_le_bytes(bytes)), "{word}");
        }
        let mut vocabulary = Vocabulary::new(Analyzer::English);
        let (short, long) = (vocabulary.add("breaks"), vocabulary.add("generalizations"));
        assert_eq!((vocabulary.get("breaks"), vocabulary.get("generalizations")), (Some(short), Some(long)));
        assert_eq!(vocabulary.get("generalization"), None);
    }

    #[test]
    fn lower_case_words_are_slices_of_the_text() {
        let text = "plain words, Capital don't";
        let mut kinds = Vec::new();
        each_word(text, &mut String::new(), &mut |w| {
            kinds.push((w.as_str().to_string(), matches!(w, Word::Slice(_))));
        });
        let expected = [("plain", true), ("words", true), ("capital", false), ("dont", false)];
        assert_eq!(kinds, expected.map(|(w, s)| (w.to_string(), s)));
    }

    #[test]
    fn the_vocabulary_gives_the_stems_and_stop_words_of_the_analyzer() {
        let list = [
            "breaks",
            "break",
            "breaking",
            "movement",
            "the",
            "and",
            "occupational",
            "fidgets",
            "fidget",
            "2",
            "caresses",
            "ponies",
            "relational",
            "generalizations",
            "niños",
            "corriendo",
            "para",
            "más",
            "the",
        ];
        for analyzer in [Analyzer::English, Analyzer::Spanish] {
            let mut vocabulary = Vocabulary::new(analyzer);
            for _round in 0..2 {
                for word in list {
                    let number = vocabulary.add(word);
                    if analyzer.is_stop_word(word) {
                        assert_eq!(number, STOP, "{word}");
                    } else {
                        assert_eq!(vocabulary.terms()[number as usize], analyzer.stem(word), "{word}");
                    }
                    assert_eq!(vocabulary.get(word), Some(number));
                }
            }
            let english = Vocabulary::new(Analyzer::English);
            assert_eq!(english.get("breaks"), None);
        }
        let mut vocabulary = Vocabulary::new(Analyzer::English);
        assert_eq!(vocabulary.add("breaks"), vocabulary.add("break"), "one term for words with one stem");
        assert_eq!(vocabulary.terms().len(), 1);
    }
}
