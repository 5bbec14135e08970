#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile text (issue 18, core/untrusted.h): what a registry, a card or a
# server sends cannot take over the terminal nor overwrite another model.
#
# The issue's escape vectors (OSC 52, OSC 0, CSI 2J, BS, CR, U+202E, U+009B as
# UTF-8 and as a raw C1 byte, BEL, DEL, an isolate) go through every input
# path (Hub JSON lines and arrays, CSV, edges, a library census, a PeaTMOSS
# database, a card folder and a tarball):
#   - in an identifier they are refused, the message naming the field and the
#     character, and the store is unchanged; a NUL is refused everywhere (the
#     issue's microsoft/phi-2 overwrite through Hub JSON, CSV past the 4 KB of
#     format detection, and PeaTMOSS);
#   - free text (card bodies, front matter, card metadata values, PeaTMOSS
#     metadata) is stored as given.
# Then a store holding them in every identifier too (as a peat before this
# rule stored them) is read through every output surface - ls, show, compare,
# tree, rank, turnover, libraries, metrics, card and its --sections, --raw,
# --hyperlinks and colour, error messages, a sync's errors from a server, every
# --format - into a pipe and into a pseudo-terminal, and the explorer through
# its --script screen dumps and the bytes it sent the terminal. A scanner
# finds any byte sequence peat did not make itself: a C0 control but the line
# structure, DEL, a C1 or bidirectional control, a byte that is not UTF-8, or
# an escape sequence other than the SGR colours and OSC 8 hyperlinks peat
# writes in colour, and the progress bar's "\r ESC[K" on a terminal.
. "$TESTLIB"
export TERM=xterm-256color LINES=30 COLUMNS=100
unset HF_TOKEN HF_HOME HF_ENDPOINT HF_HUB_OFFLINE PEAT_HTTP_TIMEOUT
cd "$T" || exit 1

cat >"$T/hostile.py" <<'PY'
import fcntl
import http.server
import io
import json
import os
import pty
import re
import select
import sqlite3
import struct
import subprocess
import sys
import tarfile
import termios
import threading

PEAT, T = sys.argv[1], sys.argv[2]
checks = fails = 0


def check(ok, what, detail=""):
    global checks, fails
    checks += 1
    if not ok:
        fails += 1
        print("FAIL: " + what, file=sys.stderr)
        if detail:
            print("  " + detail, file=sys.stderr)


# name, bytes, how a refusal names its first character
VECTORS = [
    ("osc52", b"\x1b]52;c;aGVsbG8=\x07", "U+001B (escape)"),
    ("osc0", b"\x1b]0;pwned\x07", "U+001B (escape)"),
    ("csi2j", b"\x1b[2J", "U+001B (escape)"),
    ("bs", b"\x08\x08\x08", "U+0008 (backspace)"),
    ("cr", b"\rOVERWRITTEN", "U+000D (carriage return)"),
    ("rlo", "\u202e".encode(), "U+202E (right-to-left override)"),
    ("c1", b"\xc2\x9b" b"31m", "U+009B (control sequence introducer)"),
    ("c1raw", b"\x9b" b"31m", "is not valid UTF-8 text"),
    ("bel", b"\x07", "U+0007 (bell)"),
    ("del", b"\x7f", "U+007F (delete)"),
    ("lri", "\u2066".encode(), "U+2066 (left-to-right isolate)"),
]
ALL = b"".join(v for _, v, _ in VECTORS)
# What free text can hold: UTF-8 (the raw C1 byte is refused as not UTF-8).
ALL_UTF8 = b"".join(v for n, v, _ in VECTORS if n != "c1raw")
UNSAFE = set(range(0x20)) | set(range(0x7F, 0xA0)) | {0x61C, 0x200E, 0x200F} | set(range(0x202A, 0x202F)) \
    | set(range(0x2066, 0x206A))

# ---- the scanner ----
SGR = re.compile(rb"\x1b\[[0-9;]*m")
OSC8 = re.compile(rb"\x1b\]8;;[\x21-\x7e]*\x1b\\")
BAR = re.compile(rb"\r\x1b\[K")


def foreign(data, ansi=False, bar=False):
    """The offset of the first byte sequence peat did not make itself, or -1."""
    i = 0
    while i < len(data):
        b = data[i]
        if 0x20 <= b < 0x7F or b in (9, 10):
            i += 1
            continue
        if data.startswith(b"\r\n", i):  # CSV's line end
            i += 2
            continue
        if bar:
            m = BAR.match(data, i)
            if m:
                i = m.end()
                continue
        if ansi and b == 0x1B:
            m = SGR.match(data, i) or OSC8.match(data, i)
            if m:
                i = m.end()
                continue
        if b >= 0xC2:
            k = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
            try:
                ch = data[i:i + k].decode("utf-8")
                if len(ch) == 1 and ord(ch) not in UNSAFE:
                    i += k
                    continue
            except UnicodeDecodeError:
                pass
        return i
    return -1


def scan(what, data, **kw):
    at = foreign(data, **kw)
    check(at < 0, what + ": a byte sequence peat did not make", repr(data[max(0, at - 40):at + 40]) if at >= 0 else "")


def visible(raw):
    """How peat shows raw bytes (untrusted.h): the expected text."""
    out = b""
    for ch in raw.decode("utf-8", "replace"):
        cp = ord(ch)
        if cp in (9, 10, 13):
            out += {9: b"\\t", 10: b"\\n", 13: b"\\r"}[cp]
        elif cp < 0x20 or cp == 0x7F:
            out += b"\\x%02x" % cp
        elif cp in UNSAFE:
            out += b"<U+%04X>" % cp
        else:
            out += ch.encode()
    return out


def env(**extra):
    e = dict(os.environ)
    e.update(extra)
    return e


def run(args, **extra):
    """peat ARGS into pipes: (status, stdout, stderr)."""
    p = subprocess.run([PEAT.encode()] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env(**extra),
                       timeout=60)
    return p.returncode, p.stdout, p.stderr


def run_pty(args, **extra):
    """peat ARGS with stdin, stdout and stderr on a pseudo-terminal whose
    output is not post-processed: (status, every byte written)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.OPOST
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    p = subprocess.Popen([PEAT.encode()] + args, stdin=slave, stdout=slave, stderr=slave, env=env(**extra),
                         start_new_session=True)
    os.close(slave)
    out = b""
    while True:
        r, _, _ = select.select([master], [], [], 60)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the pty closed with peat
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(timeout=60), out


def both(what, args, formats=True, ansi=False):
    """Run a read command into a pipe (in every --format) and a pty: every
    output scanned; returns the table's stdout."""
    table = b""
    for fmt in (["table", "csv", "tsv", "json", "md", "latex"] if formats else ["table"]):
        a = ["--format", fmt] + args if formats else args
        rc, out, err = run(a)
        if rc == 2 and fmt in ("csv", "tsv") and b"choose one with --table NAME: " in err:
            # A command of several tables (show) writes one per run in CSV
            # and TSV: scan each of them.
            names = err.split(b"choose one with --table NAME: ", 1)[1].split(b"\n", 1)[0]
            for name in names.decode().split(", "):
                rc, out, err = run(["--format", fmt, "--table", name] + args)
                check(rc == 0, "%s (%s, table %s) exited %d" % (what, fmt, name, rc), repr(err[:300]))
                scan("%s --format %s --table %s: stdout" % (what, fmt, name), out, ansi=ansi)
                scan("%s --format %s --table %s: stderr" % (what, fmt, name), err)
            continue
        check(rc == 0, "%s (%s) exited %d" % (what, fmt, rc), repr(err[:300]))
        scan("%s --format %s: stdout" % (what, fmt), out, ansi=ansi)
        scan("%s --format %s: stderr" % (what, fmt), err)
        if fmt == "table":
            table = out
    rc, out = run_pty(args)
    check(rc == 0, "%s on a terminal exited %d" % (what, rc), repr(out[:300]))
    # On a terminal a card is in colour: the SGR peat makes is allowed.
    scan(what + " on a terminal", out, ansi=True, bar=True)
    return table


def store_dump(db):
    c = sqlite3.connect(db)
    text = "\n".join(c.iterdump())
    c.close()
    return text


def jstr(raw):
    """A JSON string literal of raw bytes: controls below 0x20 as \\u
    escapes (JSON allows nothing else), every other byte as it is."""
    out = b'"'
    for b in raw:
        if b < 0x20:
            out += b"\\u%04x" % b
        elif b in (0x22, 0x5C):
            out += b"\\" + bytes([b])
        else:
            out += bytes([b])
    return out + b'"'


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


DB = os.path.join(T, "refused.db")
BASE = b'{"id": "microsoft/phi-2", "author": "microsoft", "downloads": 5, "tags": ["pytorch"]}\n'


def import_args(path, db=DB, label="refused"):
    return ["--db", db, "import", "--snapshot", label, "--date", "2025-01-01", path]


def refused(what, path, field, named, fmt=None, terminal=False):
    args = import_args(path)
    if fmt:
        args[3:3] = ["--format", fmt]
    rc, out, err = run(args)
    check(rc == 1, "%s: import exited %d, expected 1" % (what, rc), repr(err[:300]))
    text = err.decode("utf-8", "replace")
    check(field in text and named in text, "%s: the message names %s and %s" % (what, field, named), text.strip())
    scan(what + ": the refusal", err)
    if terminal:
        rc, out = run_pty(args)
        check(rc == 1, "%s on a terminal: import exited %d" % (what, rc))
        scan(what + ": the refusal on a terminal", out, bar=True)


# ---- 1. identifiers are refused at import, NUL everywhere ----
rc, _, err = run(import_args(write(os.path.join(T, "base.jsonl"), BASE), label="base"))
check(rc == 0, "the base import", repr(err))
before = store_dump(DB)

hub_fields = [  # record (VALUE for the vector), the field as messages name it
    (b'{"id": "evil/xVALUE"}', '"id"'),
    (b'{"modelId": "evil/xVALUE"}', '"modelId"'),
    (b'{"id": "a/b", "author": "xVALUE"}', '"author"'),
    (b'{"id": "a/b", "tags": ["ok", "xVALUE"]}', '"tags" item 2'),
    (b'{"id": "a/b", "library_name": "xVALUE"}', '"library_name"'),
    (b'{"id": "a/b", "pipeline_tag": "xVALUE"}', '"pipeline_tag"'),
    (b'{"id": "a/b", "cardData": {"license": "xVALUE"}}', '"cardData.license"'),
    (b'{"id": "a/b", "cardData": {"base_model": "org/xVALUE"}}', '"cardData.base_model"'),
    (b'{"id": "a/b", "cardData": {"xVALUE": 1}}', 'a key of "cardData"'),
]
csv_fields = [  # header, row (VALUE for the vector), column
    (b"modelId,downloads", b"ok/x,1\nevil/xVALUE,2", 'column "modelId"'),
    (b"modelId,author,downloads", b"ok/x,xVALUE,1", 'column "author"'),
    (b"modelId,library,downloads", b"ok/x,xVALUE,1", 'column "library"'),
    (b"modelId,pipeline_tag,downloads", b"ok/x,xVALUE,1", 'column "pipeline_tag"'),
    (b"parent,child,relation", b"a/p,a/cVALUE,finetune", 'column "child"'),
    (b"parent,child,relation", b"a/pVALUE,a/c,finetune", 'column "parent"'),
    (b"parent,child,relation", b"a/p,a/c,fineVALUE", 'column "relation"'),
    (b"library,count", b"peft,3\nxVALUE,4", 'column "library"'),
]
for vname, vec, named in VECTORS:
    quoted = jstr(vec)[1:-1]
    for i, (record, field) in enumerate(hub_fields):
        path = write(os.path.join(T, "hub.jsonl"), record.replace(b"VALUE", quoted) + b"\n")
        refused("hub %s in %s" % (vname, field), path, field, named, terminal=i == 0)
    path = write(os.path.join(T, "hub.json"), b'[{"id": "ok/x"},\n' + hub_fields[0][0].replace(b"VALUE", quoted) + b"]\n")
    refused("hub array %s" % vname, path, 'record 2: "id"', named)
    for i, (header, row, column) in enumerate(csv_fields):
        row = row.replace(b"VALUE", vec)
        path = write(os.path.join(T, "table.csv"), header + b"\n" + row + b"\n")
        refused("csv %s in %s" % (vname, column), path, column, named, terminal=i == 0)

# PeaTMOSS: one database per name that becomes an identifier.
PM_SCHEMA = """
CREATE TABLE model (id INTEGER PRIMARY KEY, context_id TEXT, sha TEXT, downloads INTEGER, likes INTEGER);
CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE model_to_author (model_id INTEGER, author_id INTEGER);
CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE model_to_tag (model_id INTEGER, tag_id INTEGER);
CREATE TABLE library (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE model_to_library (model_id INTEGER, library_id INTEGER);
CREATE TABLE license (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE model_to_license (model_id INTEGER, license_id INTEGER);
CREATE TABLE model_task (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE model_to_model_task (model_id INTEGER, model_task_id INTEGER);
CREATE TABLE model_to_base_model (model_id INTEGER, base_model_name TEXT, base_model_id INTEGER);
CREATE TABLE limitation_and_bias (id INTEGER PRIMARY KEY, value TEXT, model_id INTEGER);
INSERT INTO model VALUES (1, 'pm/base', 'aaaa', 100, 1), (2, 'pm/child', 'bbbb', 50, 2);
INSERT INTO author VALUES (1, 'pm'); INSERT INTO model_to_author VALUES (1, 1), (2, 1);
INSERT INTO tag VALUES (1, 'pytorch'); INSERT INTO model_to_tag VALUES (1, 1);
INSERT INTO library VALUES (1, 'transformers'); INSERT INTO model_to_library VALUES (1, 1);
INSERT INTO license VALUES (1, 'mit'); INSERT INTO model_to_license VALUES (1, 1);
INSERT INTO model_task VALUES (1, 'text-generation'); INSERT INTO model_to_model_task VALUES (1, 1);
INSERT INTO model_to_base_model VALUES (2, 'pm/base', NULL);
"""


def peatmoss(path, sql="", params=()):
    if os.path.exists(path):
        os.remove(path)
    c = sqlite3.connect(path)
    c.executescript(PM_SCHEMA)
    if sql:
        c.execute(sql, params)
    c.commit()
    c.close()
    return path


pm_fields = [
    ("UPDATE model SET context_id = ? WHERE id = 2", "model id 2: model.context_id"),
    ("UPDATE author SET name = ? WHERE id = 1", "model id 1: author.name"),
    ("UPDATE tag SET name = ? WHERE id = 1", "model id 1: tag.name"),
    ("UPDATE library SET name = ? WHERE id = 1", "model id 1: library.name"),
    ("UPDATE license SET name = ? WHERE id = 1", "model id 1: license.name"),
    ("UPDATE model_task SET name = ? WHERE id = 1", "model id 1: model_task.name"),
    ("UPDATE model_to_base_model SET base_model_name = ? WHERE model_id = 2", "model id 2: a base model's name"),
]
for vname, vec, named in VECTORS:
    for i, (sql, field) in enumerate(pm_fields):
        # Bytes are bound as text whatever they hold: a database can store them.
        path = peatmoss(os.path.join(T, "pm.db"), sql.replace("?", "CAST(? AS TEXT)"), (b"x" + vec,))
        refused("peatmoss %s in %s" % (vname, field), path, field, named, terminal=i == 0)

# Card folders and tar members name models.
for vname, vec, named in VECTORS:
    folder = os.path.join(T.encode(), b"cards-" + vname.encode())
    os.makedirs(os.path.join(folder, b"org", b"evil" + vec), exist_ok=True)
    write(os.path.join(folder, b"org", b"evil" + vec, b"README.md"), b"# a card\n")
    refused("card folder %s" % vname, folder, "the model id", named, terminal=True)
    if vname == "c1raw":
        continue  # a tar member's name is read as UTF-8 by libarchive
    tar = os.path.join(T, "cards-%s.tar" % vname)
    with tarfile.open(tar, "w", format=tarfile.PAX_FORMAT) as t:
        for name in ("org/good/README.md", "org/evil" + vec.decode("utf-8", "surrogateescape") + "/README.md"):
            data = b"# a card\n"
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    refused("tar member %s" % vname, tar.encode(), "the model id", named)

# NUL: the issue's overwrite of microsoft/phi-2, through every importer.
path = write(os.path.join(T, "nul.jsonl"),
             b'{"id": "microsoft/phi-2\\u0000-not-really", "author": "attacker", "downloads": 7}\n')
refused("hub \\u0000", path, '"id"', "U+0000 (NUL)", terminal=True)
path = write(os.path.join(T, "nul-raw.jsonl"), b'{"id": "microsoft/phi-2\0-not-really", "author": "attacker"}\n')
refused("hub raw NUL", path, "nul-raw.jsonl:1", "a NUL byte (column 24)", fmt="hub-json")
path = write(os.path.join(T, "nul.json"), b'[{"id": "microsoft/phi-2\\u0000x", "author": "attacker"}]\n')
refused("hub array \\u0000", path, 'record 1: "id"', "U+0000 (NUL)")
filler = b"".join(b"filler/model-%d,filler,%d\n" % (i, i) for i in range(300))
check(len(filler) > 4096, "the CSV's NUL comes after the 4 KB format detection reads")
path = write(os.path.join(T, "nul.csv"), b"modelId,author,downloads\n" + filler + b"microsoft/phi-2\0-not-really,attacker,7\n")
refused("csv NUL", path, "nul.csv:302", "a NUL byte (column 16)", terminal=True)
path = peatmoss(os.path.join(T, "nul.db"), "UPDATE model SET context_id = CAST(? AS TEXT) WHERE id = 2",
                (b"microsoft/phi-2\0-not-really",))
refused("peatmoss NUL", path, "model id 2: model.context_id", "U+0000 (NUL)")
check(store_dump(DB) == before, "every refused import left the store as it was")
c = sqlite3.connect(DB)
check(c.execute("SELECT a.author FROM model m JOIN attr a ON a.model_id = m.id WHERE m.name = 'microsoft/phi-2'")
      .fetchall() == [("microsoft",)],
      "microsoft/phi-2 keeps its author")
c.close()

# ---- 2. free text is stored as given ----
DB = os.path.join(T, "hostile.db")
CARD = (b"---\nlicense: mit\n\"key\\e]0;pwned\\a\": \"value \\e]52;c;aGVsbG8=\\a \\u202E \\x9B\"\n"
        b"tags: [\"a\\e[2J\", \"b\\u2066\"]\n---\n"
        b"# Model card\x1b]0;pwned\x07\n\n"
        b"## Model description\n\nThis model " + ALL_UTF8 + b" describes itself.\n\n"
        b"## Intended uses & limitations \x1b[2J\xe2\x80\xae\n\nLimits: \x1b[2J\x08\x08 \rOVERWRITTEN \xe2\x80\xae gpj.exe\n\n"
        b"## Training data\n\nTrained on [data\x07\xe2\x80\xae](https://example.org/d\xc2\x9b\xe2\x80\xae) and "
        b"[more](https://example.org/ok).\n\n"
        b"## Evaluation\n\n| metric\x07 | value\xe2\x80\xae |\n|---|---|\n| acc\x1b[31m | 0.9\x7f |\n\n"
        b"```\ncode \x1b]52;c;aGVsbG8=\x07 \xc2\x9b" b"31m\n```\n\n"
        b"Entities &#27;[2J &#x9b; &#x202e; &#7;\n")
folder = os.path.join(T, "cards")
os.makedirs(os.path.join(folder, "evil", "card"), exist_ok=True)
write(os.path.join(folder, "evil", "card", "README.md"), CARD)
tar = os.path.join(T, "cards.tar")
with tarfile.open(tar, "w") as t:
    info = tarfile.TarInfo("evil/tarcard/README.md")
    info.size = len(CARD)
    t.addfile(info, io.BytesIO(CARD))

records = []
for n, (vname, vec, named) in enumerate(VECTORS):
    records.append(b'{"id": "evil/PH%dname", "author": "evilPH%d", "downloads": %d, "likes": %d, '
                   b'"library_name": "lib%d", "pipeline_tag": "task%d", "tags": ["tag%d", "pytorch"], '
                   b'"cardData": {"license": "lic%d", "description": %s, "base_model": "evil/PH0name"}}'
                   % (n, n, 10 ** 7 - n, 1000 - n, n, n, n, n,
                      jstr(b"free " + (vec if vname != "c1raw" else b"\xc2\x9b") + b" text")))
records.append(b'{"id": "evil/card", "downloads": 99, "tags": ["base_model:finetune:evil/PH1name"]}')
records.append(b'{"id": "evil/fetchme", "downloads": 98}')
hub = write(os.path.join(T, "models.jsonl"), b"\n".join(records) + b"\n")
census = write(os.path.join(T, "census.csv"), b"library,count\n" + b"".join(b"lib%d,%d\n" % (n, 100 + n) for n in range(len(VECTORS))))
pm = peatmoss(os.path.join(T, "meta.db"), "INSERT INTO limitation_and_bias (value, model_id) VALUES (CAST(? AS TEXT), 1)",
              (b"limits " + ALL_UTF8 + b" end",))
for args in (["--snapshot", "hub-2025-01", "--date", "2025-01-01", hub],
             ["--snapshot", "hub-2025-02", "--date", "2025-02-01", hub],
             ["--snapshot", "hub-2025-02", "--date", "2025-02-01", census],
             ["--snapshot", "pm-2025-03", "--date", "2025-03-01", pm],
             [folder], [tar]):
    rc, out, err = run(["--db", DB, "import"] + args)
    check(rc == 0, "import %s" % args[-1], repr(err[:300]))
rc, _, err = run(["--db", DB, "cards", "score"])
check(rc == 0, "cards score", repr(err[:300]))
c = sqlite3.connect(DB)
c.text_factory = bytes
stored = c.execute("SELECT body FROM card c JOIN model m ON m.id = c.model_id WHERE m.name = 'evil/card'").fetchone()
check(stored == (CARD,), "the card body is stored as it came")
stored = c.execute("SELECT body FROM card c JOIN model m ON m.id = c.model_id WHERE m.name = 'evil/tarcard'").fetchone()
check(stored == (CARD,), "the tarball's card body is stored as it came")
desc = c.execute("SELECT json_extract(value, '$') FROM attr_meta v JOIN attr a ON a.id = v.attr_id"
                 " JOIN model m ON m.id = a.model_id WHERE m.name = 'evil/PH0name' AND field = 'description'").fetchone()
check(desc == (b"free " + VECTORS[0][1] + b" text",), "a card's metadata value is stored as it came", repr(desc))
limits = c.execute("SELECT value FROM attr_meta WHERE field = 'limitation_and_bias'").fetchone()
check(limits is not None and "\u202e".encode() in limits[0] and b"\xc2\x9b" in limits[0],
      "PeaTMOSS metadata keeps its bidi and C1 characters", repr(limits))

# ---- 3. a store holding them in every identifier, as an older peat stored them ----
for n, (vname, vec, named) in enumerate(VECTORS):
    ph = b"PH%d" % n
    # The model's id, and every attribute version of it (the values as of
    # each snapshot).
    c.execute("UPDATE attr SET name = replace(name, CAST(? AS TEXT), CAST(? AS TEXT)),"
              " author = replace(author, CAST(? AS TEXT), CAST(? AS TEXT)),"
              " library = 'lib' || CAST(? AS TEXT), pipeline_tag = 'task' || CAST(? AS TEXT),"
              " license = 'lic' || CAST(? AS TEXT) WHERE model_id = (SELECT id FROM model WHERE name = CAST(? AS TEXT))",
              (ph, vec, ph, vec, vec, vec, vec, b"evil/" + ph + b"name"))
    c.execute("UPDATE model SET name = replace(name, CAST(? AS TEXT), CAST(? AS TEXT)) WHERE name = CAST(? AS TEXT)",
              (ph, vec, b"evil/" + ph + b"name"))
    c.execute("UPDATE attr_tag SET tag = 'tag' || CAST(? AS TEXT) WHERE tag = CAST(? AS TEXT)", (vec, b"tag%d" % n))
    c.execute("UPDATE attr_library SET library = 'lib' || CAST(? AS TEXT) WHERE library = CAST(? AS TEXT)",
              (vec, b"lib%d" % n))
    c.execute("UPDATE library_count SET library = 'lib' || CAST(? AS TEXT) WHERE library = CAST(? AS TEXT)",
              (vec, b"lib%d" % n))
c.execute("UPDATE snapshot SET label = label || CAST(? AS TEXT), source = source || CAST(? AS TEXT)"
          " WHERE label = 'hub-2025-01'", (ALL, ALL))
c.execute("INSERT INTO alias (registry_id, name, model_id) SELECT registry_id, 'old' || CAST(? AS TEXT), id FROM model"
          " WHERE name = 'evil/card'", (VECTORS[1][1],))
c.commit()
names = [r[0] for r in c.execute("SELECT name FROM model WHERE name LIKE 'evil/%name' ORDER BY id")]
c.close()
check(len(names) == len(VECTORS), "every vector is in a model id", repr(names))

# ---- 4. every output surface, into a pipe and a terminal ----
def shows(what, table, *wanted):
    for w in wanted:
        check(w in table, "%s shows %r" % (what, w), repr(table[:600]))


ids = [b"evil/" + visible(vec) + b"name" for _, vec, _ in VECTORS]
base = ["--db", DB]
shows("snapshots", both("snapshots", base + ["snapshots"]), b"hub-2025-01" + visible(ALL))
table = both("ls", base + ["ls", "--snapshot", "hub-2025-02"])
shows("ls", table, *ids)
shows("ls", table, *[b"evil" + visible(vec) for _, vec, _ in VECTORS])
shows("ls", table, *[b"lib" + visible(vec) for _, vec, _ in VECTORS])
shows("ls --sort author", both("ls --sort", base + ["ls", "--snapshot", "hub-2025-02", "--sort", "author"]), *ids)
both("ls --search", base + ["ls", "--snapshot", "hub-2025-02", "--search", "evil"])
for n, name in enumerate(names):
    vec = VECTORS[n][1]
    shows("show", both("show %s" % VECTORS[n][0], base + ["show", name]), ids[n], b"task" + visible(vec),
          b"lic" + visible(vec), b"tag" + visible(vec))
shows("show evil/card", both("show evil/card", base + ["show", "evil/card"]), b"old" + visible(VECTORS[1][1]))
shows("compare", both("compare", base + ["compare"] + names[:6]), *ids[:6])
both("compare cards", base + ["compare", "evil/card", names[0]])
shows("tree", both("tree", base + ["tree", names[0]]), *ids)
both("tree --ascii", base + ["tree", names[0], "--ascii"])
shows("tree --ancestors", both("tree --ancestors", base + ["tree", "evil/card", "--ancestors"]), ids[1])
shows("rank", both("rank", base + ["rank", "--snapshot", "hub-2025-02"]), *ids)
shows("turnover", both("turnover", base + ["turnover"]), b"hub-2025-01" + visible(ALL))
shows("turnover --models", both("turnover --models", base + ["turnover", "--models", "--top", "5"]), *ids[:5])
shows("libraries", both("libraries", base + ["libraries", "--snapshot", "hub-2025-02"]),
      *[b"lib" + visible(vec) for _, vec, _ in VECTORS])
both("metrics", base + ["metrics", "c1", "--snapshot", "hub-2025-02"])
# The PGFPlots figures quote the snapshots' labels in their provenance
# comments, where a carriage return would end the comment in TeX.
for args in (["turnover"], ["metrics"], ["metrics", "c2"]):
    what = " ".join(args) + " --format pgfplots"
    rc, out, err = run(base + ["--format", "pgfplots"] + args)
    check(rc == 0, "%s exited %d" % (what, rc), repr(err[:300]))
    scan(what + ": stdout", out)
    scan(what + ": stderr", err)
    shows(what, out, b"hub-2025-01" + visible(ALL) + b" (2025-01-01")
shows("card --sections", both("card --sections", base + ["card", "evil/card", "--sections"]),
      b"Intended uses & limitations \\x1b[2J<U+202E>")
for card in ("evil/card", "evil/tarcard"):
    table = both("card " + card, base + ["card", card], formats=False)
    check(b"\\x1b]0;pwned\\x07" in table and b"<U+202E>" in table and b"<U+009B>" in table,
          card + ": the vectors are shown as escapes", repr(table[:400]))
    both("card --ascii", base + ["card", card, "--ascii"], formats=False)
    both("card --color always", base + ["card", card, "--color", "always"], formats=False, ansi=True)
    out = both("card --hyperlinks", base + ["card", card, "--hyperlinks", "--color", "always"], formats=False,
               ansi=True)
    check(b"\x1b]8;;https://example.org/d%C2%9B%E2%80%AE\x1b\\" in out,
          "card --hyperlinks: the URL is percent-encoded", repr(out[:400]))
# --raw: the stored bytes into a pipe, their visible form on a terminal.
rc, out, err = run(base + ["card", "evil/card", "--raw"])
check(rc == 0 and out == CARD, "card --raw into a pipe writes the card as stored")
rc, out = run_pty(base + ["card", "evil/card", "--raw"])
check(rc == 0, "card --raw on a terminal")
scan("card --raw on a terminal", out)
check(b"# Model card\\x1b]0;pwned\\x07\n" in out, "card --raw on a terminal shows escapes", repr(out[:200]))

# Error messages quote what they were given or found.
for n, (vname, vec, named) in enumerate(VECTORS):
    for args in (["show", b"nosuch/" + vec], ["card", b"nosuch/" + vec], ["tree", b"nosuch/" + vec],
                 ["ls", "--snapshot", b"nosuch" + vec], ["import", os.path.join(T.encode(), b"no" + vec + b".csv")],
                 ["compare", names[n], b"nosuch/" + vec], ["--format", b"x" + vec, "ls"], [b"x" + vec]):
        rc, out, err = run(base + args)
        check(rc != 0, "%s %s fails" % (args[0], vname))
        scan("the error of %s %s" % (args[0], vname), out + err)
    rc, out = run_pty(base + ["show", b"nosuch/" + vec])
    scan("the error of show %s on a terminal" % vname, out)
    # A file's name is quoted in the summary of its import.
    path = write(os.path.join(T.encode(), b"ok" + vec + b".csv"), b"modelId,downloads\nok/x,1\n")
    args = ["--db", os.path.join(T, "names.db"), "import", "--snapshot", "names", "--date", "2025-01-01", path]
    rc, out, err = run(args)
    check(rc == 0, "import of a file named with %s" % vname, repr(err[:300]))
    scan("the summary of a file named with %s" % vname, out + err)
    rc, out = run_pty(args)
    scan("the summary of a file named with %s on a terminal" % vname, out, bar=True)

# A sync's errors: what the server says (X-Error-Code, X-Error-Message, a
# JSON "error") is quoted in its visible form.
class Hostile(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        code = 403 if "message" in self.path else 400 if "body" in self.path else 404
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        # Header values go out as latin-1: bytes as they are.
        if code == 404:
            self.send_header("X-Error-Code", (b"Evil\x1b]0;pwned\x07\x9b" b"31m\xe2\x80\xae").decode("latin-1"))
        if code == 403:
            self.send_header("X-Error-Message", b"Denied\x1b]52;c;aGVsbG8=\x07\x08\x08\xe2\x80\xae".decode("latin-1"))
        self.end_headers()
        self.wfile.write(b'{"error": "Bad\x1b[2J\\u001b]0;x\\u0007\xe2\x80\xae request"}')

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
threading.Thread(target=server.serve_forever, daemon=True).start()
endpoint = "http://127.0.0.1:%d" % server.server_address[1]
for which in ("code", "message", "body"):
    args = ["--db", os.path.join(T, "sync.db"), "sync", "model", "evil/" + which]
    rc, out, err = run(args, HF_ENDPOINT=endpoint)
    check(rc == 1, "sync with the server's %s exited %d" % (which, rc), repr(err[:300]))
    scan("sync with the server's " + which, out + err)
    check(b"\\x1b]" in err or b"\\x1b[2J" in err, "the server's %s is quoted visibly" % which, repr(err[:300]))
    rc, out = run_pty(args, HF_ENDPOINT=endpoint)
    scan("sync with the server's %s on a terminal" % which, out, bar=True)

# ---- 5. the explorer: screen dumps and the bytes sent to the terminal ----
def explorer(what, keys, offline=True, **extra):
    script = os.path.join(T, "keys")
    write(script, keys.encode())
    term = os.path.join(T, "term.out")
    if os.path.exists(term):
        os.remove(term)
    rc, out, err = run(base + ["--script", script] + (["--offline"] if offline else []), PEAT_SCRIPT_OUTPUT=term,
                       **extra)
    check(rc == 0, "the explorer (%s) exited %d" % (what, rc), repr(err[:300]))
    scan("the explorer (%s): stderr" % what, err)
    sent = open(term, "rb").read() if os.path.exists(term) else b""
    check(len(sent) > 0, "the explorer (%s) wrote to its terminal" % what)
    # curses writes escapes of its own (a clear screen is ESC[2J): what it
    # may not send is a vector as the ids hold it, nor a sequence or
    # character it never makes, nor a byte that is not UTF-8.
    for vname, vec, named in VECTORS:
        check(vec + b"name" not in sent, "the explorer (%s) sent the id with %s to the terminal" % (what, vname))
    for bad in (b"\xe2\x80\xae", b"\xe2\x81\xa6", b"\xc2\x9b", b"\x1b]52", b"\x1b]0;", b"\rOVERWRITTEN"):
        check(bad not in sent, "the explorer (%s) sent %r to the terminal" % (what, bad))
    try:
        sent.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    check(utf8, "the explorer (%s) sent only UTF-8 to the terminal" % what)


def dump(what, path, *wanted):
    text = open(path, "rb").read()
    scan("the explorer's %s screen" % what, text)
    for w in wanted:
        check(w in text, "the explorer's %s screen shows %r" % (what, w), text.decode("utf-8", "replace"))


d = lambda name: os.path.join(T, name)
explorer("views", "[ [\n:dump %s\n<Enter>\n:dump %s\n<Esc>\nj\nt\n:dump %s\n<Esc>\n2\n:dump %s\n3\n:dump %s\n"
         "4\n:dump %s\n1\nm j m j m\n5\n:dump %s\n1\n]\nf\n:type evil\u202eexe\u009b\n:dump %s\n<Esc>\nq\n"
         % (d("models.txt"), d("card.txt"), d("lineage.txt"), d("rank.txt"), d("turnover.txt"), d("metrics.txt"),
            d("compare.txt"), d("filter.txt")))
dump("models", d("models.txt"), b"hub-2025-01\\x1b]52;c;aGVsbG8=\\x07\\x1b]0;pwned", b"evil/\\x1b]52;c;aGVsbG8",
     b"evil/<U+202E>name", b"evil/\\rOVERWRITTENname")
dump("card", d("card.txt"), b"peat card evil/\\x1b]52;c;aGVsbG8=\\x07name")
dump("lineage", d("lineage.txt"))
dump("rankings", d("rank.txt"), b"\\x1b]0;pwned\\x07")
dump("turnover", d("turnover.txt"))
# The figures' library names, in the cut the column gives them.
dump("metrics", d("metrics.txt"), b"lib\\x1b]52;c;", b"lib\\x1b]0;pwn")
dump("compare", d("compare.txt"))
dump("filter", d("filter.txt"), b"evil<U+202E>exe<U+009B>")
# The hostile card in its own view, with hyperlinks on.
cfg = os.path.join(T, "config", "peat")
os.makedirs(cfg, exist_ok=True)
write(os.path.join(cfg, "config"), b"set hyperlinks yes\n")
explorer("card", "[\nf\n:type evil/card\n<Enter>\n<Enter>\n:dump %s\nG\n:dump %s\nq\n" % (d("card1.txt"), d("card2.txt")))
dump("card", d("card1.txt"), b"peat card evil/card")
dump("card end", d("card2.txt"))
os.remove(os.path.join(cfg, "config"))
# A fetch that fails: the server's error on the status line.
explorer("fetch", "[\nf\n:type fetchme\n<Enter>\n<Enter>\n:wait-idle\n:dump %s\nq\n" % d("fetch.txt"),
         offline=False, HF_ENDPOINT=endpoint)
dump("fetch", d("fetch.txt"), b"\\x1b]0;pwned\\x07")
server.shutdown()

print("%d checks, %d failed" % (checks, fails))
sys.exit(1 if fails else 0)
PY

checks=$((checks + 1))
python3 "$T/hostile.py" "$PEAT" "$T" || fail "hostile text: see the failures above"
finish
