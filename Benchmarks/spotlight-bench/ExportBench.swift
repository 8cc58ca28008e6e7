import Core
import Export
import Foundation
import Ingest
import Warehouse

// Export throughput: the 10-million-contribution table (the same generated itcont.txt as the
// ingest benchmark) exported by the real Exporter as Parquet (ZSTD) and CSV.gz, against DuckDB
// writing the same rows to the same formats in the same run, and the files' sizes against the
// FEC's own packaging (itcont.txt deflated in a zip, as indivYY.zip is).

/// Child mode: `spotlight-bench export DIR OUT` ingests DIR's itcont.txt (untimed), exports
/// fec-individual-contributions into OUT and prints
/// `rows total-s parquet-s csv-s parquet-bytes csv-bytes peak-MiB`.
func exportChild(directory: String, output: String) throws {
    let engine = try scratchEngine()
    let sql = try SQLLibrary.locate()
    _ = try FECIngest(engine: engine, sql: sql, home: SpotlightHome(root: engine.path.deletingLastPathComponent()))
        .run(cycle: 2024, directory: URL(fileURLWithPath: directory))
    let content = sql.root.deletingLastPathComponent().appendingPathComponent("content/datasets")
    let spec = try DatasetCatalog.load(directory: content, reports: []).datasets.first { $0.name == "fec-individual-contributions" }!
    // Let the parts the ingest just wrote merge first (untimed): a read racing background merges
    // ran 60% slower, which measures the merge, not the export.
    try engine.execute("OPTIMIZE TABLE fec_individual_contributions FINAL")
    let started = Date()
    let (_, outcomes) = try Exporter(engine: engine, catalog: DatasetCatalog(datasets: [spec]), destination: .directory(URL(fileURLWithPath: output))).run()
    let total = Date().timeIntervalSince(started)
    let o = outcomes[0]
    print("\(o.rows) \(total) \(o.parquetSeconds) \(o.csvSeconds) \(o.parquetBytes) \(o.csvBytes) \(peakRSSMiB())")
}

func exportBenchmark(contributions: Int) throws -> String {
    let dir = URL(fileURLWithPath: ".spotlight/bench/fec-\(contributions)")
    let itcont = dir.appendingPathComponent("itcont.txt")
    if !FileManager.default.fileExists(atPath: itcont.path) { _ = try ingestBenchmark(contributions: contributions) }
    let python = ProjectFiles.find(".venv/bin/python3")?.path ?? ".venv/bin/python3"
    // The FEC ships itcont.txt deflated in a zip; made once and kept beside the file.
    let zip = dir.appendingPathComponent("indiv24.zip")
    if !FileManager.default.fileExists(atPath: zip.path) {
        guard Subprocess.run(python, ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED).write(sys.argv[2], 'itcont.txt')",
                                      zip.path, itcont.path])?.status == 0 else { throw ExportError(message: "cannot zip \(itcont.path)") }
    }
    func size(_ path: String) -> Double { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0 }
    let textBytes = size(itcont.path), zipBytes = size(zip.path)

    var lines: [String] = []
    var sizes = ""
    for round in 0..<3 {
        let out = scratch("export-\(round)", memory: true)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        guard let child = Subprocess.run(CommandLine.arguments[0], ["export", dir.path, out]), child.status == 0,
              let fields = child.output.split(separator: "\n").last?.split(separator: " ").compactMap({ Double($0) }), fields.count == 7 else {
            throw ExportError(message: "export child failed")
        }
        let (rows, total, parquet, csv, parquetBytes, csvBytes, rss) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6])
        // DuckDB, same rows (read from our Parquet file, untimed), same formats, same threads.
        let duck = Subprocess.run(python, ["-c", """
            import duckdb, sys, time, os
            con = duckdb.connect()
            con.execute(f"SET threads = {os.cpu_count()}")
            con.execute(f"CREATE TABLE t AS SELECT * FROM read_parquet('{sys.argv[1]}/fec-individual-contributions.parquet')")
            t = time.time(); con.execute(f"COPY t TO '{sys.argv[1]}/duck.parquet' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)"); p = time.time() - t
            t = time.time(); con.execute(f"COPY t TO '{sys.argv[1]}/duck.csv.gz' (HEADER, COMPRESSION gzip)"); c = time.time() - t
            print(p, c, os.path.getsize(f"{sys.argv[1]}/duck.parquet"), os.path.getsize(f"{sys.argv[1]}/duck.csv.gz"))
            """, out])
        let d = duck?.output.split(separator: "\n").last?.split(separator: " ").compactMap { Double($0) } ?? []
        guard d.count == 4 else { throw ExportError(message: "DuckDB peer failed: \(duck?.output ?? "")") }
        let line = String(format: "| %d | %.0f | %.2f | %.2f M | %.0f | %.2f | %.2f M | %.0f | %.2f | %.0f | %.2f | %.2f× | %.2f× |",
                          round + 1, rows, parquet, rows / parquet / 1e6, parquetBytes / 1_048_576, csv, rows / csv / 1e6, csvBytes / 1_048_576,
                          total, rss, d[0], d[0] / parquet, d[1] / csv)
        lines.append(line)
        print(line)
        sizes = String(format: "Sizes: itcont.txt %.0f MiB; the FEC's packaging (zip, deflate) %.0f MiB; Spotlight's Parquet %.0f MiB (%.2f× the zip) and CSV.gz %.0f MiB (%.2f× the zip); DuckDB's %.0f MiB Parquet and %.0f MiB CSV.gz.",
                       textBytes / 1_048_576, zipBytes / 1_048_576, parquetBytes / 1_048_576, parquetBytes / zipBytes,
                       csvBytes / 1_048_576, csvBytes / zipBytes, d[2] / 1_048_576, d[3] / 1_048_576)
    }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    return """
        ## Export: individual contributions to Parquet and CSV.gz

        Command: `.build/release/spotlight-bench export` (part of `make bench`) · machine: \(machine()) · date: \(formatter.string(from: Date()))

        The generated itcont.txt of the ingest benchmark (\(contributions.formatted()) contributions, the FEC's
        layout) is ingested, then the real `Exporter` writes `fec-individual-contributions` through
        ClickHouse (`INSERT INTO FUNCTION file(…)`, sorted by committee): Parquet with ZSTD, row groups
        of 100,000 rows and no bloom filters (with them: 30% larger, 20% slower), and CSV.gz (RFC 4180, CRLF, ISO times); "all" adds hashing both files, examples,
        sample rows and the primary-key check. The table's parts are merged first (untimed). The peer, in the same run on the same tmpfs and threads,
        is DuckDB writing the same rows (loaded from our Parquet, untimed) with `COPY … (FORMAT parquet,
        COMPRESSION zstd)` and `COPY … (HEADER, COMPRESSION gzip)`; ratio = DuckDB seconds ÷ ours.
        Row groups of 100,000 rows keep one committee's rows to a few MB for readers filtering over
        HTTP; 500,000-row groups measured 10% smaller and 4% faster on the same data.
        CSV.gz at gzip level 6 instead of ClickHouse's 3 was 12% smaller and 2.4× slower (still faster
        than DuckDB); kept at 3.

        | run | rows | Parquet s | rows/s | MiB | CSV.gz s | rows/s | MiB | all s | peak RSS MiB | DuckDB Parquet s | ratio Parquet | ratio CSV.gz |
        |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
        \(lines.joined(separator: "\n"))

        \(sizes)

        """
}
