# SPDX-License-Identifier: MIT
"""The options peat's --help texts name, its options table (`peat help
--options`, cli/options.c) and the man page's entries, for
tests/cli_options.sh and tests/man_page.sh."""
import os
import re
import subprocess

PEAT = os.environ["PEAT"]

OPTION = r"--?[A-Za-z][-A-Za-z0-9]*"
# A help line that documents options begins with one (indented), followed by
# a space, a comma or the end: "  --sort KEY ...", "  -q, --quiet ...".
OPTION_LINE = re.compile(r"^ {2,}(" + OPTION + r")(?=[ ,]|$)")
MORE_ON_LINE = re.compile(r", (" + OPTION + r")(?=[ ,]|$)")
IN_USAGE = re.compile(r"(?<![\w-])(" + OPTION + r")")


def peat(*args):
    """Run peat; (status, stdout, stderr)."""
    p = subprocess.run([PEAT, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def table():
    """The rows of `peat help --options`: dicts of command, option,
    argument, values, description."""
    status, out, err = peat("--format", "tsv", "help", "--options")
    if status != 0:
        raise SystemExit("peat help --options failed: " + err)
    lines = out.rstrip("\n").split("\n")
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"))) for line in lines[1:]]


def commands(rows):
    """The commands, from the operand of the options before any command."""
    for r in rows:
        if r["command"] == "" and r["option"] == "":
            return r["values"].split()
    raise SystemExit("the options table lists no commands")


def help_text(command):
    """`peat --help`, or `peat COMMAND --help`."""
    args = [command, "--help"] if command else ["--help"]
    status, out, err = peat(*args)
    if status != 0:
        raise SystemExit("peat %s exited %d: %s" % (" ".join(args), status, err))
    return out


def help_options(command, text):
    """The options a --help text names: in its usage lines (after the
    command's name) and at the start of its option lines."""
    found = set()
    for line in text.split("\n"):
        words = line.split()
        if line.startswith("usage:") or (words and words[0] == "peat" and line.startswith(" ")):
            if command and command in words:
                line = " ".join(words[words.index(command) + 1:])
            found.update(IN_USAGE.findall(line))
            continue
        m = OPTION_LINE.match(line)
        if m:
            found.add(m.group(1))
            found.update(MORE_ON_LINE.findall(line))
    return found


def roff_text(s):
    """roff source as the words it prints: fonts and escapes dropped."""
    s = re.sub(r"\\f[BIRP]", "", s)
    s = s.replace("\\-", "-").replace("\\(em", "-")
    return s


def man_entries(path):
    """The man page's COMMANDS section as {command: its entries' text} and
    the text of its OPTIONS section."""
    text = open(path, encoding="utf-8").read()
    sections = re.split(r"^\.SH ", text, flags=re.M)
    def section(name):
        for s in sections:
            if s.startswith(name + "\n"):
                return s
        raise SystemExit("the man page has no %s section" % name)
    entries = {}
    for chunk in re.split(r"^\.TP\n", section("COMMANDS"), flags=re.M)[1:]:
        tag = roff_text(chunk.split("\n", 1)[0])
        words = tag.replace(".B ", "").split()
        if words:
            entries[words[0]] = entries.get(words[0], "") + roff_text(chunk)
    return entries, roff_text(section("OPTIONS"))


def names(option, text):
    """Whether text names the option as a whole word."""
    return re.search(r"(?<![\w-])" + re.escape(option) + r"(?![\w-])", text) is not None
