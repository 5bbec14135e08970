#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""fakehub.py - a fake Hugging Face Hub for peat's sync tests (standard library only).

Serves, in the Hub's wire format, the models of a JSON-lines file of /api/models records
and their cards from a folder laid out as <org>/<name>/README.md (and, with --edges, the
lineage of a parent,child,relation CSV such as hub-2025-04/edges.csv):

  GET /api/models?sort=&limit=&filter=&expand=&search=&author=&full=&cursor=
        listings, paginated with a Link: <...>; rel="next" header and an opaque cursor
  GET /api/models/<id>[?expand=...]     one model (expand=baseModels, childrenModelCount)
  GET /<id>/resolve/main/README.md      its card, with ETag / X-Repo-Commit, 304 on If-None-Match

Lineage is what the records' base_model:<relation>:<parent> tags say. --edges adds the
children the CSV names that have no record: each is served as a stub record (its id and
the base_model tags of its edges) in children listings (a filter=base_model:... listing),
as one model's information, and in its parents' childrenModelCount, so a children listing
always agrees with the counts. A listing without a base_model filter (a ranking) serves
only the full records: a stub has no numbers to rank by.

It binds 127.0.0.1 on a free port and writes the port to --port-file once it listens.
Every request is appended to --log as one line: METHOD<TAB>path?query<TAB>Authorization
header<TAB>User-Agent header.

Faults, for the tests:
  - model ids under fault/ answer both /api/models/<id> and the card URL (the model
    information only, from rate-limited-2 to plain-404) with:
      fault/gated 403 GatedRepo; fault/missing 404 RepoNotFound;
      fault/rate-limited 429 with RateLimit "api";r=0;t=1 once, then OK;
      fault/retry-after 429 with Retry-After: 1 once, then OK;
      fault/flaky 500 once, then OK; fault/broken 503 (Retry-After: 0) always;
      fault/slow a body dribbled out in pieces; fault/stall-once (model info only) headers,
      then silence for 5 s, once; fault/truncated a Content-Length larger than the body
      sent, then the connection closed, once; fault/badjson 200 with malformed JSON;
      fault/rate-limited-2 429 with RateLimit t=2 once; fault/rate-limited-long 429 with
      RateLimit t=400 always; fault/retry-date 429 with Retry-After as an HTTP date 4 s
      ahead, once; fault/retry-date-far the same 1000 s ahead, always;
      fault/dribble-once the body at 2 bytes a second, once; fault/plain-404 a 404 with
      neither X-Error-Code nor X-Error-Message, only a JSON "error" in its body;
      fault/token-refused 401 "Invalid credentials" (no X-Error-Code) after 0.3 s, until
      heal=1.
  - faults of the card only (the model information answers normally):
      fault/gated-card 403 GatedRepo; fault/disabled-card 403 DisabledRepo;
      fault/gone-card 404 RepoNotFound; fault/norev-card 404 RevisionNotFound;
      fault/token-refused-card 401 "Invalid credentials" (no X-Error-Code);
      fault/config-redirect a 302 to the model's /resolve/main/config.json;
      fault/foreign-redirect a 302 to the same card on http://localhost:<port> (another
      host name for this server), served under /__elsewhere/.
  - old-org/renamed answers 307 with a relative Location to new-org/renamed.
  - GET /__stats answers {"config_json": N}: the requests of any config.json so far.
  - GET /__control?key=value&... sets listing faults (and reset=1 forgets the "once" faults):
      page_size=N (largest page), fail_after_page=N (later pages: 503 Retry-After: 0),
      dup=1 (each page repeats the previous page's last item), badjson_page=N,
      page_delay=SECONDS (before each page), heal=1 (fault/broken answers normally),
      foreign_link=1 (the next-page link names another host).
  - --cassette FILE (a VCR YAML cassette; needs PyYAML) replays its recorded responses for
    their paths, e.g. the 307 of /api/models/bert-base-uncased and the renamed model's body.
"""
import argparse
import base64
import email.utils
import hashlib
import json
import os
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RELATIONS = ("finetune", "adapter", "quantized", "merge")
LISTING_DEFAULT = ("_id", "id", "modelId", "author", "likes", "downloads", "trendingScore", "private",
                   "tags", "pipeline_tag", "library_name", "createdAt")
EXPANDABLE = {"author", "cardData", "config", "createdAt", "disabled", "downloads", "downloadsAllTime",
              "gated", "lastModified", "library_name", "likes", "pipeline_tag", "private", "safetensors",
              "sha", "siblings", "spaces", "tags", "trendingScore", "usedStorage"}
INFO_ONLY = {"baseModels", "childrenModelCount"}
SORTS = {"downloads", "likes", "trendingScore", "createdAt", "lastModified"}
# Faults of the model information only (its card answers normally).
INFO_FAULTS = {"rate-limited-2", "rate-limited-long", "retry-date", "retry-date-far", "dribble-once", "plain-404"}


class Hub:
    def __init__(self, models_path, cards_dir, cassette, edges_path=None):
        self.records = []
        self.by_id = {}
        with open(models_path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rec = json.loads(line)
                    rid = rec.get("id") or rec.get("modelId")
                    if rid in self.by_id:
                        continue
                    self.records.append(rec)
                    self.by_id[rid] = rec
        self.stubs = load_stubs(edges_path, self.by_id) if edges_path else []
        for stub in self.stubs:
            self.by_id[stub["id"]] = stub
        self.cards_dir = cards_dir
        self.children = {}  # parent id -> {relation: count}
        self.tagged = {}    # tag -> records and stubs with it, in listing order
        for rec in self.records + self.stubs:
            for parent, rel in parents_of(rec):
                counts = self.children.setdefault(parent, {})
                counts[rel] = counts.get(rel, 0) + 1
            for tag in rec.get("tags") or []:
                self.tagged.setdefault(tag, []).append(rec)
        self.cassette = load_cassette(cassette) if cassette else {}
        self.lock = threading.Lock()
        self.seen = {}  # path -> requests so far, for the "once" faults
        self.control = {}
        self.config_json = 0

    def count(self, key):
        with self.lock:
            n = self.seen.get(key, 0)
            self.seen[key] = n + 1
            return n

    def ctl(self, name, default=0):
        with self.lock:
            return int(self.control.get(name, default))


def parents_of(rec):
    """(parent, relation) pairs from a record's base_model:<relation>:<parent> tags."""
    out = []
    for tag in rec.get("tags") or []:
        if not tag.startswith("base_model:"):
            continue
        rest = tag[len("base_model:"):]
        rel, sep, parent = rest.partition(":")
        if sep and rel in RELATIONS:
            out.append((parent, rel))
    return out


def load_stubs(path, records):
    """Stub records of the children an edges CSV names without a record of their own."""
    import csv
    tags = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            child, parent, rel = row["child"], row["parent"], row["relation"]
            if child in records or rel not in RELATIONS:
                continue
            t = tags.setdefault(child, [])
            for tag in ("base_model:" + parent, "base_model:%s:%s" % (rel, parent)):
                if tag not in t:
                    t.append(tag)
    return [{"id": c, "modelId": c, "tags": tags[c]} for c in sorted(tags)]


def load_cassette(path):
    import yaml  # only when a cassette is asked for; the test checks it is importable
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    out = {}
    for inter in data.get("interactions", []):
        uri = urllib.parse.urlsplit(inter["request"]["uri"])
        resp = inter["response"]
        body = resp["body"].get("string", "")
        if isinstance(body, str):
            body = body.encode("utf-8")
        headers = [(k, v) for k, vals in resp["headers"].items() for v in vals
                   if k.lower() not in ("content-length", "connection", "transfer-encoding",
                                        "content-encoding")]
        out[uri.path] = (resp["status"]["code"], headers, body)
    return out


def field_value(rec, name):
    return rec.get(name)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fakehub/1"

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle's
        # algorithm and the client's delayed ACK add 40 ms to every answer.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def record(self):
        log = self.server.log_path
        if not log:
            return
        line = "\t".join([self.command, self.path, self.headers.get("Authorization", ""),
                          self.headers.get("User-Agent", "")])
        with self.server.hub.lock:
            with open(log, "a", encoding="utf-8") as f:
                f.write(line + "\n")

    # ---- answers ----
    def send(self, status, body, ctype="application/json; charset=utf-8", headers=()):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, obj, headers=()):
        self.send(200, json.dumps(obj, separators=(",", ":")), headers=headers)

    def error(self, status, code, message, headers=()):
        hdrs = list(headers)
        if code:
            hdrs.append(("X-Error-Code", code))
        hdrs.append(("X-Error-Message", message))
        self.send(status, json.dumps({"error": message}), headers=hdrs)

    # ---- routing ----
    def do_GET(self):
        self.record()
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        path = urllib.parse.unquote(url.path)
        hub = self.server.hub
        if path == "/__control":
            with hub.lock:
                for k, v in query.items():
                    if k == "reset":
                        hub.seen.clear()
                        hub.control.clear()
                    else:
                        hub.control[k] = v[-1]
            return self.send(200, "ok\n", "text/plain")
        if path in hub.cassette:
            status, headers, body = hub.cassette[path]
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if path == "/__stats":
            return self.send_json({"config_json": hub.config_json})
        if path.startswith("/__elsewhere/"):
            repo = path[len("/__elsewhere/"):].rsplit("/", 1)[0]
            return self.send(200, "# %s\n\nA card served from another host name.\n" % repo, "text/plain; charset=utf-8",
                             headers=[("ETag", '"elsewhere"')])
        if path == "/api/models":
            return self.listing(query)
        if path.startswith("/api/models/"):
            return self.model_info(path[len("/api/models/"):], query)
        if "/resolve/" in path:
            repo, _, rest = path[1:].partition("/resolve/")
            return self.resolve(repo, rest)
        self.error(404, None, "Sorry, we can't find the page you are looking for.")

    def fault(self, model_id, what):
        """Answer a fault/ model; True when an answer was sent."""
        hub = self.server.hub
        kind = model_id.split("/", 1)[1] if model_id.startswith("fault/") else None
        if kind is None:
            return False
        n = hub.count(what + ":" + model_id)
        if kind.endswith("-card") or kind in ("config-redirect", "foreign-redirect"):
            if what != "card":
                kind = "ok"  # the model's information answers normally
        elif kind in INFO_FAULTS and what != "info":
            kind = "ok"  # the card answers normally
        if kind == "gated-card":
            self.error(403, "GatedRepo", "Access to model %s is restricted." % model_id)
        elif kind == "disabled-card":
            self.error(403, "DisabledRepo", "Access to this resource is disabled.")
        elif kind == "gone-card":
            self.error(404, "RepoNotFound", "Repository not found")
        elif kind == "norev-card":
            self.error(404, "RevisionNotFound", "Invalid rev id: main")
        elif kind == "token-refused-card":
            self.error(401, None, "Invalid credentials in Authorization header")
        elif kind == "config-redirect":
            self.redirect(302, "/%s/resolve/main/config.json" % model_id)
        elif kind == "foreign-redirect":
            self.redirect(302, "http://localhost:%d/__elsewhere/%s/README.md" % (self.server.server_address[1], model_id))
        elif kind == "token-refused" and not hub.ctl("heal"):
            time.sleep(0.3)  # after the other answers of a batch, so those are stored first
            self.error(401, None, "Invalid credentials in Authorization header")
        elif kind == "plain-404":
            self.send(404, json.dumps({"error": "This model is being moved, try again tomorrow"}))
        elif kind == "rate-limited-2" and n == 0:
            self.error(429, None, "You have been rate-limited", headers=[("RateLimit", '"api";r=0;t=2')])
        elif kind == "rate-limited-long":
            self.error(429, None, "You have been rate-limited", headers=[("RateLimit", '"api";r=0;t=400')])
        elif (kind == "retry-date" and n == 0) or kind == "retry-date-far":
            ahead = 4 if kind == "retry-date" else 1000
            when = email.utils.formatdate(time.time() + ahead, usegmt=True)
            self.error(429, None, "Too many requests", headers=[("Retry-After", when)])
        elif kind == "dribble-once" and n == 0:
            body = self.fault_body(model_id, what)
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for i in range(0, len(body), 2):
                    self.wfile.write(body[i:i + 2])
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass  # the client gave up, as it should
            self.close_connection = True
        elif kind == "gated":
            self.error(403, "GatedRepo", "Access to model %s is restricted and you are not in the "
                       "authorized list. Visit https://huggingface.co/%s to ask for access." % (model_id, model_id))
        elif kind == "missing":
            self.error(404, "RepoNotFound", "Repository not found")
        elif kind == "rate-limited" and n == 0:
            self.error(429, None, "You have been rate-limited",
                       headers=[("RateLimit", '"api";r=0;t=1'), ("RateLimit-Policy", '"fixed window";"api";q=500;w=300')])
        elif kind == "retry-after" and n == 0:
            self.error(429, None, "Too many requests", headers=[("Retry-After", "1")])
        elif kind == "flaky" and n == 0:
            self.error(500, None, "Internal Error")
        elif kind == "broken" and not hub.ctl("heal"):
            self.error(503, None, "Service Unavailable", headers=[("Retry-After", "0")])
        elif kind == "badjson":
            self.send(200, '{"id": "%s", "downloads": 12, "tags": ["a",' % model_id)
        elif kind == "truncated" and n == 0:
            body = self.fault_body(model_id, what)
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body) + 100))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif kind == "stall-once" and n == 0 and what == "info":
            # Headers, then silence: no body byte arrives until the client gives up.
            body = self.fault_body(model_id, what)
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.flush()
            time.sleep(5)
            self.close_connection = True
        elif kind == "slow":
            body = self.fault_body(model_id, what)
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            step = max(1, len(body) // 5)
            for i in range(0, len(body), step):
                self.wfile.write(body[i:i + step])
                self.wfile.flush()
                time.sleep(0.1)
        else:
            body = self.fault_body(model_id, what)
            ctype = "text/markdown; charset=utf-8" if what == "card" else "application/json; charset=utf-8"
            self.send(200, body, ctype, headers=[("ETag", '"%s"' % hashlib.sha1(body).hexdigest())])
        return True

    def redirect(self, status, location):
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def fault_body(self, model_id, what):
        if what == "card":
            return ("# %s\n\nA card served by a fault of the fake Hub.\n" % model_id).encode("utf-8")
        rec = {"_id": "fa" + hashlib.sha1(model_id.encode()).hexdigest()[:22], "id": model_id,
               "modelId": model_id, "author": "fault", "downloads": 1, "likes": 0, "private": False,
               "tags": ["region:us"], "sha": hashlib.sha1(model_id.encode()).hexdigest()}
        return json.dumps(rec).encode("utf-8")

    def listing(self, query):
        hub = self.server.hub
        for e in query.get("expand", []):
            if e in INFO_ONLY or e not in EXPANDABLE:
                return self.error(400, None, '"expand" must be one of the model fields (got "%s")' % e)
        if query.get("expand") and (query.get("full") or query.get("cardData") or query.get("config")):
            return self.error(400, None, '"expand" cannot be combined with "full", "cardData" or "config"')
        sort = (query.get("sort") or [""])[-1]
        if sort and sort not in SORTS:
            return self.error(400, None, 'unknown "sort" value')
        filters = query.get("filter", [])
        # Children listings include the stubs; rankings only full records.
        items = hub.records if not any(f.startswith("base_model:") for f in filters) else hub.records + hub.stubs
        for flt in filters:
            having = {id(r) for r in hub.tagged.get(flt, [])}
            items = [r for r in items if id(r) in having]
        for s in query.get("search", []):
            items = [r for r in items if s.lower() in r["id"].lower()]
        for a in query.get("author", []):
            items = [r for r in items if r["id"].split("/")[0] == a]
        if sort:
            items = sorted(items, key=lambda r: (-(r.get(sort) or 0) if sort in ("downloads", "likes", "trendingScore")
                                                 else "", r["id"]))
            if sort in ("createdAt", "lastModified"):
                items = sorted(items, key=lambda r: r.get(sort) or "", reverse=True)
        try:
            limit = int((query.get("limit") or ["1000"])[-1])
        except ValueError:
            return self.error(400, None, '"limit" must be a number')
        page_size = max(1, min(limit, 1000, hub.ctl("page_size", 1000)))
        cursor = (query.get("cursor") or [""])[-1]
        offset = 0
        if cursor:
            try:
                offset = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())["o"]
            except Exception:
                return self.error(400, None, "invalid cursor")
        page_no = offset // page_size + 1
        fail_after = hub.ctl("fail_after_page", 0)
        if fail_after and page_no > fail_after:
            return self.error(503, None, "Service Unavailable", headers=[("Retry-After", "0")])
        page = items[offset:offset + page_size]
        if hub.ctl("dup") and offset > 0:
            page = [items[offset - 1]] + page
        expand = query.get("expand", [])
        full = bool(query.get("full"))
        out = []
        for rec in page:
            if expand:
                item = {"id": rec["id"]}
                for e in expand:
                    if e in rec:
                        item[e] = rec[e]
            elif full:
                item = dict(rec)
            else:
                item = {k: rec[k] for k in LISTING_DEFAULT if k in rec}
                if query.get("cardData") and "cardData" in rec:
                    item["cardData"] = rec["cardData"]
            out.append(item)
        headers = []
        if offset + page_size < len(items):
            nxt = [(k, v) for k, vals in query.items() if k != "cursor" for v in vals]
            token = base64.urlsafe_b64encode(json.dumps({"o": offset + page_size}).encode()).decode()
            nxt.append(("cursor", token))
            host = self.headers.get("Host", "127.0.0.1:%d" % self.server.server_address[1])
            if hub.ctl("foreign_link"):
                host = "elsewhere.invalid"
            headers.append(("Link", '<http://%s/api/models?%s>; rel="next"' % (host, urllib.parse.urlencode(nxt))))
        if hub.ctl("badjson_page") == page_no:
            return self.send(200, json.dumps(out)[:-10], headers=headers)
        body = json.dumps(out, separators=(",", ":"))
        delay = float(hub.control.get("page_delay", 0) or 0)
        if delay:
            time.sleep(delay)
        self.send(200, body, headers=headers)

    def model_info(self, rest, query):
        hub = self.server.hub
        model_id = rest
        if "/revision/" in rest:
            model_id = rest.split("/revision/")[0]
        if self.fault(model_id, "info"):
            return
        if model_id == "old-org/renamed":
            loc = "/api/models/new-org/renamed"
            self.send_response(307)
            self.send_header("Location", loc)
            body = b"Temporary Redirect. Redirecting to " + loc.encode()
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        rec = hub.by_id.get(model_id)
        if rec is None:
            return self.error(404, "RepoNotFound", "Repository not found")
        expand = query.get("expand", [])
        for e in expand:
            if e not in EXPANDABLE and e not in INFO_ONLY:
                return self.error(400, None, '"expand" must be one of the model fields (got "%s")' % e)
        if expand:
            item = {"_id": rec.get("_id"), "id": rec["id"]}
            for e in expand:
                if e == "baseModels":
                    parents = parents_of(rec)
                    if parents:
                        item["baseModels"] = {"relation": parents[0][1],
                                              "models": [{"id": p} for p, _ in parents]}
                elif e == "childrenModelCount":
                    item["childrenModelCount"] = hub.children.get(rec["id"], {})
                elif e in rec:
                    item[e] = rec[e]
        else:
            item = dict(rec)
        self.send_json(item)

    def resolve(self, repo, rest):
        hub = self.server.hub
        if rest.endswith("config.json"):
            with hub.lock:
                hub.config_json += 1
            return self.error(404, "EntryNotFound", "config.json is not served by the fake Hub")
        if self.fault(repo, "card"):
            return
        if repo == "old-org/renamed":
            loc = "/new-org/renamed/resolve/" + rest
            self.send_response(307)
            self.send_header("Location", loc)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        rec = hub.by_id.get(repo)
        if rec is None:
            return self.error(404, "RepoNotFound", "Repository not found")
        rev, _, name = rest.partition("/")
        if name != "README.md" or rev != "main":
            return self.error(404, "EntryNotFound", "Entry not found")
        path = os.path.join(hub.cards_dir, repo, "README.md")
        try:
            with open(path, "rb") as f:
                body = f.read()
        except OSError:
            return self.error(404, "EntryNotFound", "Entry not found")
        etag = '"%s"' % hashlib.sha1(body).hexdigest()
        commit = rec.get("sha") or "0" * 40
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("X-Repo-Commit", commit)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send(200, body, "text/plain; charset=utf-8", headers=[("ETag", etag), ("X-Repo-Commit", commit)])


def main():
    ap = argparse.ArgumentParser(description="a fake Hugging Face Hub for tests")
    ap.add_argument("--models", required=True, help="JSON lines of /api/models records")
    ap.add_argument("--cards", required=True, help="folder of <org>/<name>/README.md")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", default="")
    ap.add_argument("--cassette", default="")
    ap.add_argument("--edges", default="", help="parent,child,relation CSV: lineage beyond the records")
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.hub = Hub(args.models, args.cards, args.cassette, args.edges or None)
    server.log_path = args.log
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, args.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
