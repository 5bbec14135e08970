#!/bin/sh
# SPDX-License-Identifier: MIT
# The options table (cli/options.c, `peat help --options`), from which the
# shell completions are generated, is the options peat has: every command
# accepts each option listed for it and each value listed for that option,
# and its --help names exactly the options listed (the global ones for
# `peat --help`, with the explorer's).
. "$TESTLIB"
HELPOPTS="$(dirname "$TESTLIB")/helpopts.py"

python3 - "$HELPOPTS" <<'PY' >"$OUT" 2>"$ERR" || fail "the options check failed to run: $(cat "$ERR")"
import importlib.util, sys
spec = importlib.util.spec_from_file_location("helpopts", sys.argv[1])
h = importlib.util.module_from_spec(spec)
spec.loader.exec_module(h)

rows = h.table()
checks = 0
def check(ok, message):
    global checks
    checks += 1
    if not ok:
        print("FAIL: " + message)

def sample(row):
    """A value the option takes at parse time."""
    if row["values"] and not row["values"].startswith("@"):
        return row["values"].split()[0]
    return "2024-01-01" if row["argument"] == "DATE" else "80"

def accepts(command, option, value):
    """Whether `peat [COMMAND] OPTION [VALUE] --help` is taken: help, status 0."""
    args = ([command] if command else []) + [option] + ([value] if value is not None else []) + ["--help"]
    status, out, err = h.peat(*args)
    return status == 0 and "unknown option" not in err and "unrecognized option" not in err, " ".join(args), status, err

commands = h.commands(rows)
common = [r for r in rows if r["command"] == "*"]
for command in [""] + commands:
    listed = [r for r in rows if r["command"] == command and r["option"]]
    if command not in ("", "help"):
        # A command's own row overrides the common one (import's --format).
        listed += [r for r in common if r["option"] not in {o["option"] for o in listed}]
    name = "peat " + command if command else "peat"
    check(listed, "%s has no options in the table" % name)
    # Each listed option (and value) is taken.
    for r in listed:
        if command == "help":
            status, out, err = h.peat("help", r["option"])
            check(status == 0, "peat help %s exited %d: %s" % (r["option"], status, err.strip()))
            continue
        if r["option"] == "--version":
            continue
        ok, line, status, err = accepts(command, r["option"], sample(r) if r["argument"] else None)
        check(ok, "%s: the table lists %s, but `peat %s` exits %d: %s" % (name, r["option"], line, status, err.strip()))
        if r["values"] and not r["values"].startswith("@"):
            for word in r["values"].split()[1:]:
                ok, line, status, err = accepts(command, r["option"], word)
                check(ok, "%s %s: the table lists the value %s, but `peat %s` exits %d: %s"
                      % (name, r["option"], word, line, status, err.strip()))
    # The --help names exactly the options listed.
    helped = h.help_options(command, h.help_text(command) if command != "help" else h.peat("help", "help")[1])
    table_options = {r["option"] for r in listed}
    for o in sorted(helped - table_options):
        check(False, "%s --help names %s, which the options table (cli/options.c) does not list" % (name, o))
    for o in sorted(table_options - helped):
        check(False, "the options table lists %s for %s, which its --help does not name" % (o, name))
# Each command's operand words (sync top, metrics c1, ...) and every command
# after `peat` and `peat help`.
for word in commands:
    status, out, err = h.peat(word, "--help") if word != "help" else h.peat("help", "--help")
    check(status == 0, "peat %s --help exited %d" % (word, status))
    status, out, err = h.peat("help", word)
    check(status == 0, "peat help %s exited %d" % (word, status))
print("%d checks" % checks)
PY
cat "$OUT" | grep '^FAIL: ' | sed 's/^FAIL: //' | while IFS= read -r line; do printf 'FAIL: %s\n' "$line" >&2; done
n=$(sed -n 's/^\([0-9]*\) checks$/\1/p' "$OUT")
checks=$((checks + ${n:-1}))
fails=$((fails + $(grep -c '^FAIL: ' "$OUT")))
[ -n "$n" ] || fail "the options check printed no count: $(cat "$ERR")"
finish
