#!/usr/bin/env python3
"""Slow clients of `rasd serve`'s POST /api/analyze (issue 22, item 2): peak server memory.

    python3 tools/bench/serve_slow_clients.py [--rasd target/release/rasd] [--clients 60]
                                              [--kib 250] [--hold 40] [--settle 15]

Ingests the serve test fixtures into a temporary database, starts `rasd serve` on a free
loopback port, then opens CLIENTS connections at once, each posting an analysis request of
about KIB KiB of Arabic text (reports with many actors, to make the response large) and then
not reading anything for HOLD seconds; the clients' receive buffers are made small, so that
the responses stay in the server. Samples the server's resident memory (VmRSS, /proc) every
0.2 s; prints the peak, the memory once the clients are gone, and the status line each client
finally received (200, 503 when all analysis slots were busy, 413 over the size bound, or none
when the server closed an idle connection first). Exits 1 when the peak is 300 MB or more.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SENTENCES = [
    "التقى الرئيس الروسي فلاديمير بوتين الرئيس التركي رجب طيب أردوغان في موسكو يوم الأحد، وبحث الجانبان أمن الحدود.",
    "واستقبل المشير خليفة حفتر وزير الخارجية الروسي سيرغي لافروف في بنغازي يوم الاثنين الماضي.",
    "وأعلن الرئيس الجزائري عبد المجيد تبون يوم الثلاثاء أن بلاده ستعزز التعاون العسكري مع مالي.",
    "واتهم الرئيس المالي عاصمي غويتا فرنسا يوم الأربعاء بدعم الجماعات المسلحة في شمال البلاد.",
]


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rasd", default=os.path.join(ROOT, "target/release/rasd"))
    ap.add_argument("--clients", type=int, default=60)
    ap.add_argument("--kib", type=int, default=250)
    ap.add_argument("--hold", type=float, default=40)
    ap.add_argument("--settle", type=float, default=15, help="seconds to wait after the clients left before reading RSS again")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp()
    db = os.path.join(tmp, "slow.db")
    fixtures = os.path.join(ROOT, "crates/rasd-serve/tests/fixtures/articles.jsonl")
    subprocess.run([args.rasd, "ingest", "--quiet", "--db", db, fixtures], check=True, stderr=subprocess.DEVNULL)
    server = subprocess.Popen([args.rasd, "serve", "--db", db, "--addr", "127.0.0.1:0"], stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    if not m:
        print(line, file=sys.stderr)
        server.kill()
        sys.exit(2)
    port = int(m.group(1))
    threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()

    text = ""
    i = 0
    while len(text.encode()) < args.kib * 1024:
        text += SENTENCES[i % len(SENTENCES)] + ("\n\n" if i % 3 == 2 else " ")
        i += 1
    while len(text.encode()) > args.kib * 1024:
        text = text[:-1]
    body = json.dumps({"text": text}, ensure_ascii=False).encode()
    head = (
        f"POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()

    base = rss_kb(server.pid)
    peak = [base]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_kb(server.pid))
            time.sleep(0.2)

    threading.Thread(target=sample, daemon=True).start()
    statuses = [None] * args.clients

    def client(k):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(head + body)
            time.sleep(args.hold)  # reads nothing meanwhile
            s.settimeout(5)
            first = s.recv(64).split(b"\r\n")[0].decode(errors="replace")
            statuses[k] = first or "closed by the server"
        except OSError as e:
            statuses[k] = f"error: {e.__class__.__name__}"
        finally:
            s.close()

    t0 = time.time()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    time.sleep(args.settle)
    after = rss_kb(server.pid)
    stop.set()
    server.terminate()
    server.wait()
    shutil.rmtree(tmp, ignore_errors=True)

    counts = {}
    for st in statuses:
        counts[st] = counts.get(st, 0) + 1
    print(f"{args.clients} clients, {len(body) / 1024:.0f} KiB bodies, each silent for {args.hold:.0f} s ({time.time() - t0:.0f} s in all)")
    print(f"server RSS: at start {base / 1024:.0f} MB, peak {peak[0] / 1024:.0f} MB, {args.settle:.0f} s after the clients left {after / 1024:.0f} MB")
    for st, c in sorted(counts.items(), key=lambda x: -x[1]):
        print(f"  {c:3d} × {st}")
    sys.exit(0 if peak[0] < 300 * 1024 else 1)


if __name__ == "__main__":
    main()
