use super::*;

// An article written for these tests, a syndicated copy of it (another headline, an agency
// dateline and trailer, one sentence reworded, one sentence dropped), and another article on
// the same story by another newsroom.
const ORIGINAL: &str = "وزير الخارجية الأردني يستقبل نظيره المصري في عمّان

استقبل وزير الخارجية الأردني صباح الثلاثاء نظيره المصري في مقر الوزارة بالعاصمة عمّان، وبحث الجانبان سبل تعزيز العلاقات الثنائية بين البلدين.

وقال بيان صادر عن الوزارة إن اللقاء تناول تطورات الأوضاع في المنطقة، وجهود التوصل إلى وقف دائم لإطلاق النار، وضرورة إيصال المساعدات الإنسانية دون عوائق.

وأكد الوزيران أهمية مواصلة التنسيق والتشاور بين البلدين في مختلف القضايا الإقليمية والدولية، واتفقا على عقد اجتماع للجنة العليا المشتركة خلال الشهر المقبل.

وأشار البيان إلى أن الوزير المصري سينقل رسالة من الرئيس المصري إلى العاهل الأردني تتعلق بالتحضيرات للقمة العربية المقبلة.";

const COPY: &str = "مباحثات أردنية مصرية في عمان حول الأوضاع الإقليمية

عمّان (وكالات) - استقبل وزير الخارجية الأردني صباح الثلاثاء نظيره المصري في مقر الوزارة بالعاصمة عمان، وبحث الجانبان سبل تعزيز العلاقات الثنائية بين البلدين.

وذكر بيان للوزارة أن المباحثات تطرقت إلى مستجدات الوضع الإقليمي ومساعي الوصول إلى وقف دائم لإطلاق النار، وضرورة إيصال المساعدات الإنسانية دون عوائق.

وأكد الوزيران أهمية مواصلة التنسيق والتشاور بين البلدين في مختلف القضايا الإقليمية والدولية، واتفقا على عقد اجتماع للجنة العليا المشتركة خلال الشهر المقبل.

وأشار البيان إلى أن الوزير المصري سينقل رسالة من الرئيس المصري إلى العاهل الأردني تتعلق بالتحضيرات للقمة العربية المقبلة.

(انتهى) م.ع/ س.ر";

const OTHER: &str = "الصفدي وعبد العاطي يبحثان وقف إطلاق النار

التقى وزير الخارجية المصري، الذي وصل إلى عمّان في زيارة تستغرق يومين، نظيره الأردني، حيث ناقش الطرفان الملفات الإقليمية وفي مقدمتها الحرب والأزمة الإنسانية.

ونقلت مصادر دبلوماسية أن الجانب المصري عرض رؤية القاهرة لمرحلة ما بعد الحرب، فيما شدد الجانب الأردني على رفض أي تهجير للسكان.

ومن المنتظر أن يتوجه الوزير المصري بعد ذلك إلى بيروت ضمن جولة إقليمية تشمل عدة عواصم عربية.";

#[test]
fn syndicated_copy_is_matched_and_another_article_is_not() {
    let a = Signature::of_text(ORIGINAL).unwrap();
    let b = Signature::of_text(COPY).unwrap();
    let c = Signature::of_text(OTHER).unwrap();
    let sim_copy = a.similarity(&b);
    let sim_other = a.similarity(&c);
    eprintln!("similarity: copy {sim_copy:.3}, other article {sim_other:.3}");
    assert!(sim_copy >= DEFAULT_THRESHOLD, "copy similarity {sim_copy}");
    assert!(sim_other < 0.2, "other article similarity {sim_other}");

    let mut idx = DedupIndex::default();
    assert_eq!(idx.insert_or_match("orig", ORIGINAL), None);
    let m = idx.insert_or_match("copy", COPY).expect("the copy is a near-duplicate");
    assert_eq!(m.original, "orig");
    assert!(m.similarity >= DEFAULT_THRESHOLD);
    assert_eq!(idx.insert_or_match("other", OTHER), None, "a different article on the same story is not a duplicate");
    // Duplicates are not indexed; originals are.
    assert_eq!(idx.len(), 2);
    // A second copy links to the original, not to the first copy.
    assert_eq!(idx.insert_or_match("copy2", COPY).unwrap().original, "orig");
}

#[test]
fn spelling_variants_shingle_alike() {
    // Hamza, alef maqsura, teh marbuta and harakat are folded by the keys.
    let plain = ORIGINAL.replace(['أ', 'إ'], "ا").replace('ة', "ه");
    let a = Signature::of_text(ORIGINAL).unwrap();
    assert_eq!(a.similarity(&Signature::of_text(&plain).unwrap()), 1.0);
}

#[test]
fn short_texts_have_no_signature() {
    assert!(Signature::of_text("وصل الوفد").is_none());
    let mut idx = DedupIndex::default();
    assert_eq!(idx.insert_or_match("a", "وصل الوفد"), None);
    assert_eq!(idx.insert_or_match("b", "وصل الوفد"), None);
    assert!(idx.is_empty());
}

#[test]
fn bytes_round_trip_and_bad_bytes_are_refused() {
    let s = Signature::of_text(ORIGINAL).unwrap();
    let b = s.to_bytes();
    assert_eq!(b.len(), SIGNATURE_BYTES);
    assert_eq!(Signature::from_bytes(&b).unwrap(), s);
    assert_eq!(Signature::from_bytes(&b[..10]), Err(SignatureError::Length(10)));
    let mut bad = b.clone();
    bad[0] = b'X';
    assert_eq!(Signature::from_bytes(&bad), Err(SignatureError::Magic));
    let mut old = b.clone();
    old[4] = SIGNATURE_FORMAT_VERSION + 1;
    assert!(matches!(Signature::from_bytes(&old), Err(SignatureError::Version(_))));
    // A rebuilt index (from stored bytes) finds the same original.
    let mut idx = DedupIndex::default();
    idx.insert("stored", Signature::from_bytes(&b).unwrap());
    assert_eq!(idx.insert_or_match("copy", COPY).unwrap().original, "stored");
}

#[test]
fn signatures_are_stable() {
    // Pinned so that a change of hashing, keys or shingling is noticed (and the format version bumped).
    let s = Signature::of_text("واحد اثنان ثلاثة أربعة خمسة ستة سبعة").unwrap();
    let b = s.to_bytes();
    assert_eq!(&b[..8], b"RSDM\x01\x40\x03\x00");
    assert_eq!(&b[8..12], [0xab, 0x5d, 0x82, 0x24], "the first MinHash value changed: bump SIGNATURE_FORMAT_VERSION");
    let again = Signature::of_text("واحد اثنان ثلاثه اربعه خمسه ستة سبعة").unwrap();
    assert_eq!(s, again);
}

/// A distinct text of about 40 words for document `n`.
fn numbered_text(n: usize) -> String {
    (0..40).map(|i| format!("كلمة{} ", (n * 7919 + i * 104_729) % 1_000_003)).collect()
}

#[test]
fn the_window_keeps_the_last_originals_only() {
    let mut idx = DedupIndex::with_window(DEFAULT_THRESHOLD, 3);
    for n in 0..4 {
        assert_eq!(idx.insert_or_match(&format!("d{n}"), &numbered_text(n)), None);
    }
    assert_eq!(idx.len(), 3);
    // d0 was evicted when d3 came: its copy is now an original; d1..d3 are still found.
    assert_eq!(idx.insert_or_match("copy0", &numbered_text(0)), None);
    assert_eq!(idx.insert_or_match("copy2", &numbered_text(2)).unwrap().original, "d2");
    assert_eq!(idx.insert_or_match("copy3", &numbered_text(3)).unwrap().original, "d3");
    // copy0 pushed d1 out.
    assert_eq!(idx.insert_or_match("copy1", &numbered_text(1)), None);
    assert_eq!(idx.insert_or_match("again0", &numbered_text(0)).unwrap().original, "copy0");
}

#[test]
fn memory_is_bounded_by_the_window() {
    let mut idx = DedupIndex::with_window(DEFAULT_THRESHOLD, 50);
    for n in 0..5_000 {
        idx.insert_or_match(&format!("d{n}"), &numbered_text(n));
        assert!(idx.len() <= 50);
        assert!(idx.heads.len() <= 50 * BANDS, "{} band keys after {n} documents", idx.heads.len());
    }
    // Every chain holds only live entries, each reachable from its head once.
    let mut reached = 0;
    for &head in idx.heads.values() {
        let mut e = head;
        let mut prev = NIL;
        while e != NIL {
            assert_eq!(idx.prev[e as usize], prev);
            reached += 1;
            prev = e;
            e = idx.next[e as usize];
        }
    }
    assert_eq!(reached, 50 * BANDS);
    // The last 50 are found, with the same verdicts as an index that never evicts.
    let mut full = DedupIndex::with_window(DEFAULT_THRESHOLD, 10_000);
    for n in 0..5_000 {
        full.insert_or_match(&format!("d{n}"), &numbered_text(n));
    }
    for n in 4_950..5_000 {
        let sig = Signature::of_text(&numbered_text(n)).unwrap();
        assert_eq!(idx.find(&sig), full.find(&sig));
    }
}
