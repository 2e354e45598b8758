//! Flesch-Kincaid grade level of a page's prose (paragraphs and list items; not headings, tables,
//! code or blocks), so `tierbook check` can hold teacher pages to grade 10 and guide cards to 8.

use std::path::{Path, PathBuf};

/// Teacher-facing pages: at most this grade.
pub const TEACHER_MAX_GRADE: f64 = 10.0;
/// Paraprofessional guide cards: at most this grade.
pub const GUIDE_MAX_GRADE: f64 = 8.0;

/// One page's reading level.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageReadability {
    pub path: PathBuf,
    pub grade: f64,
    pub max_grade: f64,
    pub words: usize,
    pub sentences: usize,
}

/// The reading level of a page from its prose's counts, or `None` when there are too few words
/// to judge (under 30).
pub fn assess(path: &Path, counts: Counts, max_grade: f64) -> Option<PageReadability> {
    if counts.words < 30 {
        return None;
    }
    Some(PageReadability {
        path: path.to_path_buf(),
        grade: counts.grade(),
        max_grade,
        words: counts.words,
        sentences: counts.sentences,
    })
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
    }
}

impl Counts {
    /// The counts of several units of prose together.
    pub fn of<'a>(units: impl IntoIterator<Item = &'a str>) -> Counts {
        let mut total = Counts::default();
        for unit in units {
            total += count(unit);
        }
        total
    }

    /// 0.39 (words / sentences) + 11.8 (syllables / words) - 15.59.
    pub fn grade(self) -> f64 {
        if self.words == 0 {
            return 0.0;
        }
        let (w, s, y) = (self.words as f64, self.sentences.max(1) as f64, self.syllables as f64);
        0.39 * (w / s) + 11.8 * (y / w) - 15.59
    }
}

/// Counts one unit of prose. Sentences end at `.`, `!` or `?` (followed by space or the end), and
/// the unit's end closes its last sentence.
pub fn count(unit: &str) -> Counts {
    let mut counts = Counts::default();
    let mut in_sentence = false;
    let chars: Vec<char> = unit.chars().collect();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() || c == '\'' || c == '’' {
            word.push(c);
            continue;
        }
        finish_word(&mut word, &mut counts, &mut in_sentence);
        if matches!(c, '.' | '!' | '?')
            && in_sentence
            && chars.get(i + 1).is_none_or(|n| n.is_whitespace() || matches!(n, '"' | '”' | ')'))
        {
            counts.sentences += 1;
            in_sentence = false;
        }
    }
    finish_word(&mut word, &mut counts, &mut in_sentence);
    if in_sentence {
        counts.sentences += 1;
    }
    counts
}

fn finish_word(word: &mut String, counts: &mut Counts, in_sentence: &mut bool) {
    let w = word.trim_matches(['\'', '’']);
    if w.chars().any(char::is_alphanumeric) {
        counts.words += 1;
        counts.syllables += syllables(w);
        *in_sentence = true;
    }
    word.clear();
}

/// Vowel groups (a e i o u y), minus a silent final "e" (but not "-le"), at least one.
pub fn syllables(word: &str) -> usize {
    let lower: Vec<char> = word.to_lowercase().chars().filter(|c| c.is_alphabetic()).collect();
    if lower.is_empty() {
        return 1;
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut groups = 0;
    let mut previous = false;
    for &c in &lower {
        let v = is_vowel(c);
        if v && !previous {
            groups += 1;
        }
        previous = v;
    }
    let n = lower.len();
    // "make" loses its final e; "table" keeps it (consonant + "le" is a syllable of its own).
    let consonant_le = |n: usize| lower[n - 2] == 'l' && !is_vowel(lower[n - 3]);
    let silent_e = n > 2 && lower[n - 1] == 'e' && !is_vowel(lower[n - 2]) && !consonant_le(n);
    if silent_e && groups > 1 {
        groups -= 1;
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllable_counts() {
        for (word, n) in [
            ("cat", 1),
            ("make", 1),
            ("table", 2),
            ("little", 2),
            ("teacher", 2),
            ("paraprofessional", 6),
            ("the", 1),
            ("I", 1),
            ("rhythm", 1),
            ("evaluation", 4), // a heuristic: "ua" is one vowel group, so 4, not the true 5
        ] {
            assert_eq!(syllables(word), n, "{word}");
        }
    }

    #[test]
    fn sentences_end_at_marks_and_unit_end() {
        let c = count("The cat sat. It was warm! Was it? Yes");
        assert_eq!((c.words, c.sentences), (9, 4));
        let c = count("Costs fell by 2.5 percent in 2019.");
        assert_eq!(c.sentences, 1);
    }

    #[test]
    fn simple_text_scores_low_and_dense_text_high() {
        let simple: Vec<String> = (0..10).map(|_| "The cat sat on the mat. We like to read.".to_string()).collect();
        let dense: Vec<String> = (0..10)
            .map(|_| "Comprehensive multidisciplinary evaluations necessitate collaborative interpretation of standardized assessment instrumentation.".to_string())
            .collect();
        let simple = assess(Path::new("a"), Counts::of(simple.iter().map(String::as_str)), 8.0).expect("enough words");
        let dense = assess(Path::new("b"), Counts::of(dense.iter().map(String::as_str)), 8.0).expect("enough words");
        assert!(simple.grade < 2.0, "{}", simple.grade);
        assert!(dense.grade > 16.0, "{}", dense.grade);
    }

    #[test]
    fn too_short_pages_are_not_judged() {
        assert!(assess(Path::new("a"), count("Too short."), 8.0).is_none());
    }
}
