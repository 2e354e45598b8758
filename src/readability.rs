//! Flesch-Kincaid grade level of a page's prose (paragraphs and list items; not headings, tables,
//! code or blocks), so `tierbook check` can hold teacher pages to grade 10 and guide cards to 8.
//! Spanish pages are scored on the INFLESZ scale instead (Szigriszt-Pazos perspicuity, read as
//! Barrio-Cantalejo et al. 2008 do), with Spanish syllables: see [`Counts::inflesz`].

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
    /// The syllables counted the Spanish way ([`spanish_syllables`]), for Spanish pages.
    pub spanish_syllables: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
        self.spanish_syllables += other.spanish_syllables;
    }
}

/// Spanish pages for paraprofessionals and families (guides, family pages): at least this
/// INFLESZ score, "bastante fácil" (fairly easy) ...
pub const SPANISH_GUIDE_MIN_SCORE: f64 = 65.0;
/// ... and every other Spanish page at least "normal".
pub const SPANISH_MIN_SCORE: f64 = 55.0;

/// One Spanish page's INFLESZ score (higher is easier).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SpanishReadability {
    pub path: PathBuf,
    pub score: f64,
    pub min_score: f64,
    /// The INFLESZ band of the score: muy difícil, algo difícil, normal, bastante fácil, muy fácil.
    pub band: &'static str,
    pub words: usize,
    pub sentences: usize,
}

/// A Spanish page's score from its prose's counts, or `None` under 30 words.
pub fn assess_spanish(path: &Path, counts: Counts, min_score: f64) -> Option<SpanishReadability> {
    if counts.words < 30 {
        return None;
    }
    let score = counts.inflesz();
    Some(SpanishReadability {
        path: path.to_path_buf(),
        score,
        min_score,
        band: inflesz_band(score),
        words: counts.words,
        sentences: counts.sentences,
    })
}

/// The INFLESZ scale's bands (Barrio-Cantalejo et al. 2008).
pub fn inflesz_band(score: f64) -> &'static str {
    match score {
        s if s < 40.0 => "muy difícil",
        s if s < 55.0 => "algo difícil",
        s if s < 65.0 => "normal",
        s if s < 80.0 => "bastante fácil",
        _ => "muy fácil",
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

    /// Szigriszt-Pazos perspicuity, the score the INFLESZ scale reads:
    /// 206.835 - 62.3 (Spanish syllables / words) - (words / sentences).
    pub fn inflesz(self) -> f64 {
        if self.words == 0 {
            return 0.0;
        }
        let (w, s, y) = (self.words as f64, self.sentences.max(1) as f64, self.spanish_syllables as f64);
        206.835 - 62.3 * (y / w) - w / s
    }
}

/// Syllables of a Spanish word: one per vowel nucleus, where an unstressed i or u next to another
/// vowel makes a diphthong with it (`tie-rra`, `cui-da-do`) and two strong vowels are two
/// syllables (`le-er`, `pa-ís`); the u of `que`, `qui`, `gue`, `gui` is silent. At least one.
pub fn spanish_syllables(word: &str) -> usize {
    let chars: Vec<char> = word.to_lowercase().chars().filter(|c| c.is_alphabetic()).collect();
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'á' | 'é' | 'í' | 'ó' | 'ú' | 'ü');
    let weak = |c: char| matches!(c, 'i' | 'u' | 'ü');
    let mut n = 0;
    let mut previous: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        if !vowel(c) {
            previous = None;
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let silent =
            c == 'u' && (before == Some('q') || (before == Some('g') && matches!(after, Some('e' | 'i' | 'é' | 'í'))));
        if silent {
            continue;
        }
        match previous {
            Some(p) if weak(p) || weak(c) => {}
            _ => n += 1,
        }
        previous = Some(c);
    }
    n.max(1)
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
        counts.spanish_syllables += spanish_syllables(w);
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
    fn spanish_syllable_counts() {
        for (word, n) in [
            ("escritura", 4),
            ("niños", 2),
            ("tierra", 2),
            ("cuidado", 3),
            ("leer", 2),
            ("país", 2),
            ("guía", 2),
            ("que", 1),
            ("guerra", 2),
            ("pingüino", 3),
            ("paraprofesional", 6),
            ("evaluación", 4),
            ("y", 1),
        ] {
            assert_eq!(spanish_syllables(word), n, "{word}");
        }
    }

    #[test]
    fn plain_spanish_scores_easy_and_dense_spanish_hard() {
        let plain: Vec<&str> = vec!["El niño lee un libro. La niña come pan. Su mamá lo ve."; 10];
        let dense: Vec<&str> = vec!["La implementación multidisciplinaria de intervenciones individualizadas requiere coordinación interprofesional sistemática."; 10];
        let plain = assess_spanish(Path::new("a"), Counts::of(plain), 65.0).expect("enough words");
        let dense = assess_spanish(Path::new("b"), Counts::of(dense), 65.0).expect("enough words");
        assert!(plain.score > 80.0 && plain.band == "muy fácil", "{plain:?}");
        assert!(dense.score < 40.0 && dense.band == "muy difícil", "{dense:?}");
    }

    #[test]
    fn too_short_pages_are_not_judged() {
        assert!(assess(Path::new("a"), count("Too short."), 8.0).is_none());
    }
}
