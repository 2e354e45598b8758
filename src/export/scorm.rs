//! The SCORM manifest (`imsmanifest.xml`) of one module: one organization with one item, played
//! by one SCO that holds every page of the module. SCORM 1.2 (IMS CP 1.1.2 with ADL CP 1.2) or
//! SCORM 2004 4th edition (IMS CP 1.1.4 with ADL CP, sequencing and navigation 1.3).

use std::fmt::Write;

pub use crate::cli::ScormVersion as Version;

/// What the manifest says about the module.
pub struct Module<'a> {
    /// Unique within the package and an XML name: letters, digits, `-`, `_` and `.`, starting with
    /// a letter.
    pub identifier: String,
    pub title: &'a str,
    /// The pass mark in percent, if the module has a knowledge check with one.
    pub pass_score: Option<u8>,
    /// Where the LMS starts the SCO: the module page's zip path.
    pub launch: &'a str,
    /// Every file of the package but the manifest, in zip order.
    pub files: Vec<&'a str>,
}

/// `imsmanifest.xml` for `module`.
pub fn manifest(version: Version, module: &Module<'_>) -> String {
    let id = &module.identifier;
    let title = escape(module.title);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    match version {
        Version::Scorm12 => {
            let _ = write!(
                xml,
                "<manifest identifier=\"{id}\" version=\"1.0\"\n  xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n  xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"\n  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n  xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n"
            );
        }
        Version::Scorm2004 => {
            let _ = write!(
                xml,
                "<manifest identifier=\"{id}\" version=\"1.0\"\n  xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\"\n  xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_v1p3\"\n  xmlns:adlseq=\"http://www.adlnet.org/xsd/adlseq_v1p3\"\n  xmlns:adlnav=\"http://www.adlnet.org/xsd/adlnav_v1p3\"\n  xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\"\n  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n  xsi:schemaLocation=\"http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd\">\n  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>2004 4th Edition</schemaversion>\n  </metadata>\n"
            );
        }
    }
    let _ = write!(
        xml,
        "  <organizations default=\"{id}-org\">\n    <organization identifier=\"{id}-org\">\n      <title>{title}</title>\n      <item identifier=\"{id}-item\" identifierref=\"{id}-sco\" isvisible=\"true\">\n        <title>{title}</title>\n"
    );
    match (version, module.pass_score) {
        // The LMS may set lesson_status from the score against this; it agrees with the module's.
        (Version::Scorm12, Some(pass)) => {
            let _ = writeln!(xml, "        <adlcp:masteryscore>{pass}</adlcp:masteryscore>");
        }
        (Version::Scorm2004, Some(pass)) => {
            let _ = write!(
                xml,
                "        <imsss:sequencing>\n          <imsss:objectives>\n            <imsss:primaryObjective objectiveID=\"{id}-pass\" satisfiedByMeasure=\"true\">\n              <imsss:minNormalizedMeasure>{}</imsss:minNormalizedMeasure>\n            </imsss:primaryObjective>\n          </imsss:objectives>\n        </imsss:sequencing>\n",
                scaled(pass)
            );
        }
        (_, None) => {}
    }
    let scorm_type = match version {
        Version::Scorm12 => "adlcp:scormtype",
        Version::Scorm2004 => "adlcp:scormType",
    };
    let _ = write!(
        xml,
        "      </item>\n    </organization>\n  </organizations>\n  <resources>\n    <resource identifier=\"{id}-sco\" type=\"webcontent\" {scorm_type}=\"sco\" href=\"{}\">\n",
        href(module.launch)
    );
    for file in &module.files {
        let _ = writeln!(xml, "      <file href=\"{}\"/>", href(file));
    }
    xml.push_str("    </resource>\n  </resources>\n</manifest>\n");
    xml
}

/// A percentage as SCORM 2004's scaled score: `80` -> `0.8`.
fn scaled(percent: u8) -> String {
    let text = format!("{:.2}", f64::from(percent) / 100.0);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A zip path as a manifest href: relative (never a leading `/`), percent-encoded where a URI
/// needs it, XML-escaped.
pub(crate) fn href(path: &str) -> String {
    let mut out = String::new();
    for byte in path.trim_start_matches('/').bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// An XML name made from a module's path: `/trainings/referral-quality/` ->
/// `tierbook-trainings-referral-quality`.
pub fn identifier(url_path: &str) -> String {
    let mut id = String::from("tierbook");
    for part in url_path.split('/').filter(|p| !p.is_empty()) {
        id.push('-');
        id.extend(part.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_names_the_one_sco_and_its_files() {
        let module = Module {
            identifier: identifier("/trainings/a&b/"),
            title: "Data & \"referrals\"",
            pass_score: Some(80),
            launch: "trainings/a/index.html",
            files: vec!["css/style.css", "trainings/a/index.html", "img/a b.png"],
        };
        let xml = manifest(Version::Scorm12, &module);
        assert!(xml.contains("adlcp:scormtype=\"sco\" href=\"trainings/a/index.html\""), "{xml}");
        assert!(xml.contains("<title>Data &amp; &quot;referrals&quot;</title>"), "{xml}");
        assert!(xml.contains("<file href=\"img/a%20b.png\"/>"), "{xml}");
        assert!(xml.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"), "{xml}");
        assert!(xml.contains("identifier=\"tierbook-trainings-a_b-sco\""), "{xml}");
        let xml = manifest(Version::Scorm2004, &module);
        assert!(xml.contains("adlcp:scormType=\"sco\""), "{xml}");
        assert!(xml.contains("<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>"), "{xml}");
        assert!(xml.contains("<schemaversion>2004 4th Edition</schemaversion>"), "{xml}");
        assert_eq!(scaled(75), "0.75");
        assert_eq!(scaled(100), "1");
    }
}
