#!/usr/bin/env python3
"""tests/cli/json_schema.py — checks JSON lines of `bpfload ... --json`
against the schema that docs/json.md documents.

    python3 tests/cli/json_schema.py docs/json.md FILE...

Each line of FILE is either a JSON object or "SOURCE<TAB>JSON" (what
tests/cli/lib.sh's json_keep writes: the script and the command that
printed the line). The schema is read from the tables of docs/json.md:
one "### `TYPE`" heading per line type, then a table whose rows are

    | `FIELD` | TYPES | always or optional | meaning |

FIELD is a member of the line ("name"), of a member object ("stats.insns")
or of the objects of an array member ("entries[].key"). TYPES is one or
more of string, integer, number, boolean, null, object, array, any,
joined by " or ". A line is wrong when it is not a JSON object, has no
"type" or one not documented, lacks a field marked always, has a field
the table does not list (in the line itself and in every object whose
members the table lists), or has a field of a JSON type not listed.
An integer field must be written as an integer (1e9 or 1.0 is a
"number", not an "integer"); Python's json keeps every digit of it.

Exit status: 0 when every line is right, 1 when one is not (each wrong
line named, with its source, at most 20 of them), 2 for a usage or
schema error. Standard library only.
"""
import json
import re
import sys

TYPES = {"string", "integer", "number", "boolean", "null", "object", "array", "any"}


def load_schema(path):
    """{type: {field_path: (set_of_types, always)}} from docs/json.md."""
    schema, cur = {}, None
    head = re.compile(r"^### `([a-z_]+)`\s*$")
    row = re.compile(r"^\|\s*`([A-Za-z0-9_.\[\]]+)`\s*\|([^|]*)\|([^|]*)\|")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = head.match(line)
            if m:
                cur = m.group(1)
                if cur in schema:
                    raise ValueError("%s:%d: type %s documented twice" % (path, n, cur))
                schema[cur] = {}
                continue
            if line.startswith("## "):
                cur = None
                continue
            m = row.match(line)
            if not m or cur is None:
                continue
            field, types, presence = m.group(1), m.group(2).strip(), m.group(3).strip()
            ts = {t.strip() for t in types.split(" or ")}
            if not ts <= TYPES:
                raise ValueError("%s:%d: %s: unknown JSON type in '%s'" % (path, n, field, types))
            if presence not in ("always", "optional"):
                raise ValueError("%s:%d: %s: '%s' is neither always nor optional" % (path, n, field, presence))
            schema[cur][field] = (ts, presence == "always")
    if not schema:
        raise ValueError("%s: no '### `TYPE`' tables" % path)
    for t, fields in schema.items():
        if "type" not in fields:
            raise ValueError("%s: type %s: no row for the field type" % (path, t))
    return schema


def json_type(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def type_ok(v, allowed):
    t = json_type(v)
    return "any" in allowed or t in allowed or (t == "integer" and "number" in allowed)


def check_object(obj, prefix, fields, errors):
    """obj: a dict at prefix ("" for the line, "stats." or "entries[]."),
    against the rows of fields under that prefix."""
    mine = {k[len(prefix):]: v for k, v in fields.items()
            if k.startswith(prefix) and not re.search(r"[.\[]", k[len(prefix):])}
    for name, (allowed, always) in mine.items():
        if name not in obj:
            if always:
                errors.append("no field %s%s" % (prefix, name))
            continue
        v = obj[name]
        if not type_ok(v, allowed):
            errors.append("%s%s is %s, documented as %s" % (prefix, name, json_type(v), " or ".join(sorted(allowed))))
            continue
        sub = prefix + name
        if isinstance(v, dict) and any(k.startswith(sub + ".") for k in fields):
            check_object(v, sub + ".", fields, errors)
        if isinstance(v, list) and any(k.startswith(sub + "[].") for k in fields):
            for e in v:
                if not isinstance(e, dict):
                    errors.append("an element of %s is %s, not an object" % (sub, json_type(e)))
                    break
                check_object(e, sub + "[].", fields, errors)
    for name in obj:
        if name not in mine:
            errors.append("field %s%s is not documented" % (prefix, name))


def check_line(text, schema):
    try:
        obj = json.loads(text)
    except ValueError as e:
        return ["not JSON: %s" % e]
    if not isinstance(obj, dict):
        return ["not a JSON object"]
    t = obj.get("type")
    if not isinstance(t, str):
        return ["no \"type\" string"]
    if t not in schema:
        return ["type %s is not documented in docs/json.md" % t]
    errors = []
    check_object(obj, "", schema[t], errors)
    return errors


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: json_schema.py docs/json.md FILE...\n")
        return 2
    try:
        schema = load_schema(argv[1])
    except (OSError, ValueError) as e:
        sys.stderr.write("json_schema.py: %s\n" % e)
        return 2
    lines = wrong = 0
    seen = {}
    for path in argv[2:]:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            for n, raw in enumerate(f, 1):
                raw = raw.rstrip("\n")
                if not raw:
                    continue
                src, _, text = raw.rpartition("\t") if not raw.startswith("{") else ("", "", raw)
                errors = check_line(text, schema)
                lines += 1
                if not errors:
                    t = json.loads(text)["type"]
                    seen[t] = seen.get(t, 0) + 1
                    continue
                wrong += 1
                if wrong <= 20:
                    print("FAIL %s:%d%s: %s\n    %s" % (path, n, " (%s)" % src if src else "",
                                                     "; ".join(errors), text[:300]))
    types = ", ".join("%s %d" % (t, c) for t, c in sorted(seen.items()))
    print("%d JSON lines, %d wrong; by type: %s" % (lines, wrong, types or "none"))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
