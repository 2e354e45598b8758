//! What `tierbook build` writes: pretty URLs, every kind, ordering, drafts, aliases, site-wide
//! files, base paths, overrides, determinism, and the output folder's safety rules.

use crate::harness::{main_of, page, tree, TestSite};

fn kinds_site() -> TestSite {
    TestSite::new()
        .file("content/trainings/_index.md", &page("title = \"Trainings\"", "All trainings.\n"))
        .file(
            "content/trainings/m1/_index.md",
            &page(
                "title = \"Module One\"\nkind = \"module\"\nobjectives = [\"Tell a good referral\"]\nminutes = 20\naudience = [\"teacher\"]\npd_hours = 0.5\npass_score = 80\nversion = \"1.2\"",
                "Intro.\n",
            ),
        )
        .file("content/trainings/m1/b-second.md", &page("title = \"Second\"\nweight = 20\nminutes = 5", "Two.\n"))
        .file("content/trainings/m1/a-first.md", &page("title = \"First\"\nweight = 10\nminutes = 5", "One.\n"))
        .file("content/guides/_index.md", &page("title = \"Guides\"\npage_kind = \"guide\"", ""))
        .file(
            "content/guides/breaks.md",
            &page("title = \"Movement breaks\"\ntier = 1\nareas = [\"self-regulation\"]\ngrades = \"K-5\"\nminutes = 3\nmaterials = [\"timer\"]\nevidence = \"moderate\"\ndate = 2026-09-01", "## Steps\n\n1. Stand up.\n"),
        )
        .file("content/case-studies/_index.md", &page("title = \"Cases\"\npage_kind = \"case-study\"", ""))
        .file("content/case-studies/c.md", &page("title = \"A case\"", "Story.\n"))
}

#[test]
fn every_kind_renders_with_pretty_urls() {
    let site = kinds_site().built();
    for path in [
        "index.html",
        "trainings/index.html",
        "trainings/m1/index.html",
        "trainings/m1/a-first/index.html",
        "trainings/m1/b-second/index.html",
        "guides/index.html",
        "guides/breaks/index.html",
        "case-studies/c/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
        "css/style.css",
        "css/brand.css",
        ".tierbook-output",
    ] {
        assert!(site.exists(path), "missing {path}");
    }
    let module = site.read("trainings/m1/index.html");
    assert!(module.contains("Tell a good referral"));
    let first = module.find("First").expect("first lesson listed");
    let second = module.find("Second").expect("second lesson listed");
    assert!(first < second, "lessons follow weight order");

    let lesson = site.read("trainings/m1/a-first/index.html");
    assert!(lesson.contains("lesson 1 of 2"), "{lesson}");
    assert!(lesson.contains("href=\"/trainings/m1/b-second/\""), "next lesson link");

    let guide = site.read("guides/breaks/index.html");
    assert!(guide.contains("Tier 1") && guide.contains("Moderate") && guide.contains("timer"));
    assert!(guide.contains("<h2 id=\"steps\"><a class=\"heading-link\" href=\"#steps\">Steps</a></h2>"));
}

#[test]
fn markdown_extensions_render() {
    let body = "\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ and \"quotes\"\n\n- [x] done\n\nNote[^1].\n\n[^1]: A footnote.\n\n> [!WARNING]\n> Careful.\n\n## Custom {#my-id}\n";
    let site = TestSite::new().file("content/a.md", &page("title = \"A\"", body)).built();
    let html = site.read("a/index.html");
    for needle in [
        "<table>",
        "<del>old</del>",
        "\u{201c}quotes\u{201d}",
        "type=\"checkbox\"",
        "class=\"footnote-definition\"",
        "<div class=\"alert alert-warning\" role=\"note\"><p class=\"alert-title\">Warning</p>",
        "id=\"my-id\"",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
}

#[test]
fn links_between_pages_become_site_urls() {
    let site = TestSite::new()
        .file("content/guides/x.md", &page("title = \"X\"", "## Steps\n"))
        .file(
            "content/a.md",
            &page("title = \"A\"", "[rel](guides/x.md#steps) [root](/guides/x.md) [home](_index.md)\n"),
        )
        .built();
    let html = site.read("a/index.html");
    assert!(html.contains("href=\"/guides/x/#steps\""), "{html}");
    assert!(html.contains("href=\"/guides/x/\""));
    assert!(html.contains("href=\"/\""));
}

#[test]
fn base_path_prefixes_every_link_and_asset() {
    let site = TestSite::new()
        .file("content/guides/x.md", &page("title = \"X\"", "Text.\n"))
        .file("content/a.md", &page("title = \"A\"", "[x](guides/x.md)\n"));
    site.build_with(&["--base-url", "https://district.example/pd/"]).success();
    let html = site.read("a/index.html");
    assert!(html.contains("href=\"/pd/guides/x/\""));
    assert!(html.contains("href=\"/pd/css/style.css?v="));
    assert!(html.contains("<link rel=\"canonical\" href=\"https://district.example/pd/a/\">"));
    assert!(site.read("sitemap.xml").contains("<loc>https://district.example/pd/guides/x/</loc>"));
    assert!(!html.contains("href=\"/css/"), "no asset escapes the base path");
}

#[test]
fn bundle_images_get_size_and_lazy_loading() {
    // A 3x2 PNG.
    let png: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 3, 0, 0, 0, 2,
        8, 2, 0, 0, 0, 0x12, 0x16, 0xf1, 0x4d,
    ];
    let site = TestSite::new().file("content/g/index.md", &page("title = \"G\"", "![A grip](grip.png)\n"));
    std::fs::write(site.root().join("content/g/grip.png"), png).expect("write png");
    site.build().success();
    let html = site.read("g/index.html");
    assert!(
        html.contains("<img src=\"/g/grip.png\" alt=\"A grip\" width=\"3\" height=\"2\" loading=\"lazy\""),
        "{html}"
    );
    assert!(site.exists("g/grip.png"));
}

#[test]
fn shared_files_in_static_are_found_from_the_site_root_and_sized() {
    // A 3x2 PNG, as above.
    let png: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 3, 0, 0, 0, 2,
        8, 2, 0, 0, 0, 0x12, 0x16, 0xf1, 0x4d,
    ];
    let body = "![A grip](/images/grip.png)\n\n![A plan](/images/plan.svg)\n\n[The form](/files/form.pdf)\n";
    let site = TestSite::new()
        .file("content/guides/a.md", &page("title = \"A\"", body))
        .file("content/b.md", &page("title = \"B\"", "![Also a grip](/images/grip.png)\n"))
        .file("static/images/plan.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 30\"/>")
        .file("static/files/form.pdf", "%PDF-1.4");
    std::fs::create_dir_all(site.root().join("static/images")).expect("static/images");
    std::fs::write(site.root().join("static/images/grip.png"), png).expect("write png");
    site.build().success();
    let html = site.read("guides/a/index.html");
    assert!(html.contains("<img src=\"/images/grip.png\" alt=\"A grip\" width=\"3\" height=\"2\""), "{html}");
    assert!(html.contains("<img src=\"/images/plan.svg\" alt=\"A plan\" width=\"40\" height=\"30\""), "{html}");
    assert!(html.contains("<a href=\"/files/form.pdf\">The form</a>"), "{html}");
    assert!(site.read("b/index.html").contains("<img src=\"/images/grip.png\""));
    assert!(site.exists("images/grip.png"));
    // A path relative to the page is not looked up in static/, and a missing file says where to put it.
    TestSite::new()
        .file("content/a.md", &page("title = \"A\"", "![A grip](images/grip.png)\n"))
        .file("static/images/grip.png", "not really a png")
        .build()
        .exit(1)
        .stderr_has("content/a.md:4:1: error: image `images/grip.png` does not exist")
        .stderr_has("in static/ and write its path from the site root");
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let site = TestSite::new().file("content/d.md", &page("title = \"D\"\ndraft = true", "Draft.\n")).built();
    assert!(!site.exists("d/index.html"));
    site.build_with(&["--drafts"]).success();
    assert!(site.exists("d/index.html"));
}

#[test]
fn aliases_redirect_without_scripts() {
    let site = TestSite::new()
        .file("content/new.md", &page("title = \"New\"\naliases = [\"/old/place/\"]", "Here.\n"))
        .built();
    let alias = site.read("old/place/index.html");
    assert!(alias.contains("<meta http-equiv=\"refresh\" content=\"0; url=/new/\">"));
    assert!(!alias.contains("<script"));
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = TestSite::new()
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>{% endblock main %}",
        )
        .file("static/files/form.pdf", "%PDF-1.4")
        .file("content/a.md", &page("title = \"Custom\"", "Text.\n"))
        .built();
    assert!(site.read("a/index.html").contains("<p class=\"custom\">Custom</p>"));
    assert!(site.read("index.html").contains("Welcome."), "other templates still come from the theme");
    assert!(site.exists("files/form.pdf"));
}

#[test]
fn template_errors_name_the_template_the_page_and_the_cause() {
    TestSite::new()
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}{{ page.nope.deeper }}{% endblock main %}",
        )
        .file("content/a.md", &page("title = \"A\"", "Text.\n"))
        .build()
        .exit(1)
        .stderr_has("template `page.html`")
        .stderr_has("content/a.md")
        .stderr_has("nope");
}

/// Two copies of a site in different folders, one built twice in place: neither the folder nor
/// an earlier build may show in the output (search shards, sw.js, the manifest, print pages).
#[test]
fn output_is_byte_identical_for_identical_input() {
    let (a, b) = (TestSite::fixture("training/module"), TestSite::fixture("training/module"));
    a.build().success();
    let first = tree(&a.out());
    assert!(first.iter().any(|(path, _)| path == "sw.js") && first.iter().any(|(path, _)| path == "search/index.json"));
    a.build().success();
    b.build().success();
    for (what, other) in [("a rebuild in place", tree(&a.out())), ("a build in another folder", tree(&b.out()))] {
        let paths = |files: &[(String, Vec<u8>)]| files.iter().map(|(path, _)| path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&first), paths(&other), "{what} writes other files");
        let differ: Vec<&str> =
            first.iter().zip(&other).filter(|(x, y)| x.1 != y.1).map(|(x, _)| x.0.as_str()).collect();
        assert!(differ.is_empty(), "{what} differs in {differ:?}");
    }
}

#[test]
fn output_folder_safety() {
    let site = TestSite::new();
    let root = site.root().to_string_lossy().into_owned();
    // The site folder itself, and a parent of it.
    site.run(&["build", "--root", &root, "--output", &root])
        .exit(2)
        .stderr_has("it is the site folder or a parent of it");
    let parent = site.root().parent().unwrap().to_string_lossy().into_owned();
    site.run(&["build", "--root", &root, "--output", &parent])
        .exit(2)
        .stderr_has("it is the site folder or a parent of it");
    site.run(&["build", "--root", &root, "--output", "/"]).exit(2);
    site.run(&["build", "--root", &root, "--output", &format!("{root}/content/out")])
        .exit(2)
        .stderr_has("inside the site's content/");

    // A non-empty folder tierbook did not make is never replaced.
    let foreign = site.root().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "precious").unwrap();
    site.run(&["build", "--root", &root, "--output", &foreign.to_string_lossy()])
        .exit(2)
        .stderr_has("was not made by tierbook");
    assert_eq!(std::fs::read_to_string(foreign.join("keep.txt")).unwrap(), "precious");

    // Its own output is replaced whole: stale files disappear.
    site.build().success();
    std::fs::write(site.out().join("stale.html"), "old").unwrap();
    site.build().success();
    assert!(!site.exists("stale.html"));
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("tierbook-"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folders left behind");
}

#[test]
fn feed_and_sitemap_are_well_formed() {
    let site = kinds_site().built();
    let feed = site.read("atom.xml");
    assert!(feed.contains("<updated>2026-09-01T00:00:00Z</updated>"));
    assert!(feed.contains("<title>Movement breaks</title>"));
    assert!(!feed.contains("Module One"), "pages without a date are not in the feed");
    let robots = site.read("robots.txt");
    assert!(robots.contains("Sitemap: https://example.test/sitemap.xml"));
}

#[test]
fn pages_load_nothing_from_other_origins_and_have_no_inline_code() {
    let site = kinds_site().built();
    for path in ["index.html", "guides/breaks/index.html", "trainings/m1/index.html", "404.html"] {
        let html = site.read(path);
        assert!(!html.contains("<style"), "{path} has an inline style element");
        assert!(!html.contains(" style=\""), "{path} has a style attribute");
        for script in html.split("<script").skip(1) {
            assert!(
                // Modules, and js/theme.js, which must run before the first paint.
                script.trim_start().starts_with("type=\"module\" src=\"/")
                    || script.trim_start().starts_with("src=\"/js/theme.js?v="),
                "{path}: inline or remote script: {script:.80}"
            );
        }
        for attr in ["src=\"http", "href=\"http://", "src=\"//"] {
            assert!(!html.contains(attr), "{path} loads from another origin ({attr})");
        }
    }
}

#[test]
fn rendered_lesson_fragment_snapshot() {
    let site = kinds_site().built();
    insta::assert_snapshot!(main_of(&site.read("trainings/m1/a-first/index.html")));
}

#[test]
fn a_knowledge_check_before_the_last_lesson_is_a_warning() {
    let quiz = "```quiz\n[[questions]]\nid = \"q\"\nkind = \"true-false\"\nprompt = \"Yes?\"\nanswer = \"true\"\nexplanation = \"Because.\"\nchoices = [\n  { id = \"true\", text = \"True\", feedback = \"Right.\" },\n  { id = \"false\", text = \"False\", feedback = \"No.\" },\n]\n```\n";
    let site = TestSite::new()
        .file("content/m/_index.md", &page("title = \"M\"\nkind = \"module\"\npass_score = 80", ""))
        .file("content/m/check.md", &page("title = \"Check\"\nweight = 10", quiz))
        .file("content/m/later.md", &page("title = \"Later\"\nweight = 20", "More.\n"));
    site.build()
        .success()
        .stderr_has("content/m/check.md: warning: this knowledge check is not the last lesson of its module");
}

#[test]
fn branding_appears_on_every_page_and_a_missing_logo_is_an_error() {
    let site = TestSite::new()
        .file(
            "tierbook.toml",
            "title = \"Pine Valley PD\"\n[district]\nname = \"Pine Valley Schools\"\nlogo = \"logo.svg\"\ncontact_email = \"pd@pine.example\"\nfooter = \"Made by our OT team.\"\nprimary_color = \"#7a1f5c\"\n",
        )
        .file("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("content/a.md", &page("title = \"A\"", "Text.\n"))
        .built();
    for path in ["index.html", "a/index.html", "404.html"] {
        let html = site.read(path);
        for needle in ["Pine Valley Schools", "mailto:pd@pine.example", "Made by our OT team.", "src=\"/logo.svg\""] {
            assert!(html.contains(needle), "{path} lacks {needle}");
        }
    }
    assert!(site.read("css/brand.css").starts_with(":root { --tb-primary: #7a1f5c; }"));

    let site = site.file("tierbook.toml", "title = \"T\"\n[district]\nlogo = \"missing.png\"\n");
    site.build().exit(2).stderr_has("tierbook.toml:3:1: error: `logo` \"missing.png\" is not a file in static/");
}

/// Every file of a build, by path, through the library (as `serve` builds).
fn library_build(site: &TestSite, cache: &mut tierbook::render::RenderCache) -> Vec<(String, Vec<u8>)> {
    let options = tierbook::commands::BuildOptions::default();
    let (_, built) = tierbook::commands::build_site_with(site.root(), &options, cache)
        .unwrap_or_else(|err| panic!("the site builds: {err}"));
    built.outputs.into_iter().map(|o| (o.path.to_string(), o.into_bytes())).collect()
}

/// Issue 19: the header navigation and the sidebar's items, rendered once and reused, give the
/// same bytes as the partials rendered on every page: every file of the bundled site (two
/// languages, a header with "More", modules' sidebars) plus a section whose sidebar window moves
/// page by page.
#[test]
fn the_cache_of_template_parts_changes_no_byte() {
    let mut site =
        TestSite::bundled().file("content/long/_index.md", &page("title = \"A long section\"", "Many pages.\n"));
    for n in 0..45 {
        site = site.file(
            &format!("content/long/p{n:02}.md"),
            &page(&format!("title = \"Page {n}\"\nweight = {n}"), "Text.\n"),
        );
    }
    let cached = library_build(&site, &mut tierbook::render::RenderCache::default());
    let uncached = library_build(&site, &mut tierbook::render::RenderCache::without_parts());
    let paths = |files: &[(String, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&cached), paths(&uncached), "the same files");
    let mut pages = 0;
    for ((path, with), (_, without)) in cached.iter().zip(&uncached) {
        assert!(with == without, "{path} differs with the cache of template parts");
        pages += usize::from(path.ends_with("index.html"));
    }
    assert!(pages > 100, "only {pages} pages compared");
    // The cached parts mark each page: its own sidebar item and its section in the header.
    let page =
        String::from_utf8_lossy(&cached.iter().find(|(p, _)| p == "long/p20/index.html").expect("p20").1).into_owned();
    assert!(page.contains("<a href=\"/long/p20/\" aria-current=\"page\">"), "{page}");
    let marked = page.matches("aria-current=\"page\"").count();
    assert_eq!(marked, 3, "the sidebar item, the breadcrumb and the language switcher's English only");
    assert!(page.contains("<a href=\"/long/\" aria-current=\"true\">"), "the section in the header: {page}");
}

/// A site's own navigation partial is rendered on every page: the cache of template parts reuses
/// only the theme's partials, whose reads it knows.
#[test]
fn a_sites_own_navigation_partial_is_rendered_for_every_page() {
    let site = TestSite::new()
        .file("templates/partials/site-nav.html", "<nav>nav of {% if page %}{{ page.title }}{% endif %}</nav>")
        .file("templates/partials/sidebar-item.html", "<li>{{ i.title }} seen from {{ page.title }}</li>\n")
        .file("content/s/_index.md", &page("title = \"S\"", ""))
        .file("content/s/a.md", &page("title = \"Alpha\"", "Text.\n"))
        .file("content/s/b.md", &page("title = \"Beta\"", "Text.\n"))
        .built();
    for (path, title) in [("s/a/index.html", "Alpha"), ("s/b/index.html", "Beta")] {
        let html = site.read(path);
        assert!(html.contains(&format!("<nav>nav of {title}</nav>")), "{path}: {html}");
        assert!(html.contains(&format!("<li>Alpha seen from {title}</li>")), "{path}: {html}");
    }
}
