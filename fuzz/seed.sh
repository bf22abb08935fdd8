#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/<target>/, not committed) from the repository's
# own fixtures — never from ../shared — plus a few hostile shapes written here.
set -euo pipefail
cd "$(dirname "$0")"
F=../tests/fixtures
for t in read_text read_jsonl read_html read_feed read_warc text_core analyze; do mkdir -p corpus/$t; done
cp $F/articles/*.txt $F/articles/edge/* corpus/read_text/
cp $F/articles/*.txt $F/articles/edge/*.txt corpus/text_core/
cp $F/articles/*.txt $F/articles/edge/*.txt corpus/analyze/
cp $F/articles/jsonl/*.jsonl corpus/read_jsonl/
cp $F/web/pages/*.html $F/web/broken/*.html corpus/read_html/
cp $F/web/feeds/* corpus/read_feed/
cp $F/web/warc/* corpus/read_warc/
# Small hostile shapes: nesting, a BOM, CRLF, gzip.
printf '%s' "$(printf '<div>%.0s' $(seq 1 700))<p>نص</p>" > corpus/read_html/deep.html
printf '\xef\xbb\xbf{"text":"نص"}\r\n{"text":"\\u0000"}\n' > corpus/read_jsonl/bom_crlf.jsonl
printf '<rss><channel><title>t</title><item><title>أ</title><description>%s</description></item></channel></rss>' "$(printf '&lt;b&gt;%.0s' $(seq 1 300))" > corpus/read_feed/nested.rss
gzip -c $F/articles/01_header_france_niger_withdrawal.txt > corpus/read_text/article.txt.gz
gzip -c $F/articles/jsonl/batch.jsonl > corpus/read_jsonl/batch.jsonl.gz
for t in corpus/*; do echo "$t: $(ls $t | wc -l) files"; done
