//! Print pages: a module's print page and the guides booklet hold every lesson and guide (the
//! training fixture), and in headless Chromium the bundled site's data forms print on one sheet
//! each and its booklet one guide per sheet.

use serde_json::json;

use crate::harness::TestSite;
use crate::webdriver::{self, html_pages, serve_site};

#[test]
fn print_pages_hold_every_lesson_and_every_guide() {
    let site = TestSite::fixture("training/module").built();
    let module = site.read("trainings/basics/print/index.html");
    let mut at = 0;
    for lesson in ["Lesson 1: First lesson", "Lesson 2: Second lesson", "Lesson 3: Knowledge check"] {
        let found = module[at..].find(lesson).unwrap_or_else(|| panic!("module print page lacks {lesson}, in order"));
        at += found + lesson.len();
    }
    assert!(module.contains("Describe what the student does, during which task"), "lessons come whole, not as titles");
    let booklet = site.read("guides/print/index.html");
    for (slug, title) in [("letters", "Letter formation"), ("quiet-corner", "Quiet corner"), ("warm-ups", "Warm-ups")] {
        assert!(booklet.contains(&format!("<h2 id=\"guide-{slug}\">{title}")), "booklet lacks a section for {title}");
    }
    // Ids stay unique when many pages share one document.
    for html in [&module, &booklet] {
        let mut ids: Vec<&str> = html.split(" id=\"").skip(1).map(|s| &s[..s.find('"').unwrap_or(0)]).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "duplicate ids");
    }
}

#[test]
fn data_forms_print_on_one_sheet_each_and_booklets_one_guide_per_sheet() {
    let Some(browser) = webdriver::browser("print") else { return };
    let served = serve_site(TestSite::bundled(), "/");
    let print = |path: &str, width: f64, height: f64| {
        browser.goto(&format!("{}{path}", served.root));
        browser.print_page_count(json!({"orientation": "portrait", "page": {"width": width, "height": height}}))
    };
    let forms: Vec<String> =
        html_pages(&served.site.out()).into_iter().filter(|p| p.starts_with("toolkit/") && p != "toolkit/").collect();
    assert!(forms.len() >= 5, "{forms:?}");
    for form in &forms {
        for (paper, width, height) in [("Letter", 21.59, 27.94), ("A4", 21.0, 29.7)] {
            assert_eq!(print(form, width, height), 1, "/{form} prints on one {paper} sheet");
        }
    }
    let guides = html_pages(&served.site.out()).iter().filter(|p| p.starts_with("guides/") && p.len() > 7).count() - 1;
    let sheets = print("guides/print/", 21.59, 27.94);
    assert!(sheets > guides, "{guides} guides, each on its own sheets after the contents: {sheets} sheets");
}

/// Every guide prints on at most two sheets of Letter and of A4 (print.css), has a print button,
/// and prints no site-relative link paths: a printed link shows its full address or nothing.
#[test]
fn every_guide_prints_on_at_most_two_sheets_of_letter_and_a4() {
    let Some(browser) = webdriver::browser("guide print") else { return };
    let served = serve_site(TestSite::bundled(), "/");
    let out = served.site.out();
    let guides: Vec<String> = html_pages(&out)
        .into_iter()
        .filter(|p| p.starts_with("guides/") && p.matches('/').count() == 2 && p != "guides/print/")
        .filter(|p| served.site.read(&format!("{p}index.html")).contains("data-kind=\"guide\""))
        .collect();
    assert!(guides.len() >= 10, "the bundled guides: {guides:?}");
    let mut too_long = Vec::new();
    for guide in &guides {
        browser.goto(&format!("{}{guide}", served.root));
        browser.find("[data-print-guide]:not([hidden]) button");
        let print_sheets = browser.execute(
            "return [...document.querySelectorAll('link[rel=stylesheet][media=print]')].map((l) => l.getAttribute('href'));",
            json!([]),
        );
        assert!(
            print_sheets.to_string().contains("css/print.css"),
            "/{guide} links print.css for print: {print_sheets}"
        );
        for (paper, width, height) in [("Letter", 21.59, 27.94), ("A4", 21.0, 29.7)] {
            let sheets = browser
                .print_page_count(json!({"orientation": "portrait", "page": {"width": width, "height": height}}));
            eprintln!("guide print /{guide}: {sheets} {paper}");
            if sheets > 2 {
                too_long.push(format!("/{guide}: {sheets} sheets of {paper}"));
            }
        }
    }
    assert!(too_long.is_empty(), "guides longer than two sheets:\n{}", too_long.join("\n"));
    // Printed links, in print media: a full address (external links) or nothing; a site-relative
    // path like "(/guides/x/)" means nothing on paper.
    browser.goto(&format!("{}guides/movement-breaks/", served.root));
    browser.post("/goog/cdp/execute", json!({"cmd": "Emulation.setEmulatedMedia", "params": {"media": "print"}}));
    let shown = browser.execute(
        "const out = { full: 0, bad: [] };
         for (const a of document.querySelectorAll('main a[href]')) {
           const after = getComputedStyle(a, '::after').content;
           if (!after || after === 'none' || after === 'normal') continue;
           if (/^https?:/.test(a.getAttribute('href'))) out.full += 1; else out.bad.push([a.getAttribute('href'), after]);
         }
         return out;",
        json!([]),
    );
    assert_eq!(shown["bad"], json!([]), "printed links show a full address or nothing: {shown}");
    assert!(shown["full"].as_u64().unwrap_or(0) >= 1, "the guide's sources print their full address: {shown}");
}
