//! The whole pipeline over one document: read → text → mentions → time → events,
//! and the renderings of its result (the JSON contract, the text report).
//!
//! [`analyze`] never fails: whatever the text, it returns an [`Analysis`], with
//! problems listed in the document's warnings.

use rasd_core::{Date, DateBasis, Document, EventType, Precision, PublishedBasis, Span, TimeExpr};
use rasd_events::{Event, Lexicon};
use rasd_kb::{DocEntities, Entity, EntityId, EntityKind, Kb};
use rasd_mentions::Mention;
use rasd_text::{Layout, Sentence, Token};

pub mod eval_events;
pub mod eval_real;
pub mod eval_resolve;
pub mod report;

/// The built-in example article of `rasd demo`.
pub const DEMO_ARTICLE: &str = include_str!("../data/demo.txt");

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Overrides the publication date of every document (`--published`).
    pub published: Option<Date>,
}

/// Everything rasd found in one document.
pub struct Analysis {
    pub doc: Document,
    pub layout: Layout,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub times: Vec<TimeExpr>,
    pub mentions: Vec<Mention>,
    pub events: Vec<Event>,
    /// The dateline's place words and the place they name.
    pub dateline: Option<(Span, EntityId)>,
    /// The body's language code (`ar`, `fa`, `en`… `und`: see `rasd_text::lang`). Only Arabic
    /// documents are coded; the others keep their text and metadata, with no mentions or events.
    pub language: &'static str,
    /// The earlier document of the batch this one nearly duplicates (a syndicated copy): it is
    /// then not coded again. Set by [`Batch::analyze`]; [`analyze`] alone never sets it.
    pub duplicate_of: Option<rasd_dedup::Match>,
    /// The knowledge base plus the names the tagger found that it does not know.
    pub ents: DocEntities<'static>,
}

/// Runs every stage over a document.
pub fn analyze(doc: Document, opts: &Options) -> Analysis {
    let language = rasd_text::lang::identify(&doc.text[doc.body_start..]);
    analyze_as(doc, opts, language, None, Dup::None)
}

/// The near-duplicate signature of an Arabic document's body paragraphs, for callers that keep
/// their own [`rasd_dedup::DedupIndex`] (`rasd ingest` keeps one across runs in the database);
/// `None` for a text too short to judge or not in Arabic.
pub fn duplicate_signature(doc: &Document) -> Option<rasd_dedup::Signature> {
    Prepared::new(doc).signature(doc)
}

/// What the analysis of a document starts from and its near-duplicate signature needs too: the
/// body's language and, once computed, the layout. A caller that judges near-duplicates before
/// the analysis ([`Prepared::signature`]) hands it to [`analyze_prepared`], which then does not
/// compute them again (the same values: both depend on the document alone).
pub struct Prepared {
    language: rasd_text::lang::Language,
    layout: Option<Layout>,
}

impl Prepared {
    pub fn new(doc: &Document) -> Prepared {
        Prepared { language: rasd_text::lang::identify(&doc.text[doc.body_start..]), layout: None }
    }

    /// [`duplicate_signature`], keeping the layout for the analysis.
    pub fn signature(&mut self, doc: &Document) -> Option<rasd_dedup::Signature> {
        if !self.language.is_arabic() {
            return None;
        }
        let layout = self.layout.get_or_insert_with(|| layout_of(doc));
        rasd_dedup::Signature::of_text(&dedup_text(&doc.text, layout))
    }
}

fn layout_of(doc: &Document) -> Layout {
    rasd_text::layout::layout(&doc.text, doc.body_start, doc.meta.title.is_some(), &rasd_time::parse_date_line)
}

/// Analyses a document whose near-duplicate status the caller decided (see
/// [`duplicate_signature`]): a copy of an earlier document is reported and not coded again.
pub fn analyze_known(doc: Document, opts: &Options, duplicate_of: Option<rasd_dedup::Match>) -> Analysis {
    let prepared = Prepared::new(&doc);
    analyze_prepared(doc, opts, prepared, duplicate_of)
}

/// [`analyze_known`] from what [`Prepared`] already computed for this same document.
pub fn analyze_prepared(doc: Document, opts: &Options, prepared: Prepared, duplicate_of: Option<rasd_dedup::Match>) -> Analysis {
    analyze_as(doc, opts, prepared.language, prepared.layout, Dup::Known(duplicate_of))
}

/// How near-duplicates are found for one analysis.
enum Dup<'a> {
    None,
    Index(&'a mut rasd_dedup::DedupIndex),
    Known(Option<rasd_dedup::Match>),
}

/// The text near-duplicates are judged on: the body paragraphs, without the title, captions,
/// trailers or the dateline prefix, which syndicated copies change.
fn dedup_text(text: &str, layout: &Layout) -> String {
    let mut out = String::new();
    for b in layout.blocks.iter().filter(|b| b.kind == rasd_text::BlockKind::Body) {
        let mut start = b.span.start;
        if let Some(z) = layout.dateline_zone.filter(|z| z.start >= b.span.start && z.end <= b.span.end) {
            out.push_str(&text[start..z.start]);
            start = z.end;
        }
        out.push_str(&text[start..b.span.end]);
        out.push('\n');
    }
    out
}

/// Analyses a stream of documents, linking near-duplicates to the first copy.
///
/// Within one batch, a document whose body nearly duplicates an earlier Arabic document's
/// (MinHash, see `rasd_dedup`) is reported with [`Analysis::duplicate_of`] and a warning, and
/// not coded again. Documents that are not Arabic are never indexed.
pub struct Batch {
    pub opts: Options,
    pub dedup: rasd_dedup::DedupIndex,
    /// False: every document is coded, duplicates included (`--keep-duplicates`).
    pub link_duplicates: bool,
}

impl Batch {
    pub fn new(opts: Options) -> Batch {
        Batch { opts, dedup: rasd_dedup::DedupIndex::default(), link_duplicates: true }
    }

    pub fn analyze(&mut self, doc: Document) -> Analysis {
        let language = rasd_text::lang::identify(&doc.text[doc.body_start..]);
        let dedup = (language.is_arabic() && self.link_duplicates).then_some(&mut self.dedup);
        analyze_as(doc, &self.opts, language, None, dedup.map_or(Dup::None, Dup::Index))
    }
}

fn analyze_as(mut doc: Document, opts: &Options, language: rasd_text::lang::Language, layout: Option<Layout>, dedup: Dup) -> Analysis {
    let kb = Kb::embedded();
    let lexicon = Lexicon::embedded();
    let text = doc.text.as_str();
    let tokens = rasd_text::tokenize(text);
    let layout = layout.unwrap_or_else(|| layout_of(&doc));
    let sentences = rasd_text::split_sentences(text, &tokens);
    let duplicate_of = match dedup {
        Dup::None => None,
        Dup::Index(d) => d.insert_or_match(&doc.meta.id, &dedup_text(text, &layout)),
        Dup::Known(m) => m,
    };

    // Publication date: option > header > date line > an explicit date at the top of the body.
    if doc.meta.title.is_none()
        && let Some(t) = layout.title
    {
        doc.meta.title = Some(text[t.range()].to_string());
    }
    if let Some(d) = opts.published {
        doc.meta.published = Some(d);
        doc.meta.published_basis = PublishedBasis::Option;
    } else if doc.meta.published.is_none() {
        if let Some((_, d)) = layout.date_line {
            doc.meta.published = Some(d);
            doc.meta.published_basis = PublishedBasis::Dateline;
        } else if let Some(d) = top_explicit_date(text, &layout) {
            doc.meta.published = Some(d);
            doc.meta.published_basis = PublishedBasis::Body;
        }
    }
    let published = doc.meta.published;
    if published.is_none() {
        doc.meta.warnings.push("no publication date: relative dates (weekdays, أمس) are left unresolved; pass --published".into());
    }
    let body = &text[doc.body_start..];
    if body.trim().is_empty() {
        doc.meta.warnings.push("the document has no text".into());
    } else if !language.is_arabic() {
        doc.meta.warnings.push(format!("the text is not Arabic ({}, {}): not coded", language.name, language.code));
    }
    if let Some(m) = &duplicate_of {
        doc.meta.warnings.push(format!("near-duplicate of {} (similarity {:.2}): not coded again", m.original, m.similarity));
    }
    // Only Arabic originals are coded: no mentions, times or events otherwise.
    let code = language.is_arabic() && duplicate_of.is_none();
    let language = language.code;

    let mut times = if code { rasd_time::find_times(body, published) } else { Vec::new() };
    for t in &mut times {
        t.span = Span::new(t.span.start + doc.body_start, t.span.end + doc.body_start);
    }
    let mut mentions = if code { rasd_mentions::find_mentions(kb, &tokens, &sentences, &layout, published, text) } else { Vec::new() };
    let mut ents = DocEntities::new(kb);
    if code {
        add_generic_actors(text, &tokens, &sentences, &layout, &mut mentions, &mut ents);
        add_tagged_names(text, &tokens, &sentences, &layout, &mut mentions, &mut ents);
        generic_titles_before_names(&mut mentions, &ents);
        // A month inside a person's name (`دي مايو`, Di Maio) is no date. (Mentions are in text
        // order and names do not overlap: the last person mention starting before the time's end
        // is the only one it can sit in.)
        let people: Vec<Span> =
            mentions.iter().filter(|m| m.entity.is_some_and(|e| ents.entity(e).kind == EntityKind::Person)).map(|m| m.span).collect();
        times.retain(|t| {
            let k = people.partition_point(|p| p.start < t.span.end);
            k == 0 || people[k - 1].end <= t.span.start
        });
    }
    let dateline = layout.dateline.filter(|_| code).and_then(|span| {
        let k = rasd_text::phrase_key(&text[span.range()]);
        let hits = kb.names(&k);
        // A dateline names a city: prefer one (الجزائر the city, not the country).
        hits.iter()
            .max_by_key(|h| (kb.entity(h.entity).place_kind == Some(rasd_kb::PlaceKind::City), kb.entity(h.entity).population.unwrap_or(0)))
            .filter(|h| kb.entity(h.entity).kind.is_place())
            .map(|h| (span, h.entity))
    });
    let mut events = if code {
        rasd_events::code_events(&rasd_events::Input {
            kb: &ents,
            lexicon,
            text,
            tokens: &tokens,
            sentences: &sentences,
            layout: &layout,
            mentions: &mentions,
            times: &times,
            published,
        })
    } else {
        Vec::new()
    };
    // A domestic event with no place of its own happened where the story was filed: every actor is
    // of the dateline's country (`لندن (CNN) -- دعت المعارضة البريطانية الحكومة …`). An event with
    // a foreign actor may have happened anywhere, and keeps no place.
    if let Some((_, place)) = dateline
        && let Some(iso) = ents.entity(place).country.clone()
    {
        for e in events.iter_mut().filter(|e| e.location.is_none() && !e.source.is_empty()) {
            if e.source.iter().chain(&e.target).all(|&a| ents.entity(a).country.as_deref() == Some(iso.as_str())) {
                e.location = Some(rasd_events::Location { entity: place, basis: rasd_events::LocationBasis::Dateline });
            }
        }
    }
    // Violence, arrests and protests with no place in the text happened in the country all their
    // actors belong to (`أعلنت السلطات البحرينية اعتقال 116 شخصا`, an unnamed attack on a
    // country's soldiers); talks and statements may be made anywhere and keep no place.
    for e in events.iter_mut().filter(|e| {
        e.location.is_none()
            && matches!(e.event_type, EventType::Assault | EventType::Coerce | EventType::Protest | EventType::Mobilize)
            // (An attack with no one hit named may be anywhere: a strike abroad.)
            && (e.event_type != EventType::Assault || !e.target.is_empty())
    }) {
        let mut countries = e.source.iter().chain(&e.target).map(|&a| ents.entity(a).country.as_deref());
        if let Some(Some(iso)) = countries.next()
            && countries.all(|c| c == Some(iso))
            && let Some(country) = ents.country(iso)
        {
            e.location = Some(rasd_events::Location { entity: country, basis: rasd_events::LocationBasis::Actors });
        }
    }
    Analysis { doc, layout, tokens, sentences, times, mentions, events, dateline, language, duplicate_of, ents }
}

/// Generic actors (`المحتجون في بلغراد`, `الشرطة الكينية`) become document entities, one per
/// role and country (`Serbian protesters`, `Kenyan police`); the nisbas and plural demonyms they
/// absorbed stop being mentions of their own.
fn add_generic_actors(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    layout: &Layout,
    mentions: &mut Vec<Mention>,
    ents: &mut DocEntities<'static>,
) {
    let found = rasd_mentions::generic::find_generic(ents.kb, tokens, sentences, layout, mentions, text);
    if found.is_empty() {
        return;
    }
    let mut drop = vec![false; mentions.len()];
    let mut added = Vec::new();
    for g in found {
        let role = &rasd_mentions::generic::roles()[g.role];
        // `add` keeps one entity per id: one per role and country.
        let entity = ents.add(Entity {
            id: g.entity_id(ents.kb),
            name_en: g.name_en(ents.kb),
            name_ar: text[g.span.range()].to_string(),
            kind: EntityKind::Group,
            country: g.country.and_then(|c| ents.kb.entity(c).country.clone()),
            sector: Some(role.sector.clone()),
            wikidata: None,
            lat: None,
            lon: None,
            population: None,
            place_kind: None,
            capital_of: None,
        });
        for &mi in &g.absorbed {
            drop[mi] = true;
        }
        added.push(Mention {
            span: g.span,
            tokens: g.tokens,
            sentence: g.sentence,
            kind: rasd_mentions::MentionKind::Generic,
            entity: Some(entity),
            proclitics: g.proclitics,
        });
    }
    let mut k = 0;
    mentions.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    mentions.extend(added);
    mentions.sort_by_key(|m| (m.tokens.start, m.tokens.end));
}

/// Words after which a single tagged word is taken as a name.
const NAME_CUE_WORDS: [&str; 16] = [
    "السيد",
    "السيده",
    "الشيخ",
    "العقيد",
    "العميد",
    "اللواء",
    "الجنرال",
    "الدكتور",
    "المهندس",
    "الناشط",
    "الصحفي",
    "المواطن",
    "حركه",
    "جماعه",
    "منظمه",
    "شركه",
];

/// A generic noun in apposition before a person's name (`المعتقل الفلسطيني خليل عواودة`) describes
/// that person and is no other actor: it keeps its words (no trigger is read in them), without an
/// entity.
fn generic_titles_before_names(mentions: &mut [Mention], ents: &DocEntities<'static>) {
    for i in 0..mentions.len() {
        if mentions[i].kind != rasd_mentions::MentionKind::Generic || mentions[i].entity.is_none() {
            continue;
        }
        let end = mentions[i].tokens.end;
        // (Mentions are sorted by their first token.)
        let from = mentions.partition_point(|m| m.tokens.start < end);
        let person_next = mentions[from..]
            .iter()
            .take_while(|m| m.tokens.start == end)
            .any(|m| m.entity.is_some_and(|e| ents.entity(e).kind == EntityKind::Person));
        if person_next {
            mentions[i].entity = None;
        }
    }
}

/// Names the statistical tagger finds where the knowledge base found nothing become document
/// entities (kind from the tag, `name_en` a readable transliteration). The tagger never overrides
/// a knowledge-base mention: overlapping spans are skipped. MISC names are not kept as entities.
fn add_tagged_names(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    layout: &Layout,
    mentions: &mut Vec<Mention>,
    ents: &mut DocEntities<'static>,
) {
    let tagged = rasd_ner::Model::embedded().tag_tokens(text, tokens);
    if tagged.is_empty() {
        return;
    }
    let sentence_of = |tok: usize| sentences.partition_point(|s| s.tokens.end <= tok);
    // Spans of the resolved mentions by start, with the furthest end so far: whether a tagged
    // span overlaps one is a binary search, not a scan (linear work on long inputs).
    let mut resolved: Vec<(usize, usize)> = mentions.iter().filter(|m| m.entity.is_some()).map(|m| (m.span.start, m.span.end)).collect();
    resolved.sort_unstable();
    let mut max_end = Vec::with_capacity(resolved.len());
    for &(_, e) in &resolved {
        max_end.push(max_end.last().map_or(e, |&m: &usize| m.max(e)));
    }
    let overlaps_resolved = |span: Span| {
        let k = resolved.partition_point(|&(s, _)| s < span.end);
        k > 0 && max_end[k - 1] > span.start
    };
    let mut added = Vec::new();
    // Titles that the new people hold: (index of the title's mention, the person).
    let mut titled = Vec::new();
    for (span, ty) in tagged {
        let kind = match ty {
            rasd_ner::EntityType::Pers => EntityKind::Person,
            rasd_ner::EntityType::Org => EntityKind::Organization,
            rasd_ner::EntityType::Loc => EntityKind::Place,
            rasd_ner::EntityType::Misc => continue,
        };
        if !layout.kind_at(span.start).carries_mentions() || overlaps_resolved(span) {
            continue;
        }
        let first = tokens.partition_point(|t| t.span.end <= span.start);
        let end = tokens.partition_point(|t| t.span.start < span.end);
        if first >= end {
            continue;
        }
        let surface = &text[span.range()];
        let key = rasd_text::phrase_key(surface);
        // A name is a name: one or more words of letters, at least three letters long.
        if key.chars().filter(|c| c.is_alphabetic()).count() < 3 {
            continue;
        }
        // The tagger settles names the knowledge base held back as too ambiguous alone
        // (`الأسد` the man, not the lion): a knowledge-base entity of the tagged kind wins.
        let kind_fits = |k: EntityKind| match kind {
            EntityKind::Person => k == EntityKind::Person,
            EntityKind::Organization => matches!(k, EntityKind::Organization | EntityKind::Group),
            _ => k.is_place(),
        };
        let words: Vec<&str> = key.split(' ').collect();
        // (Only for people, or names of several words: a single word the tagger calls an organisation
        // or a place, `الجزيرة`, is as often the common noun.)
        let trust_kb = kind == EntityKind::Person || words.len() > 1;
        let known = trust_kb.then(|| rasd_text::clitics::readings(words[0])).into_iter().flatten().find_map(|r| {
            let k = std::iter::once(r.rest.as_str()).chain(words[1..].iter().copied()).collect::<Vec<_>>().join(" ");
            ents.kb.names(&k).iter().find(|h| kind_fits(ents.kb.entity(h.entity).kind)).map(|h| h.entity)
        });
        if let Some(e) = known {
            added.push(Mention {
                span,
                tokens: first..end,
                sentence: sentence_of(first),
                kind: rasd_mentions::MentionKind::Name,
                entity: Some(e),
                proclitics: Vec::new(),
            });
            continue;
        }
        // Unknown one-word people and organisations need a title or a cue before them
        // (`المتحدث باسم الجيش العقيد X`): alone, a single tagged word is too often a common noun.
        // Common nouns tagged as names (`زعيمان عربيان`, `نشطاء`): a word that mostly takes the
        // article in running text, or a function word, does not start a name.
        let w0 = words[0];
        let (bare, definite) = rasd_text::segment::word_counts(w0);
        if rasd_text::segment::is_function_word(w0) || (!w0.starts_with("ال") && definite >= 3 && definite >= bare) {
            continue;
        }
        let cue_before = first > 0 && NAME_CUE_WORDS.contains(&tokens[first - 1].key.as_str());
        if end - first == 1 && kind != EntityKind::Place && !cue_before {
            continue;
        }
        // A one-word place the knowledge base does not know is rarely an everyday word: `البحر`
        // (بحر is common), `الولايات`; and a verb form (`تعتبران`) is no place at all unless a
        // place cue comes first.
        if end - first == 1 && kind == EntityKind::Place {
            let bare_word = w0.strip_prefix("ال").filter(|b| b.chars().count() >= 3).unwrap_or(w0);
            let (common, _) = rasd_text::segment::word_counts(bare_word);
            let place_cue = first > 0
                && matches!(
                    tokens[first - 1].key.as_str(),
                    "في" | "مدينه" | "بلده" | "قريه" | "منطقه" | "بمدينه" | "محافظه" | "ولايه" | "اقليم"
                );
            let verb_like =
                !w0.starts_with("ال") && (w0.ends_with("ان") || w0.ends_with("ون")) && matches!(w0.chars().next(), Some('ت' | 'ي' | 'ن'));
            if !place_cue && (common >= 300 || verb_like) {
                continue;
            }
        }
        // A proclitic the tagger left on the name (`ونيكول سابا`, `بجامعة هوود`) is not part of it.
        let (span, proclitics) = match name_proclitic(w0) {
            Some(r) => {
                let off = rasd_text::normalize::orig_offset_after_key_chars(&text[tokens[first].span.range()], r.stripped_chars);
                (Span::new(tokens[first].span.start + off, span.end), r.proclitics)
            }
            None => (span, Vec::new()),
        };
        let surface = &text[span.range()];
        let key = rasd_text::phrase_key(surface);
        // A title before the name that the knowledge base gives no holder (`البرلماني البريطاني
        // المعارض، ديفيد كولتارت`) is this person's: it names him, and its country is his.
        let title = (kind == EntityKind::Person).then(|| rasd_mentions::unheld_title_before(ents.kb, mentions, tokens, first)).flatten();
        let country = title.and_then(|(_, c)| c).and_then(|c| ents.kb.entity(c).country.clone());
        let id = ents.add(Entity {
            id: format!("local:{}:{key}", kind.as_str()),
            name_en: rasd_text::translit::transliterate(surface),
            name_ar: surface.to_string(),
            kind,
            country,
            sector: None,
            wikidata: None,
            lat: None,
            lon: None,
            population: None,
            place_kind: None,
            capital_of: None,
        });
        if let Some((t, _)) = title {
            titled.push((t, id));
        }
        added.push(Mention {
            span,
            tokens: first..end,
            sentence: sentence_of(first),
            kind: rasd_mentions::MentionKind::Name,
            entity: Some(id),
            proclitics,
        });
    }
    for (t, id) in titled {
        mentions[t].entity = Some(id);
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.tokens.start, m.tokens.end));
    }
}

/// The proclitic reading of a tagged name's first word, when the word is a proclitic (`و`, `ف`, `ب`,
/// `ل`, `ك`) on a name rather than a name of its own (`وليد`, `فادي`, `بشار`, `لبنى` are names). The
/// word counts decide: the rest must be much more common than the whole word, and at least four
/// letters long (a three-letter rest only after `و`/`ف`, and twenty times as common); after `و`/`ف`,
/// which join the names of a list, an unknown whole word with a four-letter rest also counts.
fn name_proclitic(w0: &str) -> Option<rasd_text::clitics::Reading> {
    let count = |k: &str| {
        let (bare, definite) = rasd_text::segment::word_counts(k);
        u64::from(bare.max(definite))
    };
    let whole = count(w0);
    rasd_text::clitics::readings(w0).into_iter().skip(1).filter(|r| !r.proclitics.contains(&"س")).find(|r| {
        let len = r.rest.chars().count();
        let rest = count(&r.rest);
        let conj_only = r.proclitics.iter().all(|p| matches!(*p, "و" | "ف"));
        match len {
            0..=2 => false,
            3 => conj_only && whole * 20 < rest,
            _ => whole * 4 < rest || (conj_only && whole == 0),
        }
    })
}

/// An explicit full date in the lines above the body or the first body line (agency datelines).
fn top_explicit_date(text: &str, layout: &Layout) -> Option<Date> {
    for b in layout.blocks.iter().filter(|b| b.kind != rasd_text::BlockKind::Header).take(4) {
        let line = &text[b.span.range()];
        let head: String = line.chars().take(120).collect();
        if let Some(t) =
            rasd_time::find_times(&head, None).into_iter().find(|t| t.basis == DateBasis::Explicit && t.precision == Precision::Day)
        {
            return Some(t.start);
        }
    }
    None
}

impl Analysis {
    /// The knowledge base and this document's own entities.
    pub fn kb(&self) -> &DocEntities<'static> {
        &self.ents
    }
}
