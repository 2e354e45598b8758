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

/// Calls `f` with each word of `text`, in order. `buffer` holds the words that need lowering.
pub(super) fn each_word<'t>(text: &'t str, buffer: &mut String, f: &mut impl FnMut(Word<'t, '_>)) {
    let bytes = text.as_bytes();
    // Where the current word starts, and whether its bytes are already its index form.
    let mut start: Option<usize> = None;
    let mut clean = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let mut len = 1;
        let part = if b.is_ascii_lowercase() || b.is_ascii_digit() {
            Some(true)
        } else if b.is_ascii_uppercase() {
            Some(false)
        } else if b == b'\'' {
            None
        } else if b.is_ascii() {
            if let Some(s) = start.take() {
                emit(&text[s..i], clean, buffer, f);
            }
            clean = true;
            i += 1;
            continue;
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            len = c.len_utf8();
            if is_apostrophe(c) {
                None
            } else if c.is_alphanumeric() {
                Some(false)
            } else {
                if let Some(s) = start.take() {
                    emit(&text[s..i], clean, buffer, f);
                }
                clean = true;
                i += len;
                continue;
            }
        };
        match part {
            Some(as_is) => {
                start.get_or_insert(i);
                clean &= as_is;
            }
            // An apostrophe joins the letters around it and is dropped.
            None if start.is_some() => clean = false,
            None => {}
        }
        i += len;
    }
    if let Some(s) = start {
        emit(&text[s..], clean, buffer, f);
    }
}

/// Hands one run of letters (maybe with apostrophes) to `f` as a word, unless it is one letter.
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

/// Marks a stop word in [`Vocabulary::get`]: it is not a term.
pub(super) const STOP: u32 = u32::MAX;

/// Each word met so far and its term (a number), and each term's text: the stem cache. Words of
/// a language repeat (a 10,000-page site has some 7.5 million words but a few thousand distinct
/// ones), so a word is checked against the stop words and stemmed once, when first met.
#[derive(Default)]
pub(crate) struct Vocabulary {
    /// The analyzer the terms were made with; another one starts a new vocabulary.
    analyzer: Option<Analyzer>,
    /// word -> term number, or [`STOP`].
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
        self.words.get(word).copied()
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
        self.words.insert(word.to_string(), number);
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
