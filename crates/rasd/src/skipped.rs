//! stderr notes for documents `rasd analyze` reads but does not code: other languages and
//! near-duplicates of an earlier document.

use rasd_pipeline::Analysis;

#[derive(Default)]
pub struct Notes {
    not_arabic: usize,
    duplicates: usize,
}

impl Notes {
    /// Reports one document on stderr if it was skipped.
    pub fn note(&mut self, a: &Analysis) {
        let m = &a.doc.meta;
        if a.language != "ar" && !a.doc.text[a.doc.body_start..].trim().is_empty() {
            self.not_arabic += 1;
            crate::note!("rasd: {}: skipped: the text is not Arabic (language {})", m.path, a.language);
        } else if let Some(d) = &a.duplicate_of {
            self.duplicates += 1;
            crate::note!("rasd: {}: near-duplicate of {} (similarity {:.2}): not coded again", m.path, d.original, d.similarity);
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
