//! The search index, built at build time and read by `js/search.js`.
//!
//! Layout, under `search/` in the output:
//! - `index.json`: the manifest, the only file with a fixed name (fetched with revalidation). It
//!   holds each page's kind and tier (for filters), the stop words and synonym groups (so the
//!   browser tokenizes queries exactly as the index was built) and the list of term shards.
//! - `<hash>/s<n>.json`: shards of the term dictionary, split by term prefix so a query loads
//!   only the shards its words can match. A small site has one shard (key `""`).
//! - `<hash>/p<n>.json`: page fragments (title, URL, kind, tier, areas and text by section), one
//!   per file, or on large sites a few consecutive pages to a file, fetched only for the results
//!   shown, for titles and snippets.
//!
//! `<hash>` is a hash of the index, so a new build never mixes with files cached from an old one.
//! Terms are lower-cased words with stop words dropped, stemmed with Porter's algorithm.

mod porter;
mod spanish;
mod words;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use serde::Serialize;

use crate::content::{Kind, Site};
use crate::markdown::{Heading, Rendered};
use crate::output::{Origin, OutPath, Output};

pub(crate) use porter::stem;
use words::{each_word, words, Vocabulary, STOP};

/// Shards are used once the whole term dictionary is larger than this many bytes of JSON ...
const SHARD_THRESHOLD: usize = 160_000;
/// ... and each shard is split by a longer prefix until it is at most this large.
const SHARD_MAX: usize = 56_000;
/// A term's postings keep the pages where it weighs most; its document count stays exact.
const MAX_POSTINGS: usize = 400;
/// On sites of at least [`CHUNKED_PAGES`] pages, fragments are grouped into files of about this
/// many bytes; smaller sites keep one file per page, so a query fetches less.
const FRAGMENT_CHUNK: usize = 16_000;
const CHUNKED_PAGES: usize = 1_000;
/// Fragment text per page is cut here (snippets come from the first this many characters).
const MAX_FRAGMENT_TEXT: usize = 24_000;

/// Words too common to search for. Shipped in the manifest so the browser drops the same ones.
pub(crate) const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before",
    "but", "by", "can", "could", "did", "do", "does", "each", "for", "from", "had", "has", "have", "he", "her", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "just", "may", "me", "more", "most", "my", "no", "not", "of",
    "on", "one", "only", "or", "other", "our", "out", "she", "so", "some", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "to", "too", "up", "us", "very", "was", "we", "were", "what",
    "when", "which", "while", "who", "will", "with", "would", "you", "your",
];

/// Spanish words too common to search for (a short form of Snowball's Spanish stop list).
pub(crate) const SPANISH_STOP_WORDS: &[&str] = &[
    "a", "al", "algo", "algunas", "algunos", "allí", "ante", "antes", "aquí", "así", "cada", "como", "con", "contra",
    "cual", "cuando", "cuál", "cuándo", "cómo", "de", "del", "desde", "donde", "durante", "dónde", "e", "el", "ella",
    "ellas", "ellos", "en", "entre", "era", "eran", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estamos",
    "estar", "estas", "este", "esto", "estos", "estoy", "está", "estáis", "están", "estás", "fue", "ha", "han", "has",
    "hasta", "hay", "he", "hemos", "la", "las", "le", "les", "lo", "los", "me", "mi", "mis", "mucho", "muchos", "muy",
    "más", "mí", "mía", "mías", "mío", "míos", "nada", "ni", "no", "nos", "nosotras", "nosotros", "nuestra",
    "nuestras", "nuestro", "nuestros", "o", "os", "otra", "otras", "otro", "otros", "para", "pero", "poco", "por",
    "porque", "que", "quien", "quienes", "qué", "se", "ser", "si", "sido", "sin", "sobre", "son", "su", "sus", "suya",
    "suyas", "suyo", "suyos", "sí", "también", "tanto", "te", "ti", "todo", "todos", "tu", "tus", "tuya", "tuyas",
    "tuyo", "tuyos", "tú", "u", "un", "una", "uno", "unos", "usted", "ustedes", "vosotras", "vosotros", "vuestra",
    "vuestras", "vuestro", "vuestros", "y", "ya", "yo", "él",
];

/// How the words of one language are indexed: its stop words and its stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Analyzer {
    /// Porter's stemmer and [`STOP_WORDS`]: English, and every language without its own.
    English,
    /// Snowball's Spanish stemmer and [`SPANISH_STOP_WORDS`].
    Spanish,
}

impl Analyzer {
    /// The analyzer of a language code.
    pub(crate) fn of(code: &str) -> Analyzer {
        match code.split('-').next() {
            Some("es") => Analyzer::Spanish,
            _ => Analyzer::English,
        }
    }

    /// Its name in the manifest, which tells js/search.js which stemmer to use.
    fn name(self) -> &'static str {
        match self {
            Analyzer::English => "porter",
            Analyzer::Spanish => "spanish",
        }
    }

    pub(crate) fn stop_words(self) -> &'static [&'static str] {
        match self {
            Analyzer::English => STOP_WORDS,
            Analyzer::Spanish => SPANISH_STOP_WORDS,
        }
    }

    pub(super) fn is_stop_word(self, word: &str) -> bool {
        self.stop_words().binary_search(&word).is_ok()
    }

    pub(crate) fn stem(self, word: &str) -> String {
        match self {
            Analyzer::English => stem(word),
            Analyzer::Spanish => spanish::stem(word),
        }
    }

    /// [`terms`] in this language.
    pub(crate) fn terms(self, text: &str) -> Vec<String> {
        words(text).into_iter().filter(|w| !self.is_stop_word(w)).map(|w| self.stem(&w)).collect()
    }
}

/// The stems of `words` in the language `code` (for tests that compare the stemmers with their
/// reference implementations and with js/search.js).
#[doc(hidden)]
pub fn stem_words(code: &str, words: &[&str]) -> Vec<String> {
    let analyzer = Analyzer::of(code);
    words.iter().map(|w| analyzer.stem(w)).collect()
}

/// The words of a text as they are indexed: lower case, apostrophes dropped (`don't` -> `dont`),
/// split at anything but letters and digits, single letters and stop words dropped, stemmed.
#[cfg(test)]
pub(crate) fn terms(text: &str) -> Vec<String> {
    Analyzer::English.terms(text)
}

/// One page's words counted by term, reused from page to page by one thread: the hits of each
/// term of the vocabulary (by number) and the terms met so far, in order. Each word is looked up
/// in the vocabulary as it is read, so a page needs no word map of its own; only the words the
/// vocabulary does not know yet (most of them on the first pages of a build, hardly any later)
/// are kept by their text, for [`collect`] to add.
#[derive(Default)]
struct Tally {
    hits: Vec<Hits>,
    touched: Vec<u32>,
}

/// A page's terms with their hits and its length in terms (body words), and the words the
/// vocabulary did not know, with theirs.
type Counted = (Vec<(u32, Hits)>, usize, Vec<(String, Hits)>);

impl Tally {
    /// Counts the words of a page's title, headings and body.
    fn page(&mut self, vocabulary: &Vocabulary, title: &str, headings: &str, body: &str) -> Counted {
        let mut new: HashMap<Cow<'_, str>, Hits, crate::hash::FnvBuildHasher> = HashMap::default();
        let mut buffer = String::new();
        self.hits.resize(vocabulary.terms().len(), Hits::default());
        for (text, field) in [(title, Field::Title), (headings, Field::Heading), (body, Field::Body)] {
            each_word(text, &mut buffer, &mut |word| match vocabulary.get(word.as_str()) {
                Some(STOP) => {}
                Some(term) => {
                    let hits = &mut self.hits[term as usize];
                    if hits.is_empty() {
                        self.touched.push(term);
                    }
                    hits.count(field);
                }
                None => match new.get_mut(word.as_str()) {
                    Some(hits) => hits.count(field),
                    None => new.entry(word.into_key()).or_default().count(field),
                },
            });
        }
        let mut length = 0;
        let terms = self
            .touched
            .drain(..)
            .map(|term| {
                let hits = std::mem::take(&mut self.hits[term as usize]);
                length += hits.body as usize;
                (term, hits)
            })
            .collect();
        (terms, length, new.into_iter().map(|(word, hits)| (word.into_owned(), hits)).collect())
    }
}

#[derive(Clone, Copy)]
enum Field {
    Title,
    Heading,
    Body,
}

/// How much a term weighs on a page, from where it occurs.
#[derive(Default, Clone, Copy)]
struct Hits {
    title: u32,
    heading: u32,
    body: u32,
}

impl Hits {
    fn is_empty(&self) -> bool {
        self.title == 0 && self.heading == 0 && self.body == 0
    }

    fn count(&mut self, field: Field) {
        match field {
            Field::Title => self.title += 1,
            Field::Heading => self.heading += 1,
            Field::Body => self.body += 1,
        }
    }

    fn add(&mut self, other: Hits) {
        self.title += other.title;
        self.heading += other.heading;
        self.body += other.body;
    }
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    /// Folder of shards and fragments, relative to `search/`.
    dir: String,
    pages: usize,
    kinds: Vec<&'static str>,
    /// Per page: index into `kinds`.
    kind: Vec<u8>,
    /// Per page: 0 (none), 1 or 2.
    tier: Vec<u8>,
    stop: &'a [&'a str],
    /// `porter` or `spanish`: the stemmer the index was built with.
    stemmer: &'static str,
    /// Groups of alternatives; each alternative is a list of terms.
    synonyms: Vec<Vec<Vec<String>>>,
    /// Shard keys (term prefixes), sorted; shard `n` is `<dir>/s<n>.json`.
    shards: Vec<String>,
    /// Bytes of each shard, so the browser can keep a short prefix from loading too much.
    sizes: Vec<usize>,
    /// Fragments are stored a few pages to a file: chunk `c` (`<dir>/p<c>.json`, an array) starts
    /// with page `chunks[c]`.
    chunks: Vec<usize>,
}

#[derive(Serialize)]
struct Fragment<'a> {
    url: String,
    title: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    tier: Option<u8>,
    /// The page's areas as readers see them ([`area_name`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    areas: Vec<Cow<'a, str>>,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    /// `[heading id, heading, text]`; the first section (before any heading) has an empty id.
    sections: Vec<[&'a str; 3]>,
}

/// One page's share of the index: its terms (numbers of the build's [`Vocabulary`]) with their
/// hits, its length in terms, and its result fragment (JSON). A term may occur more than once
/// (words with one stem); the hits add up.
struct PageIndex {
    terms: Vec<(u32, Hits)>,
    length: usize,
    fragment: String,
}

/// Per-page index work kept between builds by `serve`, keyed by everything it reads of the page,
/// and the vocabulary its term numbers refer to.
#[derive(Default)]
pub(crate) struct SearchCache {
    pages: HashMap<String, (u64, Arc<PageIndex>)>,
    vocabulary: Vocabulary,
}

/// Pages indexed in parallel before their terms are merged into the dictionary ...
const INDEX_BATCH: usize = 256;
/// ... but fewer in the first batch: the vocabulary starts empty, so every word of the first
/// pages is new (counted by its text, not by its term), and after a few pages most are known.
const FIRST_BATCH: usize = 16;

/// Builds the index files for every page of the site.
///
/// Each language has its own index: the default language's under `search/`, another's under
/// `<code>/search/` (its pages not translated yet are in it with their English text), stemmed
/// and with the stop words and synonyms of that language.
pub(crate) fn outputs(
    site: &Site,
    rendered: &mut [Rendered],
    cache: &mut SearchCache,
    keep: bool,
) -> crate::Result<Vec<Output>> {
    let code = site.pages.first().and_then(|p| p.lang.as_ref()).map(|l| l.code.clone());
    let analyzer = Analyzer::of(code.as_deref().unwrap_or(&site.config.language));
    let folder = code.map_or_else(|| "search".to_string(), |code| format!("{code}/search"));
    let pages: Vec<usize> = (0..site.pages.len()).filter(|&i| searchable(site, i)).collect();
    let mut collected = collect(site, analyzer, rendered, &pages, cache, keep);
    let shards = shard(collected.entries());
    let shard_texts: Vec<String> = shards.iter().map(|(_, terms)| shard_text(terms)).collect();

    let target = if collected.pages.len() >= CHUNKED_PAGES { FRAGMENT_CHUNK } else { 0 };
    // A page's fragment is moved into its chunk when nothing else holds the page (a one-off
    // build), so the fragments are not in memory twice.
    let fragments = collected
        .pages
        .iter_mut()
        .map(|p| match Arc::get_mut(p) {
            Some(page) => Cow::Owned(std::mem::take(&mut page.fragment)),
            None => Cow::Borrowed(p.fragment.as_str()),
        })
        .collect();
    let (chunks, chunk_starts) = chunk(fragments, target);
    if keep {
        cache.vocabulary = collected.vocabulary;
    }
    let dir =
        format!("{:08x}", crate::hash::wide_parts(shard_texts.iter().chain(&chunks).map(String::as_bytes)) as u32);

    let mut manifest = manifest(site, &pages, dir.clone(), &shards, &shard_texts, chunk_starts);
    manifest.stop = analyzer.stop_words();
    manifest.stemmer = analyzer.name();
    manifest.synonyms = synonyms_in(analyzer, synonym_groups(site));
    files(&manifest, &folder, &dir, shard_texts, chunks)
}

/// The whole site's index before it is weighted and written: the postings of each term, and
/// each page's share (numbered in the order of `pages`).
struct Collected {
    vocabulary: Vocabulary,
    /// term number -> (page number, hits), pages in order, one entry per page.
    postings: Vec<Vec<(u32, Hits)>>,
    pages: Vec<Arc<PageIndex>>,
}

impl Collected {
    /// Adds page `n`'s terms to the postings.
    fn merge(&mut self, n: u32, page: &PageIndex) {
        if self.postings.len() < self.vocabulary.terms().len() {
            self.postings.resize_with(self.vocabulary.terms().len(), Vec::new);
        }
        for &(term, hits) in &page.terms {
            let postings = &mut self.postings[term as usize];
            match postings.last_mut() {
                Some((last, sum)) if *last == n => sum.add(hits),
                _ => postings.push((n, hits)),
            }
        }
    }

    /// term -> JSON array text, sorted by term. The postings are freed.
    fn entries(&mut self) -> Vec<(String, String)> {
        let terms = self.vocabulary.terms();
        let postings = std::mem::take(&mut self.postings);
        let mut dictionary: Vec<(&str, &[(u32, Hits)])> = postings
            .iter()
            .enumerate()
            .filter(|(_, postings)| !postings.is_empty())
            .map(|(term, postings)| (terms[term].as_str(), postings.as_slice()))
            .collect();
        dictionary.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let lengths: Vec<usize> = self.pages.iter().map(|p| p.length).collect();
        let average = (lengths.iter().sum::<usize>() as f64 / lengths.len().max(1) as f64).max(1.0);
        dictionary
            .into_par_iter()
            .map(|(term, postings)| (term.to_string(), postings_json(postings, &lengths, average)))
            .collect()
    }
}

/// A page indexed in parallel: either from the cache, or with the words the vocabulary did not
/// know yet, which are added (stemmed) afterwards, one thread for the whole build.
enum Indexed {
    Done(Arc<PageIndex>),
    New(PageIndex, Vec<(String, Hits)>),
}

/// Indexes `pages` and merges them into one dictionary. Pages are indexed a batch at a time and
/// merged at once, so a large build never holds every page's terms at the same time as the
/// dictionary. With `keep`, the cache is replaced by this build's pages (and the caller puts the
/// vocabulary back); without, each page's text (`plain`) is emptied once it is indexed.
fn collect(
    site: &Site,
    analyzer: Analyzer,
    rendered: &mut [Rendered],
    pages: &[usize],
    cache: &mut SearchCache,
    keep: bool,
) -> Collected {
    // The cached pages' term numbers are the cached vocabulary's.
    if cache.vocabulary.analyzer() != Some(analyzer) {
        *cache = SearchCache { pages: HashMap::new(), vocabulary: Vocabulary::new(analyzer) };
    }
    let mut collected = Collected {
        vocabulary: std::mem::take(&mut cache.vocabulary),
        postings: Vec::new(),
        pages: Vec::with_capacity(pages.len()),
    };
    // A one-off build has nothing cached and keeps nothing: no key to compute.
    let keyed = keep || !cache.pages.is_empty();
    let mut kept: HashMap<String, (u64, Arc<PageIndex>)> = HashMap::new();
    let first = pages.len().min(FIRST_BATCH);
    for batch in std::iter::once(&pages[..first]).chain(pages[first..].chunks(INDEX_BATCH)) {
        let (cached, vocabulary, texts) = (&*cache, &collected.vocabulary, &*rendered);
        let indexed: Vec<(u64, Indexed)> = batch
            .par_iter()
            .map_init(Tally::default, |tally, &index| {
                index_page(site, vocabulary, tally, &texts[index], index, cached, keyed)
            })
            .collect();
        for ((key, page), &index) in indexed.into_iter().zip(batch) {
            let n = collected.pages.len() as u32;
            let page = match page {
                Indexed::Done(page) => {
                    collected.merge(n, &page);
                    page
                }
                Indexed::New(mut page, new_words) => {
                    for (word, hits) in new_words {
                        let term = collected.vocabulary.add(&word);
                        if term != STOP {
                            page.length += hits.body as usize;
                            page.terms.push((term, hits));
                        }
                    }
                    collected.merge(n, &page);
                    // Once merged, only the cache reads a page's terms again.
                    if !keep {
                        page.terms = Vec::new();
                    }
                    Arc::new(page)
                }
            };
            if keep {
                kept.insert(site.pages[index].url.clone(), (key, Arc::clone(&page)));
            }
            collected.pages.push(page);
        }
        // A one-off build frees each page's text once it is indexed, so the fragments and the
        // chunks made from them take its place rather than adding to it (the build's peak).
        if !keep {
            for &index in batch {
                rendered[index].plain = String::new();
            }
        }
    }
    if keep {
        cache.pages = kept;
    }
    collected
}

/// One page's key (0 unless `keyed`) and share of the index, from the cache when the key
/// matches. Words the vocabulary knows get their term here; the others are returned as they are.
fn index_page(
    site: &Site,
    vocabulary: &Vocabulary,
    tally: &mut Tally,
    r: &Rendered,
    index: usize,
    cache: &SearchCache,
    keyed: bool,
) -> (u64, Indexed) {
    let page = &site.pages[index];
    let areas: Vec<Cow<'_, str>> = page.meta.areas.iter().map(|a| area_name(site, a)).collect();
    let heading_text = heading_text(site, r, index, &areas);
    let url = site.url(&page.url);
    let key = if keyed { page_key(site, r, index, &url, &heading_text) } else { 0 };
    if let Some((cached_key, cached)) = cache.pages.get(&page.url) {
        if keyed && *cached_key == key {
            return (key, Indexed::Done(Arc::clone(cached)));
        }
    }
    let (terms, length, new_words) = tally.page(vocabulary, &page.meta.title, &heading_text, &r.plain);
    let fragment = Fragment {
        url,
        title: &page.meta.title,
        kind: page.kind.name(),
        tier: page.meta.tier,
        areas,
        description: &page.meta.description,
        sections: sections(&r.plain, &r.headings),
    };
    let fragment = serde_json::to_string(&fragment).unwrap_or_default();
    (key, Indexed::New(PageIndex { terms, length, fragment }, new_words))
}

/// The text indexed with heading weight: the headings, the description and the areas' names.
fn heading_text(site: &Site, r: &Rendered, index: usize, areas: &[Cow<'_, str>]) -> String {
    let page = &site.pages[index];
    let mut heading_text = String::new();
    for h in &r.headings {
        heading_text.push_str(&h.title);
        heading_text.push('\n');
    }
    heading_text.push_str(&page.meta.description);
    for area in areas {
        heading_text.push('\n');
        heading_text.push_str(area);
    }
    heading_text
}

/// An area as the site's templates write it (partials/area-name.html): its name in the view's
/// language (`[languages.<code>] areas`), else its slug with spaces.
fn area_name<'a>(site: &'a Site, area: &'a str) -> Cow<'a, str> {
    let names = site.config.language_of(site.view_language()).map(|l| &l.areas);
    match names.and_then(|names| names.get(area)) {
        Some(name) => Cow::Borrowed(name),
        None if area.contains('-') => Cow::Owned(area.replace('-', " ")),
        None => Cow::Borrowed(area),
    }
}

/// The cache key of a page's index: a hash of everything [`index_page`] reads.
fn page_key(site: &Site, r: &Rendered, index: usize, url: &str, heading_text: &str) -> u64 {
    let page = &site.pages[index];
    // A rendering's key stands for its text and headings; without one, hash them.
    let rendering = r.key.to_le_bytes();
    let headings = r.headings.iter().flat_map(|h| [h.id.as_bytes(), h.title.as_bytes()]);
    let text: Vec<&[u8]> =
        if r.key != 0 { vec![&rendering] } else { std::iter::once(r.plain.as_bytes()).chain(headings).collect() };
    let tier = [page.meta.tier.unwrap_or(0)];
    fnv([url.as_bytes(), page.meta.title.as_bytes(), page.kind.name().as_bytes(), &tier, heading_text.as_bytes()]
        .into_iter()
        .chain(text))
}

/// A term's postings as `[document count, page delta, weight, page delta, weight, ...]`, keeping
/// the [`MAX_POSTINGS`] pages where it weighs most.
fn postings_json(postings: &[(u32, Hits)], lengths: &[usize], average: f64) -> String {
    let count = postings.len();
    let mut weighted: Vec<(u32, u32)> =
        postings.iter().map(|&(n, h)| (n, weight(h, lengths[n as usize] as f64 / average))).collect();
    if weighted.len() > MAX_POSTINGS {
        weighted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        weighted.truncate(MAX_POSTINGS);
    }
    weighted.sort_unstable();
    let mut numbers = itoa::Buffer::new();
    let mut json = String::with_capacity(8 + weighted.len() * 6);
    json.push('[');
    json.push_str(numbers.format(count));
    let mut previous = 0;
    for (n, w) in weighted {
        json.push(',');
        json.push_str(numbers.format(n - previous));
        json.push(',');
        json.push_str(numbers.format(w));
        previous = n;
    }
    json.push(']');
    json
}

/// The dictionary as one shard (key `""`) when it is small, else split by prefix.
fn shard(entries: Vec<(String, String)>) -> Vec<(String, Vec<(String, String)>)> {
    let total: usize = entries.iter().map(|(t, j)| t.len() + j.len() + 4).sum();
    let mut shards: Vec<(String, Vec<(String, String)>)> = Vec::new();
    if total <= SHARD_THRESHOLD {
        shards.push((String::new(), entries));
    } else {
        split(String::new(), entries, &mut shards);
    }
    shards
}

/// A shard's JSON object: term -> postings array.
fn shard_text(terms: &[(String, String)]) -> String {
    let mut text = String::from("{");
    for (i, (term, json)) in terms.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&serde_json::to_string(term).unwrap_or_default());
        text.push(':');
        text.push_str(json);
    }
    text.push('}');
    text
}

fn manifest(
    site: &Site,
    pages: &[usize],
    dir: String,
    shards: &[(String, Vec<(String, String)>)],
    shard_texts: &[String],
    chunks: Vec<usize>,
) -> Manifest<'static> {
    let kinds = [Kind::Page, Kind::Module, Kind::Lesson, Kind::Guide, Kind::CaseStudy];
    Manifest {
        version: 1,
        dir,
        pages: pages.len(),
        kinds: kinds.iter().map(|k| k.name()).collect(),
        kind: pages.iter().map(|&i| kinds.iter().position(|k| *k == site.pages[i].kind).unwrap_or(0) as u8).collect(),
        tier: pages.iter().map(|&i| site.pages[i].meta.tier.unwrap_or(0)).collect(),
        stop: STOP_WORDS,
        stemmer: Analyzer::English.name(),
        synonyms: synonyms(&site.config.synonyms),
        shards: shards.iter().map(|(key, _)| key.clone()).collect(),
        sizes: shard_texts.iter().map(String::len).collect(),
        chunks,
    }
}

/// The manifest, then the shards, then the fragment chunks, as outputs under `search/`.
fn files(
    manifest: &Manifest<'_>,
    folder: &str,
    dir: &str,
    shard_texts: Vec<String>,
    chunks: Vec<String>,
) -> crate::Result<Vec<Output>> {
    let origin = Origin::generated("tierbook's search index");
    let file = |name: String, bytes: Vec<u8>| {
        Ok(Output::new(crate::output::located(OutPath::new(&name), &origin)?, bytes).with_origin(origin.clone()))
    };
    let mut out = vec![file(format!("{folder}/index.json"), serde_json::to_vec(manifest).unwrap_or_default())?];
    for (n, text) in shard_texts.into_iter().enumerate() {
        out.push(file(format!("{folder}/{dir}/s{n}.json"), text.into_bytes())?);
    }
    for (n, text) in chunks.into_iter().enumerate() {
        out.push(file(format!("{folder}/{dir}/p{n}.json"), text.into_bytes())?);
    }
    Ok(out)
}

/// Groups consecutive fragments into JSON arrays of about `target` bytes (0: one per array), so a
/// large site writes a few thousand files rather than one per page. Returns the arrays and the
/// first page number of each. Each array is made at its final size, and each fragment freed once
/// it is copied, so the step does not double the fragments' memory (it is the build's peak).
fn chunk(fragments: Vec<Cow<'_, str>>, target: usize) -> (Vec<String>, Vec<usize>) {
    // Where each array starts and its length, brackets and commas included.
    let (mut starts, mut sizes) = (Vec::new(), Vec::new());
    let mut size = 0;
    for (n, fragment) in fragments.iter().enumerate() {
        if size == 0 {
            starts.push(n);
        }
        size += 1 + fragment.len();
        if size >= target {
            sizes.push(size + 1);
            size = 0;
        }
    }
    if size > 0 {
        sizes.push(size + 1);
    }
    let mut ends = starts.iter().skip(1).copied().chain([fragments.len()]);
    let mut fragments = fragments.into_iter();
    let mut previous = 0;
    let chunks = sizes
        .iter()
        .map(|&size| {
            let end = ends.next().unwrap_or(previous);
            let mut text = String::with_capacity(size);
            text.push('[');
            for (i, fragment) in fragments.by_ref().take(end - previous).enumerate() {
                if i > 0 {
                    text.push(',');
                }
                text.push_str(&fragment);
            }
            text.push(']');
            previous = end;
            text
        })
        .collect();
    (chunks, starts)
}

/// Pages that opt out with `[extra] search = false` are left out.
fn searchable(site: &Site, index: usize) -> bool {
    site.pages[index].meta.extra.get("search").and_then(toml::Value::as_bool) != Some(false)
}

/// A term's weight on a page: a title hit counts most, then headings (and description and
/// areas), then the body by a BM25-style saturating term frequency. At most 255.
fn weight(h: Hits, relative_length: f64) -> u32 {
    let (k1, b) = (1.2, 0.75);
    let tf = f64::from(h.body);
    let body = if tf > 0.0 { tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * relative_length)) } else { 0.0 };
    let title = if h.title > 0 { 24.0 } else { 0.0 };
    let heading = if h.heading > 0 { 10.0 + 2.0 * f64::from(h.heading.min(3) - 1) } else { 0.0 };
    (title + heading + 4.0 * body).round().clamp(1.0, 255.0) as u32
}

/// Splits terms into shards by prefix: a group larger than [`SHARD_MAX`] is split by the next
/// letter; terms exactly as long as the prefix stay in a shard keyed by the prefix itself.
fn split(key: String, entries: Vec<(String, String)>, shards: &mut Vec<(String, Vec<(String, String)>)>) {
    let size: usize = entries.iter().map(|(t, j)| t.len() + j.len() + 4).sum();
    let depth = key.chars().count();
    if !key.is_empty() && (size <= SHARD_MAX || depth >= 8) {
        shards.push((key, entries));
        return;
    }
    let mut rest = Vec::new();
    let mut groups: BTreeMap<char, Vec<(String, String)>> = BTreeMap::new();
    for (term, json) in entries {
        match term.chars().nth(depth) {
            Some(c) => groups.entry(c).or_default().push((term, json)),
            None => rest.push((term, json)),
        }
    }
    if !rest.is_empty() {
        shards.push((key.clone(), rest));
    }
    for (c, group) in groups {
        split(format!("{key}{c}"), group, shards);
    }
    shards.sort_by(|a, b| a.0.cmp(&b.0));
}

/// Synonym groups as the browser needs them: each alternative as its list of terms.
fn synonyms(groups: &[Vec<String>]) -> Vec<Vec<Vec<String>>> {
    synonyms_in(Analyzer::English, groups)
}

/// The synonym groups of a view of the site: `[search] synonyms` in the default language, the
/// language's own `synonyms` in `[languages.<code>]` in another.
fn synonym_groups(site: &Site) -> &[Vec<String>] {
    match site.pages.first().and_then(|p| p.lang.as_ref()) {
        Some(l) => site.config.language_of(&l.code).map_or(&[], |l| l.synonyms.as_slice()),
        None => &site.config.synonyms,
    }
}

fn synonyms_in(analyzer: Analyzer, groups: &[Vec<String>]) -> Vec<Vec<Vec<String>>> {
    groups
        .iter()
        .map(|group| group.iter().map(|alt| analyzer.terms(alt)).filter(|t| !t.is_empty()).collect::<Vec<_>>())
        .filter(|g: &Vec<Vec<String>>| g.len() > 1)
        .collect()
}

/// The page's text split at its headings: `[id, heading, text]`, the first with an empty id.
fn sections<'a>(plain: &'a str, headings: &'a [Heading]) -> Vec<[&'a str; 3]> {
    let plain = cut(plain, MAX_FRAGMENT_TEXT);
    let mut out = Vec::new();
    let mut current = [""; 3];
    let mut rest = plain;
    for h in headings {
        let Some(at) = rest.find(h.title.as_str()).filter(|_| !h.title.is_empty()) else { continue };
        current[2] = rest[..at].trim();
        if !current[2].is_empty() || !current[0].is_empty() {
            out.push(current);
        }
        current = [h.id.as_str(), h.title.as_str(), ""];
        rest = &rest[at + h.title.len()..];
    }
    current[2] = rest.trim();
    if !current[2].is_empty() || !current[0].is_empty() {
        out.push(current);
    }
    out
}

use crate::hash::parts as fnv;

/// At most `max` bytes of `text`, cut at a character boundary.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn terms_are_lowercased_stemmed_and_filtered() {
        assert_eq!(terms("Movement Breaks, for the OT's class!"), ["movement", "break", "ot", "class"]);
        assert_eq!(terms("Don't wait: Tier 2 in K-2"), ["dont", "wait", "tier", "2", "2"]);
        assert_eq!(terms("fidgets"), ["fidget"]);
    }

    #[test]
    fn a_tally_counts_known_terms_by_field_and_returns_new_words() {
        let mut vocabulary = Vocabulary::new(Analyzer::English);
        for word in ["break", "breaks", "the", "movement"] {
            vocabulary.add(word);
        }
        let mut tally = Tally::default();
        let (terms, length, new) =
            tally.page(&vocabulary, "Movement breaks", "The break", "Breaks, breaks and fidgets");
        let hits: Vec<(&str, [u32; 3])> = terms
            .iter()
            .map(|&(t, h)| (vocabulary.terms()[t as usize].as_str(), [h.title, h.heading, h.body]))
            .collect();
        // "break" and "breaks" are one term; "the" is a stop word; "and" is not known yet.
        assert_eq!(hits, [("movement", [1, 0, 0]), ("break", [1, 1, 2])]);
        assert_eq!(length, 2);
        let mut new: Vec<(String, u32)> = new.into_iter().map(|(w, h)| (w, h.body)).collect();
        new.sort();
        assert_eq!(new, [("and".to_string(), 1), ("fidgets".to_string(), 1)]);
        // The next page starts from nothing.
        let (terms, length, new) = tally.page(&vocabulary, "", "", "movement");
        assert_eq!((terms.len(), terms[0].1.body, length, new.len()), (1, 1, 1, 0));
    }

    #[test]
    fn title_outweighs_headings_outweighs_body() {
        let title = weight(Hits { title: 1, heading: 0, body: 0 }, 1.0);
        let heading = weight(Hits { title: 0, heading: 1, body: 0 }, 1.0);
        let body = weight(Hits { title: 0, heading: 0, body: 3 }, 1.0);
        assert!(title > heading && heading > body, "{title} {heading} {body}");
        assert!(weight(Hits { title: 0, heading: 0, body: 1 }, 4.0) >= 1);
    }

    #[test]
    fn sections_follow_headings() {
        let headings = vec![
            Heading { level: 2, id: "steps".into(), title: "Steps".into() },
            Heading { level: 2, id: "why".into(), title: "Why".into() },
        ];
        let s = sections("Intro text. Steps Do this. Why Because.", &headings);
        assert_eq!(s[0], ["", "", "Intro text."]);
        assert_eq!(s[1], ["steps", "Steps", "Do this."]);
        assert_eq!(s[2], ["why", "Why", "Because."]);
    }

    #[test]
    fn large_dictionaries_split_by_prefix() {
        let entries: Vec<(String, String)> =
            (0..20_000).map(|i| (format!("{}{i}", ["ab", "ac", "b"][i % 3]), "[1,0,9]".to_string())).collect();
        let mut shards = Vec::new();
        split(String::new(), entries, &mut shards);
        assert!(shards.len() > 3);
        for (key, terms) in &shards {
            assert!(terms.iter().all(|(t, _)| t.starts_with(key.as_str())));
            let size: usize = terms.iter().map(|(t, j)| t.len() + j.len() + 4).sum();
            assert!(size <= SHARD_MAX || key.len() >= 8, "{key}: {size}");
        }
        assert!(shards.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn fragments_are_grouped_into_chunks() {
        let big = "x".repeat(FRAGMENT_CHUNK);
        let fragments = ["{}", big.as_str(), "{\"a\":1}", "{}"];
        let each = || fragments.iter().map(|&f| Cow::Borrowed(f)).collect();
        let (chunks, starts) = chunk(each(), FRAGMENT_CHUNK);
        assert_eq!(starts, [0, 2]);
        assert_eq!(chunks[0], format!("[{{}},{big}]"));
        assert_eq!(chunks[1], "[{\"a\":1},{}]");
        assert_eq!(chunk(each(), 0).1, [0, 1, 2, 3]);
        assert_eq!(chunk(each(), 0).0, ["[{}]", format!("[{big}]").as_str(), "[{\"a\":1}]", "[{}]"]);
        for (text, &size) in chunks.iter().zip(&[big.len() + 5, 12]) {
            assert_eq!((text.len(), text.capacity()), (size, size), "made at its final size");
        }
        assert_eq!(chunk(Vec::new(), FRAGMENT_CHUNK), (Vec::new(), Vec::new()));
    }

    #[test]
    fn synonyms_become_term_lists() {
        let groups = vec![vec!["rti".to_string(), "response to intervention".to_string()], vec!["the".to_string()]];
        assert_eq!(synonyms(&groups), vec![vec![vec!["rti".to_string()], vec!["respons".into(), "intervent".into()]]]);
    }
}
