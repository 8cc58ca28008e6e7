#!/usr/bin/env python3
"""Opens the published datasets the way researchers will, independently of Spotlight's code.

  check-datasets.py readers DATASETS_DIR EXPECTED_JSON
      Every Parquet and CSV.gz file through pyarrow, DuckDB and Polars: the row count and each
      column's type must be the warehouse's. EXPECTED_JSON is written by the test from the
      warehouse itself: {"datasets": [{"name", "rows", "columns": [[name, ClickHouse type]]}]}.
      CSV files are read with the warehouse's types given explicitly, so every cell must parse
      as its type (arrays are JSON, parsed too).

  check-datasets.py extracts PUBLIC_DIR
      Runs every entity page's "download these rows" filter on the Parquet files.

  check-datasets.py figures PUBLIC_DIR
      Recomputes page figures from the Parquet files with DuckDB and compares them to the
      pages' JSON twins: every committee's itemized individual total and count, every member's
      trade and late-trade counts, every report's rows.

Prints one summary line and the problems; exits 1 if there are any.
"""
import glob
import gzip
import json
import os
import re
import sys
from decimal import Decimal

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq


def base(t):
    changed = True
    while changed:
        changed = False
        for wrapper in ("Nullable(", "LowCardinality("):
            if t.startswith(wrapper) and t.endswith(")"):
                t, changed = t[len(wrapper):-1], True
    return t


INTS = {"UInt8": pa.uint8(), "UInt16": pa.uint16(), "UInt32": pa.uint32(), "UInt64": pa.uint64(),
        "Int8": pa.int8(), "Int16": pa.int16(), "Int32": pa.int32(), "Int64": pa.int64()}


def arrow_type(t):
    b = base(t)
    if b.startswith("Array("):
        return pa.list_(arrow_type(b[len("Array("):-1]))
    if b in INTS:
        return INTS[b]
    if b == "Float32":
        return pa.float32()
    if b == "Float64":
        return pa.float64()
    m = re.fullmatch(r"Decimal\((\d+), (\d+)\)", b)
    if m:
        return pa.decimal128(int(m.group(1)), int(m.group(2)))
    if b in ("Date", "Date32"):
        return pa.date32()
    if b.startswith("DateTime"):
        return pa.timestamp("ms", tz="UTC")
    if b == "Bool":
        return pa.bool_()
    return pa.string()


def same_arrow(a, b):
    if pa.types.is_list(a) and pa.types.is_list(b):
        return same_arrow(a.value_type, b.value_type)
    return a == b


DUCK = {pa.uint8(): "UTINYINT", pa.uint16(): "USMALLINT", pa.uint32(): "UINTEGER", pa.uint64(): "UBIGINT",
        pa.int8(): "TINYINT", pa.int16(): "SMALLINT", pa.int32(): "INTEGER", pa.int64(): "BIGINT",
        pa.float32(): "FLOAT", pa.float64(): "DOUBLE", pa.date32(): "DATE", pa.bool_(): "BOOLEAN", pa.string(): "VARCHAR"}


def duck_type(a):
    if pa.types.is_list(a):
        return duck_type(a.value_type) + "[]"
    if pa.types.is_decimal(a):
        return f"DECIMAL({a.precision},{a.scale})"
    if pa.types.is_timestamp(a):
        return "TIMESTAMP WITH TIME ZONE"
    return DUCK[a]


POLARS = {pa.uint8(): pl.UInt8, pa.uint16(): pl.UInt16, pa.uint32(): pl.UInt32, pa.uint64(): pl.UInt64,
          pa.int8(): pl.Int8, pa.int16(): pl.Int16, pa.int32(): pl.Int32, pa.int64(): pl.Int64,
          pa.float32(): pl.Float32, pa.float64(): pl.Float64, pa.date32(): pl.Date, pa.bool_(): pl.Boolean, pa.string(): pl.String}


def polars_type(a):
    if pa.types.is_list(a):
        return pl.List(polars_type(a.value_type))
    if pa.types.is_decimal(a):
        return pl.Decimal(a.precision, a.scale)
    if pa.types.is_timestamp(a):
        return pl.Datetime("ms", "UTC")
    return POLARS[a]


def csv_arrow_type(a):
    """How a column is read from the CSV: arrays are JSON text."""
    return pa.string() if pa.types.is_list(a) else a


def readers(directory, expected_path):
    expected = json.load(open(expected_path))["datasets"]
    problems, files = [], 0
    con = duckdb.connect()
    for d in expected:
        name, rows = d["name"], d["rows"]
        names = [c[0] for c in d["columns"]]
        types = [arrow_type(c[1]) for c in d["columns"]]
        parquet = os.path.join(directory, f"{name}.parquet")
        csv = os.path.join(directory, f"{name}.csv.gz")
        files += 2

        table = pq.read_table(parquet)
        if table.num_rows != rows:
            problems.append(f"{name}.parquet: pyarrow reads {table.num_rows} rows, the warehouse has {rows}")
        if table.column_names != names:
            problems.append(f"{name}.parquet: pyarrow columns {table.column_names} != {names}")
        for field, want in zip(table.schema, types):
            if not same_arrow(field.type, want):
                problems.append(f"{name}.parquet: pyarrow reads {field.name} as {field.type}, expected {want}")

        got = con.execute(f"SELECT count(*) FROM read_parquet('{parquet}')").fetchone()[0]
        if got != rows:
            problems.append(f"{name}.parquet: DuckDB counts {got} rows, expected {rows}")
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{parquet}')").fetchall()
        for (column, dtype, *_), want in zip(described, types):
            if dtype != duck_type(want):
                problems.append(f"{name}.parquet: DuckDB reads {column} as {dtype}, expected {duck_type(want)}")

        frame = pl.read_parquet(parquet)
        if frame.height != rows:
            problems.append(f"{name}.parquet: Polars reads {frame.height} rows, expected {rows}")
        for column, dtype, want in zip(frame.columns, frame.dtypes, types):
            if dtype != polars_type(want):
                problems.append(f"{name}.parquet: Polars reads {column} as {dtype}, expected {polars_type(want)}")

        # CSV.gz with the warehouse's types stated: every cell must parse as its type.
        csv_types = {n: csv_arrow_type(t) for n, t in zip(names, types)}
        try:
            table = pacsv.read_csv(csv, convert_options=pacsv.ConvertOptions(column_types=csv_types, strings_can_be_null=True))
            if table.num_rows != rows:
                problems.append(f"{name}.csv.gz: pyarrow reads {table.num_rows} rows, expected {rows}")
            if table.column_names != names:
                problems.append(f"{name}.csv.gz: header {table.column_names} != {names}")
            for n, t in zip(names, types):
                if pa.types.is_list(t):
                    for cell in table.column(n).to_pylist():
                        if cell is not None and not isinstance(json.loads(cell), list):
                            problems.append(f"{name}.csv.gz: {n} holds {cell!r}, not a JSON array")
                            break
        except Exception as e:  # noqa: BLE001 — any parse failure is the finding
            problems.append(f"{name}.csv.gz: pyarrow cannot read it with the warehouse's types: {e}")
        duck_columns = ", ".join(f"'{n}': '{'VARCHAR' if pa.types.is_list(t) else duck_type(t)}'" for n, t in zip(names, types))
        try:
            # RFC 4180 doubles quotes inside quoted fields, as the data package's dialect says.
            options = "header = true, quote = '\"', escape = '\"'"
            got = con.execute(f"SELECT count(*) FROM read_csv('{csv}', {options}, columns = {{{duck_columns}}})").fetchone()[0]
            if got != rows:
                problems.append(f"{name}.csv.gz: DuckDB counts {got} rows, expected {rows}")
        except Exception as e:  # noqa: BLE001
            problems.append(f"{name}.csv.gz: DuckDB cannot read it with the warehouse's types: {e}")
        try:
            schema = {n: (pl.String if pa.types.is_list(t) else polars_type(t)) for n, t in zip(names, types)}
            frame = pl.read_csv(gzip.open(csv).read(), schema=schema)
            if frame.height != rows:
                problems.append(f"{name}.csv.gz: Polars reads {frame.height} rows, expected {rows}")
        except Exception as e:  # noqa: BLE001
            problems.append(f"{name}.csv.gz: Polars cannot read it with the warehouse's types: {e}")
    print(f"readers: {len(expected)} datasets, {files} files, each through pyarrow, DuckDB and Polars: {len(problems)} problems")
    return problems


def figures(public):
    datasets = os.path.join(public, "datasets")
    con = duckdb.connect()
    problems, counts = [], {"committees": 0, "members": 0, "reports": 0}

    itemized = {(cmte, cycle): (cents, n) for cmte, cycle, cents, n in con.execute(f"""
        SELECT cmte_id, cycle, sum(transaction_amt) * 100, count(*) FROM read_parquet('{datasets}/fec-individual-contributions.parquet')
        WHERE memo_cd IS NULL OR memo_cd != 'X' GROUP BY ALL""").fetchall()}
    for path in glob.glob(os.path.join(public, "pacs", "*", "index.json")):
        page = json.load(open(path))
        if page.get("kind") != "committee":
            continue
        counts["committees"] += 1
        for cycle in page["cycles"]:
            cents, n = itemized.get((page["id"], cycle["cycle"]), (0, 0))
            shown = cycle["itemized_individual"]
            if round(Decimal(str(shown["total"])) * 100) != cents or shown["count"] != n:
                problems.append(f"{path}: itemized {shown} but the Parquet file gives ${Decimal(cents) / 100} in {n} contributions")

    trades = {b: (n, late) for b, n, late in con.execute(f"""
        SELECT member_bioguide, count(*), count(*) FILTER (WHERE days_to_disclose > 45)
        FROM read_parquet('{datasets}/congress-trades.parquet') WHERE member_bioguide IS NOT NULL AND superseded_by IS NULL GROUP BY ALL""").fetchall()}
    for path in glob.glob(os.path.join(public, "politicians", "*", "index.json")):
        member = json.load(open(path)).get("member")
        if not member or not member.get("name"):
            continue
        counts["members"] += 1
        n, late = trades.get(member["bioguide"], (0, 0))
        if (member["trades"]["total"], member["trades"]["late"]) != (n, late):
            problems.append(f"{path}: {member['trades']['total']} trades, {member['trades']['late']} late; the Parquet file gives {n}, {late}")

    def compare(path, parquet, row_count, shown):
        rows = con.execute(f"SELECT * EXCLUDE (rank) FROM read_parquet('{parquet}') ORDER BY rank").fetchall()
        columns = [c[0] for c in con.execute(f"DESCRIBE SELECT * EXCLUDE (rank) FROM read_parquet('{parquet}')").fetchall()]
        if len(rows) != row_count:
            problems.append(f"{path}: {row_count} rows, the Parquet file has {len(rows)}")
        for column, value in zip(columns, rows[0]):
            key = column[:-len("_cents")] if column.endswith("_cents") else column
            want = shown.get(key, shown.get(column))
            got = Decimal(value) / 100 if column.endswith("_cents") else value
            if isinstance(got, (int, float, Decimal)) and want is not None and not isinstance(got, bool):
                ok = Decimal(str(want)) == Decimal(str(got))
            else:
                ok = str(want) == str(got) or (want in (None, "") and got in (None, ""))
            if not ok:
                problems.append(f"{path}: top row {column} = {want!r}, the Parquet file gives {got!r}")

    counts["queries"] = 0
    for path in sorted(glob.glob(os.path.join(public, "reports", "*", "index.json"))):
        report = json.load(open(path))
        if report.get("kind") == "markdown-report":
            # Each sql block's rows are a dataset of their own.
            for query in report["queries"]:
                if not query["rows"]:
                    continue
                counts["queries"] += 1
                name = query["name"].replace("_", "-")
                compare(path, os.path.join(datasets, f"report-{report['name']}-{name}.parquet"), query["row_count"], query["rows"][0])
            continue
        if report.get("kind") != "report" or not report["rows"]:
            continue
        counts["reports"] += 1
        compare(path, os.path.join(datasets, f"report-{report['name']}.parquet"), report["row_count"], report["rows"][0])
    print(f"figures: {counts['committees']} committees, {counts['members']} members, {counts['reports']} reports and {counts['queries']} Markdown report queries recomputed from Parquet with DuckDB: {len(problems)} problems")
    return problems


def extracts(public):
    """Every "download these rows" filter on every entity page runs on the published Parquet
    file; a politician's selects exactly their row, a member's trades filter selects as many
    trades as the page counts, a committee's contributions filter gives the page's itemized total."""
    import html as htmllib
    datasets = os.path.join(public, "datasets")
    con = duckdb.connect()
    problems, ran, pages = [], 0, 0
    item = re.compile(r'<li><a href="/datasets/([a-z0-9-]+)/">[^<]*</a>[^<]*<a href="/datasets/[^"]+\.parquet">Parquet</a>.*?rows where <code>([^<]*)</code>')
    for section in ("politicians", "pacs", "corporations"):
        for path in glob.glob(os.path.join(public, section, "*", "index.html")):
            text = open(path).read()
            found = item.findall(text)
            if not found:
                continue
            pages += 1
            page = json.load(open(path[:-len("index.html")] + "index.json"))
            for name, code in found:
                condition = htmllib.unescape(code)
                parquet = os.path.join(datasets, f"{name}.parquet")
                try:
                    n = con.execute(f"SELECT count(*) FROM read_parquet('{parquet}') WHERE {condition}").fetchone()[0]
                except Exception as e:  # noqa: BLE001
                    problems.append(f"{path}: {name} filter {condition!r} does not run: {e}")
                    continue
                ran += 1
                if name == "politicians" and n != 1:
                    problems.append(f"{path}: {condition} selects {n} politicians")
                if name == "congress-trades" and page.get("member"):
                    # The page counts the trades that stand; the file keeps amended reports' rows, marked.
                    n = con.execute(f"SELECT count(*) FROM read_parquet('{parquet}') WHERE ({condition}) AND superseded_by IS NULL").fetchone()[0]
                if name == "congress-trades" and page.get("member") and n != page["member"]["trades"]["total"]:
                    problems.append(f"{path}: {condition} selects {n} trades, the page counts {page['member']['trades']['total']}")
                if name == "fec-individual-contributions":
                    for cycle in page["cycles"]:
                        cents = con.execute(f"SELECT coalesce(sum(transaction_amt) * 100, 0) FROM read_parquet('{parquet}') WHERE {condition} "
                                            f"AND cycle = {cycle['cycle']} AND (memo_cd IS NULL OR memo_cd != 'X')").fetchone()[0]
                        if round(Decimal(str(cycle["itemized_individual"]["total"])) * 100) != cents:
                            problems.append(f"{path}: {condition} gives {cents} cents in {cycle['cycle']}, the page {cycle['itemized_individual']['total']}")
    print(f"extracts: {ran} filters on {pages} entity pages run on the Parquet files: {len(problems)} problems")
    return problems


if __name__ == "__main__":
    modes = {"readers": lambda: readers(sys.argv[2], sys.argv[3]), "figures": lambda: figures(sys.argv[2]), "extracts": lambda: extracts(sys.argv[2])}
    found = modes[sys.argv[1]]()
    for p in found[:50]:
        print(p)
    sys.exit(1 if found else 0)
