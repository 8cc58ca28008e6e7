import Core
import Foundation
import Ingest
import Testing
import TestSupport
import Warehouse

/// FEC ingest on the real bulk samples in ../shared/realdata/fec. Every expected number is
/// computed here from the raw files (or stated from an independent count), never read back
/// from the warehouse.
@Suite(.serialized, .enabled(if: TestEnvironment.realdata != nil, "skipped: ../shared/realdata is absent (the real FEC samples live there)"))
struct FECIngestTests {
    static let snapshot2016 = "fec/2016_cycle_snapshot_2015-03"
    static let snapshot2020 = "fec/2020_cycle_snapshot_2019-03"

    let engine: EmbeddedEngine
    let ingest: FECIngest

    init() throws {
        engine = try TestEnvironment.embedded()
        let home = SpotlightHome(root: engine.path.deletingLastPathComponent())
        ingest = FECIngest(engine: engine, sql: SQLLibrary(root: TestEnvironment.projectRoot.appendingPathComponent("sql")), home: home)
    }

    func realdata(_ path: String) throws -> URL {
        guard let root = TestEnvironment.realdata else {
            throw ClickHouseTestServer.Unavailable(description: "../shared/realdata is absent; the real-data tests need it")
        }
        return root.appendingPathComponent(path)
    }

    /// The lines of a raw file as the FEC wrote them (LF-separated, no trailing empty line).
    func rawLines(_ url: URL) throws -> [[String]] {
        let data = try Data(contentsOf: url)
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { String(decoding: $0, as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }

    func count(_ sql: String) throws -> Int { Int(try engine.scalar(sql).description)! }

    @Test func bothSnapshotsLoadEveryLine() throws {
        for (snapshot, cycle) in [(Self.snapshot2016, 2016), (Self.snapshot2020, 2020)] {
            let dir = try realdata(snapshot)
            let outcomes = try ingest.run(cycle: cycle, directory: dir)
            for outcome in outcomes {
                let lines = try rawLines(dir.appendingPathComponent(outcome.file)).count
                #expect(outcome.linesRead == lines, "\(outcome.file)")
                // Checked independently: every line of these samples has the documented field
                // count, a valid date and a valid amount, so nothing is quarantined.
                #expect(outcome.loaded == lines, "\(outcome.file)")
                #expect(outcome.quarantined == 0, "\(outcome.file)")
                #expect(try count("SELECT count() FROM \(outcome.table) WHERE cycle = \(cycle)") == lines)
            }
            let expectedTables = cycle == 2016
                ? ["fec_candidates", "fec_committees", "fec_candidate_committee_links", "fec_individual_contributions", "fec_committee_to_candidate", "fec_committee_transactions"]
                : ["fec_candidates", "fec_committees", "fec_candidate_committee_links", "fec_committee_to_candidate", "fec_operating_expenditures", "fec_candidate_summaries", "fec_house_senate_summaries", "fec_pac_summaries"]
            #expect(outcomes.map(\.table) == expectedTables)
        }
        // The figure the issue names: 27,540 itcont rows in the 2016 sample, none quarantined.
        #expect(try count("SELECT count() FROM fec_individual_contributions WHERE cycle = 2016") == 27_540)
        #expect(try count("SELECT count() FROM quarantine WHERE source = 'fec' AND period IN (2016, 2020)") == 0)
    }

    /// Looks rows up by SUB_ID (or CAND_ID / CMTE_ID for masters) and checks every field
    /// against the raw line: text as written, blanks as NULL, dates and amounts converted.
    @Test(arguments: [
        (snapshot2016, 2016, "itcont.txt", "fec_individual_contributions", 20, [1, 2, 5000, 27540]),
        (snapshot2016, 2016, "itpas2.txt", "fec_committee_to_candidate", 21, [1, 1947]),
        (snapshot2016, 2016, "itoth.txt", "fec_committee_transactions", 20, [1, 4042]),
        (snapshot2020, 2020, "oppexp.txt", "fec_operating_expenditures", 21, [1, 437, 11929]),
        (snapshot2020, 2020, "webk20.txt", "fec_pac_summaries", 0, [1, 7851]),
        (snapshot2020, 2020, "weball20.txt", "fec_candidate_summaries", 0, [1, 141]),
        (snapshot2016, 2016, "cn.txt", "fec_candidates", 0, [1, 3534]),
        (snapshot2016, 2016, "cm.txt", "fec_committees", 0, [1, 11419]),
    ])
    func recordsMatchTheirRawLineFieldByField(snapshot: String, cycle: Int, file: String, table: String, keyField: Int, lineNumbers: [Int]) throws {
        let dir = try realdata(snapshot)
        _ = try ingest.run(cycle: cycle, directory: dir)
        let lines = try rawLines(dir.appendingPathComponent(file))
        for number in lineNumbers {
            let fields = lines[number - 1]
            let key = fields[keyField]
            let keyColumn = keyField == 0 ? (table.contains("committee") || table.contains("pac") ? "cmte_id" : "cand_id") : "sub_id"
            let keyLiteral = keyField == 0 ? "'\(key)'" : key
            let result = try engine.query("""
                SELECT * EXCEPT (cycle, source_file, source_line) FROM \(table)
                WHERE cycle = \(cycle) AND \(keyColumn) = \(keyLiteral) AND source_line = \(number)
                """)
            try #require(result.rows.count == 1, "\(file):\(number)")
            let row = result.rows[0]
            // Every column is a field of the line, in order, but dates_outside_cycle, which is
            // worked out here from the years of the line's dates.
            var outside: [String] = []
            for (index, column) in result.columns.enumerated() where column.name != "dates_outside_cycle" {
                let raw = fields[index]
                #expect(row[index].description == expectedText(raw, type: column.type), "\(file):\(number) \(column.name)")
                if column.type.contains("Date"), let year = Int(raw.filter(\.isNumber).suffix(4)), year < cycle - 1 || year > cycle {
                    outside.append(column.name.uppercased())
                }
            }
            if let index = result.columns.firstIndex(where: { $0.name == "dates_outside_cycle" }) {
                #expect(row[index].description == "\(outside)".replacingOccurrences(of: "\"", with: "'"), "\(file):\(number)")
            }
        }
    }

    /// What the warehouse must hold for a raw field, derived by string manipulation alone.
    func expectedText(_ raw: String, type: String) -> String {
        if raw.isEmpty { return type.contains("Nullable") ? "NULL" : raw }
        if type.contains("Date") {
            let digits = raw.filter(\.isNumber)
            return "\(digits.suffix(4))-\(digits.prefix(2))-\(digits.dropFirst(2).prefix(2))"
        }
        if type.contains("Decimal") {
            let negative = raw.hasPrefix("-")
            let unsigned = negative ? String(raw.dropFirst()) : raw
            let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
            let whole = parts[0].isEmpty ? "0" : String(parts[0])
            let fraction = parts.count > 1 ? String(parts[1]) : ""
            return (negative ? "-" : "") + whole + "." + fraction.padding(toLength: 2, withPad: "0", startingAt: 0)
        }
        return raw
    }

    /// Per-committee itemized totals, memo rows excluded, summed here in integer cents.
    @Test func committeeTotalsMatchTheRawFile() throws {
        let dir = try realdata(Self.snapshot2016)
        _ = try ingest.run(cycle: 2016, directory: dir)
        var cents: [String: Int] = [:]
        var rows: [String: Int] = [:]
        for fields in try rawLines(dir.appendingPathComponent("itcont.txt")) where fields[18] != "X" {
            let parts = fields[14].split(separator: ".", omittingEmptySubsequences: false)
            let negative = fields[14].hasPrefix("-")
            let whole = abs(Int(parts[0]) ?? 0)
            let fraction = parts.count > 1 ? Int(String(parts[1]).padding(toLength: 2, withPad: "0", startingAt: 0))! : 0
            cents[fields[0], default: 0] += (negative ? -1 : 1) * (whole * 100 + fraction)
            rows[fields[0], default: 0] += 1
        }
        let busiest = rows.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(5).map(\.key)
        #expect(busiest.count == 5)
        for committee in busiest {
            let total = try engine.scalar("""
                SELECT sum(transaction_amt) FROM fec_individual_contributions
                WHERE cycle = 2016 AND cmte_id = '\(committee)' AND (memo_cd IS NULL OR memo_cd != 'X')
                """)
            #expect(total == .decimal(Int128(cents[committee]!), scale: 2), "\(committee)")
        }
        // Memo rows are loaded and flagged, not dropped.
        let memoRows = try rawLines(dir.appendingPathComponent("itcont.txt")).filter { $0[18] == "X" }.count
        #expect(try count("SELECT count() FROM fec_individual_contributions WHERE cycle = 2016 AND memo_cd = 'X'") == memoRows)
    }

    /// The official zips and the extracted files give the same rows, and ingesting twice
    /// changes nothing.
    @Test func zippedAndExtractedAreIdenticalAndIngestIsIdempotent() throws {
        let dir = try realdata(Self.snapshot2016)
        let fingerprint = """
            SELECT count(), sum(cityHash64(cmte_id, amndt_ind, rpt_tp, transaction_pgi, image_num, transaction_tp, entity_tp,
                name, city, state, zip_code, employer, occupation, transaction_dt, transaction_amt, other_id, tran_id,
                file_num, memo_cd, memo_text, sub_id, source_line))
            FROM fec_individual_contributions WHERE cycle = 2016
            """
        _ = try ingest.run(cycle: 2016, directory: dir)
        let extracted = try engine.query(fingerprint).rows
        _ = try ingest.run(cycle: 2016, directory: dir)
        #expect(try engine.query(fingerprint).rows == extracted)
        let zipped = try ingest.run(cycle: 2016, directory: dir.appendingPathComponent("zips"))
        #expect(zipped.map(\.file) == ["cn16.zip:cn.txt", "cm16.zip:cm.txt", "ccl16.zip:ccl.txt", "indiv16.zip:itcont.txt", "pas216.zip:itpas2.txt", "oth16.zip:itoth.txt"])
        #expect(try engine.query(fingerprint).rows == extracted)
        #expect(try count("SELECT count() FROM fec_individual_contributions WHERE cycle = 2016") == 27_540)
        _ = try ingest.run(cycle: 2016, directory: dir) // leave the extracted names for other tests
    }

    /// Malformed lines are quarantined with their line number and reason; the rest load; a
    /// file over the threshold leaves the previous data in place; other cycles are untouched.
    @Test func malformedLinesAreQuarantinedAndNothingIsLost() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fec-malformed-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = ["C00000001", "N", "Q1", "P", "15951128130", "15", "IND", "DOE, JANE", "SPRINGFIELD", "IL", "627011234",
                    "ACME", "ENGINEER", "01152015", "250", "", "T1", "1000001", "", "", "4000000000000000001"]
        func line(_ changes: [Int: String] = [:], drop: Bool = false) -> [UInt8] {
            var fields = good
            for (i, v) in changes { fields[i] = v }
            if drop { fields.removeLast() }
            return Array(fields.joined(separator: "|").utf8)
        }
        let lines: [[UInt8]] = [
            line(),                                                          // 1 loads
            line(drop: true),                                                // 2 20 fields
            line([13: "02302015", 20: "4000000000000000003"]),               // 3 impossible date
            line([14: "1.234", 20: "4000000000000000004"]),                  // 4 three decimals
            Array("C00000001|N|Q1|P|1|15|IND|M".utf8) + [0xFF, 0xFE] + Array("LLER|X|IL|62701|||01152015|-75.5||T5|1000001|||4000000000000000005".utf8), // 5 invalid UTF-8 loads
            line([7: "CRAMER, ROBERT E \"BUD\" JR", 20: "4000000000000000006"]), // 6 literal quotes load
            line([20: ""]),                                                  // 7 blank SUB_ID
            [],                                                              // 8 empty line
            line([14: ".29", 20: "4000000000000000009"]) + [0x0D],           // 9 CRLF and '.29' load
        ]

        let strict = FECIngest(engine: engine, sql: ingest.sql, home: ingest.home)
        let lenient = FECIngest(engine: engine, sql: ingest.sql, home: ingest.home, maxQuarantineRate: 1)
        let file = dir.appendingPathComponent("itcont.txt")
        // A clean one-line file first, so there is previous data to keep.
        try Data(line() + [0x0A]).write(to: file)
        _ = try strict.run(cycle: 2098, directory: dir)
        let before2016 = try count("SELECT count() FROM fec_individual_contributions WHERE cycle = 2016")
        try Data(lines.map { Data($0) }.joined(separator: Data([0x0A])) + Data([0x0A])).write(to: file)

        let error = #expect(throws: IngestError.self) { _ = try strict.run(cycle: 2098, directory: dir) }
        #expect(error?.description.hasPrefix("itcont.txt: 5 of 9 lines quarantined (55.56%), over the 1.00% limit") == true)
        #expect(try count("SELECT count() FROM fec_individual_contributions WHERE cycle = 2098") == 1)

        let outcome = try #require(try lenient.run(cycle: 2098, directory: dir).first)
        #expect(outcome.linesRead == 9)
        #expect(outcome.loaded == 4)
        #expect(outcome.quarantined == 5)
        let quarantined = try engine.query("""
            SELECT line, reason, length(raw) FROM quarantine
            WHERE source = 'fec' AND table_name = 'fec_individual_contributions' AND period = 2098 ORDER BY line
            """).rows
        #expect(quarantined == [
            [.uint(2), .string("expected 21 fields, found 20"), .uint(UInt64(lines[1].count))],
            [.uint(3), .string("TRANSACTION_DT is not a valid date (%m%d%Y): 02302015"), .uint(UInt64(lines[2].count))],
            [.uint(4), .string("TRANSACTION_AMT is not an amount: 1.234"), .uint(UInt64(lines[3].count))],
            [.uint(7), .string("SUB_ID is blank"), .uint(UInt64(lines[6].count))],
            [.uint(8), .string("expected 21 fields, found 1"), .uint(0)],
        ])
        let loaded = try engine.query("""
            SELECT source_line, name, transaction_amt, sub_id FROM fec_individual_contributions WHERE cycle = 2098 ORDER BY source_line
            """).rows
        #expect(loaded == [
            [.uint(1), .string("DOE, JANE"), .decimal(25000, scale: 2), .uint(4_000_000_000_000_000_001)],
            // ClickHouse's toValidUTF8 turns a run of invalid bytes into one U+FFFD.
            [.uint(5), .string("M\u{FFFD}LLER"), .decimal(-7550, scale: 2), .uint(4_000_000_000_000_000_005)],
            [.uint(6), .string("CRAMER, ROBERT E \"BUD\" JR"), .decimal(25000, scale: 2), .uint(4_000_000_000_000_000_006)],
            [.uint(9), .string("DOE, JANE"), .decimal(29, scale: 2), .uint(4_000_000_000_000_000_009)],
        ])
        #expect(try engine.scalar("SELECT memo_text IS NULL FROM fec_individual_contributions WHERE cycle = 2098 AND source_line = 9") == .uint(1))
        #expect(try count("SELECT count() FROM fec_individual_contributions WHERE cycle = 2016") == before2016)
    }

    @Test func inputErrorsAreClear() throws {
        #expect(throws: IngestError.input("--cycle must be an even year (the year a two-year FEC cycle ends), not 2015")) {
            _ = try ingest.run(cycle: 2015, directory: URL(fileURLWithPath: "/tmp"))
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("fec-empty-\(getpid())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let error = #expect(throws: IngestError.self) { _ = try ingest.run(cycle: 2016, directory: empty) }
        #expect(error?.description.hasPrefix("\(empty.path) holds no FEC bulk files for 2016 (looked for cn.txt or cn16.zip") == true)
    }

    /// The FEC's delimited files are parsed by ClickHouse under Spotlight's SQL: every file of
    /// both real snapshots, its first 150 lines each mutated (fields cut, split, joined,
    /// bytes flipped, delimiters and invalid UTF-8 planted), must load without a crash and
    /// keep its books: each line, counted here from the bytes, is loaded or quarantined.
    @Test(arguments: [(snapshot2016, 2086), (snapshot2020, 2088)])
    func mutatedFilesKeepTheirBooks(snapshot: String, cycle: Int) throws {
        let source = try realdata(snapshot)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fec-fuzz-\(getpid())-\(cycle)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var mutator = Mutator(seed: UInt64(cycle))
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".txt") || name.hasSuffix(".csv") {
            let data = try Data(contentsOf: source.appendingPathComponent(name))
            // The summary files carry the cycle's two digits: webk20.txt is webk88.txt here.
            let target = dir.appendingPathComponent(name.replacingOccurrences(of: "20.txt", with: "\(cycle % 100).txt"))
            guard name.hasSuffix(".txt") else { try data.write(to: target); continue }
            let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(150).filter { !$0.isEmpty }
            try Data(lines.flatMap { mutator.mutate(Array($0)) + [0x0A] }).write(to: target)
        }
        let lenient = FECIngest(engine: engine, sql: ingest.sql, home: ingest.home, maxQuarantineRate: 1)
        let outcomes = try lenient.run(cycle: cycle, directory: dir)
        #expect(outcomes.count == (cycle == 2086 ? 6 : 8))
        // The mutations are not all harmless, nor all fatal.
        #expect(outcomes.reduce(0) { $0 + $1.quarantined } > 100)
        #expect(outcomes.reduce(0) { $0 + $1.loaded } > 100)
        for outcome in outcomes {
            let lines = try rawLines(dir.appendingPathComponent(outcome.file)).count
            #expect(outcome.linesRead == lines, "\(outcome.file)")
            #expect(outcome.loaded + outcome.quarantined == lines, "\(outcome.file)")
            #expect(try count("SELECT count() FROM \(outcome.table) WHERE cycle = \(cycle)") == outcome.loaded, "\(outcome.file)")
            #expect(try count("SELECT count() FROM quarantine WHERE source = 'fec' AND table_name = '\(outcome.table)' AND period = \(cycle)") == outcome.quarantined)
        }
    }

    /// The lake's `.zst` copy of a zip's member loads like the text it holds, named after its
    /// zip, when the snapshot's manifest lists it (of this cycle's zip, with its size on disk),
    /// and the books use the manifest's line count; otherwise it is not read at all (a hand
    /// folder is read from its official files). A damaged copy is an error and the rows stay.
    @Test func aZipMemberKeptAsZstdLoadsLikeItsText() throws {
        let source = try realdata(Self.snapshot2016)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fec-zst-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try Data(contentsOf: source.appendingPathComponent("cn.txt"))
        let zst = dir.appendingPathComponent("cn.txt.zst")
        let writer = try Zstd.Writer(path: zst.path)
        try writer.write(text)
        #expect(try writer.finish() == 3_534)
        func manifest(memberOf: String = "cn84.zip", lines: Int = 3_534) throws {
            let size = try #require(try FileManager.default.attributesOfItem(atPath: zst.path)[.size] as? NSNumber).int64Value
            try #"{"files": [{"name": "cn.txt.zst", "memberOf": "\#(memberOf)", "lines": \#(lines), "size": \#(size), "status": "downloaded"}]}"#
                .write(to: dir.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        }
        let lenient = FECIngest(engine: engine, sql: ingest.sql, home: ingest.home, maxQuarantineRate: 1)

        // Without a manifest, or listed as another cycle's, the copy is not this cycle's file.
        #expect(try FECIngest.discover(directory: dir, cycle: 2084).isEmpty)
        try manifest(memberOf: "cn16.zip")
        #expect(try FECIngest.discover(directory: dir, cycle: 2084).isEmpty)

        try manifest()
        let inputs = try FECIngest.discover(directory: dir, cycle: 2084)
        #expect(inputs.map(\.displayName) == ["cn84.zip:cn.txt"] && inputs.map(\.lines) == [3_534])
        let loaded = try #require(try lenient.run(cycle: 2084, directory: dir).first)
        #expect(loaded.file == "cn84.zip:cn.txt" && loaded.linesRead == 3_534 && loaded.loaded == 3_534)
        #expect(try count("SELECT count() FROM fec_candidates WHERE cycle = 2084") == 3_534)

        // The manifest's count is the one the books use (a wrong one fails them, so it is used).
        try manifest(lines: 3_535)
        let books = #expect(throws: IngestError.self) { _ = try lenient.run(cycle: 2084, directory: dir) }
        #expect(books?.description.contains("3535") == true, "\(String(describing: books))")

        // A copy whose size is not the manifest's is not read; a damaged one of the listed
        // size is ClickHouse's error; either way the cycle keeps its rows.
        let bytes = try Data(contentsOf: zst)
        try bytes.prefix(bytes.count / 2).write(to: zst)
        #expect(try FECIngest.discover(directory: dir, cycle: 2084).isEmpty)
        try manifest()
        #expect(throws: IngestError.self) { _ = try lenient.run(cycle: 2084, directory: dir) }
        #expect(try count("SELECT count() FROM fec_candidates WHERE cycle = 2084") == 3_534)
        // Spotlight's own reader refuses a truncated or empty file, never counting it as empty.
        #expect(throws: Zstd.Failure.self) { try Zstd.read(zst.path) { _ in } }
        try Data().write(to: zst)
        #expect(throws: Zstd.Failure.self) { try Zstd.read(zst.path) { _ in } }
    }
}

extension FECIngestTests {
    /// A warehouse that reads no files on its machine (a server elsewhere; here the embedded
    /// engine told so) is sent every line with INSERTs, and loads the same rows and quarantines
    /// the same records, byte for byte, as the engine reading the files itself: the real 2020
    /// files, one kept only as the lake's `.zst` member, and lines no FEC file should hold
    /// (a CR before the LF, a tab, a backslash, a NUL, invalid UTF-8, no LF at the end).
    @Test func aWarehouseReadingNoLocalFilesLoadsTheSameRows() throws {
        let source = try realdata(Self.snapshot2020)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fec-remote-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".txt") && name != "itpas2.txt" {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: dir.appendingPathComponent(name.replacingOccurrences(of: "20.txt", with: "82.txt")))
        }
        // The first line ends in CR LF (a TabSeparated reader refuses a bare CR ending its first row).
        var odd = Data("H2CA00001|2082|2082|C00000001|H|S|C99\r\n".utf8)
        odd.append(try Data(contentsOf: dir.appendingPathComponent("ccl.txt")))
        odd.append(contentsOf: Array("H2CA00002|2082|2082|C0000\\0002|H|\t|C9\0".utf8) + [0xFF, 0xFE, 0x0A])
        odd.append(contentsOf: Array("H2CA00003|2082|2082|C00000003|H|P|C98".utf8))
        try odd.write(to: dir.appendingPathComponent("ccl.txt"))
        // itpas2.txt only as the member the lake keeps of pas282.zip.
        let pas2 = try Data(contentsOf: source.appendingPathComponent("itpas2.txt"))
        let member = dir.appendingPathComponent("itpas2.txt.zst")
        let writer = try Zstd.Writer(path: member.path)
        try writer.write(pas2)
        let pas2Lines = try rawLines(source.appendingPathComponent("itpas2.txt")).count
        #expect(try writer.finish() == pas2Lines)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: member.path)[.size] as? NSNumber).int64Value
        try #"{"files": [{"name": "itpas2.txt.zst", "memberOf": "pas282.zip", "lines": \#(pas2Lines), "size": \#(size), "status": "downloaded"}]}"#
            .write(to: dir.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)

        let tables = ["fec_candidates", "fec_committees", "fec_candidate_committee_links", "fec_committee_to_candidate",
                      "fec_operating_expenditures", "fec_candidate_summaries", "fec_house_senate_summaries", "fec_pac_summaries"]
        func fingerprint() throws -> [[Value]] {
            // A wrapping sum of row hashes: the rows as a multiset (a repeated row counts twice).
            let rows = tables.map { "SELECT '\($0)', count(), sum(cityHash64(formatRow('TabSeparated', *))) FROM \($0) WHERE cycle = 2082" }
            let quarantine = "SELECT 'quarantine', count(), sum(cityHash64(table_name, line, raw, reason)) FROM quarantine WHERE source = 'fec' AND period = 2082"
            return try engine.query("SELECT * FROM (" + (rows + [quarantine]).joined(separator: " UNION ALL ") + ") ORDER BY 1").rows
        }
        let lenient = FECIngest(engine: engine, sql: ingest.sql, home: ingest.home, maxQuarantineRate: 1)
        let local = try lenient.run(cycle: 2082, directory: dir)
        let read = try fingerprint()
        let remote = try FECIngest(engine: NoLocalFiles(engine), sql: ingest.sql, home: ingest.home, maxQuarantineRate: 1).run(cycle: 2082, directory: dir)
        #expect(remote == local)
        #expect(try fingerprint() == read)

        // The books, counted here from the bytes: every line loaded or quarantined.
        #expect(remote.map(\.file) == ["cn.txt", "cm.txt", "ccl.txt", "pas282.zip:itpas2.txt", "oppexp.txt", "weball82.txt", "webl82.txt", "webk82.txt"])
        for outcome in remote {
            let lines = outcome.file.hasSuffix("itpas2.txt") ? pas2Lines : try rawLines(dir.appendingPathComponent(outcome.file)).count
            #expect(outcome.linesRead == lines && outcome.loaded + outcome.quarantined == lines, "\(outcome.file)")
        }
        let ccl = try #require(remote.first { $0.file == "ccl.txt" })
        #expect(ccl.linesRead == 3 + (try rawLines(source.appendingPathComponent("ccl.txt")).count))
        // The first line's CR is kept in what the quarantine shows (its linkage id "C99" is no
        // number), byte for byte as written.
        let first = try engine.query("""
            SELECT 'loaded', toString(source_line) FROM fec_candidate_committee_links WHERE cycle = 2082 AND source_line = 1
            UNION ALL SELECT 'quarantined', hex(raw) FROM quarantine WHERE source = 'fec' AND period = 2082 AND table_name = 'fec_candidate_committee_links' AND line = 1
            """).rows
        let firstLine = Data("H2CA00001|2082|2082|C00000001|H|S|C99\r".utf8).map { String(format: "%02X", $0) }.joined()
        #expect(first == [[.string("quarantined"), .string(firstLine)]], "\(first)")
        // The odd lines keep their bytes: the quarantined one's raw text is the line as written.
        let written = Data(Array("H2CA00002|2082|2082|C0000\\0002|H|\t|C9\0".utf8) + [0xFF, 0xFE]).map { String(format: "%02X", $0) }.joined()
        let raw = try engine.query("SELECT line, hex(raw), reason FROM quarantine WHERE source = 'fec' AND period = 2082 AND table_name = 'fec_candidate_committee_links' ORDER BY line").rows
        #expect(raw.contains { $0[1] == .string(written) }, "\(raw)")
        // Spotlight's own guard: nothing reaches ClickHouse that would read a local file.
        #expect(throws: WarehouseError.self) { _ = try NoLocalFiles(engine).query("SELECT * FROM file('\(dir.path)/cn.txt', 'LineAsString')") }
    }
}
