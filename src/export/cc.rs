//! The IMS Common Cartridge manifest (`imsmanifest.xml`) of one module: an organization with one
//! folder item for the module and an item for each of its pages in lesson order, a `webcontent`
//! resource for each page, one more for the files the pages share (styles, scripts, images, the
//! certificate and print pages), and the knowledge check as a QTI 1.2 assessment resource in a
//! folder of its own (a learning application object, which no web content may share).
//!
//! The versions differ in their namespaces, schema locations, `schemaversion` and the
//! assessment's resource type: 1.3 is the current one (Canvas, Moodle), 1.2 is what Schoology
//! imports, 1.1 what older LMSs and readers know. The CC profile of CP 1.2 drops `default`,
//! `isvisible` and `version`, fixes `structure="rooted-hierarchy"`, and wants a LOM title in
//! the manifest's metadata and a title on every item but the root.

use std::fmt::Write;

pub use crate::cli::CcVersion as Version;

use super::questions::xml_escape;

impl Version {
    fn digit(self) -> char {
        match self {
            Version::Cc11 => '1',
            Version::Cc12 => '2',
            Version::Cc13 => '3',
        }
    }

    /// The cartridge's content-packaging namespace.
    pub fn namespace(self) -> String {
        format!("http://www.imsglobal.org/xsd/imsccv1p{}/imscp_v1p1", self.digit())
    }

    /// `imsqti_xmlv1p2/imscc_xmlv1p3/assessment` and its siblings.
    pub fn assessment_type(self) -> String {
        format!("imsqti_xmlv1p2/imscc_xmlv1p{}/assessment", self.digit())
    }

    /// Where IMS publishes the CC profile of the QTI 1.2 schema, for the assessment's
    /// `xsi:schemaLocation`.
    pub fn qti_schema(self) -> String {
        let v = self.digit();
        format!("http://www.imsglobal.org/profile/cc/ccv1p{v}/ccv1p{v}_qtiasiv1p2p1_v1p0.xsd")
    }
}

/// A page of the module, as the manifest lists it.
pub struct Page<'a> {
    pub title: &'a str,
    /// The page's zip path (`trainings/m/lesson/index.html`).
    pub file: &'a str,
}

/// The knowledge check as the manifest lists it.
pub struct Check<'a> {
    pub title: String,
    /// The QTI file's zip path, in a folder that holds nothing else.
    pub file: &'a str,
    /// The page it follows in the organization (an index into `pages`).
    pub after: usize,
}

/// What the manifest says about the module.
pub struct Module<'a> {
    /// An XML name unique to the module (see [`super::scorm::identifier`]).
    pub identifier: String,
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// The module page and its lessons, in order.
    pub pages: Vec<Page<'a>>,
    /// Every other file of the package the pages use, in zip order.
    pub shared: Vec<&'a str>,
    pub check: Option<Check<'a>>,
}

/// `imsmanifest.xml` for `module`.
pub fn manifest(version: Version, module: &Module<'_>) -> String {
    let v = version.digit();
    let id = &module.identifier;
    let title = xml_escape(module.title);
    let lang = xml_escape(module.language);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(
        xml,
        "<manifest identifier=\"{id}\"\n  xmlns=\"{ns}\"\n  xmlns:lomimscc=\"http://ltsc.ieee.org/xsd/imsccv1p{v}/LOM/manifest\"\n  xmlns:lom=\"http://ltsc.ieee.org/xsd/imsccv1p{v}/LOM/resource\"\n  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n  xsi:schemaLocation=\"{ns} http://www.imsglobal.org/profile/cc/ccv1p{v}/ccv1p{v}_imscp_v1p2_v1p0.xsd http://ltsc.ieee.org/xsd/imsccv1p{v}/LOM/manifest http://www.imsglobal.org/profile/cc/ccv1p{v}/LOM/ccv1p{v}_lommanifest_v1p0.xsd http://ltsc.ieee.org/xsd/imsccv1p{v}/LOM/resource http://www.imsglobal.org/profile/cc/ccv1p{v}/LOM/ccv1p{v}_lomresource_v1p0.xsd\">\n",
        ns = version.namespace(),
    );
    let _ = write!(
        xml,
        "  <metadata>\n    <schema>IMS Common Cartridge</schema>\n    <schemaversion>1.{v}.0</schemaversion>\n    <lomimscc:lom>\n      <lomimscc:general>\n        <lomimscc:title><lomimscc:string language=\"{lang}\">{title}</lomimscc:string></lomimscc:title>\n"
    );
    if !module.description.is_empty() {
        let _ = writeln!(
            xml,
            "        <lomimscc:description><lomimscc:string language=\"{lang}\">{}</lomimscc:string></lomimscc:description>",
            xml_escape(module.description)
        );
    }
    let _ = write!(
        xml,
        "      </lomimscc:general>\n    </lomimscc:lom>\n  </metadata>\n  <organizations>\n    <organization identifier=\"{id}-org\" structure=\"rooted-hierarchy\">\n      <item identifier=\"{id}-root\">\n        <item identifier=\"{id}-module\">\n          <title>{title}</title>\n"
    );
    for (n, page) in module.pages.iter().enumerate() {
        let _ = writeln!(
            xml,
            "          <item identifier=\"{id}-item-{n}\" identifierref=\"{id}-page-{n}\"><title>{}</title></item>",
            xml_escape(page.title)
        );
        if let Some(check) = module.check.as_ref().filter(|c| c.after == n) {
            let _ = writeln!(
                xml,
                "          <item identifier=\"{id}-check-item\" identifierref=\"{id}-check\"><title>{}</title></item>",
                xml_escape(&check.title)
            );
        }
    }
    xml.push_str("        </item>\n      </item>\n    </organization>\n  </organizations>\n  <resources>\n");
    for (n, page) in module.pages.iter().enumerate() {
        let href = href(page.file);
        let _ = writeln!(
            xml,
            "    <resource identifier=\"{id}-page-{n}\" type=\"webcontent\" href=\"{href}\">\n      <file href=\"{href}\"/>\n      <dependency identifierref=\"{id}-files\"/>\n    </resource>"
        );
    }
    let _ = writeln!(xml, "    <resource identifier=\"{id}-files\" type=\"webcontent\">");
    for file in &module.shared {
        let _ = writeln!(xml, "      <file href=\"{}\"/>", href(file));
    }
    xml.push_str("    </resource>\n");
    if let Some(check) = &module.check {
        // The CC profile: an assessment names its one file and has no href of its own.
        let _ = writeln!(
            xml,
            "    <resource identifier=\"{id}-check\" type=\"{}\">\n      <file href=\"{}\"/>\n    </resource>",
            version.assessment_type(),
            href(check.file)
        );
    }
    xml.push_str("  </resources>\n</manifest>\n");
    xml
}

/// A zip path as a manifest href: relative, percent-encoded where a URI needs it.
fn href(path: &str) -> String {
    super::scorm::href(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module() -> Module<'static> {
        Module {
            identifier: "tierbook-trainings-m".into(),
            title: "Data & \"referrals\"",
            description: "Why <data> matters",
            language: "en",
            pages: vec![
                Page { title: "Data & referrals", file: "trainings/m/index.html" },
                Page { title: "Check", file: "trainings/m/check/index.html" },
            ],
            shared: vec!["css/style.css", "img/a b.png"],
            check: Some(Check {
                title: "Check (quiz)".into(),
                file: "tierbook-trainings-m-check/assessment.xml",
                after: 1,
            }),
        }
    }

    #[test]
    fn the_versions_differ_in_namespace_and_assessment_type_only() {
        let xml = manifest(Version::Cc13, &module());
        assert!(xml.contains("xmlns=\"http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1\""), "{xml}");
        assert!(xml.contains("<schemaversion>1.3.0</schemaversion>"), "{xml}");
        assert!(xml.contains("type=\"imsqti_xmlv1p2/imscc_xmlv1p3/assessment\""), "{xml}");
        let xml12 = manifest(Version::Cc12, &module());
        assert!(xml12.contains("imsccv1p2/imscp_v1p1") && xml12.contains("<schemaversion>1.2.0</schemaversion>"));
        assert_eq!(xml.replace("v1p3", "v1p2").replace("1.3.0", "1.2.0"), xml12);
        assert_eq!(
            Version::Cc11.qti_schema(),
            "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd"
        );
    }

    #[test]
    fn pages_are_items_in_order_and_the_check_follows_its_page() {
        let xml = manifest(Version::Cc13, &module());
        assert!(xml.contains("<title>Data &amp; &quot;referrals&quot;</title>"), "{xml}");
        assert!(xml.contains("<lomimscc:string language=\"en\">Why &lt;data&gt; matters</lomimscc:string>"), "{xml}");
        let page = xml.find("identifierref=\"tierbook-trainings-m-page-1\"").expect("page item");
        let check = xml.find("identifierref=\"tierbook-trainings-m-check\"").expect("check item");
        assert!(page < check, "{xml}");
        assert!(xml.contains("<file href=\"img/a%20b.png\"/>"), "{xml}");
        // No href on the assessment resource, one file.
        assert!(xml.contains(
            "<resource identifier=\"tierbook-trainings-m-check\" type=\"imsqti_xmlv1p2/imscc_xmlv1p3/assessment\">\n      <file href=\"tierbook-trainings-m-check/assessment.xml\"/>\n    </resource>"
        ));
        assert!(!xml.contains("isvisible") && !xml.contains("default="), "{xml}");
        // A module without questions has no quiz, and no empty description is written.
        let plain = Module { check: None, description: "", ..module() };
        let xml = manifest(Version::Cc13, &plain);
        assert!(!xml.contains("assessment") && !xml.contains("check-item") && !xml.contains("description"), "{xml}");
    }
}
