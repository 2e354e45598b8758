//! The Tera function `js_words(lang=..., set="progress")`: the words a theme script writes
//! itself (js/progress.js, js/layout.js, js/search.js, js/offline.js on every page;
//! js/certificate.js), as a JSON table for a `data-words` attribute, in language `lang` (the
//! language of the page's text, as `<html lang>` says, so a page not translated yet keeps English
//! words). The scripts read it with js/words.js. Block scripts get their tables from the block's
//! own HTML (src/blocks/quiz.rs, calculator.rs).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::strings::Strings;

/// js/progress.js: lesson states, "Mark this lesson complete", Start/Continue, the home page's
/// "continue" card, "Clear my data". `{0}`, `{1}` are filled by the script.
pub(crate) const PROGRESS: [(&str, &str); 24] = [
    ("progress_new", "Not started"),
    ("progress_started", "In progress"),
    ("progress_done", "Complete"),
    ("progress_passed", "Passed"),
    ("progress_mark", "Mark this lesson complete"),
    ("progress_unmark", "Mark as not complete"),
    ("progress_marked", "✓ You marked this lesson complete. Your progress is saved in this browser."),
    ("progress_unmarked", "Marked as not complete."),
    ("progress_all", "All {0} lessons complete"),
    ("progress_some", "{0} of {1} lessons complete"),
    ("progress_certificate", "Get your certificate"),
    ("progress_every", "You have completed every lesson."),
    ("progress_continue", "Continue: {0}"),
    ("progress_continue_note", "Continue goes to the first lesson you have not completed."),
    ("progress_card_new", "Your progress: not started."),
    ("progress_card", "Your progress: {0} of {1} lessons complete."),
    ("progress_card_passed", "Your progress: {0} of {1} lessons complete, knowledge check passed."),
    ("progress_home_continue", "Continue where you left off"),
    ("progress_home_in", "in {0}"),
    ("progress_clear", "Clear my data"),
    (
        "progress_clear_question",
        "Remove your lesson progress, quiz answers and scores, checklist ticks and the name for certificates from this browser? This cannot be undone.",
    ),
    ("progress_clear_yes", "Yes, clear my data"),
    ("progress_clear_no", "Keep my data"),
    ("progress_cleared", "Your saved data has been cleared from this browser."),
];

/// js/layout.js (with `progress_new`, `progress_started` and `progress_home_in` of [`PROGRESS`]):
/// a lesson's state in the sidebar.
pub(crate) const LAYOUT: [(&str, &str); 1] = [("layout_done", "Done")];

/// js/search.js: the results' count and kinds, the filters, the message when search fails.
/// `{0}`, `{1}` are filled by the script.
pub(crate) const SEARCH: [(&str, &str); 20] = [
    ("search_kind_guide", "Guide"),
    ("search_kind_module", "Training"),
    ("search_kind_lesson", "Lesson"),
    ("search_kind_case_study", "Case study"),
    ("search_kind_page", "Page"),
    ("search_none", "No results for “{0}”."),
    ("search_count_one", "{0} result for “{1}”"),
    ("search_count", "{0} results for “{1}”"),
    ("search_showing", ", showing the first {0}."),
    ("search_tier", "Tier {0}"),
    ("search_filter_kind", "Kind"),
    ("search_all_kinds", "All kinds"),
    ("search_guides", "Guides"),
    ("search_trainings", "Trainings and lessons"),
    ("search_case_studies", "Case studies"),
    ("search_other_pages", "Other pages"),
    ("search_filter_tier", "Tier"),
    ("search_any_tier", "Any tier"),
    ("search_results", "Search results"),
    ("search_unavailable", "Search is not available right now. Try the guides index or the sitemap."),
];

/// js/certificate.js: the checks before the certificate and its messages.
pub(crate) const CERTIFICATE: [(&str, &str); 13] = [
    ("cert_done", "Done:"),
    ("cert_todo", "To do:"),
    ("cert_all_lessons", "Marked every lesson complete: {0} of {0}."),
    ("cert_mark_one", "Mark this lesson complete ({0} of {1} done so far):"),
    ("cert_mark_many", "Mark these {0} lessons complete ({1} of {2} done so far):"),
    ("cert_passed", "Passed the knowledge check with {0}%."),
    ("cert_pass", "Pass the knowledge check ({0}% needed):"),
    ("cert_pass_best", "Pass the knowledge check ({0}% needed): your best score so far is {1}%:"),
    ("cert_not_ready", "Your certificate is not ready yet. Finish the steps marked “To do”, then come back."),
    ("cert_ready_print", "Your certificate is ready to print."),
    ("cert_type_name", "You have finished the module. Type your name to complete the certificate."),
    ("cert_name_first", "Type your name first."),
    ("cert_ready", "Your certificate is ready. Print it, or choose “Save as PDF” in the print dialog."),
];

/// js/offline.js: the "Save for offline use" control, its sizes and progress, and the notice
/// while the device is offline. They go in the page's (the body's) table with the progress words.
pub(crate) const OFFLINE: [(&str, &str); 11] = [
    ("offline_notice", "You are offline. Pages you have opened, and the whole site if you saved it, still work."),
    ("offline_save", "Save for offline use ({0})"),
    ("offline_update", "Update the offline copy ({0})"),
    ("offline_saved", "Saved for offline use ({0})"),
    ("offline_saving", "Saving…"),
    ("offline_progress_label", "Saving the site for offline use"),
    ("offline_progress", "Saving: {0} of {1}"),
    ("offline_older", "Your saved copy is from an earlier version of this site."),
    ("offline_done", "Saved. The whole site now works on this device without a connection."),
    ("offline_retry", "Try again ({0})"),
    ("offline_failed", "Saving stopped: check the connection and try again."),
];

pub(crate) struct JsWords {
    strings: Arc<Strings>,
    /// Each table made so far, by language and set: every page asks for the same one or two,
    /// and making one (56 lookups into a JSON map, then its text) was about 5% of a build.
    tables: Mutex<HashMap<(String, &'static str), tera::Value>>,
}

impl JsWords {
    pub(crate) fn new(strings: Arc<Strings>) -> JsWords {
        JsWords { strings, tables: Mutex::default() }
    }

    fn table(&self, lang: &str, lists: &[&[(&str, &str)]]) -> tera::Value {
        let table: serde_json::Map<String, serde_json::Value> = lists
            .iter()
            .flat_map(|list| list.iter())
            .map(|(key, english)| ((*key).to_string(), self.strings.get(lang, key).unwrap_or(english).into()))
            .collect();
        tera::Value::String(serde_json::Value::Object(table).to_string())
    }
}

impl tera::Function for JsWords {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let lang = args.get("lang").and_then(tera::Value::as_str).unwrap_or(self.strings.default_language());
        // The body's table (the default set) serves every script of the page's layout.
        let (set, lists): (&'static str, &[&[(&str, &str)]]) = match args.get("set").and_then(tera::Value::as_str) {
            Some("progress") | None => ("progress", &[&PROGRESS, &LAYOUT, &SEARCH, &OFFLINE]),
            Some("certificate") => ("certificate", &[&CERTIFICATE]),
            Some(other) => return Err(format!("js_words(): no set `{other}` (progress, certificate)").into()),
        };
        let mut tables = self.tables.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let table = tables.entry((lang.to_string(), set)).or_insert_with(|| self.table(lang, lists));
        Ok(table.clone())
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_the_language_asked_for() {
        let text = "title = \"T\"\n[languages]\nes = { name = \"Español\" }\n";
        let config = crate::config::parse(text, "t.toml".as_ref(), "/nonexistent".as_ref(), None).expect("config");
        let (strings, _) = Strings::load(&config).expect("strings");
        let f = JsWords::new(Arc::new(strings));
        let call = |lang: &str| {
            let args: HashMap<String, tera::Value> = [("lang".to_string(), lang.into())].into();
            let text = tera::Function::call(&f, &args).expect("a table");
            serde_json::from_str::<serde_json::Value>(text.as_str().expect("text")).expect("JSON")
        };
        assert_eq!(call("en")["progress_clear"], "Clear my data");
        assert_eq!(call("es")["progress_clear"], "Borrar mis datos");
        assert_eq!(call("en")["offline_save"], "Save for offline use ({0})");
        assert_eq!(call("es")["offline_save"], "Guardar para usar sin conexión ({0})");
        // Asked again, from the tables made: the same words.
        assert_eq!(call("es")["progress_clear"], "Borrar mis datos");
        assert_eq!(call("en")["progress_clear"], "Clear my data");
        let bad: HashMap<String, tera::Value> = [("set".to_string(), "nope".into())].into();
        assert!(tera::Function::call(&f, &bad).is_err());
    }
}
