import Core
import Foundation
import Testing
import TestSupport

/// The nightly promise: a build after a change, run on yesterday's state, gives exactly the
/// files a clean build gives, rewrites only the files whose bytes changed, removes what is
/// gone, and runs only the stages whose inputs changed. The demo is built by the real CLI in a
/// project copy (so templates, SQL and content can be edited), then changed step by step; after
/// each step a clean build (a fresh home holding the same publisher files) is compared file by
/// file with the incremental one.
@Suite(.serialized)
struct IncrementalBuildTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-incremental-\(getpid())")
    var project: URL { root.appendingPathComponent("project") }
    var home: URL { root.appendingPathComponent("home") }
    var output: URL { root.appendingPathComponent("public") }

    struct Build {
        let output: String
        let report: [String: Any]
        func stage(_ name: String) -> [String: Any]? {
            (report["stages"] as? [[String: Any]])?.first { $0["name"] as? String == name }
        }
        func status(_ name: String) -> String? { stage(name)?["status"] as? String }
        func count(_ stage: String, _ name: String) -> Int? { (self.stage(stage)?["counts"] as? [String: Any])?[name] as? Int }
        /// Stages that ran (not skipped), fetch aside (it always runs).
        var ran: [String] {
            ((report["stages"] as? [[String: Any]]) ?? []).filter { $0["status"] as? String == "ran" && $0["name"] as? String != "fetch" }
                .compactMap { $0["name"] as? String }
        }
    }

    func build(home: URL, output: URL, _ extra: [String] = []) throws -> Build {
        let result = try spotlight(["build", "--config", project.appendingPathComponent("spotlight.toml").path, "--output", output.path] + extra,
                                   environment: ["SPOTLIGHT_HOME": home.path, "SPOTLIGHT_SQL_DIR": project.appendingPathComponent("sql").path])
        #expect(result.status == 0, "\(result.output)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: home.appendingPathComponent("state/build-report.json"))) as! [String: Any]
        return Build(output: result.output, report: report)
    }

    /// Every file under `dir`: path → (sha256, mtime in nanoseconds).
    func tree(_ dir: URL) throws -> [String: (sha: String, mtime: Int)] {
        var files: [String: (String, Int)] = [:]
        let walker = FileManager.default.enumerator(atPath: dir.path)!
        for case let path as String in walker {
            var info = stat()
            guard stat(dir.path + "/" + path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            files[path] = (try SHA256.hex(file: dir.path + "/" + path), info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec)
        }
        return files
    }

    /// Rewrites one member of a demo zip through `edit` (Python's zipfile; the demo zips hold one text file each).
    func editZip(_ zip: URL, member: String, _ edit: (String) -> String) throws {
        let text = root.appendingPathComponent("member.txt")
        let unzip = try #require(Subprocess.run("/usr/bin/python3", ["-c", "import sys, zipfile; open(sys.argv[2], 'wb').write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[3]))",
                                                                     zip.path, text.path, member], mergeStandardError: true))
        #expect(unzip.status == 0, "\(unzip.output)")
        try edit(String(decoding: try Data(contentsOf: text), as: UTF8.self)).write(to: text, atomically: true, encoding: .utf8)
        let rezip = try #require(Subprocess.run("/usr/bin/python3", ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED); z.write(sys.argv[2], sys.argv[3]); z.close()",
                                                                     zip.path, text.path, member], mergeStandardError: true))
        #expect(rezip.status == 0, "\(rezip.output)")
    }

    func editFile(_ file: URL, _ edit: (String) -> String) throws {
        let before = try String(contentsOf: file, encoding: .utf8)
        let after = edit(before)
        #expect(after != before, "the edit of \(file.lastPathComponent) changed nothing")
        try after.write(to: file, atomically: true, encoding: .utf8)
    }

    @Test func incrementalBuildsEqualCleanBuilds() throws {
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        for folder in ["sql", "templates", "content"] {
            try FileManager.default.copyItem(at: TestEnvironment.projectRoot.appendingPathComponent(folder), to: project.appendingPathComponent(folder))
        }
        let config = try String(contentsOf: TestEnvironment.projectRoot.appendingPathComponent("spotlight.toml"), encoding: .utf8)
            .replacingOccurrences(of: "[site]\n", with: "[site]\ntemplates = \"\(project.path)/templates\"\ncontent = \"\(project.path)/content\"\n")
        try config.write(to: project.appendingPathComponent("spotlight.toml"), atomically: true, encoding: .utf8)

        let first = try build(home: home, output: output)
        #expect(first.ran.contains("render") && first.ran.contains("ingest fec-2024"), "\(first.ran)")
        let files = try tree(output)
        #expect(first.count("render", "files written") == files.count)

        // Nothing changed: every stage but fetch skipped, no file touched.
        let again = try build(home: home, output: output)
        #expect(again.ran == [], "\(again.output)")
        #expect(try tree(output).mapValues(\.mtime) == files.mapValues(\.mtime))
        // Forced: everything recomputed, no data file rewritten; only the status page (this
        // build's own times), each with its twins, and the manifest listing it.
        let forced = try build(home: home, output: output, ["--force"])
        let volatile = files.keys.filter { $0.hasPrefix("status/index.") || $0.hasPrefix("manifest.json") }
        #expect(volatile.count == 7)
        #expect(forced.count("render", "files written") == volatile.count && forced.count("render", "files unchanged") == files.count - volatile.count,
                "\(forced.output)")
        #expect(forced.count("render", "pages kept") == 0)
        let stable = { (tree: [String: (sha: String, mtime: Int)]) in tree.filter { !volatile.contains($0.key) }.mapValues(\.mtime) }
        #expect(try stable(tree(output)) == stable(files))

        let demo = home.appendingPathComponent("demo")
        let fec = demo.appendingPathComponent("fec/2024")
        // name, the change, and the stages it must (re)run besides fetch.
        let steps: [(String, () throws -> Void, Set<String>)] = [
            ("a new contribution and an amended one (a new FEC snapshot)", {
                try editZip(fec.appendingPathComponent("indiv24.zip"), member: "itcont.txt") { text in
                    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    var amended = lines[1].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                    amended[14] = "4321"  // TRANSACTION_AMT
                    lines[1] = amended.joined(separator: "|")
                    var added = lines[0].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                    added[14] = "777"
                    added[20] = "4000002024999999999"  // SUB_ID
                    lines.insert(added.joined(separator: "|"), at: lines.count - 1)
                    return lines.joined(separator: "\n")
                }
            }, ["ingest fec-2024", "match members", "model and reports", "markdown reports", "export", "render"]),
            ("a candidate renamed (the committees giving to them name them)", {
                try editZip(fec.appendingPathComponent("cn24.zip"), member: "cn.txt") { text in
                    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    var fields = lines[0].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                    fields[1] = "RENAMED, " + fields[1]  // CAND_NAME
                    lines[0] = fields.joined(separator: "|")
                    return lines.joined(separator: "\n")
                }
            }, ["ingest fec-2024", "match members", "model and reports", "markdown reports", "export", "render"]),
            ("a committee deleted", {
                try editZip(fec.appendingPathComponent("cm24.zip"), member: "cm.txt") { text in
                    text.split(separator: "\n").filter { !$0.hasPrefix("C90010003|") }.joined(separator: "\n") + "\n"
                }
            }, ["ingest fec-2024", "match members", "model and reports", "markdown reports", "export", "render"]),
            ("a new snapshot of the members of Congress", {
                try editFile(demo.appendingPathComponent("legislators/legislators-current.yaml")) { text in
                    let range = text.range(of: "official_full: ")!
                    return text.replacingCharacters(in: range, with: "official_full: Renamed ")
                }
            }, ["ingest legislators", "match members", "model and reports", "markdown reports", "export", "render"]),
            ("a template and a content page changed", {
                try editFile(project.appendingPathComponent("templates/committee.mustache")) { $0 + "\n<!-- committee page -->\n" }
                try editFile(project.appendingPathComponent("content/about.md")) { $0 + "\nOne more sentence about the project.\n" }
            }, ["render"]),
            ("a contributed dataset's file changed (a trip's cost corrected)", {
                try editFile(demo.appendingPathComponent("datasets/sponsored-travel/trips.csv")) { text in
                    // The first trip's cost is the field before its quoted two-line purpose.
                    let purpose = text.range(of: ",\"Fact-finding visit:")!
                    let cost = text[..<purpose.lowerBound].lastIndex(of: ",")!
                    return String(text[...cost]) + "1.00" + text[purpose.lowerBound...]
                }
            }, ["ingest dataset-sponsored-travel", "markdown reports", "export", "render"]),
            ("a report's SQL changed", {
                try editFile(project.appendingPathComponent("sql/reports/most-active-traders.sql")) { $0.replacingOccurrences(of: "LIMIT 100", with: "LIMIT 3") }
            }, ["model and reports", "markdown reports", "export", "render"]),
        ]
        for (i, (name, change, expected)) in steps.enumerated() {
            let before = try tree(output)
            try change()
            let incremental = try build(home: home, output: output)
            let after = try tree(output)
            #expect(Set(incremental.ran) == expected, "\(name): ran \(incremental.ran)")

            // What the render says it wrote and removed is what changed on disk; the rest kept its mtime.
            let changed = after.filter { before[$0.key]?.sha != $0.value.sha }
            let removed = before.keys.filter { after[$0] == nil }
            #expect(!changed.isEmpty, "\(name): no file changed")
            #expect(incremental.count("render", "files written") == changed.count, "\(name): \(incremental.output)")
            #expect(incremental.count("render", "files removed") == removed.count, "\(name)")
            #expect(after.filter { changed[$0.key] == nil }.allSatisfy { before[$0.key]?.mtime == $0.value.mtime }, "\(name): an unchanged file was rewritten")
            if expected.contains("export") {
                // Datasets whose rows did not change keep their files (the members' tables when FEC changes).
                let kept = incremental.count("export", "datasets kept") ?? 0, all = incremental.count("export", "datasets") ?? 0
                #expect(kept > 0 && kept < all, "\(name): \(kept) of \(all) datasets kept")
            }
            // Entity pages whose rows did not change are neither queried nor rendered; a changed
            // template changes every page's context.
            let kept = incremental.count("render", "pages kept") ?? 0
            #expect(name.contains("template") ? kept == 0 : kept > 0, "\(name): \(kept) pages kept")
            if name == "a committee deleted" {
                #expect(removed.contains("pacs/c90010003/index.html") && !after.keys.contains { $0.hasPrefix("pacs/c90010003/") }, "\(removed.sorted().prefix(20))")
            }

            // A clean build of the same inputs: a fresh home with the same publisher files.
            let cleanHome = root.appendingPathComponent("clean-\(i)/home"), cleanOutput = root.appendingPathComponent("clean-\(i)/public")
            try FileManager.default.createDirectory(at: cleanHome, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: demo, to: cleanHome.appendingPathComponent("demo"))
            _ = try build(home: cleanHome, output: cleanOutput)
            let clean = try tree(cleanOutput)
            #expect(clean.keys.sorted() == after.keys.sorted(), "\(name): files differ: \(Set(clean.keys).symmetricDifference(after.keys).sorted().prefix(10))")
            // The status pages describe the build itself (its stages, times and file counts), and
            // the manifest lists their hashes: those differ by design; the data pages may not.
            let differing = clean.filter { after[$0.key]?.sha != $0.value.sha }.keys.sorted()
                .filter { !$0.hasPrefix("status/index.") && !$0.hasPrefix("manifest.json") }
            #expect(differing.isEmpty, "\(name): incremental and clean builds differ in \(differing.prefix(10))")
            try? FileManager.default.removeItem(at: root.appendingPathComponent("clean-\(i)"))
        }
    }
}
