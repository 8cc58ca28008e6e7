import Core
import Foundation

// The job as users run it, not a part of it: every file of ../shared/realdata ingested
// (scripts/real-sample.sh), then `spotlight build` timed as a whole process and per stage
// (from the build report), with its peak RSS: (a) a clean build, (c) a rebuild with nothing
// changed, (d) a rebuild after 1% of the 2016 FEC contributions changed amount (a new FEC
// file ingested, as a night with a new snapshot would).

struct TimedRun {
    let seconds: Double
    let peakMiB: Double
    let output: String
}

/// Runs a command under GNU time; wall seconds and the child's peak RSS.
func timed(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> TimedRun {
    let stats = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-bench-time-\(getpid())").path
    let env = environment.map { "\($0.key)=\($0.value)" }
    guard let result = Subprocess.run("/usr/bin/env", env + ["/usr/bin/time", "-o", stats, "-f", "%e %M", executable] + arguments, mergeStandardError: true),
          result.status == 0 else {
        throw BenchError("\(executable) \(arguments.joined(separator: " ")) failed")
    }
    let fields = try String(contentsOfFile: stats, encoding: .utf8).split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
    return TimedRun(seconds: fields.first ?? 0, peakMiB: (fields.last ?? 0) / 1024, output: result.output)
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The stages of the last build: name, status, seconds, counts.
func buildReport(_ home: URL) throws -> [[String: Any]] {
    let data = try Data(contentsOf: home.appendingPathComponent("state/build-report.json"))
    return ((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["stages"] as? [[String: Any]]) ?? []
}

func stageCell(_ stages: [[String: Any]], _ name: String) -> String {
    guard let stage = stages.first(where: { $0["name"] as? String == name }) else { return "–" }
    let seconds = stage["seconds"] as? Double ?? 0
    return stage["status"] as? String == "skipped" ? String(format: "skipped (%.2f)", seconds) : String(format: "%.2f", seconds)
}

func renderCount(_ stages: [[String: Any]], _ name: String) -> Int {
    ((stages.first { $0["name"] as? String == "render" }?["counts"] as? [String: Any])?[name] as? Int) ?? 0
}

/// Where the job benchmarks run: tmpfs by default (on this machine's ext4 disk, creating
/// 291,000 files right after deleting as many spends most of its time in the kernel's inode
/// allocator — perf: find_get_block_common, recently_deleted — which measures the disk's
/// history, not Spotlight), or SPOTLIGHT_BENCH_DIR.
func jobBenchDirectory(_ name: String) -> URL {
    let root = ProcessInfo.processInfo.environment["SPOTLIGHT_BENCH_DIR"]
        ?? (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/spotlight-bench" : ".spotlight/bench")
    return URL(fileURLWithPath: root).appendingPathComponent(name)
}

/// The commit and the date a section's figures were taken at.
func benchStamp() -> (commit: String, date: String) {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    let commit = Subprocess.run("/usr/bin/git", ["rev-parse", "--short", "HEAD"])?.output.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
    return (commit, formatter.string(from: Date()))
}

func jobBenchmark() throws -> String {
    let dir = jobBenchDirectory("real-sample")
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let home = dir.appendingPathComponent("home")
    let environment = ["SPOTLIGHT_HOME": home.path]
    let binary = ".build/release/spotlight"
    let config = dir.appendingPathComponent("spotlight.toml").path

    let ingest = try timed("scripts/real-sample.sh", [dir.path], environment: ["SPOTLIGHT": binary])
    let clean = try timed(binary, ["build", "--config", config], environment: environment)
    let cleanStages = try buildReport(home)
    let pages = renderCount(cleanStages, "pages")
    let files = renderCount(cleanStages, "files written")
    let again = try timed(binary, ["build", "--config", config], environment: environment)
    let againStages = try buildReport(home)

    // 1% of the 2016 contributions change amount: every 100th line of itcont.txt.
    let real = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("../shared/realdata/fec/2016_cycle_snapshot_2015-03").standardizedFileURL
    let changed = dir.appendingPathComponent("fec-2016-changed")
    try FileManager.default.createDirectory(at: changed, withIntermediateDirectories: true)
    var changedLines = 0
    for name in try FileManager.default.contentsOfDirectory(atPath: real.path) where name.hasSuffix(".txt") {
        var data = try Data(contentsOf: real.appendingPathComponent(name))
        if name == "itcont.txt" {
            var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { [UInt8]($0) }
            for i in stride(from: 0, to: lines.count, by: 100) where !lines[i].isEmpty {
                var fields = lines[i].split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false).map { [UInt8]($0) }
                guard fields.count > 14 else { continue }
                fields[14] = Array(String((Int(String(decoding: fields[14], as: UTF8.self)) ?? 0) + 1).utf8)  // TRANSACTION_AMT
                lines[i] = Array(fields.joined(separator: [UInt8(ascii: "|")]))
                changedLines += 1
            }
            data = Data(lines.joined(separator: [UInt8(ascii: "\n")]))
        }
        try data.write(to: changed.appendingPathComponent(name))
    }
    let reingest = try timed(binary, ["ingest", "fec", "--cycle", "2016", "--dir", changed.path, "--config", config], environment: environment)
    let rebuild = try timed(binary, ["build", "--config", config], environment: environment)
    let rebuildStages = try buildReport(home)

    // (e) Hugo renders the same committee pages from the same documents: each committee's
    // JSON twin as front matter, through Go templates equivalent to ours (Benchmarks/hugo).
    let hugoDir = dir.appendingPathComponent("hugo")
    try? FileManager.default.removeItem(at: hugoDir)
    let hugoContent = hugoDir.appendingPathComponent("content/pacs")
    try FileManager.default.createDirectory(at: hugoContent, withIntermediateDirectories: true)
    for name in ["hugo.toml", "layouts/_default/baseof.html", "layouts/_default/single.html", "layouts/_default/single.json",
                 "layouts/partials/header.html", "layouts/partials/footer.html"] {
        let target = hugoDir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: "Benchmarks/hugo/\(name)"), to: target)
    }
    let pacs = dir.appendingPathComponent("public/pacs")
    var hugoPages = 0
    for id in try FileManager.default.contentsOfDirectory(atPath: pacs.path) where !id.hasPrefix("page") && !id.hasPrefix("index") {
        guard let json = FileManager.default.contents(atPath: pacs.appendingPathComponent("\(id)/index.json").path) else { continue }
        try (json + Data("\n".utf8)).write(to: hugoContent.appendingPathComponent("\(id).md"))
        hugoPages += 1
    }
    let hugo = try timed("/usr/bin/hugo", ["--source", hugoDir.path, "--destination", hugoDir.appendingPathComponent("public").path, "--quiet"], environment: [:])
    let committeePages = (cleanStages.first { $0["name"] as? String == "render" }?["seconds"] as? Double) ?? 0
    let spotlightRate = Double(pages) / max(committeePages, 0.001), hugoRate = Double(hugoPages) / max(hugo.seconds, 0.001)

    let (commit, date) = benchStamp()
    func row(_ label: String, _ run: TimedRun, _ stages: [[String: Any]]) -> String {
        let cells = ["match members", "model and reports", "export", "render"].map { stageCell(stages, $0) }
        return String(format: "| %@ | %.2f | %.0f | %@ | %d | %d | %d |", label, run.seconds, run.peakMiB, cells.joined(separator: " | "),
                      renderCount(stages, "files written"), renderCount(stages, "files unchanged"), renderCount(stages, "files removed"))
    }
    let text = """
        ## The job: the real-sample site built, rebuilt unchanged, and rebuilt after a 1% change

        Command: `make bench` (`spotlight-bench job`, or `make bench-job`) · commit \(commit) · machine: \(machine()) · date: \(date) · output in `\(dir.path)`

        Every file of `../shared/realdata` loaded by `scripts/real-sample.sh` (both FEC snapshots,
        congress-legislators, every vote folder, trades, lobbying, SEC: \(String(format: "%.1f", ingest.seconds)) s, peak
        \(String(format: "%.0f", ingest.peakMiB)) MiB), then `spotlight build` as a whole process (wall seconds and peak RSS
        from GNU time; stage seconds from `state/build-report.json`). The site: \(pages) pages,
        \(files) files with their `.gz`/`.br` twins. The 1% change: \(changedLines) of the 2016 itcont.txt lines
        get a new amount and the file is ingested again (\(String(format: "%.2f", reingest.seconds)) s, not in the row), as a night
        with a new FEC snapshot would.

        | build | wall s | peak RSS MiB | match members s | model and reports s | export s | render s | files written | unchanged | removed |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
        \(row("(a) clean", clean, cleanStages))
        \(row("(c) nothing changed", again, againStages))
        \(row("(d) 1% of contributions changed", rebuild, rebuildStages))

        Rebuild after the 1% change: \(String(format: "%.0f%%", rebuild.seconds / max(clean.seconds, 0.001) * 100)) of the clean build's time.

        (e) Hugo (Debian's `hugo`) rendering the same site's \(hugoPages) committee pages from the same documents (each
        page's JSON twin as front matter; HTML + JSON, no compression, no queries): \(String(format: "%.2f", hugo.seconds)) s,
        \(Int(hugoRate.rounded()).formatted()) pages/s, peak \(String(format: "%.0f", hugo.peakMiB)) MiB. Spotlight's clean render stage, queries,
        `.gz`/`.br` twins, search, feeds and sitemaps included: \(Int(spotlightRate.rounded()).formatted()) pages/s — \(String(format: "%.2f", spotlightRate / max(hugoRate, 0.001)))× Hugo's rate.

        """
    print(text)
    return text
}

/// (b) The cycle-scale site: `scripts/cycle-sample.sh` generates a presidential cycle in every
/// family's official layout (kept between runs: generating 10 M contributions is not the job)
/// and ingests it, then `spotlight build` runs clean, timed per stage with its peak RSS.
func cycleBenchmark() throws -> String {
    let dir = jobBenchDirectory("cycle")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let home = dir.appendingPathComponent("home")
    let binary = ".build/release/spotlight"
    let ingest = try timed("scripts/cycle-sample.sh", [dir.path], environment: ["SPOTLIGHT": binary])
    let build = try timed(binary, ["build", "--config", dir.appendingPathComponent("spotlight.toml").path], environment: ["SPOTLIGHT_HOME": home.path])
    let stages = try buildReport(home)
    let pages = renderCount(stages, "pages")
    let renderSeconds = (stages.first { $0["name"] as? String == "render" }?["seconds"] as? Double) ?? 0
    let ingestLines = ingest.output.split(separator: "\n").filter { !$0.hasPrefix("cycle-sample:") }.map { "    \($0)" }.joined(separator: "\n")
    let (commit, date) = benchStamp()
    let cells = ["match members", "model and reports", "export", "render"].map { stageCell(stages, $0) }
    let text = """
        ## (b) The job at a presidential cycle's scale

        Command: `make bench` (`spotlight-bench job`) · commit \(commit) · machine: \(machine()) · date: \(date) · output in `\(dir.path)`

        `spotlight sample --scale cycle` writes every family in its official layout from one
        fictional world: 9,000 candidates, 18,010 committees (campaigns, corporate PACs, 2,503
        super PACs, parties, nonconnected PACs), 5,005 corporations with PACs, lobbying, SEC
        insider filings and members' trades, 535 members with seats and votes, and 10 M
        contributions skewed as real receipts are (u⁵: the largest committee receives about a
        seventh of them, most committees a handful). `scripts/cycle-sample.sh` ingests it
        (\(String(format: "%.1f", ingest.seconds)) s, peak \(String(format: "%.0f", ingest.peakMiB)) MiB; generation not timed, kept between runs):

        \(ingestLines)

        | build | wall s | peak RSS MiB | match members s | model and reports s | export s | render s | pages | pages/s (render stage) | files written |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
        | (b) clean, cycle scale | \(String(format: "%.2f", build.seconds)) | \(String(format: "%.0f", build.peakMiB)) | \(cells.joined(separator: " | ")) | \(pages) | \(Int((Double(pages) / max(renderSeconds, 0.001)).rounded())) | \(renderCount(stages, "files written")) |

        """
    print(text)
    return text
}
