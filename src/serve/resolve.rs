//! Request target -> output path: a pure function, so every traversal trick can be table-tested.
//!
//! The built site lives in a map keyed by output path (`guides/x/index.html`), so nothing a
//! request says is ever joined onto a folder on disk. Even so, anything that could mean "somewhere
//! else" in any encoding is refused outright rather than normalised: `..` and `.` segments (raw,
//! percent-encoded in either case; a double-encoded `%252e` decodes once, to a literal name that no
//! output has), backslashes, NUL and other control characters, invalid percent escapes or UTF-8
//! (overlong encodings of `.` and `/` included), absolute-form and over-long targets. Zola's serve
//! checked a prefix on an un-normalised path and leaked files (zola #2257); here there is no path
//! to check a prefix of.

/// Request targets longer than this are refused. Real page URLs are far shorter.
pub const MAX_TARGET_LEN: usize = 2048;

/// What a request target refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// An output path (a key of the built site).
    File(String),
    /// A permanent redirect to this location (an origin-relative, percent-encoded path).
    Redirect(String),
    /// A well-formed target that names nothing in the site.
    NotFound,
    /// A target that is malformed or tries to leave the site.
    BadRequest,
}

/// Resolves a raw request target (as sent on the request line) against a site served under
/// `base_path` (starting and ending with `/`, e.g. `/` or `/pd/`). `exists` says whether an output
/// path is in the site.
///
/// Pretty URLs: `/pd/guides/x/` -> `guides/x/index.html`; `/pd/guides/x` -> a redirect to
/// `/pd/guides/x/` when that folder has an index; `/` and `/pd` -> a redirect to `/pd/`.
pub fn resolve(target: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    if target.len() > MAX_TARGET_LEN || !target.starts_with('/') {
        return Resolved::BadRequest;
    }
    let (raw_path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let raw_path = raw_path.split('#').next().unwrap_or_default();
    let Some(decoded) = percent_decode(raw_path) else {
        return Resolved::BadRequest;
    };
    if decoded.chars().any(|c| c == '\\' || c.is_control()) {
        return Resolved::BadRequest;
    }
    // Empty segments (`//`) are dropped, so a redirect can never become `//host/...`.
    let mut segments = Vec::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." {
            return Resolved::BadRequest;
        }
        segments.push(segment);
    }
    let is_folder = decoded.ends_with('/') || segments.is_empty();

    let base: Vec<&str> = base_path.split('/').filter(|s| !s.is_empty()).collect();
    if !segments.starts_with(&base) {
        // Outside the base path: only the bare root leads somewhere, to the base path.
        return if segments.is_empty() {
            Resolved::Redirect(redirect_to(base_path, query))
        } else {
            Resolved::NotFound
        };
    }
    let rest = &segments[base.len()..];
    if rest.is_empty() && !is_folder {
        // `/pd` -> `/pd/`
        return Resolved::Redirect(redirect_to(base_path, query));
    }
    let rel = rest.join("/");
    if is_folder {
        let index = if rel.is_empty() { "index.html".to_string() } else { format!("{rel}/index.html") };
        return if exists(&index) { Resolved::File(index) } else { Resolved::NotFound };
    }
    if exists(&rel) {
        return Resolved::File(rel);
    }
    if exists(&format!("{rel}/index.html")) {
        return Resolved::Redirect(redirect_to(&format!("{base_path}{rel}/"), query));
    }
    Resolved::NotFound
}

/// Decodes `%XX` escapes. `None` for a malformed escape or bytes that are not UTF-8 (which
/// includes overlong encodings such as `%c0%ae`).
pub fn percent_decode(text: &str) -> Option<String> {
    // The crate decodes; a `%` not followed by two hex digits is refused here, as it would
    // otherwise be kept as it is.
    let bytes = text.as_bytes();
    let well_formed = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'%')
        .all(|(i, _)| bytes.get(i + 1..i + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)));
    if !well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(text).decode_utf8().ok().map(|text| text.into_owned())
}

/// A `Location` value for a decoded, checked path: everything outside the unreserved set (and
/// `/`) is percent-encoded again. The query, if any, is kept as the client sent it, minus
/// anything that is not plain printable ASCII.
fn redirect_to(path: &str, query: Option<&str>) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'/' | b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    if let Some(query) = query.filter(|q| !q.is_empty() && q.bytes().all(|b| b.is_ascii_graphic())) {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// The not-found page for a target that names nothing: a language's own (`es/404.html` for
/// `/es/...`, as `build` writes one per language, docs/i18n.md), else the site's `404.html`.
pub fn not_found_page(target: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> String {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let first = path.strip_prefix(base_path).and_then(|rest| rest.split_once('/')).map(|(first, _)| first);
    match first {
        Some(code) if !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '-') => {
            let page = format!("{code}/404.html");
            if exists(&page) {
                page
            } else {
                "404.html".to_string()
            }
        }
        _ => "404.html".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Resolved::*;

    #[test]
    fn a_missing_page_under_a_language_gets_that_language_s_404() {
        let exists = |p: &str| ["404.html", "es/404.html"].contains(&p);
        assert_eq!(not_found_page("/es/nope/", "/", exists), "es/404.html");
        assert_eq!(not_found_page("/es/guides/x?y=1", "/", exists), "es/404.html");
        assert_eq!(not_found_page("/pd/es/nope", "/pd/", exists), "es/404.html");
        assert_eq!(not_found_page("/fr/nope/", "/", exists), "404.html");
        assert_eq!(not_found_page("/nope", "/", exists), "404.html");
        assert_eq!(not_found_page("/es", "/", exists), "404.html");
    }

    const SITE: &[&str] = &[
        "index.html",
        "404.html",
        "css/style.css",
        "guides/index.html",
        "guides/pencil-grip/index.html",
        "guides/pencil-grip/photo one.png",
        "calculator/calc_bg.wasm",
        "café/index.html",
    ];

    fn at(target: &str, base: &str) -> Resolved {
        resolve(target, base, |path| SITE.contains(&path))
    }

    #[test]
    fn pages_assets_and_pretty_urls() {
        let table: &[(&str, Resolved)] = &[
            ("/", File("index.html".into())),
            ("/index.html", File("index.html".into())),
            ("/css/style.css", File("css/style.css".into())),
            ("/css/style.css?v=1234abcd", File("css/style.css".into())),
            ("/guides/", File("guides/index.html".into())),
            ("/guides/pencil-grip/", File("guides/pencil-grip/index.html".into())),
            ("/guides/pencil-grip/?q=x#top", File("guides/pencil-grip/index.html".into())),
            ("/guides/pencil-grip/photo%20one.png", File("guides/pencil-grip/photo one.png".into())),
            ("/calculator/calc_bg.wasm", File("calculator/calc_bg.wasm".into())),
            ("/caf%C3%A9/", File("café/index.html".into())),
            ("/guides//pencil-grip/", File("guides/pencil-grip/index.html".into())),
            ("/guides", Redirect("/guides/".into())),
            ("/guides/pencil-grip", Redirect("/guides/pencil-grip/".into())),
            ("/guides/pencil-grip?x=1", Redirect("/guides/pencil-grip/?x=1".into())),
            ("/caf%C3%A9", Redirect("/caf%C3%A9/".into())),
            ("/missing", NotFound),
            ("/missing/", NotFound),
            ("/css/style.css/", NotFound),
            ("/css/", NotFound),
        ];
        for (target, expected) in table {
            assert_eq!(&at(target, "/"), expected, "{target}");
        }
    }

    #[test]
    fn base_path() {
        let table: &[(&str, Resolved)] = &[
            ("/pd/", File("index.html".into())),
            ("/pd/css/style.css", File("css/style.css".into())),
            ("/pd/guides/pencil-grip/", File("guides/pencil-grip/index.html".into())),
            ("/pd/guides", Redirect("/pd/guides/".into())),
            ("/pd", Redirect("/pd/".into())),
            ("/", Redirect("/pd/".into())),
            ("/?x=1", Redirect("/pd/?x=1".into())),
            ("/css/style.css", NotFound),
            ("/pdx/", NotFound),
            ("/other/pd/", NotFound),
            ("/pd/../pd/", BadRequest),
        ];
        for (target, expected) in table {
            assert_eq!(&at(target, "/pd/"), expected, "{target}");
        }
        assert_eq!(at("/a/b/", "/a/b/"), File("index.html".into()));
        assert_eq!(at("/a", "/a/b/"), NotFound);
        assert_eq!(at("/a/b", "/a/b/"), Redirect("/a/b/".into()));
    }

    #[test]
    fn traversal_in_every_encoding_is_refused() {
        let refused = [
            "/../../etc/passwd",
            "/guides/../../etc/passwd",
            "/..",
            "/../",
            "/.",
            "/./index.html",
            "/guides/./pencil-grip/",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/%2e%2E/etc/passwd",
            "/.%2e/etc/passwd",
            "/%2e./etc/passwd",
            "/..%2fetc%2fpasswd",
            "/..%2Fetc/passwd",
            "/guides%2f..%2f..%2fetc%2fpasswd",
            "/..%5c..%5cetc%5cpasswd",
            "/..%5C..%5Cwindows%5Cwin.ini",
            "/..\\..\\etc\\passwd",
            "/guides\\index.html",
            "/%5cetc%5cpasswd",
            "/index.html%00.png",
            "/index.html%00",
            "/%00",
            "/guides/%0d%0aSet-Cookie:x",
            "/%c0%ae%c0%ae/etc/passwd",
            "/%c0%af",
            "/%e0%80%ae%e0%80%ae/",
            "/%ff",
            "/%",
            "/%2",
            "/%zz",
            "/%%32%65",
            "http://127.0.0.1/etc/passwd",
            "http://evil.example/",
            "*",
            "",
            "etc/passwd",
        ];
        for target in refused {
            let resolved = at(target, "/");
            assert!(matches!(resolved, BadRequest), "{target:?} gave {resolved:?}");
        }
        // Empty segments are harmless: `//` is the home page.
        assert_eq!(at("//", "/"), File("index.html".into()));
    }

    #[test]
    fn double_encoding_decodes_once_to_a_name_nothing_has() {
        for target in ["/%252e%252e/%252e%252e/etc/passwd", "/%252E%252E%252Fetc%252Fpasswd", "/..%255c..%255cetc"] {
            assert_eq!(at(target, "/"), NotFound, "{target}");
        }
    }

    #[test]
    fn over_long_targets_are_refused() {
        let long = format!("/{}", "a/".repeat(MAX_TARGET_LEN));
        assert_eq!(at(&long, "/"), BadRequest);
        let just_fits = format!("/{}", "a".repeat(MAX_TARGET_LEN - 1));
        assert_eq!(at(&just_fits, "/"), NotFound);
    }

    #[test]
    fn redirects_never_leave_the_origin() {
        // A protocol-relative `//host/` Location would send the browser to another site.
        assert_eq!(
            resolve("//evil.example/guides", "/", |p| p == "evil.example/guides/index.html"),
            Redirect("/evil.example/guides/".into())
        );
        assert_eq!(
            resolve("/%2fevil.example", "/", |p| p == "evil.example/index.html"),
            Redirect("/evil.example/".into())
        );
        assert_eq!(at("/guides?a=b%0d%0a", "/"), Redirect("/guides/?a=b%0d%0a".into()));
        assert_eq!(at("/guides?a b", "/"), Redirect("/guides/".into()));
        assert_eq!(at("/guides?", "/"), Redirect("/guides/".into()));
    }

    /// Pieces that traversal attempts are made of, in every encoding, plus ordinary names.
    const PIECES: &[&str] = &[
        "/",
        "//",
        ".",
        "..",
        "%2e",
        "%2E",
        "%2f",
        "%2F",
        "%5c",
        "%5C",
        "\\",
        "%00",
        "%0a",
        "%c0%ae",
        "%c0%af",
        "%25",
        "%252e",
        "%",
        "?",
        "#",
        "a",
        "guides",
        "pencil-grip",
        "index.html",
        "css",
        "style.css",
        "caf%C3%A9",
        "etc",
        "passwd",
        "http:",
        "~",
        ";",
        "%20",
    ];

    proptest::proptest! {
        /// Whatever a target is made of, it resolves to a file of the site with a clean path, to
        /// a same-origin redirect without dot segments, or to a refusal.
        #[test]
        fn no_target_leaves_the_site(parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..12),
                                     base in proptest::sample::select(&["/", "/pd/"][..])) {
            let target = parts.concat();
            match resolve(&target, base, |path| SITE.contains(&path)) {
                File(path) => {
                    proptest::prop_assert!(SITE.contains(&path.as_str()), "{target:?} -> {path:?}");
                    proptest::prop_assert!(!path.starts_with('/') && !path.split('/').any(|s| s == ".." || s == "."));
                }
                Redirect(location) => {
                    proptest::prop_assert!(location.starts_with(base) && !location.starts_with("//"), "{target:?} -> {location:?}");
                    let path = location.split('?').next().unwrap_or_default();
                    proptest::prop_assert!(!path.split('/').any(|s| s == ".." || s == "."), "{target:?} -> {location:?}");
                    proptest::prop_assert!(location.bytes().all(|b| b.is_ascii_graphic()), "{target:?} -> {location:?}");
                }
                NotFound | BadRequest => {}
            }
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
        assert_eq!(percent_decode("%C3%A9").as_deref(), Some("é"));
        assert_eq!(percent_decode("%252e").as_deref(), Some("%2e"));
        assert_eq!(percent_decode("%"), None);
        assert_eq!(percent_decode("%g0"), None);
        assert_eq!(percent_decode("%+1"), None);
        assert_eq!(percent_decode("%c0%ae"), None);
    }
}
