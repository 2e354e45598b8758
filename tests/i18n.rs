//! Languages (docs/i18n.md) over tests/fixtures/i18n/site, a site partly translated into Spanish:
//! the home page and the handwriting guide are translated, the seating guide's translation is
//! stale, the guides section and the movement guide are not translated. Also the Spanish stemmer
//! against the real Snowball, search in Spanish and axe on Spanish pages.

use std::path::Path;

use serde_json::{json, Value};

use crate::harness::{require_tool, TestSite, Tool};
use crate::webdriver::{self, serve_site, Browser};

/// The pages of the fixture, as URL paths under the base path.
const ROUTES: &[&str] = &["", "guides/", "guides/handwriting/", "guides/movement/", "guides/seating/"];

fn built() -> TestSite {
    TestSite::fixture("i18n/site").built()
}

/// FNV-1a 64 of the bytes, as `translated_from` writes it (docs/i18n.md defines it this way).
fn source_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn html_lang(html: &str) -> &str {
    html.split("<html lang=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("")
}

#[test]
fn every_page_of_the_default_language_is_there_under_es() {
    let site = built();
    for route in ROUTES {
        assert!(site.exists(&format!("{route}index.html")), "/{route}");
        assert!(site.exists(&format!("es/{route}index.html")), "/es/{route} is missing");
    }
    // Every English page the sitemap lists has its Spanish page in the build.
    let sitemap = site.read("sitemap.xml");
    for loc in sitemap.split("<loc>").skip(1).filter_map(|l| l.split("</loc>").next()) {
        let path = loc.strip_prefix("https://example.test/pd/").expect("under the base URL");
        // Generated pages too (areas/, tiers/, tags/): every language has its own.
        if !path.starts_with("es/") {
            assert!(site.exists(&format!("es/{path}index.html")), "{loc} has no Spanish page");
        }
    }
}

#[test]
fn untranslated_pages_are_english_with_a_notice_and_translated_ones_say_when() {
    let site = built();
    for route in ["guides/", "guides/movement/"] {
        let html = site.read(&format!("es/{route}index.html"));
        assert_eq!(html_lang(&html), "en", "/es/{route}");
        let notice =
            html.split("class=\"untranslated-notice\"").nth(1).unwrap_or_else(|| panic!("/es/{route}: no notice"));
        let notice = notice.split("</div>").next().unwrap_or("");
        assert!(notice.contains("lang=\"es\""), "the notice is in Spanish: {notice}");
        assert!(notice.contains("todavía no está traducida"), "{notice}");
        assert!(notice.contains(&format!("href=\"/pd/{route}\"")), "links the English page: {notice}");
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"https://example.test/pd/{route}\">")),
            "/es/{route}"
        );
    }
    let html = site.read("es/guides/handwriting/index.html");
    assert_eq!(html_lang(&html), "es");
    assert!(html.contains("<h1>Práctica de escritura</h1>"), "the translated title");
    assert!(!html.contains("untranslated-notice"));
    let note = html.split("class=\"translation-note\"").nth(1).expect("translation note");
    assert!(note.starts_with(" lang=\"es\">Traducido de la versión en inglés el 2026-12-01."), "{note}");
    assert!(note.contains("href=\"/pd/guides/handwriting/\""), "{note}");
    // Its links go to the Spanish pages, anchors kept.
    assert!(html.contains("href=\"/pd/es/guides/movement/#steps\""), "links stay in Spanish");
    // English pages are unchanged: English, no notice.
    let english = site.read("guides/movement/index.html");
    assert_eq!(html_lang(&english), "en");
    assert!(!english.contains("untranslated-notice") && !english.contains("translation-note"));
}

#[test]
fn navigation_marks_the_pages_not_translated_yet() {
    let site = built();
    let html = site.read("es/index.html");
    let nav = html.split("class=\"site-nav\"").nth(1).and_then(|n| n.split("</nav>").next()).expect("nav");
    assert!(
        nav.contains("<span lang=\"en\">Guides</span> <span class=\"untranslated-mark\">(en inglés)</span>"),
        "{nav}"
    );
    let english = site.read("index.html");
    let nav = english.split("class=\"site-nav\"").nth(1).and_then(|n| n.split("</nav>").next()).expect("nav");
    assert!(!nav.contains("untranslated-mark"), "{nav}");
}

/// The text of `html` between `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    html.split(start).nth(1).and_then(|rest| rest.split(end).next()).unwrap_or_else(|| panic!("no {start:?}"))
}

/// The pages tierbook makes itself exist under /es/ in Spanish: lang="es", Spanish headings, the
/// Spanish titles of translated pages and the English ones of the others marked "(en inglés)".
#[test]
fn the_generated_pages_are_in_spanish_under_es() {
    let site = built();
    let untranslated = "<span lang=\"en\">Movement breaks</span> <span class=\"untranslated-mark\">(en inglés)</span>";
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "es/areas/index.html",
            "<h1>Guías por área</h1>",
            &["Escritura a mano</a> <span class=\"muted\">(1 guía)</span>"],
        ),
        (
            "es/areas/handwriting/index.html",
            "<h1>Guías de escritura a mano</h1>",
            &[
                "<p>1 guía.",
                ">Práctica de escritura</a></h3>",
                "Guía · Nivel 1",
                "Evidencia: Moderada",
                "<strong>Por nivel:</strong>",
            ],
        ),
        (
            "es/areas/self-regulation/index.html",
            "<h1>Guías de self regulation</h1>",
            &[untranslated, "Asientos flexibles"],
        ),
        ("es/tiers/index.html", "<h1>Guías por nivel</h1>", &["Nivel 1</a> <span class=\"muted\">(3 guías)</span>"]),
        ("es/tiers/1/index.html", "<h1>Guías de Nivel 1</h1>", &[untranslated, ">Práctica de escritura</a>"]),
        ("es/tags/index.html", "<h1>Etiquetas</h1>", &["href=\"/pd/es/tags/calm/\""]),
        ("es/tags/calm/index.html", "<h1>Etiquetas: calm</h1>", &[untranslated, "<p>1 página."]),
        ("es/404.html", "<h1>No se encontró la página</h1>", &["<a href=\"/pd/es/\">Ir a la página de inicio</a>"]),
        ("es/search/index.html", "<h1>Buscar</h1>", &["<h2 id=\"every-page\">Todas las páginas, por tipo y área</h2>"]),
    ];
    for (path, heading, has) in cases {
        let html = site.read(path);
        assert_eq!(html_lang(&html), "es", "{path}");
        assert!(html.contains(heading), "{path}: no {heading}");
        for text in *has {
            assert!(html.contains(text), "{path}: no {text:?}");
        }
        // Every link but the language switcher's stays in Spanish.
        let switcher =
            html.find("<nav class=\"lang-switch\"").map_or(0, |at| at + html[at..].find("</nav>").unwrap_or(0));
        let outside = format!("{}{}", &html[..html.find("<nav class=\"lang-switch\"").unwrap_or(0)], &html[switcher..]);
        assert!(
            !outside.contains("href=\"/pd/areas/") && !outside.contains("href=\"/pd/tiers/"),
            "{path} links English taxonomy pages"
        );
    }
    // The switcher of a generated page goes to the same page in English, and back.
    let es = site.read("es/tiers/1/index.html");
    assert_eq!(switcher_link(&es, "en"), "/pd/tiers/1/");
    assert_eq!(switcher_link(&site.read("tiers/1/index.html"), "es"), "/pd/es/tiers/1/");
    // The English ones are as they were.
    let en = site.read("areas/handwriting/index.html");
    assert!(
        en.contains("<h1>Guides for handwriting</h1>")
            && en.contains("<p>1 guide.")
            && en.contains("Evidence: Moderate")
    );
    assert_eq!(html_lang(&en), "en");
}

/// Without JavaScript, /es/search/ lists every page of the Spanish site by kind and area: Spanish
/// titles for translated pages, the others marked; the English listing stays English.
#[test]
fn the_no_js_listing_under_es_search_lists_the_spanish_pages() {
    let site = built();
    let html = site.read("es/search/index.html");
    let listing = between(&html, "<div class=\"search-fallback\">", "</div>");
    assert!(listing.contains("<h3 id=\"guides\">Guías</h3>"), "{listing}");
    assert!(listing.contains("<h4>Escritura a mano</h4>"), "the area in Spanish: {listing}");
    assert!(
        listing.contains("<a href=\"/pd/es/guides/handwriting/\">Práctica de escritura</a>: Práctica diaria y corta"),
        "{listing}"
    );
    assert!(
        listing.contains("<a href=\"/pd/es/guides/movement/\"><span lang=\"en\">Movement breaks</span> <span class=\"untranslated-mark\">(en inglés)</span></a>"),
        "{listing}"
    );
    assert!(!listing.contains("href=\"/pd/guides/"), "no English page links: {listing}");
    assert!(html.contains("action=\"/pd/es/search/\""), "its forms stay in Spanish");
    let english = site.read("search/index.html");
    let listing = between(&english, "<div class=\"search-fallback\">", "</div>");
    assert!(listing.contains("<h4>Handwriting</h4>") && listing.contains(">Handwriting practice</a>"), "{listing}");
    assert!(!listing.contains("untranslated-mark") && !listing.contains("/pd/es/"), "{listing}");
}

/// /es/atom.xml is the Spanish feed: its translated guides, in Spanish, and nothing else.
#[test]
fn each_language_has_its_own_feed_of_its_translated_pages() {
    let site = built();
    let feed = site.read("es/atom.xml");
    assert!(feed.contains("xml:lang=\"es\""), "{feed}");
    assert!(feed.contains("<link href=\"https://example.test/pd/es/atom.xml\" rel=\"self\""), "{feed}");
    assert!(feed.contains("<title>Práctica de escritura</title>"), "{feed}");
    assert!(feed.contains("<link href=\"https://example.test/pd/es/guides/handwriting/\"/>"), "{feed}");
    assert!(!feed.contains("Movement breaks"), "untranslated pages are in the English feed only: {feed}");
    let html = site.read("es/guides/handwriting/index.html");
    assert!(html.contains("type=\"application/atom+xml\" title=\"Partly translated site: capacitaciones y guías nuevas en español\" href=\"/pd/es/atom.xml\""));
}

/// The templates' own words come out in Spanish on a Spanish page (marked lang="es" on a page
/// shown in English) and in English on an English page.
#[test]
fn template_strings_are_in_the_language_of_the_view() {
    let site = built();
    let spanish = [
        "<a class=\"skip-link\" href=\"#main\">Saltar al contenido principal</a>",
        "<span>Buscar</span></a>",
        "<span>Menú</span></summary>",
        "<label for=\"tb-theme\">Colores</label>",
        "<option value=\"dark\">Oscuro</option>",
        "Su progreso, sus respuestas y sus listas se guardan solo en este navegador.",
        "<h2 id=\"search-dialog-title\">Buscar en este sitio</h2>",
        "<nav class=\"breadcrumbs\" aria-label=\"Ruta de navegación\">",
    ];
    let english = [
        "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>",
        "<span>Search</span></a>",
        "<span>Menu</span></summary>",
        "<label for=\"tb-theme\">Colour scheme</label>",
        "<option value=\"dark\">Dark</option>",
        "Your progress, answers and checklists are saved only in this browser.",
        "<h2 id=\"search-dialog-title\">Search this site</h2>",
        "<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">",
    ];
    let es = site.read("es/guides/handwriting/index.html");
    let en = site.read("guides/handwriting/index.html");
    for (s, e) in spanish.iter().zip(&english) {
        assert!(es.contains(s) && !es.contains(e), "Spanish page: {s:?}");
        assert!(en.contains(e) && !en.contains(s), "English page: {e:?}");
    }
    assert!(en.contains("like “can't sit still”"), "apostrophes stay as written");
    // A page shown in English under /es/ (lang="en") marks its Spanish chrome lang="es".
    let fallback = site.read("es/guides/movement/index.html");
    assert_eq!(html_lang(&fallback), "en");
    assert!(fallback.contains("<header class=\"site-header\" lang=\"es\">"));
    assert!(fallback.contains("<footer class=\"site-footer\" lang=\"es\">"));
    assert!(fallback.contains("<a class=\"skip-link\" href=\"#main\" lang=\"es\">Saltar al contenido principal</a>"));
}

#[test]
fn hreflang_alternates_point_both_ways_in_the_head_and_the_sitemap() {
    let site = built();
    let alternate = |code: &str, path: &str| {
        format!("<link rel=\"alternate\" hreflang=\"{code}\" href=\"https://example.test/pd/{path}\">")
    };
    for page in ["guides/handwriting/index.html", "es/guides/handwriting/index.html"] {
        let html = site.read(page);
        assert!(html.contains(&alternate("en", "guides/handwriting/")), "{page}");
        assert!(html.contains(&alternate("es", "es/guides/handwriting/")), "{page}");
        assert!(html.contains(&alternate("x-default", "guides/handwriting/")), "{page}");
    }
    // No Spanish alternate for a page without a translation.
    assert!(!site.read("guides/movement/index.html").contains("hreflang=\"es\" href"));
    let sitemap = site.read("sitemap.xml");
    let entry = |loc: &str| {
        let at = sitemap.find(&format!("<loc>https://example.test/pd/{loc}</loc>")).unwrap_or_else(|| panic!("{loc}"));
        sitemap[at..].split("</url>").next().unwrap_or("").to_string()
    };
    for loc in ["guides/handwriting/", "es/guides/handwriting/"] {
        let e = entry(loc);
        assert!(e.contains("hreflang=\"en\" href=\"https://example.test/pd/guides/handwriting/\""), "{e}");
        assert!(e.contains("hreflang=\"es\" href=\"https://example.test/pd/es/guides/handwriting/\""), "{e}");
    }
    assert!(
        !sitemap.contains("<loc>https://example.test/pd/es/guides/movement/</loc>"),
        "fallback pages are not listed"
    );
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
}

/// The href of the switcher's link to language `code` on a built page.
fn switcher_link(html: &str, code: &str) -> String {
    let nav = html.split("class=\"lang-switch\"").nth(1).and_then(|n| n.split("</nav>").next()).expect("switcher");
    let link = nav.split("<a ").find(|a| a.contains(&format!("hreflang=\"{code}\""))).expect("a link");
    link.split("href=\"").nth(1).and_then(|h| h.split('"').next()).unwrap_or("").to_string()
}

#[test]
fn the_switcher_lands_on_the_same_page_in_the_other_language() {
    let site = built();
    for route in ROUTES {
        let english = site.read(&format!("{route}index.html"));
        let to_spanish = switcher_link(&english, "es");
        assert_eq!(to_spanish, format!("/pd/es/{route}"));
        let spanish = site.read(&format!("{}index.html", to_spanish.trim_start_matches("/pd/")));
        assert!(spanish.contains(&format!("data-path=\"/es/{route}\"")), "/es/{route}");
        assert!(
            spanish.contains(&format!("href=\"/pd/es/{route}\" hreflang=\"es\" lang=\"es\" aria-current=\"page\"")),
            "the switcher marks the current language on /es/{route}"
        );
        assert_eq!(switcher_link(&spanish, "en"), format!("/pd/{route}"), "and goes back");
    }
}

#[test]
fn check_reports_translated_stale_and_missing_with_the_value_to_paste() {
    let site = TestSite::fixture("i18n/site");
    let run = site.run(&["check", "--format", "json"]);
    run.success();
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let es = &report["translations"][0];
    assert_eq!(es["code"], "es");
    let files = |key: &str| -> Vec<String> {
        es[key]
            .as_array()
            .expect("list")
            .iter()
            .map(|v| v["file"].as_str().unwrap_or_else(|| v.as_str().unwrap_or("")).to_string())
            .collect()
    };
    assert_eq!(es["translated"], json!(["content/_index.es.md", "content/guides/handwriting.es.md"]));
    assert_eq!(files("stale"), ["content/guides/seating.es.md"]);
    assert_eq!(files("missing"), ["content/guides/_index.es.md", "content/guides/movement.es.md"]);
    let seating = std::fs::read(site.root().join("content/guides/seating.md")).expect("read");
    assert_eq!(es["stale"][0]["translated_from"], source_hash(&seating));
    let stale =
        report["diagnostics"].as_array().expect("list").iter().find(|d| d["path"] == "content/guides/seating.es.md");
    let stale = stale.expect("a warning on the stale translation");
    assert_eq!((stale["severity"].as_str(), stale["line"].as_u64()), (Some("warning"), Some(3)), "{stale}");

    let text = site.run(&["check"]);
    let movement = std::fs::read(site.root().join("content/guides/movement.md")).expect("read");
    text.stdout_has("Translations into Español (es): 2 translated, 1 stale, 2 missing")
        .stdout_has(&format!("translated_from = \"{}\"", source_hash(&movement)));

    // Bringing it up to date with the printed value makes it translated.
    let path = site.root().join("content/guides/seating.es.md");
    let old = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, old.replace("0123456789abcdef", &source_hash(&seating))).expect("write");
    let report: Value = serde_json::from_str(&site.run(&["check", "--format", "json"]).stdout).expect("JSON");
    assert_eq!(report["translations"][0]["stale"], json!([]));
    assert_eq!(report["warnings"], 0, "{}", report["diagnostics"]);
}

#[test]
fn misnamed_and_mismatched_translations_are_located_errors_with_hints() {
    let site = TestSite::fixture("i18n/site")
        .file("content/guides/movement.fr.md", "+++\ntitle = \"Pauses\"\n+++\nx\n")
        .file("content/guides/movment.es.md", "+++\ntitle = \"Pausas\"\n+++\nx\n")
        .file("content/es/guides/movement.md", "+++\ntitle = \"Pausas\"\n+++\nx\n")
        .file("content/guides/movement.en.md", "+++\ntitle = \"Breaks\"\n+++\nx\n")
        .file("content/guides/movement.es.md", "+++\ntitle = \"Pausas\"\ntier = 2\nevidence = \"strong\"\n+++\nx\n")
        .file(
            "content/guides/seating.md",
            "+++\ntitle = \"Flexible seating\"\ntier = 1\nevidence = \"mixed\"\ntranslated_from = \"x\"\n+++\nx\n",
        );
    let run = site.run(&["check"]);
    run.exit(1);
    let expect = [
        ("content/guides/movement.fr.md:1:1: error: `fr` is not a language of this site", "[languages]"),
        ("content/guides/movment.es.md:1:1: error: there is no English page", "content/guides/movement.es.md"),
        (
            "content/es/guides/movement.md:1:1: error: translations do not go in a content/es/ folder",
            "content/guides/movement.es.md",
        ),
        ("content/guides/movement.en.md:1:1: error: `en` is the site's default language", "content/guides/movement.md"),
        (
            "content/guides/movement.es.md:3:1: error: `tier` differs from the English page's",
            "content/guides/movement.md",
        ),
        ("content/guides/movement.es.md:4:1: error: `evidence` differs from the English page's", "copy its value"),
        ("content/guides/seating.md:5:1: error: `translated_from` belongs in a translation", "remove it"),
    ];
    for (line, hint) in expect {
        let at = run.stdout.find(line).unwrap_or_else(|| panic!("no {line:?} in:\n{}", run.stdout));
        let next = run.stdout[at..].lines().nth(1).unwrap_or("");
        assert!(next.starts_with("  hint: ") && next.contains(hint), "{line}: hint {next:?}");
    }
}

#[test]
fn spanish_pages_are_scored_on_the_inflesz_scale_against_their_target() {
    let dense = "La implementación multidisciplinaria de intervenciones individualizadas requiere coordinación interprofesional sistemática y documentación exhaustiva. ".repeat(6);
    let site = TestSite::fixture("i18n/site");
    // The English page's anchor stays (the handwriting translation links to it).
    let movement = std::fs::read(site.root().join("content/guides/movement.md")).expect("read");
    let site = site.file(
        "content/guides/movement.es.md",
        &format!("+++\ntitle = \"Pausas de movimiento\"\ntranslated_from = \"{}\"\ntranslated_on = 2026-12-03\n+++\n\n## Pasos {{#steps}}\n\n{dense}\n", source_hash(&movement)),
    );
    let report: Value = serde_json::from_str(&site.run(&["check", "--format", "json"]).stdout).expect("JSON");
    let scores = report["readability_spanish"].as_array().expect("list");
    let movement = scores.iter().find(|r| r["path"] == "content/guides/movement.es.md").expect("scored");
    assert_eq!(
        (movement["min_score"].as_f64(), movement["band"].as_str()),
        (Some(65.0), Some("muy difícil")),
        "{movement}"
    );
    let warned = report["diagnostics"].as_array().expect("list").iter().any(|d| {
        d["path"] == "content/guides/movement.es.md"
            && d["message"].as_str().unwrap_or("").starts_with("INFLESZ score is")
    });
    assert!(warned, "{}", report["diagnostics"]);
    site.run(&["check"]).stdout_has("Readability in Spanish (INFLESZ, higher is easier):");
}

#[test]
fn blocks_write_their_own_words_in_the_page_language() {
    let checklist = "```checklist\nid = \"ready\"\ntitle = \"Ready\"\n[[groups]]\ntitle = \"Data\"\nitems = [ { id = \"a1\", text = \"Three points.\" } ]\n```\n";
    let site = TestSite::fixture("i18n/site")
        .file("content/checklist.md", &crate::harness::page("title = \"Checklist\"", checklist))
        .file("content/checklist.es.md", &crate::harness::page("title = \"Lista\"", checklist))
        .file("content/other.md", &crate::harness::page("title = \"Other\"", checklist))
        .built();
    let spanish = site.read("es/checklist/index.html");
    assert!(spanish.contains(">Desmarcar todo</button>") && spanish.contains(">1 puntos</p>"), "{spanish}");
    assert!(spanish.contains("data-progress-text=\"{done} de {total} puntos marcados.\""));
    let english = site.read("checklist/index.html");
    assert!(english.contains(">Untick all</button>") && english.contains(">1 items</p>"));
    // A page not translated yet is English under /es/ (lang="en"), and so are its blocks' words.
    let fallback = site.read("es/other/index.html");
    assert!(fallback.contains("<html lang=\"en\"") && fallback.contains(">Untick all</button>"), "{fallback}");
}

#[test]
fn a_site_string_overrides_the_theme_and_a_missing_one_is_warned_about() {
    let site = TestSite::fixture("i18n/site").file("i18n/es.toml", "untranslated_link = \"Ver en inglés\"\n").built();
    assert!(site.read("es/guides/movement/index.html").contains(">Ver en inglés</a>"));
    // A language without theme strings: English words, and check names what to translate.
    let site = TestSite::fixture("i18n/site").file(
        "tierbook.toml",
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/i18n/site/tierbook.toml"))
            .expect("config")
            .replace("[languages.es]", "[languages.ht]\n\n[languages.es]"),
    );
    let run = site.run(&["check"]);
    run.success()
        .stdout_has("i18n/ht.toml: warning: ")
        .stdout_has("theme strings are not translated into Kreyòl ayisyen, shown in English: ");
    assert!(
        run.stdout.lines().any(|l| l.contains("Kreyòl ayisyen") && l.contains("lang_switch_label")),
        "{}",
        run.stdout
    );
}

#[test]
fn each_language_has_its_own_search_index_with_its_stemmer_and_synonyms() {
    let site = built();
    let es: Value = serde_json::from_str(&site.read("es/search/index.json")).expect("JSON");
    let en: Value = serde_json::from_str(&site.read("search/index.json")).expect("JSON");
    assert_eq!((es["stemmer"].as_str(), en["stemmer"].as_str()), (Some("spanish"), Some("porter")));
    assert!(es["stop"].as_array().expect("stop").contains(&json!("de")));
    assert_eq!(es["synonyms"], json!([[["escritur"], ["caligraf"], ["handwriting"]]]));
    for (name, index) in [("es", &es), ("en", &en)] {
        eprintln!("search index ({name}): {} pages, {} shard bytes", index["pages"], index["sizes"]);
    }
    let html = site.read("es/guides/handwriting/index.html");
    assert!(html.contains("<meta name=\"tierbook-search\" content=\"/pd/es/search/\">"));
    // Results name a guide's areas as its pages do: `[languages.es] areas`, else the slug with
    // spaces (never the slug itself).
    let fragments = |folder: &str, index: &Value| {
        let dir = site.out().join(folder).join(index["dir"].as_str().expect("dir"));
        let mut text = String::new();
        for entry in std::fs::read_dir(dir).expect("fragments") {
            let path = entry.expect("entry").path();
            if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('p')) {
                text.push_str(&std::fs::read_to_string(path).expect("fragment"));
            }
        }
        text
    };
    let (es_text, en_text) = (fragments("es/search", &es), fragments("search", &en));
    assert!(es_text.contains("\"areas\":[\"Escritura a mano\"]"), "{es_text}");
    assert!(en_text.contains("\"areas\":[\"handwriting\"]"), "{en_text}");
    assert!(en_text.contains("self regulation") && !en_text.contains("self-regulation"), "{en_text}");
}

/// Runs the stemmer of js/<module> over `words` with node.
fn node_stems(node: &Path, module: &str, words: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let list = std::env::temp_dir().join(format!("tierbook-stem-words-{}.json", std::process::id()));
    std::fs::write(&list, serde_json::to_string(words).expect("JSON")).expect("write words");
    let script = format!(
        "import {{ stem }} from {:?}; import fs from 'fs'; const words = JSON.parse(fs.readFileSync({:?}, 'utf8')); process.stdout.write(JSON.stringify(words.map(stem)));",
        root.join("themes/default/static/js").join(module).display().to_string(),
        list.display().to_string()
    );
    let output =
        std::process::Command::new(node).args(["--input-type=module", "-e", &script]).output().expect("run node");
    let _ = std::fs::remove_file(&list);
    assert!(output.status.success(), "node: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("node printed a JSON list")
}

/// The real Snowball's stems (PyPI snowballstemmer, pinned in .ci/run) of `words`.
fn snowball_stems(python: &Path, algorithm: &str, words: &[&str]) -> Vec<String> {
    use std::io::Write;
    let script = format!(
        "import sys, json, snowballstemmer\nwords = json.load(sys.stdin)\nprint(snowballstemmer.__version__ if hasattr(snowballstemmer, '__version__') else '', file=sys.stderr)\njson.dump(snowballstemmer.stemmer({algorithm:?}).stemWords(words), sys.stdout)"
    );
    let mut child = std::process::Command::new(python)
        .args(["-c", &script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(serde_json::to_string(words).expect("JSON").as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("python ran");
    assert!(output.status.success(), "snowballstemmer: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("python printed a JSON list")
}

/// The Rust and the JavaScript Spanish stemmers give the real Snowball's stems on Snowball's own
/// Spanish vocabulary and on every word of the site's Spanish pages.
#[test]
fn the_spanish_stemmers_match_snowball() {
    let test = "Spanish stemmer parity";
    let Some(python) = require_tool(Tool::Snowball, test) else { return };
    let Some(node) = require_tool(Tool::Node, test) else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = std::fs::read_to_string(root.join("tests/fixtures/snowball/spanish-voc.txt")).expect("vocabulary");
    for entry in walkdir::WalkDir::new(root.join("content")).into_iter().flatten() {
        if entry.file_name().to_string_lossy().ends_with(".es.md") {
            text.push('\n');
            text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default().to_lowercase());
        }
    }
    let mut words: Vec<&str> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && !w.contains(char::is_numeric)).collect();
    words.sort_unstable();
    words.dedup();
    assert!(words.len() > 20_000, "{} words", words.len());
    let expected = snowball_stems(&python, "spanish", &words);
    let rust = tierbook::stem_words("es", &words);
    let js = node_stems(&node, "stem-es.js", &words);
    for (name, got) in [("src/search/spanish.rs", &rust), ("js/stem-es.js", &js)] {
        let differ: Vec<String> = words
            .iter()
            .zip(&expected)
            .zip(got)
            .filter(|((_, e), g)| e != g)
            .take(20)
            .map(|((w, e), g)| format!("{w}: snowball {e}, got {g}"))
            .collect();
        assert!(differ.is_empty(), "{name} differs from Snowball:\n{}", differ.join("\n"));
    }
    eprintln!("Spanish stemmers agree with Snowball on {} words", words.len());
}

/// The Rust and the JavaScript English stemmers give the real Snowball's `porter` stems on
/// Snowball's whole Porter vocabulary (tests/fixtures/snowball/porter-voc.txt, 42,603 words) and
/// every word of the site's English pages, except the words of tests/fixtures/porter/departures.txt,
/// each a deliberate departure mapped to its rule there: a difference not listed fails, and so
/// does a listed one that is no longer a difference.
#[test]
fn the_english_stemmers_match_snowball_but_for_the_mapped_departures() {
    let test = "English stemmer parity";
    let Some(python) = require_tool(Tool::Snowball, test) else { return };
    let Some(node) = require_tool(Tool::Node, test) else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = std::fs::read_to_string(root.join("tests/fixtures/snowball/porter-voc.txt")).expect("vocabulary");
    let vocabulary = text.lines().count();
    for entry in walkdir::WalkDir::new(root.join("content")).into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        if name.ends_with(".md") && !name.ends_with(".es.md") {
            text.push('\n');
            text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default().to_lowercase());
        }
    }
    // The vocabulary a line a word (some have an apostrophe), the pages' words split at anything
    // but a-z.
    let (voc, pages) = text.split_at(text.lines().map(|l| l.len() + 1).take(vocabulary).sum::<usize>().min(text.len()));
    let mut words: Vec<&str> =
        voc.lines().chain(pages.split(|c: char| !c.is_ascii_lowercase())).filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.dedup();
    assert!(words.len() > vocabulary && vocabulary > 40_000, "{} words", words.len());
    let departures_text =
        std::fs::read_to_string(root.join("tests/fixtures/porter/departures.txt")).expect("departures");
    let departures: std::collections::BTreeMap<&str, (&str, &str)> = departures_text
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split(' ').collect();
            assert_eq!(fields.len(), 3, "departures.txt: {line:?} is not `word tierbook-stem snowball-stem`");
            (fields[0], (fields[1], fields[2]))
        })
        .collect();
    let expected = snowball_stems(&python, "porter", &words);
    let rust = tierbook::stem_words("en", &words);
    let js = node_stems(&node, "search.js", &words);
    for (name, got) in [("src/search/porter.rs", &rust), ("js/search.js", &js)] {
        let mut unexplained = Vec::new();
        let mut seen = 0;
        for ((word, snowball), ours) in words.iter().zip(&expected).zip(got) {
            let snowball = if snowball.is_empty() { "-" } else { snowball.as_str() };
            match departures.get(word) {
                Some(&(d_ours, d_snowball)) if (d_ours, d_snowball) == (ours.as_str(), snowball) => seen += 1,
                _ if snowball == ours => {}
                _ => unexplained.push(format!("{word} {ours} {snowball}")),
            }
        }
        let stale: Vec<&&str> = departures.keys().filter(|w| words.binary_search(w).is_err()).collect();
        assert!(
            unexplained.is_empty() && stale.is_empty() && seen == departures.len(),
            "{name} departs from Snowball's porter where tests/fixtures/porter/departures.txt does not say so \
             (word, ours, Snowball's; {} of them):\n{}\nlisted but not among the words: {stale:?}",
            unexplained.len(),
            unexplained.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
        );
    }
    eprintln!(
        "English stemmers agree with Snowball's porter on {} words but {} mapped departures",
        words.len(),
        departures.len()
    );
}

/// The header search on a Spanish page uses the Spanish index: "escritura" finds the translated
/// handwriting guide, and through the synonym the English text of untranslated pages too.
#[test]
fn searching_escritura_in_spanish_finds_the_handwriting_guide() {
    let Some(browser) = webdriver::browser("Spanish search") else { return };
    let served = serve_site(TestSite::fixture("i18n/site"), "/pd/");
    browser.goto(&format!("{}es/guides/movement/", served.root));
    browser.execute("document.getElementById('search-open').click();", json!([]));
    browser.wait_until(
        "the search dialog to open with focus in its box",
        "return document.getElementById('search-dialog').open && document.activeElement.id === 'search-dialog-q';",
        json!([]),
    );
    browser.type_text("escritura");
    browser.find(".search-dialog .search-result a");
    let first = browser
        .execute("return document.querySelector('.search-dialog .search-result a').getAttribute('href');", json!([]));
    assert!(first.as_str().unwrap_or("").starts_with("/pd/es/guides/handwriting/"), "escritura: first result {first}");
    let loaded = browser.execute(
        "return performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('search/'));",
        json!([]),
    );
    assert!(loaded.to_string().contains("/pd/es/search/index.json"), "{loaded}");
}

/// axe on the Spanish pages, translated and not, in light and dark.
#[test]
fn axe_finds_no_violations_on_spanish_pages_in_light_and_dark() {
    let test = "accessibility of Spanish pages";
    let Some((chrome, driver)) = webdriver::binaries(test) else { return };
    let Some(axe) = require_tool(Tool::AxeCore, test) else { return };
    let served = serve_site(TestSite::fixture("i18n/site"), "/pd/");
    std::fs::copy(axe, served.site.out().join("axe-under-test.js")).expect("copy axe-core");
    let axe_url = format!("{}axe-under-test.js", served.root);
    let mut violations = Vec::new();
    for dark in [false, true] {
        let flags: &[&str] = if dark { &["--blink-settings=preferredColorScheme=0"] } else { &[] };
        let browser = Browser::start_with(&chrome, &driver, flags);
        browser.goto(&served.root);
        let is_dark = browser.execute("return matchMedia('(prefers-color-scheme: dark)').matches;", json!([]));
        assert_eq!(is_dark, Value::Bool(dark));
        // The fixture's pages and the pages tierbook makes (taxonomies, tags, search, 404).
        let generated = ["areas/", "areas/handwriting/", "tiers/1/", "tags/calm/", "search/", "404.html"];
        for route in ROUTES.iter().chain(&generated) {
            browser.goto(&format!("{}es/{route}", served.root));
            crate::a11y::settle(&browser);
            let scheme = if dark { "dark" } else { "light" };
            violations.extend(crate::a11y::audit(&browser, &axe_url, &format!("[{scheme}] /es/{route}")));
        }
    }
    assert!(violations.is_empty(), "{} WCAG violations:\n{}", violations.len(), violations.join("\n"));
}
