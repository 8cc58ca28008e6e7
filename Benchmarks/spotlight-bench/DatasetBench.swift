import Core
import Export
import Foundation
import Ingest
import Warehouse

// A contributed dataset at scale: a 1 M-row CSV (ten columns: text, a quoted field with commas
// in every tenth row, US dates, a decimal, a CIK) defined by a dataset.toml like the worked
// example's, loaded by the real DatasetIngest (typed, checked, quarantine, books) and exported by
// the real Exporter (Parquet and CSV.gz: the downloads), against ClickHouse's own CSV reader
// loading the same file untyped with no checks, in the same run.

let datasetDefinition = """
    title = "Sponsored travel (benchmark)"
    description = "Generated trips."
    licence = "CC0"
    primary_key = ["trip_id"]
    sort = ["bioguide_id", "departure_date"]

    [[source]]
    file = "trips.csv"

    [links]
    bioguide_id = "member"

    [[column]]
    name = "trip_id"
    [[column]]
    name = "bioguide_id"
    required = true
    [[column]]
    name = "traveler"
    [[column]]
    name = "sponsor"
    [[column]]
    name = "sponsor_cik"
    [[column]]
    name = "destination"
    [[column]]
    name = "departure_date"
    type = "date"
    format = "%m/%d/%Y"
    [[column]]
    name = "return_date"
    type = "date"
    format = "%m/%d/%Y"
    [[column]]
    name = "cost"
    type = "decimal"
    [[column]]
    name = "purpose"
    """

/// Writes `rows` trips (and the definition) into `dir/bench-trips/` once; kept between runs.
func writeDatasetSample(rows: Int, dir: URL) throws -> URL {
    let folder = dir.appendingPathComponent("bench-trips", isDirectory: true)
    let file = folder.appendingPathComponent("trips.csv")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try datasetDefinition.write(to: folder.appendingPathComponent("dataset.toml"), atomically: true, encoding: .utf8)
    if FileManager.default.fileExists(atPath: file.path) { return folder }
    FileManager.default.createFile(atPath: file.path, contents: nil)
    let out = try FileHandle(forWritingTo: file)
    defer { try? out.close() }
    var text = "trip_id,bioguide_id,traveler,sponsor,sponsor_cik,destination,departure_date,return_date,cost,purpose\r\n"
    let sponsors = ["Acme Widgets Inc", "\"Institute for Fictional Policy, Inc.\"", "Pacific Trade Council", "Globex Holdings Corp"]
    for i in 1...rows {
        let month = 1 + i % 12, day = 1 + i % 27
        text += "T\(i),M\(String(format: "%06d", i % 535)),Member \(i % 535),\(sponsors[i % 4]),\(i % 4 == 0 ? "9000002" : ""),"
            + "\(i % 10 == 0 ? "\"Aspen, CO\"" : "Brussels"),\(String(format: "%02d/%02d/2023,%02d/%02d/2023", month, day, month, day + 1)),"
            + "\(900 + i % 9000).\(String(format: "%02d", i % 100)),Site visit\r\n"
        if text.utf8.count > 1 << 22 { out.write(Data(text.utf8)); text = "" }
    }
    out.write(Data(text.utf8))
    return folder
}

/// Child mode: `spotlight-bench dataset DIR OUT [send]`: loads DIR's dataset and exports it into
/// OUT; prints `rows ingest-s export-s peak-MiB`. With `send`, as a server with a directory lake
/// does it: the file's bytes sent to the warehouse and parsed there, the files written back.
func datasetChild(directory: String, output: String, send: Bool = false) throws {
    let scratch = try scratchEngine()
    let engine: any WarehouseEngine = send ? NoLocalFiles(scratch) : scratch
    let sql = try SQLLibrary.locate()
    let folder = URL(fileURLWithPath: directory)
    let definition = try DatasetDefinition.load(folder.appendingPathComponent("dataset.toml"))
    var started = Date()
    let outcomes = try DatasetIngest(engine: engine, sql: sql, home: SpotlightHome(root: scratch.path.deletingLastPathComponent()), definition: definition)
        .run(directory: folder)
    let ingest = Date().timeIntervalSince(started)
    try engine.execute("OPTIMIZE TABLE \(definition.table) FINAL")  // untimed, as the export benchmark does
    var spec = DatasetCatalog.contributedSpec(definition, common: [:])
    spec.undescribed = "Bookkeeping."  // source_file, source_line: common.toml describes them on the site
    started = Date()
    _ = try Exporter(engine: engine, catalog: DatasetCatalog(datasets: [spec]), destination: .directory(URL(fileURLWithPath: output))).run()
    let export = Date().timeIntervalSince(started)
    print("\(outcomes.reduce(0) { $0 + $1.loaded }) \(ingest) \(export) \(peakRSSMiB())")
}

/// Child mode: `spotlight-bench naive-csv FILE COLUMNS`: the same file into untyped String columns.
func naiveCSVChild(file: String, columns count: Int) throws {
    let engine = try scratchEngine()
    let columns = (1...count).map { "c\($0) String" }.joined(separator: ", ")
    try engine.execute("CREATE TABLE naive (\(columns)) ENGINE = MergeTree ORDER BY tuple()")
    let start = Date()
    try engine.execute("INSERT INTO naive SELECT * FROM file(\(SQLText.literal(file)), 'CSVWithNames', \(SQLText.literal(columns))) "
        + "SETTINGS max_threads = \(ProcessInfo.processInfo.activeProcessorCount), max_insert_threads = \(ProcessInfo.processInfo.activeProcessorCount)")
    let seconds = Date().timeIntervalSince(start)
    print("\(Int(try engine.scalar("SELECT count() FROM naive").description) ?? 0) \(seconds) \(peakRSSMiB())")
}

func datasetBenchmark(rows: Int) throws -> String {
    let dir = URL(fileURLWithPath: ".spotlight/bench/dataset-\(rows)")
    let folder = try writeDatasetSample(rows: rows, dir: dir)
    let file = folder.appendingPathComponent("trips.csv")
    let bytes = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.doubleValue ?? 0
    let output = dir.appendingPathComponent("exports")
    try? FileManager.default.removeItem(at: output)
    guard let result = Subprocess.run(CommandLine.arguments[0], ["dataset", folder.path, output.path]), result.status == 0 else {
        throw WarehouseError(.decode, "benchmark child dataset failed")
    }
    let parts = result.output.split(separator: " ").map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
    let naive = try runChild(["naive-csv", file.path, "10"])
    let (loaded, ingest, export, peak) = (parts[0], parts[1], parts[2], parts[3])
    let line = String(format: "| %@ | %.0f | %.2f | %.2f M | %.2f | %.2f M | %.0f | %.2f | %.2f× |",
                      Int(loaded).formatted(), bytes / 1_048_576, ingest, loaded / ingest / 1e6, export, loaded / (ingest + export) / 1e6,
                      peak, naive.seconds, naive.seconds / ingest)
    print(line)
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    return """
        ## Contributed dataset: a 1 M-row CSV from file to downloads

        Command: `make bench` (alone: `.build/release/spotlight-bench dataset`) · machine: \(machine()) · date: \(formatter.string(from: Date()))

        A generated trips CSV (10 columns; quoted fields with commas, US dates, decimals), defined by a
        `dataset.toml` like the worked example's, loaded by the real `DatasetIngest` (ClickHouse's CSV
        reader, every field typed and checked, quarantine pass, books, partition swap) and exported by the
        real `Exporter` (Parquet and CSV.gz, the downloads). The peer, in the same run, is ClickHouse's own
        CSV reader loading the same file into 10 untyped String columns with no checks (ratio = peer ÷ our
        ingest). Goal: ≥ 1,000,000 rows/s for the ingest, as the core FEC ingest.

        | rows | MiB | ingest s | ingest rows/s | export s | file → downloads rows/s | peak RSS MiB | naive load s | ratio |
        |---:|---:|---:|---:|---:|---:|---:|---:|---:|
        \(line)

        """
}
