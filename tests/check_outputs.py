#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""check_outputs.py DIR SCHEMA - peat's machine interface, read as a script
would: every DIR/NAME.json validates against SCHEMA (a JSON Schema, checked
by the small validator below) and holds values of its columns' kinds under
snake_case keys; every DIR/NAME[--TABLE].csv and .tsv loads with pandas,
has LF line ends, the JSON's column names as its header and numbers in its
numeric columns; no file holds a display glyph. Prints one line per problem
and exits 1 when there is any."""
import json
import os
import re
import sys

import pandas as pd

GLYPHS = "●○▲▼↺├└│─"
NUMERIC = {"int", "real", "pvalue", "percent", "gauge", "sections", "change"}
STATUSES = {"remained", "newcomer", "returning", "dropped"}
# Columns named by data (a snapshot's label, a model's id), not by peat.
DATA_NAMED = {"compare", "turnover_models"}

problems = []


def problem(where, what):
    problems.append("%s: %s" % (where, what))


def validate(value, schema, root, where):
    """The part of JSON Schema the schema uses."""
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].split("/")[-1]]
    types = schema.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
        ok = any((t == "number" and isinstance(value, (int, float)) and not isinstance(value, bool)) or
                 (t in kinds and isinstance(value, kinds[t])) for t in types)
        if not ok:
            return problem(where, "%r is not %s" % (value, "/".join(types)))
    if "enum" in schema and value not in schema["enum"]:
        problem(where, "%r is not one of %s" % (value, schema["enum"]))
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        problem(where, "%r does not match %s" % (value, schema["pattern"]))
    if "minLength" in schema and isinstance(value, str) and len(value) < schema["minLength"]:
        problem(where, "%r is too short" % value)
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                problem(where, "no %r" % key)
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, v in value.items():
            if key in props:
                validate(v, props[key], root, "%s.%s" % (where, key))
            elif extra is False:
                problem(where, "unexpected %r" % key)
            elif isinstance(extra, dict):
                validate(v, extra, root, "%s.%s" % (where, key))
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            validate(v, schema["items"], root, "%s[%d]" % (where, i))
    if "oneOf" in schema:
        matches = 0
        for alt in schema["oneOf"]:
            before = len(problems)
            validate(value, alt, root, where)
            matches += len(problems) == before
            del problems[before:]
        if matches != 1:
            problem(where, "matches %d of the shapes oneOf allows, not 1" % matches)
    if "not" in schema:
        before = len(problems)
        validate(value, schema["not"], root, where)
        if len(problems) == before:
            problem(where, "has what it must not: %s" % schema["not"])
        del problems[before:]


def check_table(where, name, table):
    """Row keys are the columns' keys; values are of the columns' kinds."""
    keys = [c["key"] for c in table["columns"]]
    if name not in DATA_NAMED:
        for k in keys:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", k):
                problem(where, "key %r is not snake_case" % k)
    kinds = {c["key"]: c["kind"] for c in table["columns"]}
    for i, row in enumerate(table["rows"]):
        if list(row) != keys:
            problem(where, "row %d has keys %s, not %s" % (i, list(row), keys))
        for k, v in row.items():
            kind = kinds.get(k)
            if v is None:
                continue
            if kind in NUMERIC and (isinstance(v, bool) or not isinstance(v, (int, float))):
                problem(where, "row %d %s: %r is not a number" % (i, k, v))
            elif kind == "bool" and not isinstance(v, bool):
                problem(where, "row %d %s: %r is not a boolean" % (i, k, v))
            elif kind == "status" and v not in STATUSES:
                problem(where, "row %d %s: %r is not a status" % (i, k, v))
            elif kind in ("date", "tree") and not isinstance(v, str):
                problem(where, "row %d %s: %r is not text" % (i, k, v))
            # (a text column of a table of attributes, `compare` and `show`,
            # holds each attribute as its value: text, numbers)


def check_separated(path, columns, sep):
    raw = open(path, "rb").read()
    if b"\r" in raw:
        problem(path, "has CR line ends")
    try:
        df = pd.read_csv(path, sep=sep, dtype=None, keep_default_na=True)
    except Exception as e:  # what a script would see
        return problem(path, "pandas cannot read it: %s" % e)
    want = [c["key"] for c in columns if c["kind"] != "tree"]
    if list(df.columns) != want:
        problem(path, "header %s, not the JSON's keys %s" % (list(df.columns), want))
    for c in columns:
        if c["kind"] in NUMERIC and c["key"] in df.columns:
            col = df[c["key"]]
            if col.notna().any() and not pd.api.types.is_numeric_dtype(col):
                problem(path, "column %s (%s) is not numeric: %s" % (c["key"], c["kind"], list(col[:3])))


def main():
    out, schema_path = sys.argv[1], sys.argv[2]
    schema = json.load(open(schema_path))
    files = sorted(os.listdir(out))
    for f in files:
        path = os.path.join(out, f)
        text = open(path, encoding="utf-8", errors="replace").read()
        for g in GLYPHS:
            if g in text:
                problem(path, "holds the display glyph %s" % g)
    docs = {}
    for f in files:
        if f.endswith(".json"):
            path = os.path.join(out, f)
            try:
                doc = json.load(open(path))
            except ValueError as e:
                problem(path, "not JSON: %s" % e)
                continue
            docs[f[:-5]] = doc
            validate(doc, schema, schema, path)
            tables = doc.get("tables") or {doc.get("table"): doc}
            for name, table in tables.items():
                if all(k in table for k in ("columns", "rows")):
                    check_table("%s:%s" % (path, name), name, table)
    for f in files:
        stem, ext = os.path.splitext(f)
        if ext not in (".csv", ".tsv"):
            continue
        command, _, table = stem.partition("--")
        doc = docs.get(command)
        if doc is None:
            problem(f, "no JSON of the same command to compare with")
            continue
        t = doc["tables"][table] if table else doc
        check_separated(os.path.join(out, f), t["columns"], "," if ext == ".csv" else "\t")
    for p in problems:
        print(p)
    print("%d files checked, %d problems" % (len(files), len(problems)))
    sys.exit(1 if problems else 0)


main()
