//! `/openapi.json`: the API described in OpenAPI 3.1. Every route of [`crate::api::ROUTES`] is
//! here and nothing else (a test checks both ways).

use serde_json::{Value, json};

fn q(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

fn filter_params() -> Vec<Value> {
    vec![
        q(
            "actor",
            "An actor: entity id, English or Arabic name, short name or role phrase. Repeat for events involving all of them (at most 5).",
            json!({"type": "string"}),
        ),
        q(
            "type",
            "A PLOVER type (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT). Repeat it, or separate types with commas, for events of any of them.",
            json!({"type": "string"}),
        ),
        q(
            "modality",
            "asserted, reported, future, hedged, hypothetical or negated: events of any of the given modalities (repeat or separate with commas). Without it, every modality; `modality=asserted,reported` keeps what the reports say happened.",
            json!({"type": "string", "example": "asserted,reported"}),
        ),
        q(
            "country",
            "ISO 3166-1 alpha-3: an actor of that country or a place in it. Repeat it (or separate codes with commas) for events involving every one of them (at most 10).",
            json!({"type": "string", "pattern": "^[A-Za-z]{3}$"}),
        ),
        q("from", "Events whose date interval ends on or after this day.", json!({"type": "string", "format": "date"})),
        q("to", "Events whose date interval starts on or before this day.", json!({"type": "string", "format": "date"})),
        q(
            "near",
            "LAT,LON,KM: events placed (site, city or region) within KM of the point. KM is bounded by the server (see /api/stats limits.max_near_km).",
            json!({"type": "string", "example": "16.27,-0.04,200"}),
        ),
        q(
            "text",
            "Words that must all occur in an evidence sentence (normalised Arabic; clitics and harakat ignored).",
            json!({"type": "string"}),
        ),
        q("source", "An outlet, or part of its name (`%` and `_` match themselves).", json!({"type": "string"})),
    ]
}

fn sort_params() -> Vec<Value> {
    vec![
        q(
            "sort",
            "The column to order by: date (the first day; undated events last), type, modality, reports (documents merged) or confidence.",
            json!({"type": "string", "enum": ["date", "type", "modality", "reports", "confidence"], "default": "date"}),
        ),
        q(
            "order",
            "asc or desc. Default: desc for date, reports and confidence (newest, most reported, most confident first), asc for type and modality.",
            json!({"type": "string", "enum": ["asc", "desc"]}),
        ),
    ]
}

fn page_params(default: usize) -> Vec<Value> {
    vec![
        q(
            "limit",
            "Rows per page; clamped to the server's cap (limits.max_page).",
            json!({"type": "integer", "minimum": 0, "default": default}),
        ),
        q("offset", "Rows to skip (bounded by limits.max_offset).", json!({"type": "integer", "minimum": 0, "default": 0})),
    ]
}

fn path_id(description: &str) -> Value {
    json!({"name": "id", "in": "path", "required": true, "description": description, "schema": {"type": "string"}})
}

fn ok(schema: &str, description: &str) -> Value {
    json!({
        "200": {"description": description, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}},
        "400": {"$ref": "#/components/responses/BadRequest"},
        "503": {"$ref": "#/components/responses/TooSlow"}
    })
}

fn with_404(mut v: Value) -> Value {
    v["404"] = json!({"$ref": "#/components/responses/NotFound"});
    v
}

fn cat(parts: Vec<Vec<Value>>) -> Vec<Value> {
    parts.into_iter().flatten().collect()
}

pub fn document() -> Value {
    let top = |d: usize| q("top", "How many (bounded by limits.max_top).", json!({"type": "integer", "minimum": 0, "default": d}));
    let actor_ref = json!({"type": "object", "properties": {
        "id": {"type": "string"}, "name_en": {"type": "string"}, "name_ar": {"type": "string"},
        "kind": {"type": "string", "enum": ["person", "organization", "country", "place", "region", "group"]},
        "country": {"type": ["string", "null"], "description": "ISO 3166-1 alpha-3"}}});
    let place_ref = json!({"type": "object", "properties": {
        "id": {"type": "string"}, "name_en": {"type": "string"}, "name_ar": {"type": "string"}, "country": {"type": ["string", "null"]},
        "lat": {"type": ["number", "null"]}, "lon": {"type": ["number", "null"]},
        "precision": {"type": ["string", "null"], "enum": ["site", "city", "region", "country", null]}}});
    let span = |extra: Value| {
        let mut p = json!({"start": {"type": "integer", "description": "UTF-8 byte offset into the text"}, "end": {"type": "integer"}});
        if let (Some(p), Some(e)) = (p.as_object_mut(), extra.as_object()) {
            p.extend(e.clone());
        }
        json!({"type": "object", "properties": p})
    };
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "rasd API",
            "version": rasd_pipeline::report::RASD_VERSION,
            "description": "Read-only access to a rasd event database: merged PLOVER events with filters and pagination, entities, the actor network, timelines, places, documents with their highlighted spans, full-text search; and analysis of a pasted article (stored only when the server runs with --allow-writes and the request asks for it). Every span is a UTF-8 byte range into the document text. Errors are {\"error\": \"…\"}.",
            "license": {"name": "MIT OR Apache-2.0"}
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/stats": {"get": {"summary": "What the database holds, whether writes are allowed, and the server's limits.", "responses": ok("Stats", "Counts and limits")}},
            "/api/events": {"get": {"summary": "Merged events, newest first unless `sort`/`order` say otherwise (undated last), filtered and paged.", "parameters": cat(vec![filter_params(), sort_params(), page_params(50)]), "responses": ok("EventPage", "A page of events")}},
            "/api/events/{id}": {"get": {"summary": "One merged event with every report (per-document event), its outlet and evidence sentences.", "parameters": [path_id("The merged event's id")], "responses": with_404(ok("EventDetail", "The event"))}},
            "/api/entities/{id}": {"get": {"summary": "An entity with its counts and a page of its events.", "parameters": cat(vec![vec![path_id("The entity id (as in the coding)")], page_params(50)]), "responses": with_404(ok("EntityDetail", "The entity"))}},
            "/api/actors": {"get": {"summary": "Actors by number of matching merged events (the filter's own actors are left out: actor=X&type=CONSULT answers who met X most).", "parameters": cat(vec![filter_params(), vec![top(20)]]), "responses": ok("Actors", "Actors, most events first")}},
            "/api/counterparts": {"get": {"summary": "The counterparts of the chosen actor(s) (actor is required) in the matching events, most events first: per type, per month (YYYY-MM), how often the counterpart was the source, and the latest event (id, start date).", "parameters": cat(vec![filter_params(), vec![top(30)]]), "responses": ok("Counterparts", "Counterparts, most events with the chosen actor first")}},
            "/api/resolve": {"get": {"summary": "Entities a name resolves to (the same resolution the actor filter uses), at most 20.", "parameters": [{"name": "q", "in": "query", "required": true, "schema": {"type": "string"}}], "responses": ok("Matches", "Matching entities")}},
            "/api/graph": {"get": {"summary": "The actor network of the matching events: the chosen actors and the top others by events (counted over the matching events: with an actor filter, events with that actor) and the directed edges between them, weighted by events, per type.", "parameters": cat(vec![filter_params(), vec![top(100), q("min_ties", "Leave out pairs with fewer events than this (and actors left without a pair, except the chosen ones).", json!({"type": "integer", "minimum": 1, "default": 1}))]]), "responses": ok("Graph", "Nodes and edges")}},
            "/api/timeline": {"get": {"summary": "Matching events counted per week (Monday) or month of their start date, per type.", "parameters": cat(vec![filter_params(), vec![q("bucket", "week or month", json!({"type": "string", "enum": ["week", "month"], "default": "week"}))]]), "responses": ok("Timeline", "Buckets in date order")}},
            "/api/places": {"get": {"summary": "Places of matching events with coordinates, most events first.", "parameters": cat(vec![filter_params(), vec![top(200)]]), "responses": ok("Places", "Places")}},
            "/api/documents/{id}": {"get": {"summary": "A stored article: its text with entity mentions, time expressions and each event's evidence sentence and trigger, as byte spans.", "parameters": [path_id("The document's row id or document id")], "responses": with_404(ok("Article", "The article view"))}},
            "/api/search": {"get": {"summary": "Full-text search over stored articles (every word must occur; normalised Arabic).", "parameters": cat(vec![vec![json!({"name": "q", "in": "query", "required": true, "schema": {"type": "string"}})], page_params(20)]), "responses": ok("SearchPage", "Hits, best first")}},
            "/api/export": {"get": {
                "summary": "The matching merged events as a file, streamed: csv (rasd's flat table), jsonl (one event with its reports and evidence per line), geojson (a FeatureCollection of the events placed at city or site precision), acled (ACLED's columns, for the types ACLED codes), polecat (POLECAT's tab-separated columns). The earliest limits.max_export events by date; X-Rasd-Total and X-Rasd-Exported say how many matched and how many are sent. An export that fails or runs past limits.export_time_ms after it started is aborted, never cut short silently.",
                "parameters": cat(vec![vec![json!({"name": "format", "in": "query", "required": true, "schema": {"type": "string", "enum": crate::export::FORMATS}})], filter_params()]),
                "responses": {
                    "200": {"description": "The file (Content-Disposition: attachment)",
                        "headers": {"X-Rasd-Total": {"schema": {"type": "integer"}, "description": "Events matching the filters"}, "X-Rasd-Exported": {"schema": {"type": "integer"}, "description": "Events written (at most limits.max_export)"}},
                        "content": {"text/csv": {}, "application/x-ndjson": {}, "application/geo+json": {}, "text/tab-separated-values": {}}},
                    "400": {"$ref": "#/components/responses/BadRequest"},
                    "503": {"$ref": "#/components/responses/TooSlow"}
                }}},
            "/api/analyze": {"post": {
                "summary": "Analyse an Arabic article. Nothing is stored unless `store` is true and the server runs with --allow-writes (else 403).",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AnalyzeRequest"}}}},
                "responses": {
                    "200": {"description": "The coding and the article view", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AnalyzeResult"}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"},
                    "403": {"description": "store was asked of a read-only server", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                    "413": {"description": "The body is larger than the server allows (max_body in /api/stats), or the text longer than max_analyze_bytes"},
                    "415": {"description": "The body is not application/json"},
                    "503": {"description": "analyze_in_flight analyses are in progress or still being sent; try again shortly", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }}},
            "/openapi.json": {"get": {"summary": "This document.", "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}}}}
        },
        "components": {
            "responses": {
                "BadRequest": {"description": "A parameter is unknown or invalid (the message names it)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "NotFound": {"description": "No such item", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "TooSlow": {"description": "The query ran past the server's time bound (limits.query_time_ms)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            },
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
                "ActorRef": actor_ref,
                "PlaceRef": place_ref,
                "Toll": {"type": "object", "description": "A casualty figure: the count, and whether it is exact (false for a lower bound: at least, more than, dozens)", "properties": {"count": {"type": "integer", "minimum": 0}, "exact": {"type": "boolean"}}},
                "StatedToll": span(json!({"count": {"type": "integer", "minimum": 0}, "exact": {"type": "boolean"}, "text": {"type": "string", "description": "The figure's words"}})),
                "Stats": {"type": "object", "properties": {
                    "version": {"type": "string"}, "documents": {"type": "integer"}, "sources": {"type": "integer"}, "entities": {"type": "integer"},
                    "events": {"type": "integer"}, "merged_events": {"type": "integer"}, "writes": {"type": "boolean"}, "max_body": {"type": "integer"}, "max_analyze_bytes": {"type": "integer"}, "analyze_in_flight": {"type": "integer"},
                    "dated_from": {"type": ["string", "null"], "description": "The earliest start date of an asserted or reported event"}, "dense_from": {"type": ["string", "null"], "description": "The 5th percentile of those dates: where the dense period starts"}, "dated_to": {"type": ["string", "null"]},
                    "limits": {"type": "object", "properties": {"max_page": {"type": "integer"}, "max_offset": {"type": "integer"}, "max_near_km": {"type": "number"}, "query_time_ms": {"type": "integer"}, "max_top": {"type": "integer"}, "max_export": {"type": "integer"}, "export_time_ms": {"type": "integer"}}}}},
                "EventSummary": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "key": {"type": "string"}, "type": {"type": "string"}, "mode": {"type": ["string", "null"]},
                    "date_start": {"type": ["string", "null"], "format": "date"}, "date_end": {"type": ["string", "null"], "format": "date"}, "date_precision": {"type": ["string", "null"]},
                    "source": {"type": "array", "items": {"$ref": "#/components/schemas/ActorRef"}}, "target": {"type": "array", "items": {"$ref": "#/components/schemas/ActorRef"}},
                    "location": {"oneOf": [{"$ref": "#/components/schemas/PlaceRef"}, {"type": "null"}]},
                    "modality": {"type": "string"}, "confidence": {"type": "number"}, "events": {"type": "integer"}, "documents": {"type": "integer"},
                    "n_sources": {"type": "integer"}, "mentions": {"type": "integer"}, "sources": {"type": "array", "items": {"type": "string"}},
                    "first_published": {"type": ["string", "null"]}, "last_published": {"type": ["string", "null"]},
                    "fatalities": {"description": "Killed: the figure of the latest report that gives one; null when none does", "oneOf": [{"$ref": "#/components/schemas/Toll"}, {"type": "null"}]},
                    "injured": {"description": "Injured, by the same rule", "oneOf": [{"$ref": "#/components/schemas/Toll"}, {"type": "null"}]}}},
                "EventPage": {"type": "object", "properties": {"total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"}, "events": {"type": "array", "items": {"$ref": "#/components/schemas/EventSummary"}}}},
                "Evidence": span(json!({"sentence": {"type": "integer"}, "text": {"type": "string"}, "trigger": {"type": "string"}, "trigger_start": {"type": "integer"}, "trigger_end": {"type": "integer"}})),
                "EventDetail": {"allOf": [{"$ref": "#/components/schemas/EventSummary"}, {"type": "object", "properties": {"members": {"type": "array", "items": {"type": "object", "properties": {
                    "event_id": {"type": "integer"}, "coding_id": {"type": "string"},
                    "document": {"type": "object", "properties": {"id": {"type": "integer"}, "doc_id": {"type": "string"}, "path": {"type": "string"}, "title": {"type": ["string", "null"]}, "published": {"type": ["string", "null"]}, "source": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]}}},
                    "date_text": {"type": ["string", "null"]}, "date_basis": {"type": ["string", "null"]}, "modality": {"type": "string"}, "rule": {"type": "string"},
                    "reported_by": {"type": "array", "items": {"$ref": "#/components/schemas/ActorRef"}},
                    "fatalities": {"oneOf": [{"$ref": "#/components/schemas/StatedToll"}, {"type": "null"}]}, "injured": {"oneOf": [{"$ref": "#/components/schemas/StatedToll"}, {"type": "null"}]},
                    "evidence": {"type": "array", "items": {"$ref": "#/components/schemas/Evidence"}}}}}}}]},
                "EntityDetail": {"type": "object", "properties": {"entity": {"$ref": "#/components/schemas/ActorRef"}, "lat": {"type": ["number", "null"]}, "lon": {"type": ["number", "null"]}, "mentions": {"type": "integer"}, "documents": {"type": "integer"}, "events_total": {"type": "integer"}, "events": {"type": "array", "items": {"$ref": "#/components/schemas/EventSummary"}}}},
                "ActorCount": {"type": "object", "properties": {"actor": {"$ref": "#/components/schemas/ActorRef"}, "events": {"type": "integer"}, "documents": {"type": "integer"}}},
                "Actors": {"type": "object", "properties": {"actors": {"type": "array", "items": {"$ref": "#/components/schemas/ActorCount"}}}},
                "Counterparts": {"type": "object", "properties": {
                    "actors": {"type": "array", "items": {"type": "string"}},
                    "counterparts": {"type": "array", "items": {"type": "object", "properties": {
                        "actor": {"$ref": "#/components/schemas/ActorRef"}, "events": {"type": "integer"}, "as_source": {"type": "integer"},
                        "types": {"type": "object", "additionalProperties": {"type": "integer"}}, "months": {"type": "object", "additionalProperties": {"type": "integer"}},
                        "latest": {"type": ["array", "null"], "description": "[event id, start date or null]"}}}}}},
                "Matches": {"type": "object", "properties": {"matches": {"type": "array", "items": {"$ref": "#/components/schemas/ActorRef"}}}},
                "Graph": {"type": "object", "properties": {
                    "nodes": {"type": "array", "items": {"$ref": "#/components/schemas/ActorCount"}},
                    "edges": {"type": "array", "items": {"type": "object", "properties": {"source": {"type": "string"}, "target": {"type": "string"}, "events": {"type": "integer"}, "types": {"type": "object", "additionalProperties": {"type": "integer"}}}}},
                    "total_nodes": {"type": "integer"}, "focus": {"type": "array", "items": {"type": "string"}}}},
                "Timeline": {"type": "object", "properties": {"bucket": {"type": "string", "enum": ["week", "month"]}, "undated": {"type": "integer"},
                    "buckets": {"type": "array", "items": {"type": "object", "properties": {"start": {"type": "string", "format": "date"}, "events": {"type": "integer"}, "types": {"type": "object", "additionalProperties": {"type": "integer"}}}}}}},
                "Places": {"type": "object", "properties": {"places": {"type": "array", "items": {"type": "object", "properties": {"place": {"$ref": "#/components/schemas/PlaceRef"}, "events": {"type": "integer"}, "types": {"type": "object", "additionalProperties": {"type": "integer"}}}}}}},
                "Article": {"type": "object", "properties": {
                    "document": {"type": "object", "properties": {"id": {"type": ["integer", "null"]}, "doc_id": {"type": "string"}, "title": {"type": ["string", "null"]}, "published": {"type": ["string", "null"]}, "source": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]}, "language": {"type": ["string", "null"]}}},
                    "text": {"type": "string", "description": "The document text; render it as text, never as HTML"},
                    "entities": {"type": "array", "items": span(json!({"entity": {"type": "string"}, "name_en": {"type": "string"}, "name_ar": {"type": "string"}, "kind": {"type": "string"}, "country": {"type": ["string", "null"]}}))},
                    "times": {"type": "array", "items": span(json!({"date_start": {"type": "string"}, "date_end": {"type": "string"}, "precision": {"type": "string"}}))},
                    "events": {"type": "array", "items": {"type": "object", "properties": {
                        "coding_id": {"type": "string"}, "merged": {"type": ["integer", "null"]}, "type": {"type": "string"}, "mode": {"type": ["string", "null"]}, "modality": {"type": "string"},
                        "source": {"type": "array", "items": {"type": "object"}}, "target": {"type": "array", "items": {"type": "object"}},
                        "date": {"type": ["object", "null"]}, "location": {"type": ["object", "null"]},
                        "fatalities": {"oneOf": [{"$ref": "#/components/schemas/StatedToll"}, {"type": "null"}]}, "injured": {"oneOf": [{"$ref": "#/components/schemas/StatedToll"}, {"type": "null"}]},
                        "evidence": {"type": "array", "items": span(json!({"sentence": {"type": "integer"}, "trigger_start": {"type": "integer"}, "trigger_end": {"type": "integer"}}))}}}},
                    "dropped_spans": {"type": "integer"}}},
                "SearchPage": {"type": "object", "properties": {"total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
                    "hits": {"type": "array", "items": {"type": "object", "properties": {"document": {"type": "object"}, "score": {"type": "number"}, "snippet": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"}}}}}},
                "AnalyzeRequest": {"type": "object", "required": ["text"], "additionalProperties": false, "properties": {
                    "text": {"type": "string", "description": "The article (Arabic); an optional `key: value` header block and newspaper layout are read as by `rasd analyze`"},
                    "title": {"type": ["string", "null"]}, "published": {"type": ["string", "null"], "format": "date"}, "source": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]},
                    "store": {"type": "boolean", "default": false}}},
                "AnalyzeResult": {"type": "object", "properties": {
                    "coding": {"type": "object", "description": "The JSON output contract (rasd analyze --format json)"},
                    "article": {"$ref": "#/components/schemas/Article"},
                    "stored": {"type": ["object", "null"], "properties": {"document": {"type": ["integer", "null"]}, "new": {"type": "boolean"}, "events": {"type": "integer"}, "merged_events": {"type": "integer"}}}}}
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_documented_and_nothing_else() {
        let doc = document();
        let paths = doc["paths"].as_object().unwrap();
        for (method, path) in crate::api::ROUTES {
            assert!(paths.get(*path).and_then(|p| p.get(*method)).is_some(), "{method} {path} is not in /openapi.json");
        }
        for (path, ops) in paths {
            for method in ops.as_object().unwrap().keys() {
                assert!(
                    crate::api::ROUTES.contains(&(method.as_str(), path.as_str())),
                    "/openapi.json documents {method} {path}, which is not routed"
                );
            }
        }
        // Every $ref points at a defined component.
        fn refs(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    if let Some(Value::String(r)) = m.get("$ref") {
                        out.push(r.clone());
                    }
                    m.values().for_each(|x| refs(x, out));
                }
                Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
                _ => {}
            }
        }
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(!all.is_empty());
        for r in all {
            let parts: Vec<&str> = r.trim_start_matches("#/").split('/').collect();
            let mut v = &doc;
            for p in &parts {
                v = &v[*p];
            }
            assert!(!v.is_null(), "dangling $ref {r}");
        }
    }
}
