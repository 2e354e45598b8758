//! docs/migrating.md's example, built: the Hugo page as it was is refused with a located error for
//! each thing to change, and the page as rewritten there builds.

use crate::harness::{page, TestSite, MINIMAL_CONFIG};

/// The ```markdown blocks of the doc's "An example" section, in order.
fn example_blocks() -> Vec<String> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/migrating.md")).expect("the doc");
    let example = doc.split("## An example").nth(1).expect("the example section");
    example.split("```markdown\n").skip(1).map(|b| b.split("\n```").next().unwrap_or("").to_string() + "\n").collect()
}

fn site_for(page_text: &str) -> TestSite {
    // A 1x1 PNG, for the picture in static/.
    let png: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1,
        8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
    ];
    let site = TestSite::new()
        .file("tierbook.toml", &format!("{MINIMAL_CONFIG}categories = []\n"))
        .file("content/guides/_index.md", &page("title = \"Guides\"", ""))
        .file("content/guides/movement-breaks.md", &page("title = \"Movement breaks\"", "Stand and stretch.\n"))
        .file("content/guides/hand-warm-ups.md", page_text);
    std::fs::create_dir_all(site.root().join("static/images")).expect("static/images");
    std::fs::write(site.root().join("static/images/warm-ups.png"), png).expect("png");
    site
}

#[test]
fn the_hugo_page_is_refused_with_each_change_located() {
    let blocks = example_blocks();
    assert_eq!(blocks.len(), 2, "the example has a before and an after");
    let file = "content/guides/hand-warm-ups.md";
    site_for(&blocks[0])
        .build()
        .exit(1)
        .stderr_has(&format!("{file}:3:1: error: unknown key `lastmod`"))
        .stderr_has("tierbook calls it `updated`")
        .stderr_has(&format!("{file}:5:1: error: unknown key `categories`"))
        .stderr_has("name it as a taxonomy in tierbook.toml")
        .stderr_has(&format!("{file}:8:1: error: shortcode `figure`"))
        .stderr_has(&format!("{file}:10:35: error: shortcode `ref`"));
}

#[test]
fn the_rewritten_page_builds_with_its_tags_picture_and_link() {
    let blocks = example_blocks();
    let site = site_for(&blocks[1]).built();
    let html = site.read("guides/hand-warm-ups/index.html");
    assert!(
        html.contains(
            "<img src=\"/images/warm-ups.png\" alt=\"Children stretching their fingers\" width=\"1\" height=\"1\""
        ),
        "{html}"
    );
    assert!(html.contains("<a href=\"/guides/movement-breaks/\">movement breaks</a>"), "{html}");
    assert!(site.exists("tags/fine-motor/index.html"));
    assert!(site.exists("categories/classroom/index.html"));
}
