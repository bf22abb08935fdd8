//! stderr notes for documents `rasd analyze` reads but does not code: other languages and
//! near-duplicates of an earlier document.

use rasd_pipeline::Analysis;

/// Why a document was read but not coded (taken where it was analysed, noted in input order).
pub enum Skip {
    NotArabic { path: String, language: &'static str },
    Duplicate { path: String, original: String, similarity: f64 },
}

impl Skip {
    pub fn of(a: &Analysis) -> Option<Skip> {
        let m = &a.doc.meta;
        if a.language != "ar" && !a.doc.text[a.doc.body_start..].trim().is_empty() {
            Some(Skip::NotArabic { path: m.path.clone(), language: a.language })
        } else {
            a.duplicate_of.as_ref().map(|d| Skip::Duplicate {
                path: m.path.clone(),
                original: d.original.clone(),
                similarity: d.similarity,
            })
        }
    }
}

#[derive(Default)]
pub struct Notes {
    not_arabic: usize,
    duplicates: usize,
}

impl Notes {
    /// Reports one document on stderr if it was skipped.
    pub fn note(&mut self, skip: Option<Skip>) {
        match skip {
            Some(Skip::NotArabic { path, language }) => {
                self.not_arabic += 1;
                crate::note!("rasd: {path}: skipped: the text is not Arabic (language {language})");
            }
            Some(Skip::Duplicate { path, original, similarity }) => {
                self.duplicates += 1;
                crate::note!("rasd: {path}: near-duplicate of {original} (similarity {similarity:.2}): not coded again");
            }
            None => {}
        }
    }

    /// The closing line: printed when anything was skipped or failed.
    pub fn summary(&self, done: usize, failed: usize) {
        if failed + self.not_arabic + self.duplicates == 0 {
            return;
        }
        let coded = done - self.not_arabic - self.duplicates;
        eprintln!(
            "rasd: {done} document(s) read: {coded} coded, {} not Arabic, {} near-duplicate(s); {failed} input(s) or record(s) failed",
            self.not_arabic, self.duplicates
        );
    }
}
