import Core
import Foundation
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
    let engine: any WarehouseEngine = name == "embedded"
        ? try EmbeddedEngine.shared(path: FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-bench-\(getpid())"))
        : ServerEngine(options: .init(url: name))
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

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    if arguments.first == "stream", arguments.count == 3, let rows = Int(arguments[2]) {
        try streamChild(engine: arguments[1], rows: rows)
    } else {
        try driver()
    }
} catch {
    StandardError.write("spotlight-bench: \(error)\n")
    exit(1)
}
