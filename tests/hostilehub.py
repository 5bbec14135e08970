#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""hostilehub.py - a Hub that attacks its client, for tests/cli_sync_hostile.sh (stdlib only).

The first path segment names the attack, so one server plays them all: the test sets
HF_ENDPOINT=http://127.0.0.1:PORT/<attack> and peat's requests arrive as
/<attack>/api/models?..., /<attack>/api/models/<id>, /<attack>/<id>/resolve/main/README.md.

A listing (`peat sync top`) has six models, h/m1 .. h/m6 by falling downloads, two a page,
linked with Link: <...>; rel="next" and a cursor. Page 1 is always well formed, so a sync
has stored something before the attack on page 2 (a later page for the loops):

  endless       page 2: a chunked JSON body that never ends, sent as fast as it is read
  huge          page 2: Content-Length 50 GiB, then bytes until the client hangs up
  bomb          page 2: a 2 MB gzip body (Content-Encoding: gzip) that inflates to 2 GiB
  loop          page 2: its next link is page 2 itself
  cursorloop    pages 2, 3, ...: the models of page 2 again, each page's cursor new
  badpage       page 2: a model, then an item that is not a model object (the page is refused)
  badfirst      page 1: the same
  escape-ids    page 2: between its two models, records whose ids hold ESC, OSC 52
                (clipboard), CSI 2J, BEL, CR and U+202E, and one whose author holds OSC 0
  escape-error  page 2: HTTP 400 with escape sequences in X-Error-Code and X-Error-Message
  redirect-file, redirect-ftp, redirect-js
                page 1: a 302 to file:///etc/passwd, an ftp:// URL, a javascript: URL
  redirect-host page 1: a 302 to the same page on http://localhost:PORT (another host
                name for this server, its attack "ok"); its next link stays there
  badretry      page 1: HTTP 503 twice, first with Retry-After: nan and RateLimit t=inf,
                then with Retry-After: -1 and RateLimit t=-5; then the page
  ok            no attack

Under escape-ids the information of the model h/bad-author has the same author as in
the listing. The endless, huge and bomb bodies are also served as the information of a model whose
name ends in /info (/<attack>/api/models/h/info) and as every card
(/<attack>/ID/resolve/main/README.md), for `peat sync model` and `peat sync cards`. GET /__control?heal=1 stops every attack (the pages are then all well formed, for
--resume); /__control?heal=0 starts them again.

It binds 127.0.0.1 on a free port and writes the port to --port-file once it listens.
Each request is appended to --log as: METHOD<TAB>Host<TAB>path?query<TAB>Authorization.
"""
import argparse
import base64
import json
import socket
import struct
import threading
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODELS = [{"id": "h/m%d" % i, "author": "h", "downloads": 1000 - i, "likes": 7 - i,
           "tags": ["region:us"], "library_name": "transformers"} for i in range(1, 7)]
PAGE = 2
ESCAPE_IDS = ["h/\x1b]52;c;cHduZWQ=\x07clip", "h/\x1b[2Jclear", "h/back\b\b\b\bover\r", "h/rtl\u202egnp.exe"]
_bomb = None
_bomb_lock = threading.Lock()


def gzip_bomb():
    """2 MB of gzip that inflates to 2 GiB of zeros: 2048 copies of one deflate block of
    1 MiB (a full flush makes each block independent of the ones before)."""
    global _bomb
    with _bomb_lock:
        if _bomb is None:
            zeros = bytes(1 << 20)
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            block = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
            crc = 0
            for _ in range(2048):
                crc = zlib.crc32(zeros, crc)
            _bomb = (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + block * 2048 + b"\x03\x00" +
                     struct.pack("<II", crc, (2048 << 20) & 0xFFFFFFFF))
        return _bomb


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "hostilehub/1"

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        super().setup()
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def record(self):
        if not self.server.log_path:
            return
        line = "\t".join([self.command, self.headers.get("Host", ""), self.path,
                          self.headers.get("Authorization", "")])
        with self.server.lock:
            with open(self.server.log_path, "a", encoding="utf-8") as f:
                f.write(line + "\n")

    def send(self, status, body, headers=(), ctype="application/json; charset=utf-8"):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def healed(self):
        with self.server.lock:
            return self.server.heal

    def count(self, key):
        with self.server.lock:
            n = self.server.seen.get(key, 0)
            self.server.seen[key] = n + 1
            return n

    # ---- the three bodies that never fit ----
    def endless(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        piece = b'{"id":"h/endless","downloads":1},' * 2000
        chunk = b"%x\r\n%s\r\n" % (len(piece), piece)
        try:
            self.wfile.write(b"1\r\n[\r\n")
            while True:
                self.wfile.write(chunk)
        except OSError:
            pass  # the client hung up, as it should
        self.close_connection = True

    def huge(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(50 << 30))
        self.end_headers()
        piece = b'{"id":"h/huge"},' * 4096
        try:
            self.wfile.write(b"[")
            while True:
                self.wfile.write(piece)
        except OSError:
            pass
        self.close_connection = True

    def bomb(self):
        body = gzip_bomb()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass
        self.close_connection = True

    def big_body(self, attack):
        return {"endless": self.endless, "huge": self.huge, "bomb": self.bomb}.get(attack)

    # ---- routing ----
    def do_GET(self):
        self.record()
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        path = urllib.parse.unquote(url.path)
        if path == "/__control":
            with self.server.lock:
                if "heal" in query:
                    self.server.heal = query["heal"][-1] == "1"
            return self.send(200, "ok\n", ctype="text/plain")
        attack, _, rest = path[1:].partition("/")
        if self.healed():
            attack = "ok"
        if rest == "api/models":
            return self.listing(attack, query)
        if rest.startswith("api/models/"):
            return self.model(attack, rest[len("api/models/"):])
        if "/resolve/" in rest:
            return self.card(attack, rest.partition("/resolve/")[0])
        self.send(404, json.dumps({"error": "no such page"}), headers=[("X-Error-Code", "EntryNotFound")])

    def next_link(self, query, cursor, host=None, lap=0):
        args = [(k, v) for k, vals in query.items() if k != "cursor" for v in vals]
        args.append(("cursor", base64.urlsafe_b64encode(json.dumps({"p": cursor, "lap": lap}).encode()).decode()))
        host = host or self.headers.get("Host")
        base = urllib.parse.urlsplit(self.path).path
        return '<http://%s%s?%s>; rel="next"' % (host, base, urllib.parse.urlencode(args))

    def listing(self, attack, query):
        cursor = (query.get("cursor") or [""])[-1]
        state = json.loads(base64.urlsafe_b64decode(cursor.encode())) if cursor else {"p": 0, "lap": 0}
        page = state["p"]
        port = self.server.server_address[1]
        if page == 0 and attack.startswith("redirect-"):
            target = {
                "redirect-file": "file:///etc/passwd",
                "redirect-ftp": "ftp://127.0.0.1:%d/api/models" % port,
                "redirect-js": "javascript:alert(1)",
                "redirect-host": "http://localhost:%d/ok/api/models?%s" % (port, urllib.parse.urlsplit(self.path).query),
            }[attack]
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if page == 0 and attack == "badretry":
            bad = [[("Retry-After", "nan"), ("RateLimit", '"api";r=0;t=inf')],
                   [("Retry-After", "-1"), ("RateLimit", '"api";r=0;t=-5')]]
            n = self.count("badretry")
            if n < len(bad):
                return self.send(503, json.dumps({"error": "Service Unavailable"}), headers=bad[n])
        if page >= 1:
            body = self.big_body(attack)
            if body:
                return body()
            if attack == "escape-error":
                return self.send(400, json.dumps({"error": "\x1b[2J\x1b]0;owned\x07"}),
                                 headers=[("X-Error-Code", "Bad\x1b]0;owned\x07Request"),
                                          ("X-Error-Message", "\x1b[2J\x1b[31mred\rgone")])
        items = MODELS[PAGE * page:PAGE * page + PAGE]
        if attack == "cursorloop" and page >= 1:
            items = MODELS[PAGE:2 * PAGE]
        if (attack == "badpage" and page == 1) or (attack == "badfirst" and page == 0):
            items = items[:1] + [42]
        if attack == "escape-ids" and page == 1:
            items = (items[:1] + [{"id": i, "author": "h", "downloads": 5, "likes": 0} for i in ESCAPE_IDS] +
                     [{"id": "h/bad-author", "author": "h\x1b]0;owned\x07", "downloads": 4, "likes": 0}] + items[1:])
        headers = []
        if attack == "loop" and page == 1:
            headers.append(("Link", '<http://%s%s>; rel="next"' % (self.headers.get("Host"), self.path)))
        elif attack == "cursorloop" and page >= 1:
            # a new cursor each time, for the page after page 2 (where a
            # healed Hub goes on)
            headers.append(("Link", self.next_link(query, 2, lap=state["lap"] + 1)))
        elif PAGE * page + PAGE < len(MODELS):
            headers.append(("Link", self.next_link(query, page + 1)))
        self.send(200, json.dumps(items), headers=headers)

    def model(self, attack, model_id):
        body = self.big_body(attack)
        if body and model_id.endswith("/info"):
            return body()
        rec = {"id": model_id, "author": model_id.split("/")[0], "downloads": 3, "likes": 1,
               "tags": ["region:us"], "sha": "0" * 40}
        if attack == "escape-ids" and model_id == "h/bad-author":
            rec["author"] = "h\x1b]0;owned\x07"
        self.send(200, json.dumps(rec))

    def card(self, attack, model_id):
        body = self.big_body(attack)
        if body:
            return body()
        self.send(200, "# %s\n\nA card.\n" % model_id, headers=[("ETag", '"c1"')],
                  ctype="text/markdown; charset=utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log")
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.lock = threading.Lock()
    server.log_path = args.log
    server.heal = False
    server.seen = {}
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
