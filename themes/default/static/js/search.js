// Site search. The index (built by tierbook into search/) is fetched only once the search box is
// used: first a small manifest, then the term shards a query needs, then one fragment per result
// shown. Results are a list of links with snippets built as DOM nodes (textContent only).
// Tokenizing and stemming mirror src/search.rs and src/search/porter.rs exactly (and, for an
// index whose manifest says `"stemmer": "spanish"`, src/search/spanish.rs as js/stem-es.js).

import { stem as stemSpanish } from "./stem-es.js";
import { wordsOf, sayer } from "./words.js";

const hasDom = typeof document !== "undefined";
const base = (hasDom && document.body.dataset.base) || "/";
// A language other than the default has its own index, named in the head (partials/hreflang.html).
const languageIndex = hasDom && document.querySelector('meta[name="tierbook-search"]');
let root = (languageIndex && languageIndex.content) || base + "search/";
let stemmer = (word) => stem(word);

// For tests and benchmarks outside a page: where the index lives.
export function setRoot(url) {
  root = url;
}
const LIMIT_PANEL = 8;
const LIMIT_PAGE = 30;
const PREFIX_BUDGET = 1500000; // bytes of shards one prefix may pull in

let manifestPromise = null;
const shards = new Map();
const fragments = new Map();
const stems = new Map();

// ---- Tokenizing (src/search.rs `words`, `terms`) ----

const WORD = /[\p{Alphabetic}\p{N}]+/gu;

export function words(text) {
  const out = [];
  for (const match of text.replace(/['\u2019]/g, "").matchAll(WORD)) {
    const w = match[0].toLowerCase();
    if ([...w].length === 1 && !/^\p{N}$/u.test(w)) continue;
    out.push(w);
  }
  return out;
}

function stemOf(word) {
  let s = stems.get(word);
  if (s === undefined) {
    s = stemmer(word);
    stems.set(word, s);
  }
  return s;
}

// ---- Porter stemmer (src/search/porter.rs) ----

function isCons(w, i) {
  const c = w[i];
  if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
  if (c === "y") return i === 0 || !isCons(w, i - 1);
  return true;
}

function measure(w, len) {
  let n = 0;
  let i = 0;
  while (i < len && isCons(w, i)) i++;
  for (;;) {
    while (i < len && !isCons(w, i)) i++;
    if (i >= len) return n;
    while (i < len && isCons(w, i)) i++;
    n++;
  }
}

function hasVowel(w, len) {
  for (let i = 0; i < len; i++) if (!isCons(w, i)) return true;
  return false;
}

function doubleCons(w, len) {
  return len >= 2 && w[len - 1] === w[len - 2] && isCons(w, len - 1);
}

function cvc(w, len) {
  if (len < 3 || !isCons(w, len - 3) || isCons(w, len - 2) || !isCons(w, len - 1)) return false;
  const c = w[len - 1];
  return c !== "w" && c !== "x" && c !== "y";
}

function rules(w, list, min) {
  for (const [suffix, rep] of list) {
    if (w.endsWith(suffix)) {
      const len = w.length - suffix.length;
      return measure(w, len) > min ? w.slice(0, len) + rep : w;
    }
  }
  return w;
}

const STEP2 = [
  ["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["izer", "ize"],
  ["bli", "ble"], ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"],
  ["ization", "ize"], ["ation", "ate"], ["ator", "ate"], ["alism", "al"], ["iveness", "ive"],
  ["fulness", "ful"], ["ousness", "ous"], ["aliti", "al"], ["iviti", "ive"], ["biliti", "ble"],
  ["logi", "log"],
];
const STEP3 = [
  ["icate", "ic"], ["ative", ""], ["alize", "al"], ["iciti", "ic"], ["ical", "ic"], ["ful", ""], ["ness", ""],
];
const STEP4 = [
  "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
  "iti", "ous", "ive", "ize",
];

export function stem(word) {
  if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  // Step 1a
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
  // Step 1b
  if (w.endsWith("eed")) {
    if (measure(w, w.length - 3) > 0) w = w.slice(0, -1);
  } else {
    const suffix = w.endsWith("ed") ? "ed" : w.endsWith("ing") ? "ing" : "";
    if (suffix && hasVowel(w, w.length - suffix.length)) {
      w = w.slice(0, w.length - suffix.length);
      if (w.endsWith("at") || w.endsWith("bl") || w.endsWith("iz")) w += "e";
      else if (doubleCons(w, w.length)) {
        const c = w[w.length - 1];
        if (c !== "l" && c !== "s" && c !== "z") w = w.slice(0, -1);
      } else if (measure(w, w.length) === 1 && cvc(w, w.length)) w += "e";
    }
  }
  // Step 1c
  if (w.endsWith("y") && hasVowel(w, w.length - 1)) w = w.slice(0, -1) + "i";
  w = rules(w, STEP2, 0);
  w = rules(w, STEP3, 0);
  // Step 4
  for (const suffix of STEP4) {
    if (w.endsWith(suffix) && (suffix !== "ion" || w[w.length - 4] === "s" || w[w.length - 4] === "t")) {
      const len = w.length - suffix.length;
      if (measure(w, len) > 1) w = w.slice(0, len);
      break;
    }
  }
  // Step 5
  if (w.endsWith("e")) {
    const m = measure(w, w.length);
    if (m > 1 || (m === 1 && !cvc(w, w.length - 1))) w = w.slice(0, -1);
  }
  if (w.endsWith("l") && doubleCons(w, w.length) && measure(w, w.length) > 1) w = w.slice(0, -1);
  return w;
}

// ---- Loading ----

function json(url) {
  return fetch(url, { cache: "no-cache" }).then((r) => {
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return r.json();
  });
}

export function loadManifest() {
  if (!manifestPromise) {
    manifestPromise = json(root + "index.json").then((m) => {
      m.stopSet = new Set(m.stop);
      if (m.stemmer === "spanish") {
        stemmer = stemSpanish;
        stems.clear();
      }
      return m;
    });
    manifestPromise.catch(() => {
      manifestPromise = null;
    });
  }
  return manifestPromise;
}

function shard(m, n) {
  if (!shards.has(n)) {
    const p = json(`${root}${m.dir}/s${n}.json`);
    p.catch(() => shards.delete(n));
    shards.set(n, p);
  }
  return shards.get(n);
}

// A page's fragment: fragments are stored a few pages to a file, chunk c starting at m.chunks[c].
async function fragment(m, n) {
  let lo = 0;
  let hi = m.chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (m.chunks[mid] <= n) lo = mid;
    else hi = mid - 1;
  }
  if (!fragments.has(lo)) {
    const p = json(`${root}${m.dir}/p${lo}.json`);
    p.catch(() => fragments.delete(lo));
    fragments.set(lo, p);
  }
  const chunk = await fragments.get(lo);
  return chunk[n - m.chunks[lo]];
}

// The shards a term (or prefix) can be in: the one whose key is its longest prefix, plus, for
// prefix search, those whose keys start with it (unless that would be too much to download).
function shardsFor(m, term, prefix) {
  let owner = -1;
  for (let i = 0; i < m.shards.length; i++) {
    const key = m.shards[i];
    if (term.startsWith(key) && (owner < 0 || key.length > m.shards[owner].length)) owner = i;
  }
  const set = owner >= 0 ? [owner] : [];
  if (prefix) {
    const more = [];
    let size = 0;
    for (let i = 0; i < m.shards.length; i++) {
      if (i !== owner && m.shards[i].startsWith(term)) {
        more.push(i);
        size += m.sizes[i];
      }
    }
    if (size <= PREFIX_BUDGET) set.push(...more);
  }
  return set;
}

// ---- Querying ----

// A query is a list of clauses; a clause is a list of alternatives (a typed word, or the members
// of its synonym group); an alternative is a list of terms that must all occur.
function parse(query, m) {
  const raw = words(query).filter((w) => !m.stopSet.has(w));
  const terms = raw.map(stemOf);
  const clauses = [];
  let i = 0;
  while (i < terms.length) {
    let best = null;
    for (const group of m.synonyms) {
      for (const alt of group) {
        if (alt.length > (best ? best.len : 0) && alt.every((t, k) => terms[i + k] === t)) {
          best = { group, len: alt.length };
        }
      }
    }
    const typed = { terms: terms.slice(i, i + (best ? best.len : 1)), prefixes: [] };
    if (!best) {
      for (const p of new Set([terms[i], raw[i]])) if (p.length >= 2) typed.prefixes.push(p);
    }
    const alts = [typed];
    if (best) {
      for (const alt of best.group) {
        if (alt.join(" ") !== typed.terms.join(" ")) alts.push({ terms: alt, prefixes: [], synonym: true });
      }
    }
    clauses.push(alts);
    i += best ? best.len : 1;
  }
  // A query that uses a staff word from a synonym group ("can't sit still", "meltdown") describes
  // what someone sees in a classroom: what to do about it is in a guide.
  clauses.symptom = clauses.some((alts) => alts.some((alt) => alt.synonym));
  return clauses;
}

function decode(entry, factor, idfOf, into) {
  const idf = idfOf(entry[0]);
  let page = 0;
  for (let k = 1; k < entry.length; k += 2) {
    page += entry[k];
    const s = idf * entry[k + 1] * factor;
    if (!(into.get(page) >= s)) into.set(page, s);
  }
}

async function termScores(m, term, prefixes, factor) {
  const idfOf = (df) => Math.log(1 + (m.pages - df + 0.5) / (df + 0.5));
  const scores = new Map();
  const wanted = new Set(shardsFor(m, term, false));
  for (const p of prefixes) for (const n of shardsFor(m, p, true)) wanted.add(n);
  const loaded = await Promise.all([...wanted].map((n) => shard(m, n)));
  for (const dict of loaded) {
    const exact = dict[term];
    if (exact) decode(exact, factor, idfOf, scores);
    for (const p of prefixes) {
      for (const key in dict) {
        if (key !== term && key.startsWith(p)) decode(dict[key], factor * 0.55, idfOf, scores);
      }
    }
  }
  return scores;
}

const KIND_GROUPS = {
  guide: ["guide"],
  training: ["module", "lesson"],
  "case-study": ["case-study"],
  page: ["page"],
};

// Ranks the pages for a query. Returns { clauses, total, hits: [{ page, score }] }.
export async function rank(query, filters = {}, limit = LIMIT_PANEL) {
  const m = await loadManifest();
  const clauses = parse(query, m);
  if (clauses.length === 0) return { clauses, total: 0, hits: [] };
  const totals = new Map();
  const matched = new Map();
  for (const alts of clauses) {
    const best = new Map();
    for (const alt of alts) {
      let altScores = null;
      for (const [k, term] of alt.terms.entries()) {
        const prefixes = k === alt.terms.length - 1 ? alt.prefixes : [];
        const s = await termScores(m, term, prefixes, alt.synonym ? 0.9 : 1);
        if (altScores === null) altScores = s;
        else {
          const both = new Map();
          for (const [page, v] of s) if (altScores.has(page)) both.set(page, altScores.get(page) + v);
          altScores = both;
        }
      }
      // Within a synonym group, a many-word member counts as much as a one-word one.
      const scale = alts.length > 1 ? 1 / alt.terms.length : 1;
      for (const [page, v] of altScores || []) if (!(best.get(page) >= v * scale)) best.set(page, v * scale);
    }
    for (const [page, v] of best) {
      totals.set(page, (totals.get(page) || 0) + v);
      matched.set(page, (matched.get(page) || 0) + 1);
    }
  }
  const kinds = filters.kind && KIND_GROUPS[filters.kind];
  const tier = Number(filters.tier || 0);
  const hits = [];
  for (const [page, score] of totals) {
    if (kinds && !kinds.includes(m.kinds[m.kind[page]])) continue;
    if (tier && m.tier[page] !== tier) continue;
    const coverage = matched.get(page) / clauses.length;
    // Guides are what staff look things up for; a lesson on the same topic links to its guide.
    const prior = m.kinds[m.kind[page]] === "guide" ? 1.25 : 1;
    hits.push({ page, score: score * coverage * coverage * prior });
  }
  // For symptom-like queries, the guides that match well come before lessons and other pages.
  const top = hits.reduce((best, h) => Math.max(best, h.score), 0);
  const first = (h) => clauses.symptom && m.kinds[m.kind[h.page]] === "guide" && h.score >= top * 0.2;
  hits.sort((a, b) => first(b) - first(a) || b.score - a.score || a.page - b.page);
  return { clauses, total: hits.length, hits: hits.slice(0, limit), manifest: m };
}

// Which words of a text match the query: exact terms and typed prefixes.
function matcher(clauses) {
  const exact = new Set();
  const prefixes = [];
  for (const alts of clauses) {
    for (const alt of alts) {
      for (const t of alt.terms) exact.add(t);
      prefixes.push(...alt.prefixes);
    }
  }
  return (word) => {
    const w = word.toLowerCase().replace(/['\u2019]/g, "");
    const s = stemOf(w);
    return exact.has(s) || prefixes.some((p) => s.startsWith(p) || w.startsWith(p));
  };
}

// The best section of a page for the query, and a window of its text around the matches.
function snippet(frag, isMatch) {
  let best = null;
  for (const [index, [id, heading, text]] of frag.sections.entries()) {
    const found = [];
    for (const match of text.matchAll(/[\p{Alphabetic}\p{N}'\u2019]+/gu)) {
      if (isMatch(match[0])) found.push(match.index);
    }
    let headingHits = 0;
    for (const w of words(heading)) if (isMatch(w)) headingHits++;
    const distinct = new Set(found.map((i) => stemOf(text.slice(i).match(/^[\p{Alphabetic}\p{N}]+/u)?.[0].toLowerCase() || ""))).size;
    const score = distinct * 10 + Math.min(found.length, 3) * 2 + headingHits * 15 - index * 0.5;
    if (!best || score > best.score) best = { id, heading, text, found, score };
  }
  if (!best) return null;
  const { text, found } = best;
  let start = found.length ? Math.max(0, found[0] - 80) : 0;
  if (start > 0) {
    const space = text.indexOf(" ", start);
    start = space >= 0 && space < found[0] ? space + 1 : start;
  }
  let end = Math.min(text.length, start + 220);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > start) end = space;
  }
  const parts = [];
  let last = start;
  const slice = text.slice(start, end);
  for (const match of slice.matchAll(/[\p{Alphabetic}\p{N}'\u2019]+/gu)) {
    if (!isMatch(match[0])) continue;
    const at = start + match.index;
    if (at > last) parts.push([text.slice(last, at), false]);
    parts.push([match[0], true]);
    last = at + match[0].length;
  }
  if (last < end) parts.push([text.slice(last, end), false]);
  return { id: best.id, heading: best.heading, parts, before: start > 0, after: end < text.length };
}

// The words of results and filters: the body's table (js/words.js), in the page's language.
const KIND_LABELS = {
  guide: "search_kind_guide",
  module: "search_kind_module",
  lesson: "search_kind_lesson",
  "case-study": "search_kind_case_study",
  page: "search_kind_page",
};
const say = () => sayer(wordsOf(document.body));

// Runs a query and returns displayable results (fragments loaded).
export async function search(query, filters = {}, limit = LIMIT_PANEL) {
  const ranked = await rank(query, filters, limit);
  if (ranked.hits.length === 0) return { ...ranked, results: [] };
  const isMatch = matcher(ranked.clauses);
  const frags = await Promise.all(ranked.hits.map((h) => fragment(ranked.manifest, h.page)));
  const results = frags.map((frag, i) => ({ frag, score: ranked.hits[i].score, snippet: snippet(frag, isMatch) }));
  return { ...ranked, results };
}

// ---- Rendering (DOM nodes and textContent only) ----

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderResults(list, status, query, found) {
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  const t = say();
  status.textContent =
    found.total === 0
      ? t("search_none", query.trim())
      : t(found.total === 1 ? "search_count_one" : "search_count", found.total, query.trim()) +
        (found.total > found.results.length ? t("search_showing", found.results.length) : ".");
  for (const { frag, snippet: snip } of found.results) {
    const item = el("li", "search-result");
    const link = el("a", "search-result-link");
    link.href = snip && snip.id ? `${frag.url}#${snip.id}` : frag.url;
    link.append(el("span", "search-result-title", frag.title));
    if (snip && snip.id && snip.heading) link.append(el("span", "search-result-section", ` › ${snip.heading}`));
    item.append(link);
    const facts = [KIND_LABELS[frag.kind] ? t(KIND_LABELS[frag.kind]) : frag.kind];
    if (frag.tier) facts.push(t("search_tier", frag.tier));
    if (frag.areas && frag.areas.length) facts.push(frag.areas.join(", "));
    item.append(el("p", "search-result-meta", facts.join(" · ")));
    if (snip && snip.parts.length) {
      const p = el("p", "search-result-snippet");
      if (snip.before) p.append("… ");
      for (const [text, marked] of snip.parts) p.append(marked ? el("mark", "", text) : document.createTextNode(text));
      if (snip.after) p.append(" …");
      item.append(p);
    } else if (frag.description) {
      item.append(el("p", "search-result-snippet", frag.description));
    }
    list.append(item);
  }
}

function filterControls(idPrefix, values) {
  const box = el("div", "search-filters");
  const make = (name, label, options) => {
    const wrap = el("span", "search-filter");
    const id = `${idPrefix}-${name}`;
    const lab = el("label", "", label);
    lab.htmlFor = id;
    const select = el("select");
    select.id = id;
    select.name = name;
    for (const [value, text] of options) {
      const option = el("option", "", text);
      option.value = value;
      if (values[name] === value) option.selected = true;
      select.append(option);
    }
    wrap.append(lab, select);
    box.append(wrap);
    return select;
  };
  const t = say();
  const kind = make("kind", t("search_filter_kind"), [
    ["", t("search_all_kinds")],
    ["guide", t("search_guides")],
    ["training", t("search_trainings")],
    ["case-study", t("search_case_studies")],
    ["page", t("search_other_pages")],
  ]);
  const tier = make("tier", t("search_filter_tier"), [
    ["", t("search_any_tier")],
    ["1", t("search_tier", 1)],
    ["2", t("search_tier", 2)],
  ]);
  return { box, kind, tier };
}

// Wires one search form: live results below it as the user types.
function enhance(form, { limit, idPrefix, initial = {}, inline = true }) {
  const input = form.querySelector("input[type=search]");
  if (!input) return;
  const panel = el("div", "search-panel");
  panel.id = `${idPrefix}-panel`;
  const filters = filterControls(idPrefix, initial);
  const status = el("p", "search-status");
  status.setAttribute("role", "status");
  const list = el("ol", "search-results");
  list.setAttribute("aria-label", say()("search_results"));
  panel.append(filters.box, status, list);
  panel.hidden = inline && idPrefix !== "search-page";
  form.append(panel);

  let latest = 0;
  let timer = 0;
  const run = async () => {
    const query = input.value;
    const ticket = ++latest;
    if (!query.trim()) {
      renderResults(list, status, "", null);
      panel.hidden = inline && idPrefix !== "search-page";
      form.classList.remove("search-open");
      return;
    }
    panel.hidden = false;
    form.classList.add("search-open");
    try {
      const found = await search(query, { kind: filters.kind.value, tier: filters.tier.value }, limit);
      if (ticket === latest) renderResults(list, status, query, found);
    } catch (err) {
      if (ticket === latest) status.textContent = say()("search_unavailable");
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  };
  input.addEventListener("focus", () => loadManifest().catch(() => {}), { once: true });
  input.addEventListener("input", schedule);
  filters.kind.addEventListener("change", run);
  filters.tier.addEventListener("change", run);
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && inline && !panel.hidden && idPrefix !== "search-page") {
      input.value = "";
      run();
      input.focus();
    } else if (event.key === "ArrowDown" && event.target === input) {
      const first = list.querySelector("a");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  if (input.value.trim()) run();
  return run;
}

// The search dialog's form (partials/search.html), once js/search-open.js has opened it: results
// as you type, announced by its status line. Returns the function that runs the query.
export function enhanceDialog(form) {
  return enhance(form, { limit: LIMIT_PANEL, idPrefix: "search-dialog", inline: false });
}

// Pages whose theme has no search dialog keep the header form's inline results.
const header = hasDom ? document.querySelector("form.site-search") : null;
if (header && !document.getElementById("search-dialog")) enhance(header, { limit: LIMIT_PANEL, idPrefix: "site-search" });

const page = hasDom ? document.querySelector("form.search-page-form") : null;
if (page) {
  const params = new URLSearchParams(location.search);
  const input = page.querySelector("input[type=search]");
  if (input && params.get("q")) input.value = params.get("q");
  page.classList.add("search-enhanced");
  enhance(page, {
    limit: LIMIT_PAGE,
    idPrefix: "search-page",
    initial: { kind: params.get("kind") || "", tier: params.get("tier") || "" },
  });
}
