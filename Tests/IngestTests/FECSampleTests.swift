import Core
import Foundation
import Ingest
import Sample
import Testing
import TestSupport
import Warehouse

/// The demo generator's output round-trips: what it wrote is what the warehouse holds.
@Suite(.serialized) struct FECSampleTests {
    func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let a = temporary("sample-a"), b = temporary("sample-b"), c = temporary("sample-c")
        defer { [a, b, c].forEach { try? FileManager.default.removeItem(at: $0) } }
        _ = try FECSample(seed: 7, contributions: 3_000, packaging: .text).write(to: a)
        _ = try FECSample(seed: 7, contributions: 3_000, packaging: .text).write(to: b)
        _ = try FECSample(seed: 8, contributions: 3_000, packaging: .text).write(to: c)
        for member in ["cn.txt", "itcont.txt", "oppexp.txt", "webk24.txt"] {
            #expect(try Data(contentsOf: a.appendingPathComponent(member)) == Data(contentsOf: b.appendingPathComponent(member)), "\(member)")
        }
        #expect(try Data(contentsOf: a.appendingPathComponent("itcont.txt")) != Data(contentsOf: c.appendingPathComponent("itcont.txt")))
    }

    @Test func officialZipNamesAndMembers() throws {
        let dir = temporary("sample-zip")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try FECSample(cycle: 2022, seed: 1, contributions: 1_000).write(to: dir)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == ["ccl22.zip", "cm22.zip", "cn22.zip", "independent_expenditure_2022.csv", "indiv22.zip", "oppexp22.zip", "oth22.zip",
                          "pas222.zip", "weball22.zip", "webk22.zip", "webl22.zip"])
        let inputs = try FECIngest.discover(directory: dir, cycle: 2022)
        #expect(inputs.map(\.displayName) == ["cn22.zip:cn.txt", "cm22.zip:cm.txt", "ccl22.zip:ccl.txt", "indiv22.zip:itcont.txt", "pas222.zip:itpas2.txt",
                                              "oth22.zip:itoth.txt", "oppexp22.zip:oppexp.txt", "weball22.zip:weball22.txt", "webl22.zip:webl22.txt", "webk22.zip:webk22.txt",
                                              "independent_expenditure_2022.csv"])
    }

    @Test func demoRoundTripsThroughIngest() throws {
        let dir = temporary("sample-demo")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try FECSample(cycle: 2096, seed: 3, contributions: 6_000).write(to: dir)
        let engine = try TestEnvironment.embedded()
        let ingest = FECIngest(engine: engine, sql: SQLLibrary(root: TestEnvironment.projectRoot.appendingPathComponent("sql")),
                               home: SpotlightHome(root: engine.path.deletingLastPathComponent()))
        let outcomes = try ingest.run(cycle: 2096, directory: dir)
        #expect(outcomes.count == report.files.count)
        for (outcome, written) in zip(outcomes, report.files) {
            #expect(outcome.file == written.member || outcome.file.hasSuffix(":" + written.member))
            #expect(outcome.linesRead == written.lines, "\(written.member)")
            #expect(outcome.quarantined == written.malformedLines.count, "\(written.member)")
            #expect(outcome.loaded == written.lines - written.malformedLines.count, "\(written.member)")
            let lines = try engine.query("""
                SELECT line FROM quarantine WHERE source = 'fec' AND table_name = '\(outcome.table)' AND period = 2096 ORDER BY line
                """).rows.map { Int($0[0].description)! }
            #expect(lines == written.malformedLines, "\(written.member)")
        }
        // The IE CSV has a record spanning two lines before its malformed one, so quarantine must
        // name the physical line the record starts on: the 6th notice, after one two-line record
        // and the two amendments of the 5th notice (the header is line 1).
        #expect(report.files.last?.malformedLines == [10])
        #expect(try engine.scalar("SELECT count() FROM fec_independent_expenditures WHERE cycle = 2096 AND position(pur, '\n') > 0") != .uint(0))
        // 6,000 contributions carry malformed lines at every 1,999th: 3 of them.
        #expect(report.files.first { $0.member == "itcont.txt" }?.malformedLines.count == 3)
        for (committee, cents) in report.itemizedCentsByCommittee.sorted(by: { $0.key < $1.key }) {
            let total = try engine.scalar("""
                SELECT sum(transaction_amt) FROM fec_individual_contributions
                WHERE cycle = 2096 AND cmte_id = '\(committee)' AND (memo_cd IS NULL OR memo_cd != 'X')
                """)
            #expect(total == .decimal(Int128(cents), scale: 2), "\(committee)")
        }
        // Planted quirks survive: Latin-1 bytes become U+FFFD, literal quotes stay, committees
        // that have not filed have NULL (not 0) summary amounts, sub-dollar amounts parse.
        #expect(try engine.scalar("SELECT countIf(name LIKE '%\u{FFFD}%') > 0 FROM fec_individual_contributions WHERE cycle = 2096") == .uint(1))
        #expect(try engine.scalar("SELECT countIf(name LIKE '%\"BUD\" JR') > 0 FROM fec_individual_contributions WHERE cycle = 2096") == .uint(1))
        #expect(try engine.scalar("SELECT countIf(ttl_receipts IS NULL) FROM fec_pac_summaries WHERE cycle = 2096") != .uint(0))
        #expect(try engine.scalar("SELECT countIf(transaction_amt < 1 AND transaction_amt > 0) > 0 FROM fec_operating_expenditures WHERE cycle = 2096") == .uint(1))
        // Ids agree across files: every candidate's principal committee exists and is linked.
        #expect(try engine.scalar("""
            SELECT count() FROM fec_candidates c
            LEFT ANTI JOIN (SELECT cmte_id FROM fec_committees WHERE cycle = 2096) m ON c.cand_pcc = m.cmte_id
            WHERE c.cycle = 2096
            """) == .uint(0))
        #expect(try engine.scalar("""
            SELECT count() FROM fec_candidate_committee_links l
            LEFT ANTI JOIN (SELECT cand_id, cand_pcc FROM fec_candidates WHERE cycle = 2096) c ON l.cand_id = c.cand_id AND l.cmte_id = c.cand_pcc
            WHERE l.cycle = 2096
            """) == .uint(0))
    }
}
