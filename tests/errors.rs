//! Every class of content error is reported with its exact file, line and column, all together,
//! with exit code 1; configuration and usage problems exit 2. No input panics.

use crate::harness::{page, TestSite};

#[test]
fn bad_front_matter_syntax_points_at_the_line() {
    let site = TestSite::new().file("content/a.md", &page("title = \"A\"\nweight = ", "Body\n"));
    let run = site.build();
    run.exit(1);
    assert_eq!(run.error_lines().len(), 1, "{}", run.stderr);
    assert!(run.error_lines()[0].starts_with("content/a.md:3:"), "{}", run.stderr);
}

#[test]
fn missing_front_matter_has_a_hint() {
    TestSite::new()
        .file("content/a.md", "# Just markdown\n")
        .build()
        .exit(1)
        .stderr_has("content/a.md:1:1: error: the file does not start with front matter")
        .stderr_has("hint: begin the file with a `+++` line");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    TestSite::new()
        .file("content/a.md", &page("title = \"A\"\ndescripton = \"x\"", "Body\n"))
        .build()
        .exit(1)
        .stderr_has("content/a.md:3:1: error: unknown key `descripton`")
        .stderr_has("hint: did you mean `description`?");
}

#[test]
fn unknown_keys_are_all_reported_with_at_most_three_keys_of_the_page_kind() {
    let run = TestSite::new()
        .file("content/g/_index.md", &page("title = \"G\"\npage_kind = \"guide\"", ""))
        .file(
            "content/g/a.md",
            &page("title = \"A\"\ntier = 1\nevidence = \"limited\"\ntiers = 2\nmaterial = [\"x\"]", "Body\n"),
        )
        .build();
    run.exit(1)
        .stderr_has("content/g/a.md:5:1: error: unknown key `tiers`")
        .stderr_has("content/g/a.md:6:1: error: unknown key `material`")
        .stderr_has("hint: did you mean `materials`");
    // Never the whole list of every kind's keys.
    for hint in run.stderr.lines().filter(|l| l.contains("hint:")) {
        assert!(hint.matches('`').count() <= 6, "{hint}");
        assert!(!hint.contains("pass_score"), "a module's key offered on a guide: {hint}");
    }
}

#[test]
fn yaml_unknown_key_is_located_too() {
    TestSite::new()
        .file("content/a.md", "---\ntitle: A\nwieght: 3\n---\nBody\n")
        .build()
        .exit(1)
        .stderr_has("content/a.md:3:1: error: unknown key `wieght`")
        .stderr_has("did you mean `weight`?");
}

#[test]
fn yaml_values_are_located_by_the_parser() {
    // `tier: 3` is on line 5; the same words sit inside the description on line 3.
    TestSite::new()
        .file("content/g/_index.md", &page("title = \"G\"\npage_kind = \"guide\"", ""))
        .file("content/g/a.md", "---\ntitle: A\ndescription: \"tier: 1 or 2\"\nevidence: limited\ntier: 3\n---\nBody\n")
        .build()
        .exit(1)
        .stderr_has("content/g/a.md:5:1: error: tier 3 is not a guide tier");
}

#[test]
fn key_of_another_kind_is_an_error() {
    TestSite::new()
        .file("content/a.md", &page("title = \"A\"\npass_score = 80", "Body\n"))
        .build()
        .exit(1)
        .stderr_has("content/a.md:3:1: error: `pass_score` is a key of module pages, and this page is a page");
}

#[test]
fn broken_link_names_the_position() {
    TestSite::new()
        .file("content/a.md", &page("title = \"A\"", "\nSee [the guide](guides/missing.md) now.\n"))
        .build()
        .exit(1)
        .stderr_has("content/a.md:5:5: error: link to a page that does not exist: `guides/missing.md`");
}

#[test]
fn broken_anchor_lists_the_headings_that_exist() {
    TestSite::new()
        .file("content/b.md", &page("title = \"B\"", "\n## Steps to take\n\nText.\n"))
        .file("content/a.md", &page("title = \"A\"", "\nRead [the steps](b.md#steps).\n"))
        .build()
        .exit(1)
        .stderr_has("content/a.md:5:6: error: `#steps` is not a heading of content/b.md")
        .stderr_has("hint: its headings are: #steps-to-take");
}

#[test]
fn same_page_anchor_is_checked() {
    TestSite::new()
        .file("content/a.md", &page("title = \"A\"", "\n## Here\n\nJump [up](#nowhere).\n"))
        .build()
        .exit(1)
        .stderr_has("content/a.md:7:6: error: `#nowhere` is not a heading of content/a.md");
}

#[test]
fn image_without_alt_text_is_an_error() {
    TestSite::new()
        .file("content/a/index.md", &page("title = \"A\"", "\n![](pic.png)\n"))
        .file("content/a/pic.png", "not really a png")
        .build()
        .exit(1)
        .stderr_has("content/a/index.md:5:1: error: image `pic.png` has no alt text");
}

#[test]
fn missing_and_remote_images_are_errors() {
    let run = TestSite::new()
        .file(
            "content/a.md",
            &page("title = \"A\"", "\n![A chart](chart.png)\n\n![A logo](https://cdn.example/logo.png)\n"),
        )
        .build();
    run.exit(1)
        .stderr_has("content/a.md:5:1: error: image `chart.png` does not exist")
        .stderr_has("content/a.md:7:1: error: image `https://cdn.example/logo.png` is on another site");
}

#[test]
fn misspelt_block_name_is_an_error_not_a_code_block() {
    TestSite::new()
        .file("content/a.md", &page("title = \"A\"", "\nIntro.\n\n```quizz\n[[questions]]\n```\n"))
        .build()
        .exit(1)
        .stderr_has("content/a.md:7:1: error: unknown block `quizz`")
        .stderr_has("did you mean `quiz`?");
}

#[test]
fn ordinary_code_blocks_are_left_alone() {
    let site = TestSite::new().file("content/a.md", &page("title = \"A\"", "\n```toml\nkey = 1\n```\n")).built();
    assert!(site.read("a/index.html").contains("<code class=\"language-toml\">key = 1"));
}

#[test]
fn inline_script_in_raw_html_is_refused() {
    TestSite::new()
        .file("content/a.md", &page("title = \"A\"", "\n<script>alert(1)</script>\n"))
        .build()
        .exit(1)
        .stderr_has("content/a.md:5:1: error: raw HTML with a <script> element");
}

#[test]
fn all_errors_are_reported_together_in_file_order() {
    let run = TestSite::new()
        .file("content/b.md", &page("title = \"B\"", "\n[x](nope.md)\n"))
        .file("content/a.md", &page("title = \"A\"\nbogus = 1", "Body\n"))
        .file("content/c.md", &page("title = \"C\"", "\n![](gone.png)\n"))
        .build();
    run.exit(1).stderr_has("error: 4 content errors found");
    let files: Vec<&str> = run.error_lines().iter().map(|l| l.split(':').next().unwrap_or("")).collect();
    assert_eq!(files, ["content/a.md", "content/b.md", "content/c.md", "content/c.md"], "{}", run.stderr);
}

#[test]
fn unknown_area_on_a_guide_is_an_error() {
    TestSite::new()
        .file(
            "content/g.md",
            &page(
                "title = \"G\"\nkind = \"guide\"\ntier = 1\nevidence = \"limited\"\nareas = [\"handwritting\"]",
                "Body\n",
            ),
        )
        .build()
        .exit(1)
        .stderr_has("content/g.md:6:1: error: unknown area \"handwritting\"")
        .stderr_has("did you mean \"handwriting\"?");
}

#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::new().file("content/a.md", &page("title = \"A\"", "\nFirst.\n")).built();
    let before = site.read("a/index.html");
    let site = site.file("content/a.md", &page("title = \"A\"", "\n[broken](x.md)\n"));
    site.build().exit(1);
    assert_eq!(site.read("a/index.html"), before);
}

#[test]
fn config_errors_exit_2_with_position_and_hint() {
    TestSite::new()
        .file("tierbook.toml", "title = \"T\"\n[district]\nprimary_colour = \"#123456\"\n")
        .build()
        .exit(2)
        .stderr_has("tierbook.toml:3:1: error: unknown field `primary_colour`")
        .stderr_has("did you mean `primary_color`?");
}

#[test]
fn low_contrast_brand_color_suggests_a_darker_shade() {
    TestSite::new()
        .file("tierbook.toml", "title = \"T\"\n[district]\nprimary_color = \"#66aaff\"\n")
        .build()
        .exit(2)
        .stderr_has("tierbook.toml:3:1: error: `primary_color` #66aaff has a contrast of")
        .stderr_has("hint: try the darker shade \"#");
}

#[test]
fn missing_config_and_content_exit_2() {
    TestSite::empty().build().exit(2).stderr_has("no tierbook.toml in the site folder");
    TestSite::empty().file("tierbook.toml", "title = \"T\"\n").build().exit(2).stderr_has("has no content/ folder");
}

#[test]
fn binary_and_odd_input_never_panics() {
    let run = TestSite::new()
        .file("content/weird.md", "+++\ntitle = \"\u{0}\u{feff}\"\n+++\n[[[[[](((\n```quiz\n\u{0}\n")
        .file("content/empty.md", "")
        .file("content/dashes.md", "---\n---\n")
        .build();
    assert!(matches!(run.code, Some(1)), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}
