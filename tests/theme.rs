//! The default theme's layout and look: the sidebar and its current page, the big-section cap,
//! the home page's path cards, the brand tints, and in headless Chromium the phone header's
//! height and no-JS menu, the text column's width and the rails on a wide screen, whole-card tap
//! targets, lesson states in the sidebar, the "continue" card and the persistent colour scheme.

use serde_json::{json, Value};

use crate::harness::{page, TestSite};
use crate::webdriver::{self, serve_site, Browser, Served};

/// The `<nav class="sidebar">` of a built page.
fn sidebar(html: &str) -> &str {
    let start = html.find("<nav class=\"sidebar\"").expect("a sidebar");
    &html[start..start + html[start..].find("</nav>").expect("the sidebar ends")]
}

#[test]
fn the_sidebar_lists_the_module_and_marks_the_current_lesson() {
    let site = TestSite::fixture("training/module").built();
    let lesson = site.read("trainings/basics/02-second/index.html");
    let nav = sidebar(&lesson);
    assert!(nav.contains("aria-label=\"Lessons in this module\""), "{nav}");
    assert!(nav.contains("data-sidebar-module=\"/trainings/basics/\""), "the progress key has no base path: {nav}");
    let current: Vec<&str> = nav.split("aria-current=\"page\"").skip(1).collect();
    assert_eq!(current.len(), 1, "one current page: {nav}");
    assert!(nav.contains("href=\"/pd/trainings/basics/02-second/\" aria-current=\"page\""), "{nav}");
    assert_eq!(nav.matches("<li data-lesson-path=").count(), 3, "every lesson of the module: {nav}");
    assert!(nav.contains("data-lesson-path=\"/trainings/basics/03-check/\" data-check"), "the check is marked: {nav}");
    assert!(nav.contains("<use href=\"#i-lesson\">"), "each lesson has its kind's icon: {nav}");

    // The module page itself is the current one in its own sidebar; a guide lists its section.
    let module = site.read("trainings/basics/index.html");
    assert!(sidebar(&module)
        .contains("<p class=\"sidebar-title\"><a href=\"/pd/trainings/basics/\" aria-current=\"page\">"));
    let guide = site.read("guides/warm-ups/index.html");
    let nav = sidebar(&guide);
    assert!(nav.contains("aria-label=\"Pages in this section\"") && !nav.contains("data-sidebar-module"), "{nav}");
    assert!(nav.contains("<use href=\"#i-guide\">"), "{nav}");
    assert!(!site.read("index.html").contains("<nav class=\"sidebar\""), "the home page has none");
}

#[test]
fn a_big_section_lists_thirty_pages_around_the_current_one() {
    let mut site = TestSite::new().file("content/notes/_index.md", &page("title = \"Notes\"", "All notes."));
    for n in 1..=80 {
        site = site
            .file(&format!("content/notes/n{n:02}.md"), &page(&format!("title = \"Note {n}\"\nweight = {n}"), "Text."));
    }
    let site = site.built();
    let html = site.read("notes/n50/index.html");
    let nav = sidebar(&html);
    assert_eq!(nav.matches("<li>").count(), 30, "{nav}");
    assert!(nav.contains("href=\"/notes/n50/\" aria-current=\"page\""), "the current page is among them");
    assert!(nav.contains("50 more in Notes"), "says what it leaves out: {nav}");
    assert!(!nav.contains("/notes/n01/") && nav.contains("/notes/n35/") && nav.contains("/notes/n64/"), "{nav}");
}

#[test]
fn the_home_page_offers_a_path_for_each_group() {
    let site = TestSite::fixture("training/module").built();
    let home = site.read("index.html");
    let cards: Vec<&str> = home.split("<li class=\"card card-path\">").skip(1).collect();
    assert!(!cards.is_empty(), "path cards on the home page");
    assert!(cards[0].contains("Teachers") && cards[0].contains("href=\"/pd/trainings/basics/\""), "{}", cards[0]);
    for card in &cards {
        let card = &card[..card.find("</li>").unwrap_or(card.len())];
        assert_eq!(card.matches("<a ").count(), 1, "one link per card: {card}");
    }
    let first_card = home.find("class=\"card card").expect("cards");
    assert!(home[first_card..].starts_with("class=\"card card-continue\" data-continue-card"), "continue comes first");
    assert!(home.contains("data-continue-card data-home-continue hidden>"), "hidden until a script finds progress");
}

#[test]
fn the_brand_stylesheet_gives_chosen_and_preferred_dark_schemes_the_dark_shade() {
    let site = TestSite::new()
        .file(
            "tierbook.toml",
            &crate::harness::MINIMAL_CONFIG
                .replace("[taxonomies]", "[district]\nprimary_color = \"#7a1f5c\"\n\n[taxonomies]"),
        )
        .built();
    let css = site.read("css/brand.css");
    assert!(css.starts_with(":root { --tb-primary: #7a1f5c; }"), "{css}");
    assert!(css.contains(":root[data-theme=\"dark\"] { --tb-primary: #"), "{css}");
    assert!(css.contains("@media (prefers-color-scheme: dark) { :root:not([data-theme=\"light\"])"), "{css}");
    assert!(css.contains("--tb-tint: #"), "{css}");
}

// ---- In the browser ----

fn served_bundled() -> Served {
    serve_site(TestSite::bundled(), "/")
}

fn resize(browser: &Browser, width: u32, height: u32) {
    browser.post("/window/rect", json!({"width": width, "height": height}));
    let inner = browser.execute("return [innerWidth, innerHeight];", json!([]));
    // A headless window's outer size is its viewport; allow a scrollbar's width.
    let w = inner[0].as_f64().unwrap_or(0.0);
    assert!((f64::from(width) - 20.0..=f64::from(width)).contains(&w), "viewport {inner} for {width}x{height}");
}

fn number(value: &Value) -> f64 {
    value.as_f64().unwrap_or_else(|| panic!("a number: {value}"))
}

#[test]
fn on_a_phone_the_header_is_compact_and_its_menu_opens_without_javascript() {
    let Some((chrome, driver)) = webdriver::binaries("theme: phone header") else { return };
    let served = served_bundled();
    let browser = Browser::start_with(&chrome, &driver, &["--blink-settings=scriptEnabled=false"]);
    resize(&browser, 375, 667);
    for path in ["", "guides/movement-breaks/", "trainings/referral-quality/", "calculator/"] {
        browser.goto(&format!("{}{path}", served.root));
        let height = number(
            &browser
                .execute("return document.querySelector('.site-header').getBoundingClientRect().height;", json!([])),
        );
        eprintln!("header at 375x667 on /{path}: {height} px");
        assert!(height < 100.0, "/{path}: the header is {height} px tall at 375x667");
        let hidden = browser
            .execute("return getComputedStyle(document.querySelector('.site-nav')).display === 'none';", json!([]));
        assert_eq!(hidden, Value::Bool(true), "/{path}: the navigation waits behind the menu");
    }
    assert_eq!(
        browser.execute("return typeof document.body.dataset.layoutReady;", json!([])),
        "undefined",
        "scripts are off"
    );
    browser.click(".menu-toggle > summary");
    let nav = browser.execute(
        "const n = document.querySelector('.site-nav'); const r = n.getBoundingClientRect();
         return { shown: getComputedStyle(n).display !== 'none' && r.height > 0,
                  links: [...n.querySelectorAll(':scope > ul a')].filter((a) => a.getBoundingClientRect().height >= 44).length,
                  more: !!n.querySelector('details.nav-more > summary') };",
        json!([]),
    );
    assert_eq!(nav["shown"], Value::Bool(true), "the menu opens with scripts off: {nav}");
    assert_eq!(nav["links"], json!(5), "the first five sections, each a 44 px target: {nav}");
    assert_eq!(nav["more"], Value::Bool(true), "the rest under More: {nav}");
    browser.click("details.nav-more > summary");
    let more = browser.execute("return [...document.querySelectorAll('.nav-more a')].filter((a) => a.getBoundingClientRect().height > 0).length;", json!([]));
    assert!(number(&more) >= 5.0, "More opens too: {more}");
    let wide = browser.execute("return document.documentElement.scrollWidth <= innerWidth;", json!([]));
    assert_eq!(wide, Value::Bool(true), "no sideways scroll");
}

/// The bundled site with another title (and `[extra] short_title` when given).
fn bundled_titled(title: &str, short: Option<&str>) -> Served {
    let config = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tierbook.toml")).expect("tierbook.toml");
    let mut config = crate::harness::replace_once(
        &config,
        "title = \"Referral Quality and Classroom Supports\"",
        &format!("title = {title:?}"),
    );
    if let Some(short) = short {
        config.push_str(&format!("\n[extra]\nshort_title = {short:?}\n"));
    }
    serve_site(TestSite::bundled().file("tierbook.toml", &config), "/")
}

/// At 375 px: the header is one row under 100 px (brand, search, menu), the brand's visible words
/// are whole (nothing clamped, cut or overflowing), and the link's name is the full title.
fn phone_header_holds(served: &Served, title: &str, shown: &str) {
    let Some(browser) = webdriver::browser("theme: phone header title") else { return };
    resize(&browser, 375, 667);
    for path in ["", "es/", "guides/movement-breaks/"] {
        browser.goto(&format!("{}{path}", served.root));
        let m = browser.execute(
            "const box = (s) => { const e = document.querySelector(s); const r = e.getBoundingClientRect();
                                  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height }; };
             const name = document.querySelector('.brand-name');
             const short = name.querySelector('.brand-short');
             const seen = short && getComputedStyle(short).display !== 'none' ? short : name;
             const full = name.querySelector('.brand-full');
             const range = document.createRange(); range.selectNodeContents(seen);
             const lines = new Set([...range.getClientRects()].filter((r) => r.width > 1).map((r) => Math.round(r.top))).size;
             const shown = seen === short && full && full.getBoundingClientRect().width > 1 ? 'both the title and its short form' : seen.textContent.trim();
             return { header: box('.site-header'), brand: box('.brand'), search: box('.search-link'), menu: box('.menu-toggle > summary'),
                      shown, lines,
                      overflowX: name.scrollWidth - name.clientWidth, overflowY: name.scrollHeight - name.clientHeight,
                      wide: document.documentElement.scrollWidth <= innerWidth };",
            json!([]),
        );
        eprintln!(
            "375 px, /{path}, title {title:?}: header {} px, brand shows {} in {} line(s)",
            m["header"]["height"], m["shown"], m["lines"]
        );
        assert!(number(&m["header"]["height"]) < 100.0, "/{path}: {m}");
        for part in ["brand", "search", "menu"] {
            let (top, bottom) = (number(&m[part]["top"]), number(&m[part]["bottom"]));
            assert!(
                top >= 0.0 && bottom <= number(&m["header"]["bottom"]),
                "/{path}: the {part} is in the header: {m}"
            );
            assert!(number(&m[part]["right"]) <= 375.0, "/{path}: the {part} is on screen: {m}");
            assert!(number(&m[part]["height"]) >= 44.0, "/{path}: the {part} is a 44 px target: {m}");
        }
        assert!(
            number(&m["brand"]["right"]) <= number(&m["search"]["left"]),
            "/{path}: the title does not run under the buttons: {m}"
        );
        assert_eq!(m["shown"], shown, "/{path}: the words shown");
        assert!(number(&m["lines"]) <= 2.0, "/{path}: at most two lines: {m}");
        assert!(
            number(&m["overflowX"]) <= 0.0 && number(&m["overflowY"]) <= 0.0,
            "/{path}: nothing clamped or cut: {m}"
        );
        assert_eq!(m["wide"], Value::Bool(true), "/{path}: no sideways scroll");
        let link = browser.find(".site-header .brand");
        let label = browser.get(&format!("/element/{link}/computedlabel"));
        assert_eq!(label.as_str().map(str::trim), Some(title), "/{path}: screen readers hear the full title");
    }
}

#[test]
fn on_a_phone_the_bundled_title_shows_whole_in_a_one_row_header() {
    let title = "Referral Quality and Classroom Supports";
    phone_header_holds(&served_bundled(), title, title);
}

#[test]
fn on_a_phone_a_long_title_gives_way_to_its_first_whole_words_or_its_short_title() {
    let title =
        "Supporting Every Learner: Occupational Therapy Referrals and Classroom Strategies for Elementary Schools";
    // No short title: the first words that fit in 28 characters, cut between words.
    phone_header_holds(&bundled_titled(title, None), title, "Supporting Every Learner…");
    phone_header_holds(&bundled_titled(title, Some("OT Referrals")), title, "OT Referrals");
}

#[test]
fn a_wide_screen_shows_the_sidebar_a_70ch_column_and_the_contents_rail() {
    let Some(browser) = webdriver::browser("theme: wide layout") else { return };
    let served = served_bundled();
    resize(&browser, 1366, 900);
    browser.goto(&format!("{}guides/movement-breaks/", served.root));
    let m = browser.execute(
        "const rect = (s) => { const e = document.querySelector(s); if (!e) return null; const r = e.getBoundingClientRect();
                               return { left: r.left, right: r.right, top: r.top, width: r.width, shown: getComputedStyle(e).display !== 'none' && r.width > 0 }; };
         const p = document.querySelector('.content > p');
         const probe = document.createElement('span'); probe.textContent = '0'.repeat(100); p.append(probe);
         const ch = probe.getBoundingClientRect().width / 100; probe.remove();
         return { side: rect('.sidebar'), text: rect('.content'), toc: rect('.content > .toc'), ch,
                  current: document.querySelector('.sidebar a[aria-current=page]').getAttribute('href'),
                  header: rect('.site-nav') };",
        json!([]),
    );
    let (side, text, toc) = (&m["side"], &m["text"], &m["toc"]);
    assert_eq!(side["shown"], Value::Bool(true), "{m}");
    assert_eq!(toc["shown"], Value::Bool(true), "{m}");
    assert_eq!(m["current"], "/guides/movement-breaks/", "{m}");
    assert!(number(&side["right"]) <= number(&text["left"]), "the sidebar is left of the text: {m}");
    assert!(number(&toc["left"]) >= number(&text["right"]), "the rail is right of the text: {m}");
    assert!(number(&toc["right"]) <= 1366.0, "the rail is on screen: {m}");
    let columns = number(&text["width"]) / number(&m["ch"]);
    eprintln!("text column at 1366 px: {:.0} px, {columns:.1} ch", number(&text["width"]));
    assert!((60.0..=75.0).contains(&columns), "the text column is {columns:.1} characters wide: {m}");
    // The page uses the width: less than a fifth of the screen is margin.
    let used = number(&toc["right"]) - number(&side["left"]);
    assert!(used >= 0.8 * 1366.0, "the layout spans {used} of 1366 px: {m}");
}

#[test]
fn every_card_is_one_link_that_fills_it_and_at_least_44_px() {
    let Some(browser) = webdriver::browser("theme: card targets") else { return };
    let served = served_bundled();
    for width in [375, 1280] {
        resize(&browser, width, 800);
        for path in ["", "guides/", "trainings/", "toolkit/"] {
            browser.goto(&format!("{}{path}", served.root));
            let problems = browser.execute(
                "const out = []; let n = 0;
                 for (const card of document.querySelectorAll('.card')) {
                   if (card.hidden || card.getClientRects().length === 0) continue;
                   card.scrollIntoView({ block: 'center' });
                   const r = card.getBoundingClientRect();
                   const links = card.querySelectorAll('a, button, input, select, textarea, summary');
                   if (links.length !== 1) out.push(`${links.length} controls in ${card.textContent.trim().slice(0, 40)}`);
                   if (r.width < 44 || r.height < 44) out.push(`${r.width}x${r.height}: ${card.textContent.trim().slice(0, 40)}`);
                   for (const [x, y] of [[r.left + 8, r.top + 8], [r.right - 8, r.bottom - 8], [r.left + r.width / 2, r.bottom - 8]]) {
                     const hit = document.elementFromPoint(x, y);
                     if (!hit || hit.closest('a') !== links[0]) out.push(`a tap at ${Math.round(x)},${Math.round(y)} misses the link of ${card.textContent.trim().slice(0, 40)}`);
                   }
                   n += 1;
                 }
                 return { n, out };",
                json!([]),
            );
            assert!(number(&problems["n"]) >= 3.0, "/{path} at {width}: cards to check: {problems}");
            assert_eq!(problems["out"], json!([]), "/{path} at {width} px");
        }
    }
}

#[test]
fn the_sidebar_shows_each_lessons_state_and_home_offers_to_continue() {
    let Some(browser) = webdriver::browser("theme: lesson states") else { return };
    let served = served_bundled();
    resize(&browser, 1280, 900);
    let module = "trainings/referral-quality/";
    browser.goto(&format!("{}{module}", served.root));
    browser.find("body[data-layout-ready='1']");
    let home_card = |browser: &Browser| {
        browser.goto(&served.root);
        browser.find("body[data-layout-ready='1']");
        browser.execute(
            "const c = document.querySelector('[data-continue-card]');
             return { shown: !c.hidden && c.getClientRects().length > 0 && getComputedStyle(c).visibility !== 'hidden',
                      first: c === document.querySelector('.path-cards > li'),
                      href: c.querySelector('a').getAttribute('href'), text: c.textContent.replace(/\\s+/g, ' ').trim() };",
            json!([]),
        )
    };
    assert_eq!(home_card(&browser)["shown"], Value::Bool(false), "no progress, no card");

    // Progress as js/store.js keeps it: the first lesson marked complete (3), the second opened.
    let saved = json!({"m": {"/trainings/referral-quality/": {"l": {"the-challenge": 3, "why-referral-quality-matters": 1}}},
                       "c": {}, "r": {"u": "/trainings/referral-quality/why-referral-quality-matters/", "t": "Why referral quality matters", "m": "Data before decisions"}});
    browser.execute("localStorage.setItem('tierbook:v1:/', JSON.stringify(arguments[0]));", json!([saved]));
    browser.goto(&format!("{}{module}why-referral-quality-matters/", served.root));
    browser.find("body[data-layout-ready='1']");
    let states = browser.execute(
        "return [...document.querySelectorAll('.sidebar [data-lesson-path]')].map((li) =>
           [li.dataset.lessonPath.split('/').filter(Boolean).pop(), li.querySelector('[data-sidebar-state]').className, li.querySelector('a').textContent.trim()]);",
        json!([]),
    );
    let states = states.as_array().cloned().unwrap_or_default();
    let state_of = |slug: &str| states.iter().find(|s| s[0] == slug).map(|s| s[1].as_str().unwrap_or("").to_string());
    assert_eq!(state_of("the-challenge").as_deref(), Some("sidebar-state state-done"), "{states:?}");
    assert_eq!(
        state_of("why-referral-quality-matters").as_deref(),
        Some("sidebar-state state-in-progress"),
        "{states:?}"
    );
    assert_eq!(state_of("knowledge-check").as_deref(), Some("sidebar-state state-not-started"), "{states:?}");
    assert!(
        states.iter().any(|s| s[2].as_str().is_some_and(|t| t.ends_with("(Done)"))),
        "screen readers hear it: {states:?}"
    );
    // Marking this lesson complete shows in the sidebar at once, without a reload.
    let after = browser.execute(
        "document.querySelector('[data-mark-complete]').click();
         const li = [...document.querySelectorAll('.sidebar [data-lesson-path]')]
           .find((li) => li.dataset.lessonPath.endsWith('/why-referral-quality-matters/'));
         return [li.querySelector('[data-sidebar-state]').className, li.textContent.trim()];",
        json!([]),
    );
    assert_eq!(after[0], "sidebar-state state-done", "{after}");
    assert!(after[1].as_str().is_some_and(|t| t.ends_with("(Done)")), "{after}");

    let card = home_card(&browser);
    assert_eq!(card["shown"], Value::Bool(true), "{card}");
    assert_eq!(card["first"], Value::Bool(true), "the continue card comes first: {card}");
    assert_eq!(card["href"], "/trainings/referral-quality/why-referral-quality-matters/", "{card}");
    assert!(card["text"].as_str().unwrap_or("").contains("Why referral quality matters"), "{card}");
    // The room for it was kept from the first paint (js/theme.js): nothing moved.
    let shift = browser.execute_async(
        "const done = arguments[0]; let sum = 0;
         new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) sum += e.value; })
           .observe({ type: 'layout-shift', buffered: true });
         requestAnimationFrame(() => requestAnimationFrame(() => done(sum)));",
        json!([]),
    );
    assert!(number(&shift) < 0.01, "layout shift on the home page with progress: {shift}");
}

#[test]
fn the_colour_scheme_switch_persists_across_pages_and_reloads() {
    let Some(browser) = webdriver::browser("theme: colour scheme switch") else { return };
    let served = served_bundled();
    let background = "return getComputedStyle(document.body).backgroundColor;";
    browser.goto(&served.root);
    browser.find("[data-theme-switch]:not([hidden]) select");
    assert_eq!(browser.execute(background, json!([])), "rgb(255, 255, 255)", "light by default here");
    browser.execute(
        "const s = document.querySelector('#tb-theme'); s.value = 'dark'; s.dispatchEvent(new Event('change'));",
        json!([]),
    );
    assert_eq!(browser.execute("return document.documentElement.dataset.theme;", json!([])), "dark");
    assert_eq!(browser.execute(background, json!([])), "rgb(18, 20, 24)");
    for path in ["guides/movement-breaks/", "trainings/"] {
        browser.goto(&format!("{}{path}", served.root));
        assert_eq!(browser.execute(background, json!([])), "rgb(18, 20, 24)", "/{path} opens dark");
        assert_eq!(browser.execute("return document.querySelector('#tb-theme').value;", json!([])), "dark");
    }
    // The brand colour follows the scheme chosen, not the device's.
    let primary = browser.execute(
        "return getComputedStyle(document.documentElement).getPropertyValue('--tb-primary').trim();",
        json!([]),
    );
    assert_ne!(primary, "#1f5c8b", "the dark shade of the brand colour");
    browser.execute(
        "const s = document.querySelector('#tb-theme'); s.value = 'auto'; s.dispatchEvent(new Event('change'));",
        json!([]),
    );
    browser.goto(&served.root);
    assert_eq!(browser.execute(background, json!([])), "rgb(255, 255, 255)", "automatic again: the device's light");
    assert_eq!(browser.execute("return localStorage.getItem('tierbook:theme');", json!([])), Value::Null);
}
