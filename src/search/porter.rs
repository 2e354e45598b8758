//! The Porter (1980) stemmer, as in Martin Porter's reference C implementation. The browser's
//! `js/search.js` carries a line-for-line twin; both are checked against the official Porter
//! vocabulary in tests/fixtures/porter/, which keeps the two in agreement. Words with anything but ASCII lower-case letters are left alone.

/// The stem of a lower-case word: `breaks` -> `break`, `movement` -> `movement`,
/// `occupational` -> `occup`.
pub(crate) fn stem(word: &str) -> String {
    if word.len() <= 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w = Word(word.as_bytes().to_vec());
    w.step1ab();
    w.step1c();
    w.step2();
    w.step3();
    w.step4();
    w.step5();
    String::from_utf8(w.0).unwrap_or_else(|_| word.to_string())
}

struct Word(Vec<u8>);

impl Word {
    /// Is the letter at `i` a consonant? `y` is one at the start or after a vowel.
    fn cons(&self, i: usize) -> bool {
        match self.0[i] {
            b'a' | b'e' | b'i' | b'o' | b'u' => false,
            b'y' => i == 0 || !self.cons(i - 1),
            _ => true,
        }
    }

    /// The number of vowel-consonant sequences in the first `len` letters.
    fn measure(&self, len: usize) -> usize {
        let mut n = 0;
        let mut i = 0;
        while i < len && self.cons(i) {
            i += 1;
        }
        loop {
            while i < len && !self.cons(i) {
                i += 1;
            }
            if i >= len {
                return n;
            }
            while i < len && self.cons(i) {
                i += 1;
            }
            n += 1;
        }
    }

    fn has_vowel(&self, len: usize) -> bool {
        (0..len).any(|i| !self.cons(i))
    }

    /// Do the first `len` letters end in a double consonant?
    fn double_cons(&self, len: usize) -> bool {
        len >= 2 && self.0[len - 1] == self.0[len - 2] && self.cons(len - 1)
    }

    /// Do the first `len` letters end consonant-vowel-consonant, the last not w, x or y?
    fn cvc(&self, len: usize) -> bool {
        len >= 3
            && self.cons(len - 3)
            && !self.cons(len - 2)
            && self.cons(len - 1)
            && !matches!(self.0[len - 1], b'w' | b'x' | b'y')
    }

    fn ends(&self, suffix: &str) -> bool {
        self.0.ends_with(suffix.as_bytes())
    }

    /// The length of the word without `suffix` (which it must end with).
    fn stem_len(&self, suffix: &str) -> usize {
        self.0.len() - suffix.len()
    }

    fn set_to(&mut self, suffix: &str, with: &str) {
        let len = self.stem_len(suffix);
        self.0.truncate(len);
        self.0.extend_from_slice(with.as_bytes());
    }

    /// The first rule whose suffix the word ends with decides; it applies when the stem's measure
    /// is above `min`.
    fn rules(&mut self, rules: &[(&str, &str)], min: usize) {
        if let Some(&(suffix, with)) = rules.iter().find(|(suffix, _)| self.ends(suffix)) {
            if self.measure(self.stem_len(suffix)) > min {
                self.set_to(suffix, with);
            }
        }
    }

    fn step1ab(&mut self) {
        if self.ends("sses") {
            self.set_to("sses", "ss");
        } else if self.ends("ies") {
            self.set_to("ies", "i");
        } else if self.ends("s") && !self.ends("ss") {
            self.0.pop();
        }
        if self.ends("eed") {
            if self.measure(self.stem_len("eed")) > 0 {
                self.0.pop();
            }
            return;
        }
        let suffix = if self.ends("ed") {
            "ed"
        } else if self.ends("ing") {
            "ing"
        } else {
            return;
        };
        if !self.has_vowel(self.stem_len(suffix)) {
            return;
        }
        self.set_to(suffix, "");
        if self.ends("at") {
            self.set_to("at", "ate");
        } else if self.ends("bl") {
            self.set_to("bl", "ble");
        } else if self.ends("iz") {
            self.set_to("iz", "ize");
        } else if self.double_cons(self.0.len()) {
            if !matches!(self.0[self.0.len() - 1], b'l' | b's' | b'z') {
                self.0.pop();
            }
        } else if self.measure(self.0.len()) == 1 && self.cvc(self.0.len()) {
            self.0.push(b'e');
        }
    }

    fn step1c(&mut self) {
        if self.ends("y") && self.has_vowel(self.0.len() - 1) {
            let last = self.0.len() - 1;
            self.0[last] = b'i';
        }
    }

    fn step2(&mut self) {
        self.rules(
            &[
                ("ational", "ate"),
                ("tional", "tion"),
                ("enci", "ence"),
                ("anci", "ance"),
                ("izer", "ize"),
                ("bli", "ble"),
                ("alli", "al"),
                ("entli", "ent"),
                ("eli", "e"),
                ("ousli", "ous"),
                ("ization", "ize"),
                ("ation", "ate"),
                ("ator", "ate"),
                ("alism", "al"),
                ("iveness", "ive"),
                ("fulness", "ful"),
                ("ousness", "ous"),
                ("aliti", "al"),
                ("iviti", "ive"),
                ("biliti", "ble"),
                ("logi", "log"),
            ],
            0,
        );
    }

    fn step3(&mut self) {
        self.rules(
            &[
                ("icate", "ic"),
                ("ative", ""),
                ("alize", "al"),
                ("iciti", "ic"),
                ("ical", "ic"),
                ("ful", ""),
                ("ness", ""),
            ],
            0,
        );
    }

    fn step4(&mut self) {
        const SUFFIXES: [&str; 19] = [
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
            "iti", "ous", "ive", "ize",
        ];
        let found = SUFFIXES.iter().find(|s| {
            self.ends(s) && (**s != "ion" || matches!(self.0.get(self.0.len().wrapping_sub(4)), Some(b's' | b't')))
        });
        if let Some(suffix) = found {
            if self.measure(self.stem_len(suffix)) > 1 {
                self.set_to(suffix, "");
            }
        }
    }

    fn step5(&mut self) {
        let len = self.0.len();
        if self.ends("e") {
            let m = self.measure(len);
            if m > 1 || (m == 1 && !self.cvc(len - 1)) {
                self.0.pop();
            }
        }
        let len = self.0.len();
        if self.ends("l") && self.double_cons(len) && self.measure(len) > 1 {
            self.0.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    /// Pairs from Porter's published vocabulary and output files.
    #[test]
    fn porter_reference_pairs() {
        for (word, expected) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "ti"),
            ("caress", "caress"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("bled", "bled"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("conflated", "conflat"),
            ("troubled", "troubl"),
            ("sized", "size"),
            ("hopping", "hop"),
            ("tanned", "tan"),
            ("falling", "fall"),
            ("hissing", "hiss"),
            ("fizzed", "fizz"),
            ("failing", "fail"),
            ("filing", "file"),
            ("happy", "happi"),
            ("sky", "sky"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("rational", "ration"),
            ("valenci", "valenc"),
            ("digitizer", "digit"),
            ("conformabli", "conform"),
            ("radicalli", "radic"),
            ("differentli", "differ"),
            ("vileli", "vile"),
            ("analogousli", "analog"),
            ("vietnamization", "vietnam"),
            ("predication", "predic"),
            ("operator", "oper"),
            ("feudalism", "feudal"),
            ("decisiveness", "decis"),
            ("hopefulness", "hope"),
            ("callousness", "callous"),
            ("formaliti", "formal"),
            ("sensitiviti", "sensit"),
            ("sensibiliti", "sensibl"),
            ("triplicate", "triplic"),
            ("formative", "form"),
            ("formalize", "formal"),
            ("electriciti", "electr"),
            ("electrical", "electr"),
            ("hopeful", "hope"),
            ("goodness", "good"),
            ("revival", "reviv"),
            ("allowance", "allow"),
            ("inference", "infer"),
            ("airliner", "airlin"),
            ("gyroscopic", "gyroscop"),
            ("adjustable", "adjust"),
            ("defensible", "defens"),
            ("irritant", "irrit"),
            ("replacement", "replac"),
            ("adjustment", "adjust"),
            ("dependent", "depend"),
            ("adoption", "adopt"),
            ("homologou", "homolog"),
            ("communism", "commun"),
            ("activate", "activ"),
            ("angulariti", "angular"),
            ("homologous", "homolog"),
            ("effective", "effect"),
            ("bowdlerize", "bowdler"),
            ("probate", "probat"),
            ("rate", "rate"),
            ("cease", "ceas"),
            ("controll", "control"),
            ("roll", "roll"),
            ("generalizations", "gener"),
            ("oscillators", "oscil"),
        ] {
            assert_eq!(stem(word), expected, "stem({word})");
        }
    }

    #[test]
    fn words_of_this_site() {
        assert_eq!(stem("breaks"), stem("break"));
        assert_eq!(stem("fidgets"), stem("fidget"));
        assert_eq!(stem("movement"), "movement");
        assert_eq!(stem("grasping"), stem("grasp"));
        assert_eq!(stem("ot"), "ot");
        assert_eq!(stem("504"), "504");
        assert_eq!(stem("élan"), "élan");
    }

    /// `(word, stem)` pairs of a file under tests/fixtures/porter/: one pair a line, `#` comments.
    fn fixture_pairs(file: &str) -> Vec<(String, String)> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/porter").join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        text.lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| match line.split(' ').collect::<Vec<_>>()[..] {
                [word, stem, ..] if !word.is_empty() && !stem.is_empty() => (word.to_string(), stem.to_string()),
                _ => panic!("{}: not a `word stem` line: {line:?}", path.display()),
            })
            .collect()
    }

    /// A sample of the official Porter vocabulary, and every word of it where this stemmer departs
    /// from the official output on purpose. The browser's twin in `js/search.js` is held to the
    /// same files by the integration test `search::the_javascript_stemmer_matches_the_porter_vocabulary`.
    #[test]
    fn matches_the_porter_vocabulary() {
        for file in ["vocabulary.txt", "departures.txt"] {
            let pairs = fixture_pairs(file);
            let differ: Vec<String> = pairs
                .iter()
                .filter(|(word, expected)| stem(word) != *expected)
                .map(|(word, expected)| format!("{word}: expected {expected}, got {}", stem(word)))
                .collect();
            assert!(!pairs.is_empty(), "{file} has no words");
            assert!(
                differ.is_empty(),
                "{file}: {} of {} words differ:\n{}",
                differ.len(),
                pairs.len(),
                differ.join("\n")
            );
        }
    }
}
