//! The benchmark corpus: a deterministic tierbook site of N pages over 20 sections, and the same
//! content as a Hugo site, so both generators build identical markdown.
//!
//! ```text
//! tierbook-corpus --pages 1000 --variant plain --out bench/corpus/plain-1000
//! ```
//! writes `<out>/tierbook/` (tierbook.toml, content/) and `<out>/hugo/` (hugo.toml, content/,
//! layouts/). The `sidebar` variant adds a page template that lists every page of the page's
//! section, in both. The `sections` variant has 50 pages per section (200 top-level sections at
//! 10,000 pages, each listed in the default theme's header) and one image per page, under
//! `static/images/` in both; tierbook builds it with its unmodified default theme. Same
//! arguments, same bytes: the text comes from a fixed-seed xorshift.
//!
//! Links: tierbook pages link to each other as `.md` files (which tierbook verifies, anchors
//! included); the Hugo copy gets the same links as plain site URLs (`/section-03/page-00042/`),
//! because Hugo does not rewrite `.md` links without `{{< ref >}}`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Sections of the `plain` and `sidebar` variants ...
const SECTIONS: usize = 20;
/// ... and pages per section of the `sections` variant.
const SECTION_PAGES: usize = 50;

/// A 1x1 PNG, the image of every page of the `sections` variant.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0a, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tierbook-corpus: {message}");
            std::process::ExitCode::from(2)
        }
    }
}

struct Args {
    pages: usize,
    sidebar: bool,
    /// The `sections` variant: 50 pages per section, one image per page.
    sections: bool,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let usage = "usage: tierbook-corpus --pages N [--variant plain|sidebar|sections] --out DIR";
    let mut args = Args { pages: 0, sidebar: false, sections: false, out: PathBuf::new() };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value\n{usage}"))?;
        match flag.as_str() {
            "--pages" => args.pages = value.parse().map_err(|_| format!("--pages: not a number: {value}"))?,
            "--variant" => {
                (args.sidebar, args.sections) = match value.as_str() {
                    "plain" => (false, false),
                    "sidebar" => (true, false),
                    "sections" => (false, true),
                    _ => return Err(format!("--variant must be plain, sidebar or sections, not {value}")),
                }
            }
            "--out" => args.out = PathBuf::from(value),
            _ => return Err(format!("unknown flag {flag}\n{usage}")),
        }
    }
    if args.pages == 0 || args.out.as_os_str().is_empty() {
        return Err(usage.to_string());
    }
    Ok(args)
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    if args.out.exists() {
        std::fs::remove_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    }
    let tb = args.out.join("tierbook");
    let hugo = args.out.join("hugo");
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);

    write(&tb.join("tierbook.toml"), TIERBOOK_CONFIG)?;
    write(&hugo.join("hugo.toml"), HUGO_CONFIG)?;
    for (name, text) in HUGO_LAYOUTS {
        write(&hugo.join("layouts/_default").join(name), text)?;
    }
    let single = if args.sidebar { HUGO_SINGLE_SIDEBAR } else { HUGO_SINGLE };
    write(&hugo.join("layouts/_default/single.html"), single)?;
    if args.sidebar {
        write(&tb.join("templates/page.html"), TIERBOOK_SIDEBAR)?;
    }

    let home = "+++\ntitle = \"Benchmark district\"\ndescription = \"A generated site for benchmarks.\"\n+++\n\nGenerated pages for measuring build speed.\n";
    write_both(&tb, &hugo, "_index.md", home, home)?;

    let sections = if args.sections { args.pages.div_ceil(SECTION_PAGES) } else { SECTIONS };
    let per_section: Vec<usize> =
        (0..sections).map(|s| args.pages / sections + usize::from(s < args.pages % sections)).collect();
    for (s, &count) in per_section.iter().enumerate() {
        let topic = title_words(&mut rng, 2);
        let text = format!(
            "+++\ntitle = \"Section {:02}: {topic}\"\ndescription = \"{}\"\nweight = {}\n+++\n\n{}\n",
            s + 1,
            sentence(&mut rng, 10),
            s + 1,
            paragraph(&mut rng, &per_section, false).0
        );
        write_both(&tb, &hugo, &format!("section-{:02}/_index.md", s + 1), &text, &text)?;
        for p in 0..count {
            let image = args.sections.then(|| format!("images/{}.png", page_path(s, p)));
            let (tb_page, hugo_page) = page(&mut rng, &per_section, p, image.as_deref());
            write_both(&tb, &hugo, &format!("{}.md", page_path(s, p)), &tb_page, &hugo_page)?;
            if let Some(image) = image {
                write_bytes(&tb.join("static").join(&image), PNG)?;
                write_bytes(&hugo.join("static").join(&image), PNG)?;
            }
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    write_bytes(path, text.as_bytes())
}

fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn write_both(tb: &Path, hugo: &Path, rel: &str, tb_text: &str, hugo_text: &str) -> Result<(), String> {
    write(&tb.join("content").join(rel), tb_text)?;
    write(&hugo.join("content").join(rel), hugo_text)
}

fn page_path(section: usize, page: usize) -> String {
    format!("section-{:02}/page-{:05}", section + 1, page + 1)
}

/// Marsaglia's xorshift64: tiny, deterministic, good enough for filler text.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

const WORDS: &[&str] = &[
    "student",
    "teacher",
    "classroom",
    "support",
    "data",
    "referral",
    "therapy",
    "handwriting",
    "pencil",
    "grip",
    "seat",
    "attention",
    "routine",
    "schedule",
    "break",
    "movement",
    "sensory",
    "plan",
    "goal",
    "progress",
    "week",
    "minutes",
    "practice",
    "task",
    "worksheet",
    "chart",
    "tier",
    "team",
    "meeting",
    "family",
    "observation",
    "note",
    "strategy",
    "tool",
    "visual",
    "timer",
    "transition",
    "desk",
    "group",
    "lesson",
    "skill",
    "letter",
    "spacing",
    "sizing",
    "copying",
    "board",
    "fatigue",
    "posture",
    "chair",
    "feet",
    "table",
    "paper",
    "line",
    "trial",
    "baseline",
    "measure",
    "count",
    "record",
    "review",
    "school",
    "district",
    "service",
    "evaluation",
    "screening",
    "concern",
    "pattern",
    "morning",
    "afternoon",
    "recess",
    "lunch",
    "reading",
    "writing",
    "math",
    "science",
    "art",
    "music",
    "hallway",
    "noise",
    "light",
    "space",
    "cue",
    "prompt",
    "model",
    "feedback",
    "choice",
    "calm",
    "focus",
    "effort",
    "independence",
    "peer",
    "helper",
    "aide",
    "nurse",
    "counselor",
    "principal",
    "specialist",
    "form",
    "checklist",
    "sample",
];
const LINKING: &[&str] = &[
    "the",
    "a",
    "each",
    "every",
    "this",
    "that",
    "with",
    "for",
    "during",
    "after",
    "before",
    "and",
    "or",
    "while",
    "when",
    "so",
    "because",
    "often",
    "usually",
    "sometimes",
    "can",
    "should",
    "will",
    "may",
    "helps",
    "shows",
    "needs",
    "uses",
    "keeps",
    "tracks",
    "builds",
    "checks",
    "gives",
    "asks",
    "tries",
];

/// A sentence of `words` words, capitalised, ending in a full stop.
fn sentence(rng: &mut XorShift, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let word = if i % 2 == 0 { rng.pick(WORDS) } else { rng.pick(LINKING) };
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                s.extend(first.to_uppercase());
                s.push_str(chars.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(word);
        }
    }
    s.push('.');
    s
}

fn title_words(rng: &mut XorShift, n: usize) -> String {
    let mut t = sentence(rng, n);
    t.pop();
    t
}

/// Where a generated page may link: a tierbook `.md` path and the Hugo URL, relative to the
/// linking page's section folder.
fn link_to(rng: &mut XorShift, per_section: &[usize]) -> (String, String) {
    let s = rng.below(per_section.len());
    let p = rng.below(per_section[s].max(1));
    let path = page_path(s, p);
    (format!("../{path}.md"), format!("/{path}/"))
}

/// A paragraph of 3-6 sentences, with some emphasis, code and (if `links`) a link to another
/// page. Returns the tierbook text, the Hugo text and the number of words.
fn paragraph(rng: &mut XorShift, per_section: &[usize], links: bool) -> (String, String, usize) {
    let (mut tb, mut hugo, mut words) = (String::new(), String::new(), 0);
    for i in 0..rng.range(3, 6) {
        let n = rng.range(8, 18);
        let mut s = sentence(rng, n);
        words += n;
        if i == 1 && rng.below(3) == 0 {
            s = s.replacen(' ', " **", 1) + "**";
            s = s.replace(".**", "**.");
        }
        if i == 2 && rng.below(4) == 0 {
            s.push_str(" Use `");
            s.push_str(rng.pick(WORDS));
            s.push_str("-log` for this.");
            words += 4;
        }
        let (mut tb_s, mut hugo_s) = (s.clone(), s);
        if i == 0 && links && per_section.iter().any(|&c| c > 0) {
            let (md, url) = link_to(rng, per_section);
            let anchor = if rng.below(3) == 0 { "#overview" } else { "" };
            let text = title_words(rng, 3).to_lowercase();
            write!(tb_s, " See [{text}]({md}{anchor}).").ok();
            write!(hugo_s, " See [{text}]({url}{anchor}).").ok();
            words += 4;
        }
        for (out, s) in [(&mut tb, tb_s), (&mut hugo, hugo_s)] {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&s);
        }
    }
    (tb, hugo, words)
}

/// One page: front matter and 600-900 words of markdown (740 on average), as (tierbook text,
/// Hugo text), with the image at `image` (a path from the site root) after the first paragraph.
fn page(rng: &mut XorShift, per_section: &[usize], index: usize, image: Option<&str>) -> (String, String) {
    // The last block may overshoot by up to about 60 words.
    let target = rng.range(600, 840);
    let title_len = rng.range(3, 6);
    let title = title_words(rng, title_len);
    let description = sentence(rng, 12);
    let date = format!("2025-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
    let front = format!(
        "+++\ntitle = \"{title}\"\ndescription = \"{description}\"\nweight = {}\ndate = {date}\n+++\n\n",
        index + 1
    );
    let (mut tb, mut hugo) = (front.clone(), front);
    let mut words = 0;
    let mut push = |tb_part: &str, hugo_part: &str| {
        tb.push_str(tb_part);
        hugo.push_str(hugo_part);
    };
    let (t, h, n) = paragraph(rng, per_section, true);
    push(&format!("{t}\n\n## Overview\n\n"), &format!("{h}\n\n## Overview\n\n"));
    words += n + 1;
    if let Some(image) = image {
        let figure = format!("![A chart of the week's {}](/{image})\n\n", rng.pick(WORDS));
        push(&figure, &figure);
        words += 4;
    }
    let (t, h, n) = paragraph(rng, per_section, false);
    push(&format!("{t}\n\n"), &format!("{h}\n\n"));
    words += n;
    let mut block = 0;
    while words < target {
        let kind = block % 6;
        block += 1;
        match kind {
            0 | 3 => {
                let heading_len = rng.range(2, 4);
                let heading = title_words(rng, heading_len);
                let level = if kind == 0 { "##" } else { "###" };
                let text = format!("{level} {heading} {block}\n\n");
                push(&text, &text);
                words += 3;
                let (t, h, n) = paragraph(rng, per_section, false);
                push(&format!("{t}\n\n"), &format!("{h}\n\n"));
                words += n;
            }
            1 => {
                let ordered = rng.below(2) == 0;
                let mut list = String::new();
                for i in 0..rng.range(4, 7) {
                    let n = rng.range(4, 10);
                    let marker = if ordered { format!("{}.", i + 1) } else { "-".to_string() };
                    writeln!(list, "{marker} {}", sentence(rng, n)).ok();
                    words += n;
                }
                list.push('\n');
                push(&list, &list);
            }
            4 => {
                let mut table = String::from("| Week | What we tried | Result |\n| --- | --- | ---: |\n");
                for week in 1..=rng.range(3, 6) {
                    let tried = title_words(rng, 4);
                    writeln!(table, "| {week} | {tried} | {}% |", rng.range(10, 95)).ok();
                    words += 6;
                }
                table.push('\n');
                push(&table, &table);
            }
            _ => {
                let (t, h, n) = paragraph(rng, per_section, true);
                push(&format!("{t}\n\n"), &format!("{h}\n\n"));
                words += n;
            }
        }
    }
    (tb, hugo)
}

const TIERBOOK_CONFIG: &str = r##"title = "Benchmark district"
description = "A generated site for benchmarks."
base_url = "https://bench.example/"
language = "en"
"##;

/// The sidebar: every page of the page's section, on every page.
const TIERBOOK_SIDEBAR: &str = r##"{% extends "base.html" %}
{% block after_content %}
<nav class="sidebar" aria-label="In this section"><ul>
{% for item in section_pages %}<li><a href="{{ item.url }}"{% if item.url == page.url %} aria-current="page"{% endif %}>{{ item.title }}</a></li>
{% endfor %}</ul></nav>
{% endblock after_content %}
"##;

const HUGO_CONFIG: &str = r##"baseURL = "https://bench.example/"
languageCode = "en"
title = "Benchmark district"
disableKinds = ["taxonomy", "term"]
enableRobotsTXT = true

[params]
description = "A generated site for benchmarks."

[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]

[markup.tableOfContents]
startLevel = 2
endLevel = 3
"##;

/// Hugo templates with the structure of tierbook's default theme: head, skip link, header with
/// the section navigation, breadcrumbs, title, table of contents, content, pager, footer.
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "baseof.html",
        r##"<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="{{ "css/style.css" | relURL }}">
<link rel="alternate" type="application/rss+xml" title="{{ .Site.Title }}" href="{{ "index.xml" | relURL }}">
</head>
<body data-path="{{ .RelPermalink }}">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="wrap header-inner">
    <a class="brand" href="{{ "" | relURL }}"><span>{{ .Site.Title }}</span></a>
    <nav class="site-nav" aria-label="Main">
      <ul>
      {{ $current := . }}{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}"{{ if eq $current . }} aria-current="page"{{ else if $current.IsDescendant . }} aria-current="true"{{ end }}>{{ .Title }}</a></li>
      {{ end }}</ul>
    </nav>
  </div>
</header>
{{ if not .IsHome }}<nav class="breadcrumbs wrap" aria-label="Breadcrumb"><ol>
{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
<li><a href="{{ .RelPermalink }}" aria-current="page">{{ .Title }}</a></li>
</ol></nav>{{ end }}
<main id="main" class="wrap" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p class="privacy-note">Your progress, answers and checklists are saved only in this browser. Nothing you type here is sent anywhere.</p>
    <p><a href="{{ "sitemap.xml" | relURL }}">Sitemap</a> · <a href="{{ "index.xml" | relURL }}">Feed</a></p>
  </div>
</footer>
</body>
</html>
"##,
    ),
    (
        "list.html",
        r##"{{ define "main" }}
<article class="content">
  <h1>{{ .Title }}</h1>
  {{ .Content }}
{{ with .Pages }}
<section class="listing" aria-labelledby="in-this-section">
  <h2 id="in-this-section">In this section</h2>
  <ul class="cards">{{ range . }}<li class="card">
  <h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
  {{ with .Description }}<p>{{ . }}</p>{{ end }}
</li>{{ end }}</ul>
</section>{{ end }}
</article>
{{ end }}
"##,
    ),
];

const HUGO_SINGLE: &str = r##"{{ define "main" }}
<article class="content">
  <h1>{{ .Title }}</h1>
  <nav class="toc" aria-label="On this page">
<h2 class="toc-title">On this page</h2>
{{ .TableOfContents }}
</nav>
  {{ .Content }}
</article>
{{ if or .PrevInSection .NextInSection }}<nav class="pager" aria-label="Pages in this section">
{{ with .NextInSection }}<a class="pager-prev" rel="prev" href="{{ .RelPermalink }}"><span class="pager-label">Previous</span> {{ .Title }}</a>{{ end }}
{{ with .PrevInSection }}<a class="pager-next" rel="next" href="{{ .RelPermalink }}"><span class="pager-label">Next</span> {{ .Title }}</a>{{ end }}
</nav>{{ end }}
{{ end }}
"##;

const HUGO_SINGLE_SIDEBAR: &str = r##"{{ define "main" }}
<article class="content">
  <h1>{{ .Title }}</h1>
  <nav class="toc" aria-label="On this page">
<h2 class="toc-title">On this page</h2>
{{ .TableOfContents }}
</nav>
  {{ .Content }}
<nav class="sidebar" aria-label="In this section"><ul>
{{ $current := . }}{{ range .CurrentSection.Pages }}<li><a href="{{ .RelPermalink }}"{{ if eq . $current }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{ end }}</ul></nav>
</article>
{{ if or .PrevInSection .NextInSection }}<nav class="pager" aria-label="Pages in this section">
{{ with .NextInSection }}<a class="pager-prev" rel="prev" href="{{ .RelPermalink }}"><span class="pager-label">Previous</span> {{ .Title }}</a>{{ end }}
{{ with .PrevInSection }}<a class="pager-next" rel="next" href="{{ .RelPermalink }}"><span class="pager-label">Next</span> {{ .Title }}</a>{{ end }}
</nav>{{ end }}
{{ end }}
"##;
