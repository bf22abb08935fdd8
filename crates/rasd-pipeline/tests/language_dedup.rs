//! Language identification and near-duplicate linking through the pipeline.

mod common;

use rasd_core::Document;
use rasd_pipeline::{Batch, Options, report};

fn doc(id: &str, text: &str) -> Document {
    let mut d = rasd_read::text_document(&format!("{id}.txt"), text.to_string());
    d.meta.id = id.to_string();
    d
}

// Texts written for these tests: one report in Arabic and the same news in Persian, Urdu,
// English and French.
const AR: &str = "الرياض 2024/02/06 - استقبل ولي العهد السعودي في الرياض يوم الثلاثاء وزير الخارجية الأمريكي، وبحث معه التطورات في المنطقة والعلاقات الثنائية بين البلدين.";
const FA: &str =
    "وزیر امور خارجه آمریکا روز سه‌شنبه در ریاض با ولیعهد عربستان سعودی دیدار کرد و دو طرف درباره تحولات منطقه و روابط دوجانبه گفتگو کردند.";
const UR: &str =
    "امریکی وزیر خارجہ نے منگل کو ریاض میں سعودی ولی عہد سے ملاقات کی اور دونوں رہنماؤں نے خطے کی صورتحال اور دو طرفہ تعلقات پر بات چیت کی۔";
const EN: &str = "The US secretary of state met the Saudi crown prince in Riyadh on Tuesday to discuss developments in the region and bilateral relations.";
const FR: &str = "Le secrétaire d'État américain a rencontré mardi à Riyad le prince héritier saoudien pour évoquer la situation régionale et les relations bilatérales.";

#[test]
fn only_arabic_documents_are_coded() {
    let mut batch = Batch::new(Options::default());
    let a = batch.analyze(doc("ar", AR));
    assert_eq!(a.language, "ar");
    assert!(!a.events.is_empty(), "the Arabic report is coded");
    for (id, text, code) in [("fa", FA, "fa"), ("ur", UR, "ur"), ("en", EN, "en"), ("fr", FR, "fr")] {
        let a = batch.analyze(doc(id, text));
        assert_eq!(a.language, code, "{id}");
        assert!(a.events.is_empty() && a.mentions.is_empty() && a.times.is_empty(), "{id}: nothing is coded");
        assert!(a.doc.meta.warnings.iter().any(|w| w.contains("not Arabic")), "{id}: {:?}", a.doc.meta.warnings);
        let v: serde_json::Value = serde_json::from_str(&report::to_json(&a)).unwrap();
        assert_eq!(v["document"]["language"], code);
        assert!(v["entities"].as_array().unwrap().is_empty());
    }
    // Non-Arabic documents are not indexed for duplicates.
    assert_eq!(batch.dedup.len(), 1);
}

const ORIGINAL: &str = "القاهرة تستضيف اجتماعا لوزراء الزراعة العرب

القاهرة - افتتح وزير الزراعة المصري صباح الأحد في القاهرة اجتماعا لوزراء الزراعة العرب يستمر يومين، لبحث سبل مواجهة ارتفاع أسعار الحبوب وتأمين الغذاء في المنطقة.

وقال الوزير في كلمته الافتتاحية إن التعاون الزراعي بين الدول العربية لم يعد خيارا بل ضرورة، داعيا إلى إنشاء مخزون استراتيجي مشترك من القمح.

ومن المقرر أن يصدر الاجتماع في ختام أعماله بيانا يتضمن توصيات لتوحيد سياسات الاستيراد وتشجيع الاستثمار في الأراضي الصالحة للزراعة.";

const SYNDICATED: &str = "وزراء الزراعة العرب يبحثون أزمة الحبوب

القاهرة (وكالات) - افتتح وزير الزراعة المصري صباح الأحد في القاهرة اجتماعا لوزراء الزراعة العرب يستمر يومين، لبحث سبل مواجهة ارتفاع أسعار الحبوب وتأمين الغذاء في المنطقة.

وأوضح الوزير خلال افتتاح الجلسة أن التكامل الزراعي بين البلدان العربية بات ضرورة لا خيارا، مطالبا بإنشاء مخزون استراتيجي مشترك من القمح.

ومن المقرر أن يصدر الاجتماع في ختام أعماله بيانا يتضمن توصيات لتوحيد سياسات الاستيراد وتشجيع الاستثمار في الأراضي الصالحة للزراعة.

// انتهى //";

const SAME_TOPIC: &str = "خبراء: أسعار القمح تضغط على موازنات الدول العربية

حذر خبراء اقتصاديون من أن استمرار ارتفاع أسعار القمح في الأسواق العالمية سيزيد العجز في موازنات عدد من الدول العربية المستوردة للحبوب.

وأشار تقرير صادر عن مركز أبحاث في بيروت إلى أن فاتورة استيراد الغذاء في المنطقة تضاعفت خلال ثلاث سنوات، وأن الحلول تتطلب استثمارا طويل الأمد في الري والبذور.";

#[test]
fn a_syndicated_copy_is_linked_and_not_coded_again() {
    let mut batch = Batch::new(Options::default());
    let first = batch.analyze(doc("wire-1", ORIGINAL));
    assert!(first.duplicate_of.is_none());
    assert!(!first.mentions.is_empty(), "the original is coded");
    let copy = batch.analyze(doc("site-7", SYNDICATED));
    let m = copy.duplicate_of.as_ref().expect("the copy is linked to the original");
    assert_eq!(m.original, "wire-1");
    assert!(copy.events.is_empty() && copy.mentions.is_empty(), "the copy is not coded again");
    let v: serde_json::Value = serde_json::from_str(&report::to_json(&copy)).unwrap();
    assert_eq!(v["document"]["duplicate_of"], "wire-1");
    assert!(v["document"]["warnings"].as_array().unwrap().iter().any(|w| w.as_str().unwrap().contains("near-duplicate of wire-1")));
    let other = batch.analyze(doc("analysis-3", SAME_TOPIC));
    assert!(other.duplicate_of.is_none(), "another article on the same story is coded");
    let v: serde_json::Value = serde_json::from_str(&report::to_json(&other)).unwrap();
    assert!(v["document"]["duplicate_of"].is_null());

    // With linking off, the copy is coded like any document.
    let mut keep = Batch::new(Options::default());
    keep.link_duplicates = false;
    keep.analyze(doc("wire-1", ORIGINAL));
    assert!(keep.analyze(doc("site-7", SYNDICATED)).duplicate_of.is_none());
}

/// Every article of the shared Arabic corpus sample is identified as Arabic.
#[test]
#[cfg_attr(rasd_no_shared, ignore = "../shared is absent: the corpus sample cannot be read")]
fn corpus_sample_is_arabic() {
    let path = common::repo_root().join("../shared/corpus/ant-multisource/ant_politics_sample2000.jsonl");
    assert!(path.exists(), "the corpus sample is missing: {} (../shared must be next to the repository)", path.display());
    let (mut n, mut not_ar) = (0usize, Vec::new());
    for r in common::read_all(&path) {
        let d = r.expect("the corpus sample reads");
        n += 1;
        let l = rasd_text::lang::identify(&d.text);
        if !l.is_arabic() {
            not_ar.push(format!("{} → {}", d.meta.id, l.code));
        }
    }
    eprintln!("{} of {n} corpus articles not identified as Arabic: {:?}", not_ar.len(), not_ar.iter().take(10).collect::<Vec<_>>());
    assert!(n >= 1000);
    assert!(not_ar.len() * 1000 <= n, "more than 0.1% of Arabic articles misidentified");
}
