//! Snowball's Spanish stemmer (snowballstem.org/algorithms/spanish), step for step as the code
//! Snowball 3.1.1 generates from spanish.sbl. The browser's `js/stem-es.js` is its twin; both are
//! checked against the real Snowball (the PyPI `snowballstemmer` package, pinned) on Snowball's
//! Spanish vocabulary, tests/fixtures/snowball/spanish-voc.txt (tests/search_es.rs).

/// The stem of a lower-case Spanish word: `escritura` -> `escritur`, `niños` -> `niñ`.
pub(crate) fn stem(word: &str) -> String {
    let mut w: Vec<char> = word.chars().collect();
    let regions = Regions::of(&w);
    attached_pronoun(&mut w, &regions);
    if !standard_suffix(&mut w, &regions) && !y_verb_suffix(&mut w, &regions) {
        verb_suffix(&mut w, &regions);
    }
    residual_suffix(&mut w, &regions);
    w.into_iter()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            c => c,
        })
        .collect()
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'á' | 'é' | 'í' | 'ó' | 'ú' | 'ü')
}

/// RV, R1 and R2, as indices where each region starts (the word's length when it is empty).
struct Regions {
    rv: usize,
    r1: usize,
    r2: usize,
}

/// The index just past the first letter at or after `from` that `want` accepts.
fn past(w: &[char], from: usize, want: fn(char) -> bool) -> Option<usize> {
    (from..w.len()).find(|&i| want(w[i])).map(|i| i + 1)
}

fn is_consonant(c: char) -> bool {
    !is_vowel(c)
}

impl Regions {
    fn of(w: &[char]) -> Regions {
        let n = w.len();
        let rv = match (w.first().copied(), w.get(1).copied()) {
            // A vowel, then a consonant: after the next vowel. Two vowels: after the next consonant.
            (Some(a), Some(b)) if is_vowel(a) && is_consonant(b) => past(w, 2, is_vowel),
            (Some(a), Some(_)) if is_vowel(a) => past(w, 2, is_consonant),
            // A consonant, then a consonant: after the next vowel; then a vowel: after the third letter.
            (Some(_), Some(b)) if is_consonant(b) => past(w, 2, is_vowel),
            (Some(_), Some(_)) if n >= 3 => Some(3),
            _ => None,
        }
        .unwrap_or(n);
        let region = |from: usize| past(w, from, is_vowel).and_then(|i| past(w, i, is_consonant));
        let r1 = region(0);
        let r2 = r1.and_then(region).unwrap_or(n);
        Regions { rv, r1: r1.unwrap_or(n), r2 }
    }
}

/// The longest of `suffixes` that `w[..end]` ends with and that starts at or after `lower`:
/// (where it starts, its rule number).
fn longest(w: &[char], end: usize, lower: usize, suffixes: &[(&str, u8)]) -> Option<(usize, u8)> {
    suffixes
        .iter()
        .filter_map(|(s, rule)| {
            let len = s.chars().count();
            let start = end.checked_sub(len)?;
            (start >= lower && w[start..end].iter().copied().eq(s.chars())).then_some((start, *rule, len))
        })
        .max_by_key(|(_, _, len)| *len)
        .map(|(start, rule, _)| (start, rule))
}

/// Replaces `w[from..]` with `with`.
fn replace(w: &mut Vec<char>, from: usize, with: &str) {
    w.truncate(from);
    w.extend(with.chars());
}

const PRONOUNS: &[(&str, u8)] = &[
    ("la", 1),
    ("sela", 1),
    ("le", 1),
    ("me", 1),
    ("se", 1),
    ("lo", 1),
    ("selo", 1),
    ("las", 1),
    ("selas", 1),
    ("les", 1),
    ("los", 1),
    ("selos", 1),
    ("nos", 1),
];

const BEFORE_PRONOUN: &[(&str, u8)] = &[
    ("ando", 6),
    ("iendo", 6),
    ("yendo", 7),
    ("ándo", 2),
    ("iéndo", 1),
    ("ar", 6),
    ("er", 6),
    ("ir", 6),
    ("ár", 3),
    ("ér", 4),
    ("ír", 5),
];

/// Step 0: a pronoun after a gerund or infinitive in RV (`dándole` -> `dando`).
fn attached_pronoun(w: &mut Vec<char>, r: &Regions) {
    let Some((pronoun, _)) = longest(w, w.len(), 0, PRONOUNS) else { return };
    let Some((verb, rule)) = longest(w, pronoun, 0, BEFORE_PRONOUN) else { return };
    if verb < r.rv {
        return;
    }
    match rule {
        1 => replace(w, verb, "iendo"),
        2 => replace(w, verb, "ando"),
        3 => replace(w, verb, "ar"),
        4 => replace(w, verb, "er"),
        5 => replace(w, verb, "ir"),
        6 => w.truncate(pronoun),
        _ if verb > 0 && w[verb - 1] == 'u' => w.truncate(pronoun),
        _ => {}
    }
}

const STANDARD: &[(&str, u8)] = &[
    ("ica", 1),
    ("ancia", 2),
    ("encia", 5),
    ("adora", 2),
    ("osa", 1),
    ("ista", 1),
    ("iva", 9),
    ("anza", 1),
    ("logía", 3),
    ("idad", 8),
    ("able", 1),
    ("ible", 1),
    ("ante", 2),
    ("mente", 7),
    ("amente", 6),
    ("acion", 2),
    ("ucion", 4),
    ("ación", 2),
    ("ución", 4),
    ("ico", 1),
    ("ismo", 1),
    ("oso", 1),
    ("amiento", 1),
    ("imiento", 1),
    ("ivo", 9),
    ("ador", 2),
    ("icas", 1),
    ("ancias", 2),
    ("encias", 5),
    ("adoras", 2),
    ("osas", 1),
    ("istas", 1),
    ("ivas", 9),
    ("anzas", 1),
    ("logías", 3),
    ("idades", 8),
    ("ables", 1),
    ("ibles", 1),
    ("aciones", 2),
    ("uciones", 4),
    ("adores", 2),
    ("antes", 2),
    ("icos", 1),
    ("ismos", 1),
    ("osos", 1),
    ("amientos", 1),
    ("imientos", 1),
    ("ivos", 9),
];

/// Deletes the suffix `s` (one of `suffixes`, if given) at the end when it starts in R2;
/// returns its rule.
fn delete_in_r2(w: &mut Vec<char>, r: &Regions, suffixes: &[(&str, u8)]) -> Option<u8> {
    let (start, rule) = longest(w, w.len(), 0, suffixes)?;
    if start < r.r2 {
        return None;
    }
    w.truncate(start);
    Some(rule)
}

/// Step 1: derivational suffixes. False when none applies.
fn standard_suffix(w: &mut Vec<char>, r: &Regions) -> bool {
    let Some((start, rule)) = longest(w, w.len(), 0, STANDARD) else { return false };
    let in_r2 = start >= r.r2;
    match rule {
        1 if in_r2 => w.truncate(start),
        2 if in_r2 => {
            w.truncate(start);
            delete_in_r2(w, r, &[("ic", 1)]);
        }
        3 if in_r2 => replace(w, start, "log"),
        4 if in_r2 => replace(w, start, "u"),
        5 if in_r2 => replace(w, start, "ente"),
        6 if start >= r.r1 => {
            w.truncate(start);
            if delete_in_r2(w, r, &[("ic", 0), ("ad", 0), ("os", 0), ("iv", 1)]) == Some(1) {
                delete_in_r2(w, r, &[("at", 1)]);
            }
        }
        7 if in_r2 => {
            w.truncate(start);
            delete_in_r2(w, r, &[("able", 1), ("ible", 1), ("ante", 1)]);
        }
        8 if in_r2 => {
            w.truncate(start);
            delete_in_r2(w, r, &[("ic", 1), ("abil", 1), ("iv", 1)]);
        }
        9 if in_r2 => {
            w.truncate(start);
            delete_in_r2(w, r, &[("at", 1)]);
        }
        _ => return false,
    }
    true
}

const Y_VERB: &[(&str, u8)] = &[
    ("ya", 1),
    ("ye", 1),
    ("yan", 1),
    ("yen", 1),
    ("yeron", 1),
    ("yendo", 1),
    ("yo", 1),
    ("yas", 1),
    ("yes", 1),
    ("yais", 1),
    ("yamos", 1),
    ("yó", 1),
];

/// Step 2a: verb suffixes beginning with y, in RV, after a u. False when none applies.
fn y_verb_suffix(w: &mut Vec<char>, r: &Regions) -> bool {
    if w.len() < r.rv {
        return false;
    }
    match longest(w, w.len(), r.rv, Y_VERB) {
        Some((start, _)) if start > 0 && w[start - 1] == 'u' => {
            w.truncate(start);
            true
        }
        _ => false,
    }
}

const VERB: &[(&str, u8)] = &[
    ("aba", 2),
    ("ada", 2),
    ("ida", 2),
    ("ara", 2),
    ("iera", 2),
    ("ía", 2),
    ("aría", 2),
    ("ería", 2),
    ("iría", 2),
    ("ad", 2),
    ("ed", 2),
    ("id", 2),
    ("ase", 2),
    ("iese", 2),
    ("aste", 2),
    ("iste", 2),
    ("an", 2),
    ("aban", 2),
    ("aran", 2),
    ("ieran", 2),
    ("ían", 2),
    ("arían", 2),
    ("erían", 2),
    ("irían", 2),
    ("en", 1),
    ("asen", 2),
    ("iesen", 2),
    ("aron", 2),
    ("ieron", 2),
    ("arán", 2),
    ("erán", 2),
    ("irán", 2),
    ("ado", 2),
    ("ido", 2),
    ("ando", 2),
    ("iendo", 2),
    ("ar", 2),
    ("er", 2),
    ("ir", 2),
    ("as", 2),
    ("abas", 2),
    ("adas", 2),
    ("idas", 2),
    ("aras", 2),
    ("ieras", 2),
    ("ías", 2),
    ("arías", 2),
    ("erías", 2),
    ("irías", 2),
    ("es", 1),
    ("ases", 2),
    ("ieses", 2),
    ("abais", 2),
    ("arais", 2),
    ("ierais", 2),
    ("íais", 2),
    ("aríais", 2),
    ("eríais", 2),
    ("iríais", 2),
    ("aseis", 2),
    ("ieseis", 2),
    ("asteis", 2),
    ("isteis", 2),
    ("áis", 2),
    ("éis", 1),
    ("aréis", 2),
    ("eréis", 2),
    ("iréis", 2),
    ("ados", 2),
    ("idos", 2),
    ("amos", 2),
    ("ábamos", 2),
    ("áramos", 2),
    ("iéramos", 2),
    ("íamos", 2),
    ("aríamos", 2),
    ("eríamos", 2),
    ("iríamos", 2),
    ("emos", 1),
    ("aremos", 2),
    ("eremos", 2),
    ("iremos", 2),
    ("ásemos", 2),
    ("iésemos", 2),
    ("imos", 2),
    ("arás", 2),
    ("erás", 2),
    ("irás", 2),
    ("ís", 2),
    ("ará", 2),
    ("erá", 2),
    ("irá", 2),
    ("aré", 2),
    ("eré", 2),
    ("iré", 2),
    ("ió", 2),
];

/// Step 2b: other verb suffixes in RV (`en`, `es`, `éis`, `emos` take a `gu` before them
/// down to `g`).
fn verb_suffix(w: &mut Vec<char>, r: &Regions) {
    if w.len() < r.rv {
        return;
    }
    let Some((start, rule)) = longest(w, w.len(), r.rv, VERB) else { return };
    if rule == 1 && start >= 2 && w[start - 1] == 'u' && w[start - 2] == 'g' {
        w.truncate(start - 1);
    } else {
        w.truncate(start);
    }
}

/// Step 3: a last vowel in RV (an `e` after `gu` takes the `u` too).
fn residual_suffix(w: &mut Vec<char>, r: &Regions) {
    let suffixes = [("a", 1), ("e", 2), ("o", 1), ("os", 1), ("á", 1), ("é", 2), ("í", 1), ("ó", 1)];
    let Some((start, rule)) = longest(w, w.len(), 0, &suffixes) else { return };
    if start < r.rv {
        return;
    }
    w.truncate(start);
    if rule == 2 && start >= 2 && w[start - 1] == 'u' && w[start - 2] == 'g' && start > r.rv {
        w.truncate(start - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn words_of_the_spanish_guides() {
        for (word, expected) in [
            ("escritura", "escritur"),
            ("escribir", "escrib"),
            ("guías", "gui"),
            ("niños", "niñ"),
            ("movimiento", "movimient"),
            ("descansos", "descans"),
            ("letras", "letr"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
    }
}
