//! Tags and the other taxonomies any page may use (issue 12): term pages, a list page, links on
//! every tagged page, and located errors for taxonomies and terms the site does not have.

use crate::harness::{main_of, page, TestSite, MINIMAL_CONFIG};

fn config_with(taxonomies: &str) -> String {
    format!("{MINIMAL_CONFIG}{taxonomies}\n")
}

#[test]
fn tags_on_any_page_get_term_pages_a_list_page_and_links() {
    let site = TestSite::new()
        .file("content/a.md", &page("title = \"Alpha\"\ntags = [\"Fine motor\", \"families\"]", "A.\n"))
        .file("content/guides/_index.md", &page("title = \"Guides\"\npage_kind = \"guide\"", ""))
        .file(
            "content/guides/b.md",
            &page("title = \"Beta\"\ntier = 1\nevidence = \"limited\"\ntags = [\"fine-motor\"]", "B.\n"),
        )
        .file("content/c.md", &page("title = \"Gamma\"", "No tags.\n"))
        .built();
    // One term however it is spelt, labelled as first written; pages by title.
    let term_page = site.read("tags/fine-motor/index.html");
    let term = main_of(&term_page);
    assert!(term.contains("<h1>Tags: Fine motor</h1>"), "{term}");
    let alpha = term.find("Alpha").expect("Alpha listed");
    let beta = term.find("Beta").expect("Beta listed");
    assert!(alpha < beta, "pages by title");
    assert!(!term.contains("Gamma"));
    let index = site.read("tags/index.html");
    assert!(
        index.contains("<a href=\"/tags/families/\">families</a> <span class=\"muted\">(1 page)</span>"),
        "{index}"
    );
    assert!(index.contains("<a href=\"/tags/fine-motor/\">Fine motor</a> <span class=\"muted\">(2 pages)</span>"));
    // Each tagged page links its terms; an untagged page shows no tag list.
    let a = site.read("a/index.html");
    assert!(
        a.contains("<a href=\"/tags/fine-motor/\">Fine motor</a>, <a href=\"/tags/families/\">families</a>"),
        "{a}"
    );
    assert!(!site.read("c/index.html").contains("tb-page-terms"));
    assert!(site.read("sitemap.xml").contains("https://example.test/tags/fine-motor/"));
}

#[test]
fn a_taxonomy_named_in_the_config_is_used_zola_style_and_may_list_its_terms() {
    let site = TestSite::new()
        .file("tierbook.toml", &config_with("topics = []\naudiences = [\"teachers\", \"families\"]"))
        .file(
            "content/a.md",
            &page(
                "title = \"A\"\n\n[taxonomies]\ntopics = [\"referrals\"]\naudiences = [\"families\"]\ntags = [\"x\"]",
                "",
            ),
        )
        .built();
    assert!(site.read("topics/referrals/index.html").contains("<h1>Topics: referrals</h1>"));
    assert!(site.exists("audiences/families/index.html"));
    assert!(site.exists("tags/x/index.html"));
    assert!(!site.exists("audiences/teachers/index.html"), "a term no page uses gets no page");
}

#[test]
fn unknown_taxonomies_and_terms_are_located_errors_with_hints() {
    TestSite::new()
        .file("tierbook.toml", &config_with("audiences = [\"teachers\", \"families\"]"))
        .file("content/a.md", &page("title = \"A\"\n\n[taxonomies]\naudiences = [\"familes\"]\ntopics = [\"x\"]", ""))
        .build()
        .exit(1)
        .stderr_has("content/a.md:5:1: error: unknown audiences term \"familes\"")
        .stderr_has("hint: did you mean \"families\"?")
        .stderr_has("content/a.md:6:1: error: unknown taxonomy `topics`")
        .stderr_has("[taxonomies] topics = []");
}

#[test]
fn a_taxonomy_cannot_take_the_guides_names_or_a_near_miss_of_them() {
    TestSite::new()
        .file("tierbook.toml", &config_with("tiers = []"))
        .build()
        .exit(2)
        .stderr_has("\"tiers\" cannot name a taxonomy");
    TestSite::new()
        .file("tierbook.toml", &config_with("area = [\"x\"]"))
        .build()
        .exit(2)
        .stderr_has("tierbook.toml:6:1: error: unknown taxonomy setting `area`")
        .stderr_has("did you mean `areas`?");
}
