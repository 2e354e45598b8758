//! `tierbook export`: the site's modules as packages an LMS imports. A package holds the pages the
//! real build renders (with `site.lms` set, so templates leave out search, the service worker
//! and the feed), made relative by [`links`] so they work wherever the LMS unpacks them, plus
//! every file those pages use. Zips are deterministic: fixed order, times and permissions.

pub mod cc;
mod links;
mod questions;
pub mod scorm;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{CcArgs, ExportArgs, ExportKind, QuestionFormat, QuestionsArgs, ScormArgs};
use crate::commands::{build_site, BuildOptions};
use crate::content::{Kind, Site};
use crate::error::{Error, Result};
use crate::render::Built;

/// One package: its file name and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// `tierbook export ...`.
pub fn run(args: &ExportArgs) -> Result<u8> {
    match &args.what {
        ExportKind::Scorm(scorm) => run_scorm(scorm),
        ExportKind::Questions(args) => run_questions(args),
        ExportKind::Cc(args) => run_cc(args),
    }
}

fn run_questions(args: &QuestionsArgs) -> Result<u8> {
    let output = check_output(&args.root, &args.output)?;
    write_and_report(&output, &question_banks(&args.root, args.format, args.module.as_deref())?)
}

fn run_cc(args: &CcArgs) -> Result<u8> {
    let output = check_output(&args.root, &args.output)?;
    write_and_report(&output, &cartridges(&args.root, args.version, args.module.as_deref())?)
}

fn write_and_report(output: &Path, packages: &[Package]) -> Result<u8> {
    let written = write_packages(output, packages)?;
    let mut stderr = std::io::stderr().lock();
    for path in &written {
        let _ = writeln!(stderr, "Wrote {}", path.display());
    }
    Ok(0)
}

/// The question bank of each module of the site at `root` that has quiz questions (or of the one
/// at `module`). The whole site is built first, so every quiz is valid.
pub fn question_banks(root: &Path, format: QuestionFormat, module: Option<&str>) -> Result<Vec<Package>> {
    let (site, _) = build_site(root, &BuildOptions::default())?;
    let modules = select_modules(&site, module)?;
    let mut banks = Vec::new();
    for index in modules {
        let questions = questions::module_questions(&site, index);
        if questions.is_empty() {
            if module.is_some() {
                return Err(Error::Usage(format!(
                    "{} has no quiz questions to export\n  hint: a module's knowledge check is a lesson with a ```quiz block",
                    site.pages[index].file.display()
                )));
            }
            continue;
        }
        let page = &site.pages[index];
        let category = format!("tierbook/{}", normalise(&page.url));
        match format {
            QuestionFormat::Gift => {
                let bytes = questions::gift(&category, &page.meta.title, &questions).into_bytes();
                banks.push(Package { name: format!("{}.gift", page.slug()), bytes });
            }
            QuestionFormat::Qti => {
                let bank = format!("tierbook-{}", crate::text::slug(&normalise(&page.url).replace('/', "-")));
                let href = format!("{bank}/{bank}.xml");
                let xml = questions::qti(&bank, &page.meta.title, &questions);
                let manifest = questions::qti_manifest(&bank, &href);
                let entries = [("imsmanifest.xml", manifest.as_bytes()), (href.as_str(), xml.as_bytes())];
                let name = format!("{}-qti.zip", page.slug());
                let bytes = zip(&entries).map_err(|err| Error::Usage(format!("cannot make {name}: {err}")))?;
                banks.push(Package { name, bytes });
            }
        }
    }
    Ok(banks)
}

fn run_scorm(args: &ScormArgs) -> Result<u8> {
    let output = check_output(&args.root, &args.output)?;
    write_and_report(&output, &scorm_packages(&args.root, args.version, args.module.as_deref())?)
}

/// The SCORM package of each module of the site at `root` (or of the one at `module`), in site
/// order.
pub fn scorm_packages(root: &Path, version: scorm::Version, module: Option<&str>) -> Result<Vec<Package>> {
    let options = BuildOptions { lms: Some(version.key()), ..BuildOptions::default() };
    let (site, built) = build_site(root, &options)?;
    let modules = select_modules(&site, module)?;
    let names = file_names(&site, &modules, &format!("{}.zip", version.key()));
    let mut packages = Vec::new();
    for (&index, name) in modules.iter().zip(names) {
        let launcher = launcher_page(&site, &built, index, version.key());
        let files = module_files(&site, &built, index, Some(&launcher))?;
        let module = &site.pages[index];
        let launch = LAUNCHER.to_string();
        let manifest = scorm::manifest(
            version,
            &scorm::Module {
                identifier: scorm::identifier(&module.url),
                title: &module.meta.title,
                pass_score: module.meta.pass_score,
                launch: &launch,
                files: files.keys().map(String::as_str).collect(),
            },
        );
        let mut entries: Vec<(&str, &[u8])> = vec![("imsmanifest.xml", manifest.as_bytes())];
        entries.extend(files.iter().map(|(path, bytes)| (path.as_str(), bytes.as_slice())));
        let bytes = zip(&entries).map_err(|err| Error::Usage(format!("cannot make {name}: {err}")))?;
        packages.push(Package { name, bytes });
    }
    Ok(packages)
}

/// The Common Cartridge of each module of the site at `root` (or of the one at `module`), in
/// site order: the pages the SCORM package holds (without its launcher: an LMS shows each page
/// on its own), one organization item per page, and the knowledge check's questions as a QTI
/// 1.2 assessment.
pub fn cartridges(root: &Path, version: cc::Version, module: Option<&str>) -> Result<Vec<Package>> {
    // One name for every version, so the pages of a 1.1, 1.2 and 1.3 cartridge are the same bytes.
    let options = BuildOptions { lms: Some("cc"), ..BuildOptions::default() };
    let (site, built) = build_site(root, &options)?;
    let modules = select_modules(&site, module)?;
    let names = file_names(&site, &modules, &format!("{}.imscc", version.key()));
    modules.iter().zip(names).map(|(&index, name)| cartridge(&site, &built, index, version, name)).collect()
}

/// The cartridge `name` of the module `index`.
fn cartridge(site: &Site, built: &Built, index: usize, version: cc::Version, name: String) -> Result<Package> {
    let mut files = module_files(site, built, index, None)?;
    let page = &site.pages[index];
    let identifier = scorm::identifier(&page.url);
    let check_file = format!("{identifier}-check/assessment.xml");
    if files.keys().any(|f| f.starts_with(&format!("{identifier}-check/"))) {
        return Err(Error::Usage(format!(
            "the site has a folder {identifier}-check/, which is the name of the cartridge's quiz folder\n  hint: rename that folder"
        )));
    }
    let order: Vec<usize> = std::iter::once(index).chain(site.lessons(index).iter().copied()).collect();
    let page_files: Vec<String> = order.iter().map(|&i| launch_file(&site.pages[i].url)).collect();
    let questions = questions::module_questions(site, index);
    let (check, quiz) = (!questions.is_empty())
        .then(|| {
            // The quiz follows the last lesson that holds one (the knowledge check page).
            let after = order.iter().rposition(|&i| built.blocks[i].contains(&"quiz")).unwrap_or(order.len() - 1);
            let title = format!("{} (quiz)", site.pages[order[after]].meta.title);
            let xml =
                questions::cc_assessment(&format!("{identifier}-quiz"), &title, &version.qti_schema(), &questions);
            (cc::Check { title, file: check_file.as_str(), after }, xml)
        })
        .unzip();
    let manifest = cc::manifest(
        version,
        &cc::Module {
            identifier,
            title: &page.meta.title,
            description: &page.meta.description,
            language: &site.config.language,
            pages: order
                .iter()
                .zip(&page_files)
                .map(|(&i, file)| cc::Page { title: &site.pages[i].meta.title, file: file.as_str() })
                .collect(),
            shared: files.keys().map(String::as_str).filter(|f| !page_files.iter().any(|p| p == f)).collect(),
            check,
        },
    );
    if let Some(xml) = quiz {
        files.insert(check_file.clone(), xml.into_bytes());
    }
    let mut entries: Vec<(&str, &[u8])> = vec![("imsmanifest.xml", manifest.as_bytes())];
    entries.extend(files.iter().map(|(path, bytes)| (path.as_str(), bytes.as_slice())));
    let bytes = zip(&entries).map_err(|err| Error::Usage(format!("cannot make {name}: {err}")))?;
    Ok(Package { name, bytes })
}

/// The zip path of a page's URL path: `/trainings/m/` -> `trainings/m/index.html`.
fn launch_file(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

/// The modules `wanted` names (a module's folder under content/, its `_index.md`, or its URL
/// path), or every module.
fn select_modules(site: &Site, wanted: Option<&str>) -> Result<Vec<usize>> {
    let modules: Vec<usize> = (0..site.pages.len()).filter(|&i| site.pages[i].kind == Kind::Module).collect();
    if modules.is_empty() {
        return Err(Error::Usage(
            "the site has no modules to export\n  hint: a module is a folder under content/ whose _index.md has `kind = \"module\"`; `tierbook new module trainings/NAME` makes one".into(),
        ));
    }
    let Some(wanted) = wanted else { return Ok(modules) };
    let key = normalise(wanted);
    let found: Vec<usize> = modules.iter().copied().filter(|&i| normalise(&site.pages[i].url) == key).collect();
    if found.is_empty() {
        let list: Vec<String> = modules.iter().map(|&i| normalise(&site.pages[i].url)).collect();
        return Err(Error::Usage(format!(
            "no module at `{wanted}`\n  hint: the site's modules are: {}; pass one of them, e.g. --module {}",
            list.join(", "),
            list[0]
        )));
    }
    Ok(found)
}

/// `content/trainings/m/_index.md`, `./trainings/m/` and `/trainings/m` -> `trainings/m`.
fn normalise(path: &str) -> String {
    let path = path.trim().replace('\\', "/");
    let path = path.trim_start_matches("./").trim_start_matches('/');
    let path = path.strip_prefix("content/").unwrap_or(path);
    let path = path.strip_suffix("_index.md").unwrap_or(path);
    path.trim_matches('/').to_string()
}

/// `<module slug>-<suffix>` (`referral-quality-scorm12.zip`), or the module's whole path when two
/// modules share a slug.
fn file_names(site: &Site, modules: &[usize], suffix: &str) -> Vec<String> {
    let slugs: Vec<&str> = modules.iter().map(|&i| site.pages[i].slug()).collect();
    modules
        .iter()
        .zip(&slugs)
        .map(|(&i, slug)| {
            let stem = if slugs.iter().filter(|s| *s == slug).count() > 1 {
                normalise(&site.pages[i].url).replace('/', "-")
            } else {
                slug.to_string()
            };
            format!("{stem}-{suffix}")
        })
        .collect()
}

/// Every file of one module's package but the manifest, by zip path: the module page, its
/// lessons, its certificate and print pages, everything they load, and the SCORM launch page
/// when there is one.
fn module_files(
    site: &Site,
    built: &Built,
    module: usize,
    launcher: Option<&str>,
) -> Result<BTreeMap<String, Vec<u8>>> {
    let outputs: HashMap<&str, &[u8]> = built.outputs.iter().map(|o| (o.path.as_str(), o.bytes.as_slice())).collect();
    let url = &site.pages[module].url;
    let mut pages: BTreeSet<String> = std::iter::once(module)
        .chain(site.lessons(module).iter().copied())
        .map(|i| launch_file(&site.pages[i].url))
        .collect();
    for extra in ["certificate/", "print/"] {
        let file = launch_file(&format!("{url}{extra}"));
        if outputs.contains_key(file.as_str()) {
            pages.insert(file);
        }
    }
    // Output paths leave out the base path (links carry it), so they are the zip paths.
    let base_path = site.config.base_path.as_str();
    let context = links::Site { base_path, base_url: &site.config.base_url, outputs: &outputs, pages: &pages };
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut missing = BTreeSet::new();
    let mut queue: Vec<String> = pages.iter().cloned().collect();
    if let Some(launcher) = launcher {
        if outputs.contains_key(LAUNCHER) {
            return Err(Error::Usage(format!(
                "the site has a file {LAUNCHER}, which is the name of the package's launch page\n  hint: rename static/{LAUNCHER}"
            )));
        }
        let (html, found) = links::rewrite_page(&context, LAUNCHER, launcher.as_bytes());
        missing = found.missing;
        files.insert(LAUNCHER.to_string(), html);
        queue.extend(found.files);
    }
    while let Some(path) = queue.pop() {
        if files.contains_key(&path) {
            continue;
        }
        let Some(&bytes) = outputs.get(path.as_str()) else {
            missing.insert(format!("{base_path}{path}"));
            continue;
        };
        let (bytes, found) = if path.ends_with(".html") {
            let (html, found) = links::rewrite_page(&context, &path, bytes);
            missing.extend(found.missing);
            (html, found.files)
        } else {
            (bytes.to_vec(), links::references(&path, bytes, &outputs))
        };
        queue.extend(found.into_iter().filter(|f| !files.contains_key(f)));
        files.insert(path, bytes);
    }
    if !missing.is_empty() {
        let list: Vec<&str> = missing.iter().map(String::as_str).collect();
        return Err(Error::Usage(format!(
            "the pages of {} use files the build does not make, so the package cannot hold them: {}\n  hint: put those files under static/ or next to the page in content/",
            site.pages[module].file.display(),
            list.join(", ")
        )));
    }
    Ok(files)
}

/// The package's launch page: it holds the LMS session (js/scorm.js) and shows the module's pages
/// in a frame, since SCORM allows one Initialize per launch and each page is a new document.
/// Written with site URLs, like a built page, and made relative by the same rewrite.
const LAUNCHER: &str = "launch.html";

fn launcher_page(site: &Site, built: &Built, module: usize, lms: &str) -> String {
    let page = &site.pages[module];
    let base = &site.config.base_path;
    let title = escape(&page.meta.title);
    let lessons: Vec<usize> = site.lessons(module).to_vec();
    let slugs: Vec<&str> = lessons.iter().map(|&l| site.pages[l].slug()).collect();
    let check = lessons.iter().rev().find(|&&l| built.blocks[l].contains(&"quiz")).map(|&l| site.pages[l].slug());
    let check = check.map(|c| format!(" data-check=\"{}\"", escape(c))).unwrap_or_default();
    let pass = page.meta.pass_score.map(|p| format!(" data-pass=\"{p}\"")).unwrap_or_default();
    let start = format!("{base}{}", page.url.trim_start_matches('/'));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n{csp}\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<link rel=\"stylesheet\" href=\"{base}css/training.css\">\n</head>\n<body class=\"tb-lms-launcher\" data-lms=\"{lms}\" data-module-key=\"{key}\" data-lessons=\"{slugs}\"{check}{pass}>\n<p class=\"tb-lms-status\" data-lms-status role=\"status\" hidden></p>\n<iframe data-lms-frame title=\"{title}\" data-lms-start=\"{start}\"></iframe>\n<noscript><p><a href=\"{start}\">Open the course</a>. Without JavaScript your progress is not reported to your learning management system.</p></noscript>\n<script type=\"module\" src=\"{base}js/scorm.js\"></script>\n</body>\n</html>\n",
        lang = escape(&site.config.language),
        csp = crate::render::csp::META,
        key = escape(&page.url),
        slugs = escape(&slugs.join(" ")),
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A zip of `entries` in the order given, every entry deflated with the same time (1980-01-01,
/// the earliest a zip can say) and permissions, so the same input gives the same bytes.
pub fn zip(entries: &[(&str, &[u8])]) -> zip::result::ZipResult<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in entries {
        writer.start_file(*name, options)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// The folder packages go to: made if missing, and never inside the site's sources, where the
/// next build would publish them.
fn check_output(root: &Path, output: &Path) -> Result<PathBuf> {
    let root = root.canonicalize().map_err(|err| Error::io(root, err))?;
    std::fs::create_dir_all(output).map_err(|err| Error::io(output, err))?;
    let absolute = output.canonicalize().map_err(|err| Error::io(output, err))?;
    for source in ["content", "templates", "static", "themes"] {
        if absolute.starts_with(root.join(source)) {
            return Err(Error::Usage(format!(
                "refusing to write packages into {}: it is inside the site's {source}/ folder, which the build publishes\n  hint: pick a folder outside it, e.g. --output lms",
                output.display()
            )));
        }
    }
    Ok(absolute)
}

/// Writes each package through a temporary file in `dir`, so a package on disk is always whole.
fn write_packages(dir: &Path, packages: &[Package]) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for package in packages {
        let path = dir.join(&package.name);
        let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|err| Error::io(dir, err))?;
        file.write_all(&package.bytes).map_err(|err| Error::io(&path, err))?;
        // A temporary file is private to its owner; a package is for uploading, like a built page.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(|err| Error::io(&path, err))?;
        }
        file.persist(&path).map_err(|err| Error::io(&path, err.error))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn module_paths_are_read_in_every_spelling() {
        for spelling in
            ["trainings/m", "content/trainings/m/_index.md", "/trainings/m/", "./trainings/m/", "content\\trainings\\m"]
        {
            assert_eq!(normalise(spelling), "trainings/m", "{spelling}");
        }
    }

    #[test]
    fn zips_are_the_same_bytes_every_time() {
        let entries: Vec<(&str, &[u8])> = vec![("imsmanifest.xml", b"<manifest/>"), ("a/b.html", b"<p>x</p>")];
        let first = zip(&entries).unwrap();
        assert_eq!(first, zip(&entries).unwrap());
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(first)).unwrap();
        assert_eq!(archive.by_index(0).unwrap().name().unwrap(), "imsmanifest.xml");
    }
}
