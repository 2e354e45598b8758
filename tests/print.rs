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
