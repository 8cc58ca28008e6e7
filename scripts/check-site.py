#!/usr/bin/env python3
"""Independent checks of a built site, used by the test suite (Tests/SiteTests):

- every .html file parses as HTML5 without a single parse error (html5lib in strict mode,
  the WHATWG parsing algorithm), has <html lang>, one <h1>, unique ids, a <title>, and
  every table has a <caption> and header cells with scope;
- no code a reader would have to look up appears in a page's text (outside <code>, scripts and
  the pages that show files as they are: /datasets/ and /status/): trade types and sources as
  loaded (sale_full, house_stock_watcher) and bill keys (hr104-118);
- every index.json validates against its page type's JSON Schema (templates/schemas/),
  chosen by the document's "kind".

Prints one line per problem and a summary; exits 1 if anything is wrong.
usage: check-site.py PUBLIC_DIR SCHEMA_DIR
"""
import json
import os
import re
import sys

import html5lib
import jsonschema

RAW_CODES = re.compile(r"\b(sale_full|sale_partial|house_stock_watcher|senate_stock_watcher|house_ptr|senate_efd"
                       r"|(?:hr|s|hres|sres|hjres|sjres|hconres|sconres)\d+-\d{2,3})\b")


def check_html(path, problems):
    with open(path, "rb") as f:
        data = f.read()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        doc = parser.parse(data)
    except html5lib.html5parser.ParseError as e:
        problems.append(f"{path}: invalid HTML5: {e}")
        return
    html = doc if doc.tag == "html" else doc.find("html")
    if html is None or not html.get("lang"):
        problems.append(f"{path}: <html> has no lang")
    if doc.find(".//title") is None or not (doc.find(".//title").text or "").strip():
        problems.append(f"{path}: no <title>")
    h1 = doc.findall(".//h1")
    if len(h1) != 1:
        problems.append(f"{path}: {len(h1)} <h1> elements, expected 1")
    ids = [e.get("id") for e in doc.iter() if e.get("id")]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        problems.append(f"{path}: duplicate ids {dupes}")
    for table in doc.iter("table"):
        if table.find("caption") is None:
            problems.append(f"{path}: a table has no <caption>")
        for th in table.iter("th"):
            if th.get("scope") not in ("col", "row"):
                problems.append(f"{path}: a <th> has no scope")
    # Last: it empties <code>, scripts and styles (keeping the text after them) to read the rest.
    if not os.path.relpath(path, public_root).startswith(("datasets" + os.sep, "status" + os.sep)):
        for tag in ("code", "script", "style"):
            for element in list(doc.iter(tag)):
                tail = element.tail
                element.clear()
                element.tail = tail
        for found in sorted(set(RAW_CODES.findall(" ".join(doc.itertext())))):
            problems.append(f"{path}: a code where words belong: {found!r}")


public_root = "."


def main():
    global public_root
    public, schema_dir = sys.argv[1], sys.argv[2]
    public_root = public
    schemas = {}
    for name in os.listdir(schema_dir):
        if name.endswith(".schema.json"):
            with open(os.path.join(schema_dir, name)) as f:
                schemas[name[: -len(".schema.json")]] = json.load(f)
    problems, html_files, json_files = [], 0, 0
    for folder, _, files in os.walk(public):
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name.endswith(".html"):
                html_files += 1
                check_html(path, problems)
            elif name == "index.json":
                json_files += 1
                with open(path) as f:
                    doc = json.load(f)
                schema = schemas.get(doc.get("kind"))
                if schema is None:
                    problems.append(f"{path}: no schema for kind {doc.get('kind')!r}")
                    continue
                for error in jsonschema.Draft202012Validator(schema).iter_errors(doc):
                    problems.append(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    for p in problems:
        print(p)
    print(f"checked {html_files} html files and {json_files} json documents: {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
