import Core
import Fetch
import Foundation
import Ingest
import Sample
import TestSupport
import Warehouse

// `make bench`: measures streaming + decoding of a 5-column result on each engine at 1 M and
// 10 M rows, each in its own process so peak RSS is that run's alone, next to a peer doing
// the same transfer without decoding (chDB's Python binding; curl against the server), and
// writes the figures into BENCHMARKS.md.

let query = """
    SELECT number AS id, toString(number % 100000) AS name, toDate(17000 + number % 3000) AS day,
           toDecimal64(number % 100000, 2) AS amount, number / 3 AS ratio
    FROM system.numbers LIMIT
    """

struct Measurement {
    let rows: Int
    let seconds: Double
    let peakRSSMiB: Double
    var rowsPerSecond: Double { Double(rows) / seconds }
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Child mode: `spotlight-bench stream embedded|URL ROWS` prints `rows seconds peakMiB`.
func streamChild(engine name: String, rows: Int) throws {
    let engine: any WarehouseEngine = name == "embedded" ? try scratchEngine() : ServerEngine(options: .init(url: name))
    let start = Date()
    var seen = 0
    var checksum: UInt64 = 0
    try engine.stream(query + " \(rows)") { batch in
        seen += batch.rowCount
        if case .uint(let ids) = batch.columns[0].values, let last = ids.last { checksum &+= last }
    }
    let seconds = Date().timeIntervalSince(start)
    guard seen == rows else { throw WarehouseError(.decode, "expected \(rows) rows, got \(seen)") }
    print("\(seen) \(seconds) \(peakRSSMiB()) \(checksum)")
}

func runChild(_ arguments: [String]) throws -> Measurement {
    guard let result = Subprocess.run(CommandLine.arguments[0], arguments), result.status == 0 else {
        throw WarehouseError(.decode, "benchmark child \(arguments) failed")
    }
    let parts = result.output.split(separator: " ").map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
    return Measurement(rows: Int(parts[0]), seconds: parts[1], peakRSSMiB: parts[2])
}

/// chDB's own Python binding producing the same result as Arrow IPC bytes (no decoding).
func pythonPeer(rows: Int) throws -> Double {
    let script = "import chdb,time\nt=time.time()\nr=chdb.query('''\(query) \(rows)''','Arrow')\nprint(time.time()-t)"
    guard let result = Subprocess.run(".venv/bin/python3", ["-c", script]), result.status == 0,
          let seconds = Double(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw WarehouseError(.unavailable, "chdb Python peer failed", fix: "make setup")
    }
    return seconds
}

/// curl downloading the same TabSeparated result (gzip) to /dev/null.
func curlPeer(url: String, rows: Int) throws -> Double {
    let body = query + " \(rows) FORMAT TabSeparatedWithNamesAndTypes"
    guard let result = Subprocess.run("curl", ["-s", "-o", "/dev/null", "-w", "%{time_total}", "--compressed",
                                               "--data-binary", body, url + "/?enable_http_compression=1"]),
          result.status == 0, let seconds = Double(result.output) else {
        throw WarehouseError(.unavailable, "curl peer failed")
    }
    return seconds
}

func machine() -> String {
    let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
        .split(separator: "\n").first { $0.hasPrefix("model name") }?
        .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
    let memory = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
        .split(separator: "\n").first.map { String($0.split(separator: " ", omittingEmptySubsequences: true)[1]) }
        .flatMap { Double($0) }.map { String(format: "%.0f GiB", $0 / 1_048_576) } ?? "?"
    return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu), \(memory)"
}

/// Replaces the section between `<!-- bench:NAME -->` markers (or appends it).
func updateBenchmarks(section name: String, with text: String) throws {
    let path = "BENCHMARKS.md"
    var document = (try? String(contentsOfFile: path, encoding: .utf8))
        ?? "# Benchmarks\n\nFigures written by `make bench`; each section says the command, machine and date.\n"
    let begin = "<!-- bench:\(name) -->", end = "<!-- /bench:\(name) -->"
    let block = "\(begin)\n\(text)\(end)"
    if let b = document.range(of: begin), let e = document.range(of: end) {
        document.replaceSubrange(b.lowerBound..<e.upperBound, with: block)
    } else {
        document += "\n" + block + "\n"
    }
    try document.write(toFile: path, atomically: true, encoding: .utf8)
}

func driver() throws {
    let server = try ClickHouseTestServer.shared()
    var lines: [String] = []
    var rss: [String: [Int: Double]] = [:]
    for (label, target) in [("embedded (chDB 26.9, ADBC + Arrow)", "embedded"), ("server (clickhouse-server 18.16, HTTP + TSV)", server.url)] {
        for rows in [1_000_000, 10_000_000] {
            let ours = try runChild(["stream", target, String(rows)])
            let peerSeconds = target == "embedded" ? try pythonPeer(rows: rows) : try curlPeer(url: server.url, rows: rows)
            let peerName = target == "embedded" ? "chdb Python → Arrow bytes" : "curl → /dev/null"
            rss[label, default: [:]][rows] = ours.peakRSSMiB
            lines.append(String(format: "| %@ | %@ | %.2f | %.2f M | %.0f | %@ | %.2f | %.2f× |",
                                label, rows.formatted(), ours.seconds, ours.rowsPerSecond / 1e6, ours.peakRSSMiB,
                                peerName, peerSeconds, peerSeconds / ours.seconds))
            print(lines.last!)
        }
    }
    let flat = rss.map { label, byRows in
        String(format: "- %@: peak RSS at 10 M rows is %.0f%% of that at 1 M (goal: within 20%%)",
               label, (byRows[10_000_000] ?? 0) / max(byRows[1_000_000] ?? 1, 1) * 100)
    }.sorted()
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    let text = """
        ## Warehouse: streaming and decoding a 5-column result

        Command: `make bench` · machine: \(machine()) · date: \(formatter.string(from: Date()))

        Query: `\(query.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "  ", with: "")) N` (UInt64, String,
        Date, Decimal(18, 2), Float64), every batch decoded into typed Swift columns. Each run is a fresh
        process; the peer does the same transfer in the same run without decoding (ratio = peer time ÷ ours;
        above 1 means Spotlight is faster).

        | engine | rows | seconds | rows/s | peak RSS MiB | peer | peer s | ratio |
        |---|---:|---:|---:|---:|---|---:|---:|
        \(lines.joined(separator: "\n"))

        \(flat.joined(separator: "\n"))

        """
    try updateBenchmarks(section: "warehouse-streaming", with: text)
    print(flat.joined(separator: "\n"))
}

// MARK: FEC ingest

func scratchEngine() throws -> EmbeddedEngine {
    try EmbeddedEngine.shared(path: FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-bench-\(getpid())/warehouse"))
}

/// Child mode: `spotlight-bench ingest DIR [BUCKET-URL]` loads DIR's itcont.txt through the real
/// ingest; with a bucket URL (`http://127.0.0.1:PORT/bucket/prefix/`), the `.zst` members DIR's
/// manifest lists are read there by ClickHouse's `s3()`, with the keys in AWS_ACCESS_KEY_ID and
/// AWS_SECRET_ACCESS_KEY, as an ingest from the S3 lake reads them; with `send`, the engine reads
/// no local file and is sent the lines with INSERTs, as a server loaded from a directory lake is.
func ingestChild(directory: String, bucket: String? = nil) throws {
    let scratch = try scratchEngine()
    let engine: any WarehouseEngine = bucket == "send" ? NoLocalFiles(scratch) : scratch
    let ingest = FECIngest(engine: engine, sql: try SQLLibrary.locate(), home: SpotlightHome(root: scratch.path.deletingLastPathComponent()))
    var objects: [String: WarehouseFile] = [:]
    if let bucket, bucket != "send" {
        let environment = ProcessInfo.processInfo.environment
        let access = S3Access.keys(id: environment["AWS_ACCESS_KEY_ID"] ?? "", secret: environment["AWS_SECRET_ACCESS_KEY"] ?? "", token: nil)
        objects["itcont.txt.zst"] = WarehouseFile(.s3(url: bucket + "itcont.txt.zst", access: access))
    }
    let start = Date()
    let outcomes = try ingest.run(cycle: 2024, directory: URL(fileURLWithPath: directory), objects: objects)
    let seconds = Date().timeIntervalSince(start)
    print("\(outcomes.reduce(0) { $0 + $1.linesRead }) \(seconds) \(peakRSSMiB())")
}

/// Child mode: `spotlight-bench naive FILE`: ClickHouse's own CSV reader loading the same file
/// into 21 untyped String columns, with no validation, line numbers or quarantine.
func naiveChild(file: String) throws {
    let engine = try scratchEngine()
    let columns = (1...21).map { "c\($0) String" }.joined(separator: ", ")
    try engine.execute("CREATE TABLE naive (\(columns)) ENGINE = MergeTree ORDER BY tuple()")
    let start = Date()
    try engine.execute("INSERT INTO naive SELECT * FROM file(\(SQLText.literal(file)), 'CSV', \(SQLText.literal(columns))) "
        + "SETTINGS format_csv_delimiter = '|', input_format_csv_allow_variable_number_of_columns = 1, "
        + "max_threads = \(ProcessInfo.processInfo.activeProcessorCount), max_insert_threads = \(ProcessInfo.processInfo.activeProcessorCount)")
    let seconds = Date().timeIntervalSince(start)
    let rows = Int(try engine.scalar("SELECT count() FROM naive").description) ?? 0
    print("\(rows) \(seconds) \(peakRSSMiB())")
}

func ingestBenchmark(contributions: Int) throws -> String {
    let dir = URL(fileURLWithPath: ".spotlight/bench/fec-\(contributions)")
    let file = dir.appendingPathComponent("itcont.txt")
    let generateStart = Date()
    var generated = false
    if !FileManager.default.fileExists(atPath: file.path) {
        let all = dir.appendingPathComponent("all")
        _ = try FECSample(cycle: 2024, seed: 1, contributions: contributions, packaging: .text).write(to: all)
        try FileManager.default.moveItem(at: all.appendingPathComponent("itcont.txt"), to: file)
        try FileManager.default.removeItem(at: all)
        generated = true
    }
    let generateSeconds = Date().timeIntervalSince(generateStart)
    let bytes = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.doubleValue ?? 0
    let ours = try runChild(["ingest", dir.path])
    let naive = try runChild(["naive", file.path])
    let line = String(format: "| %@ | %.0f | %.2f | %.2f M | %.0f | %.0f | %.2f | %.2f× |",
                      ours.rows.formatted(), bytes / 1_048_576, ours.seconds, ours.rowsPerSecond / 1e6,
                      bytes / 1_048_576 / ours.seconds, ours.peakRSSMiB, naive.seconds, naive.seconds / ours.seconds)
    print(line)
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    let origin = generated ? String(format: "generated in %.0f s", generateSeconds) : "reused from an earlier run"
    return """
        ## FEC ingest: individual contributions (itcont.txt) on the embedded engine

        Command: `make bench` · machine: \(machine()) · date: \(formatter.string(from: Date()))

        `FECSample` (as `spotlight sample --scale \(contributions) --format text`) writes the file (\(origin)); the
        real ingest then reads it with ClickHouse, splits and types all 21 fields, checks every row, writes
        quarantine rows, counts read/loaded/quarantined and swaps the partition in. The peer, in the same
        run, is ClickHouse's own CSV reader loading the same file into 21 untyped String columns with no
        checks, on the same threads (ratio = peer time ÷ ours). Goal: ≥ 1,000,000 rows/s.

        | rows | MiB | seconds | rows/s | MiB/s | peak RSS MiB | naive load s | ratio |
        |---:|---:|---:|---:|---:|---:|---:|---:|
        \(line)

        """
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    if arguments.first == "stream", arguments.count == 3, let rows = Int(arguments[2]) {
        try streamChild(engine: arguments[1], rows: rows)
    } else if arguments.first == "ingest", arguments.count == 2 || arguments.count == 3 {
        try ingestChild(directory: arguments[1], bucket: arguments.count == 3 ? arguments[2] : nil)
    } else if arguments.first == "naive", arguments.count == 2 {
        try naiveChild(file: arguments[1])
    } else if arguments.first == "render", arguments.count >= 3, let pages = Int(arguments[1]) {
        try renderChild(pages: pages, directory: arguments[2], full: arguments.count > 3 && arguments[3] == "full")
    } else if arguments.first == "profile", arguments.count == 2, let pages = Int(arguments[1]) {
        try profileChild(pages: pages)
    } else if arguments.first == "member", arguments.count == 4 {
        // What a fetch does once per new FEC zip: its member inflated and kept as .zst.
        let start = Date()
        let made = try ZipMembers.unpack(zip: URL(fileURLWithPath: arguments[1]), member: arguments[2], into: URL(fileURLWithPath: arguments[3]))
        print("\(made.name) \(made.lines) lines \(made.size) bytes \(Date().timeIntervalSince(start)) s \(peakRSSMiB()) MiB")
    } else if arguments.first == "sha", arguments.count == 2 {
        let start = Date()
        let digest = try SHA256.hex(file: arguments[1])
        print("\(digest) \(Date().timeIntervalSince(start)) s")
    } else if arguments.first == "hugo-content", arguments.count == 3, let pages = Int(arguments[1]) {
        try hugoContentChild(pages: pages, directory: arguments[2])
    } else if arguments.first == "hugo", arguments.count == 2 {
        try hugoChild(directory: arguments[1])
    } else if arguments.first == "dataset", arguments.count == 3 || (arguments.count == 4 && arguments[3] == "send") {
        try datasetChild(directory: arguments[1], output: arguments[2], send: arguments.count == 4)
    } else if arguments.first == "naive-csv", arguments.count == 3, let columns = Int(arguments[2]) {
        try naiveCSVChild(file: arguments[1], columns: columns)
    } else if arguments.first == "dataset" {
        try updateBenchmarks(section: "dataset-ingest", with: datasetBenchmark(rows: 1_000_000))
    } else if arguments.first == "export", arguments.count == 3 {
        try exportChild(directory: arguments[1], output: arguments[2])
    } else if arguments.first == "export" {
        try updateBenchmarks(section: "export", with: exportBenchmark(contributions: 10_000_000))
    } else if arguments.first == "s3" {
        try updateBenchmarks(section: "lake-s3", with: s3Benchmark())
    } else if arguments.first == "download" {
        try updateBenchmarks(section: "fetch-download", with: downloadBenchmark())
        try updateBenchmarks(section: "lake-s3", with: s3Benchmark())
    } else if arguments.first == "nightly" {
        try updateBenchmarks(section: "nightly", with: nightlyBenchmark())
    } else if arguments.first == "job" {
        try updateBenchmarks(section: "job-real-sample", with: jobBenchmark())
        try updateBenchmarks(section: "job-cycle", with: cycleBenchmark())
    } else if arguments.first == "site" {
        try updateBenchmarks(section: "site-render", with: renderBenchmark())
        try updateBenchmarks(section: "fetch-download", with: downloadBenchmark())
        try updateBenchmarks(section: "lake-s3", with: s3Benchmark())
    } else if arguments.first == "fec" {
        let contributions = arguments.count > 1 ? Int(arguments[1]) ?? 10_000_000 : 10_000_000
        try updateBenchmarks(section: "fec-ingest", with: ingestBenchmark(contributions: contributions))
    } else {
        try updateBenchmarks(section: "job-real-sample", with: jobBenchmark())
        try updateBenchmarks(section: "job-cycle", with: cycleBenchmark())
        try updateBenchmarks(section: "nightly", with: nightlyBenchmark())
        try driver()
        try updateBenchmarks(section: "fec-ingest", with: ingestBenchmark(contributions: 10_000_000))
        try updateBenchmarks(section: "export", with: exportBenchmark(contributions: 10_000_000))
        try updateBenchmarks(section: "dataset-ingest", with: datasetBenchmark(rows: 1_000_000))
        try updateBenchmarks(section: "site-render", with: renderBenchmark())
        try updateBenchmarks(section: "fetch-download", with: downloadBenchmark())
        try updateBenchmarks(section: "lake-s3", with: s3Benchmark())
    }
} catch {
    StandardError.write("spotlight-bench: \(error)\n")
    exit(1)
}
