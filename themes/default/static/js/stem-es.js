// Snowball's Spanish stemmer, the twin of src/search/spanish.rs (step for step as Snowball 3.1.1
// generates it from spanish.sbl). Both are checked against the real Snowball (PyPI
// snowballstemmer, pinned) on Snowball's Spanish vocabulary: tests/i18n.rs.

const VOWELS = new Set(["a", "e", "i", "o", "u", "á", "é", "í", "ó", "ú", "ü"]);
const isVowel = (c) => VOWELS.has(c);
const isConsonant = (c) => !VOWELS.has(c);

// The index just past the first letter at or after `from` that `want` accepts, or -1.
function past(w, from, want) {
  for (let i = from; i < w.length; i++) if (want(w[i])) return i + 1;
  return -1;
}

function regions(w) {
  const n = w.length;
  let rv = -1;
  if (n >= 2) {
    if (isVowel(w[0]) && isConsonant(w[1])) rv = past(w, 2, isVowel);
    else if (isVowel(w[0])) rv = past(w, 2, isConsonant);
    else if (isConsonant(w[1])) rv = past(w, 2, isVowel);
    else if (n >= 3) rv = 3;
  }
  const region = (from) => {
    const i = past(w, from, isVowel);
    return i < 0 ? -1 : past(w, i, isConsonant);
  };
  const r1 = region(0);
  const r2 = r1 < 0 ? -1 : region(r1);
  return { rv: rv < 0 ? n : rv, r1: r1 < 0 ? n : r1, r2: r2 < 0 ? n : r2 };
}

// The longest of `suffixes` ([text, rule]) that w[0..end] ends with, starting at or after
// `lower`: [start, rule] or null.
function longest(w, end, lower, suffixes) {
  let best = null;
  let bestLen = -1;
  for (const [s, rule] of suffixes) {
    const chars = [...s];
    const start = end - chars.length;
    if (start < lower || start < 0 || chars.length <= bestLen) continue;
    let same = true;
    for (let i = 0; i < chars.length; i++) {
      if (w[start + i] !== chars[i]) {
        same = false;
        break;
      }
    }
    if (same) {
      best = [start, rule];
      bestLen = chars.length;
    }
  }
  return best;
}

const rules = (text, rule) => text.split(" ").map((s) => [s, rule]);
const PRONOUNS = rules("la sela le me se lo selo las selas les los selos nos", 1);
const BEFORE_PRONOUN = [
  ["ando", 6], ["iendo", 6], ["yendo", 7], ["ándo", 2], ["iéndo", 1],
  ["ar", 6], ["er", 6], ["ir", 6], ["ár", 3], ["ér", 4], ["ír", 5],
];
const STANDARD = [
  ...rules("ica osa ista anza able ible ico ismo oso amiento imiento icas osas istas anzas ables ibles icos ismos osos amientos imientos", 1),
  ...rules("ancia adora ante acion ación ador ancias adoras aciones adores antes", 2),
  ...rules("logía logías", 3),
  ...rules("ucion ución uciones", 4),
  ...rules("encia encias", 5),
  ["amente", 6],
  ["mente", 7],
  ...rules("idad idades", 8),
  ...rules("iva ivo ivas ivos", 9),
];
const Y_VERB = rules("ya ye yan yen yeron yendo yo yas yes yais yamos yó", 1);
const VERB = [
  ...rules("en es éis emos", 1),
  ...rules(
    "aba ada ida ara iera ía aría ería iría ad ed id ase iese aste iste an aban aran ieran ían arían erían irían " +
      "asen iesen aron ieron arán erán irán ado ido ando iendo ar er ir as abas adas idas aras ieras ías arías erías " +
      "irías ases ieses abais arais ierais íais aríais eríais iríais aseis ieseis asteis isteis áis aréis eréis iréis " +
      "ados idos amos ábamos áramos iéramos íamos aríamos eríamos iríamos aremos eremos iremos ásemos iésemos imos " +
      "arás erás irás ís ará erá irá aré eré iré ió",
    2,
  ),
];
const RESIDUAL = [["a", 1], ["e", 2], ["o", 1], ["os", 1], ["á", 1], ["é", 2], ["í", 1], ["ó", 1]];

function replace(w, from, text) {
  w.length = from;
  w.push(...text);
}

function attachedPronoun(w, r) {
  const pronoun = longest(w, w.length, 0, PRONOUNS);
  if (!pronoun) return;
  const verb = longest(w, pronoun[0], 0, BEFORE_PRONOUN);
  if (!verb || verb[0] < r.rv) return;
  const [start, rule] = verb;
  if (rule === 1) replace(w, start, "iendo");
  else if (rule === 2) replace(w, start, "ando");
  else if (rule === 3) replace(w, start, "ar");
  else if (rule === 4) replace(w, start, "er");
  else if (rule === 5) replace(w, start, "ir");
  else if (rule === 6) w.length = pronoun[0];
  else if (start > 0 && w[start - 1] === "u") w.length = pronoun[0];
}

function deleteInR2(w, r, suffixes) {
  const found = longest(w, w.length, 0, suffixes);
  if (!found || found[0] < r.r2) return null;
  w.length = found[0];
  return found[1];
}

function standardSuffix(w, r) {
  const found = longest(w, w.length, 0, STANDARD);
  if (!found) return false;
  const [start, rule] = found;
  const inR2 = start >= r.r2;
  if (rule === 6) {
    if (start < r.r1) return false;
    w.length = start;
    if (deleteInR2(w, r, [["ic", 0], ["ad", 0], ["os", 0], ["iv", 1]]) === 1) deleteInR2(w, r, [["at", 1]]);
    return true;
  }
  if (!inR2) return false;
  if (rule === 1) w.length = start;
  else if (rule === 2) {
    w.length = start;
    deleteInR2(w, r, [["ic", 1]]);
  } else if (rule === 3) replace(w, start, "log");
  else if (rule === 4) replace(w, start, "u");
  else if (rule === 5) replace(w, start, "ente");
  else if (rule === 7) {
    w.length = start;
    deleteInR2(w, r, [["able", 1], ["ible", 1], ["ante", 1]]);
  } else if (rule === 8) {
    w.length = start;
    deleteInR2(w, r, [["ic", 1], ["abil", 1], ["iv", 1]]);
  } else {
    w.length = start;
    deleteInR2(w, r, [["at", 1]]);
  }
  return true;
}

function yVerbSuffix(w, r) {
  if (w.length < r.rv) return false;
  const found = longest(w, w.length, r.rv, Y_VERB);
  if (!found || found[0] === 0 || w[found[0] - 1] !== "u") return false;
  w.length = found[0];
  return true;
}

function verbSuffix(w, r) {
  if (w.length < r.rv) return;
  const found = longest(w, w.length, r.rv, VERB);
  if (!found) return;
  const [start, rule] = found;
  if (rule === 1 && start >= 2 && w[start - 1] === "u" && w[start - 2] === "g") w.length = start - 1;
  else w.length = start;
}

function residualSuffix(w, r) {
  const found = longest(w, w.length, 0, RESIDUAL);
  if (!found || found[0] < r.rv) return;
  const [start, rule] = found;
  w.length = start;
  if (rule === 2 && start >= 2 && w[start - 1] === "u" && w[start - 2] === "g" && start - 1 >= r.rv) w.length = start - 1;
}

const PLAIN = { á: "a", é: "e", í: "i", ó: "o", ú: "u" };

// The stem of a lower-case Spanish word: "escritura" -> "escritur".
export function stem(word) {
  const w = [...word];
  const r = regions(w);
  attachedPronoun(w, r);
  if (!standardSuffix(w, r) && !yVerbSuffix(w, r)) verbSuffix(w, r);
  residualSuffix(w, r);
  return w.map((c) => PLAIN[c] || c).join("");
}
