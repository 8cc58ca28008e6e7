import Core
import Foundation
import Ingest
import Testing
import TestSupport
import Warehouse

/// House Clerk and Senate roll-call XML. Expected counts are taken from the files' text here.
@Suite(.serialized) struct OfficialRollCallTests {
    func ingest(_ dir: URL) throws -> [LoadOutcome] {
        let engine = try TestEnvironment.embedded()
        return try VotesIngest(engine: engine, sql: try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path),
                               home: SpotlightHome(root: engine.path.deletingLastPathComponent())).run(directory: dir)
    }

    func occurrences(of tag: String, in dir: URL, prefix: String) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(prefix) }.reduce(0) { total, name in
            total + String(decoding: try Data(contentsOf: dir.appendingPathComponent(name)), as: UTF8.self).components(separatedBy: tag).count - 1
        }
    }

    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func houseAndSenateXML() throws {
        try TestEnvironment.withCongressTables {
            let root = TestEnvironment.realdata!.appendingPathComponent("votes")
            let house = root.appendingPathComponent("house_clerk"), senate = root.appendingPathComponent("senate_lis")
            let houseVotes = try occurrences(of: "<recorded-vote>", in: house, prefix: "roll")
            let senateVotes = try occurrences(of: "<member>", in: senate, prefix: "vote_")
            #expect(houseVotes == 3021 && senateVotes == 598)

            let h = try ingest(house)
            #expect(h.map(\.table) == ["official_rollcalls", "official_votes"] && h.map(\.linesRead) == [7, houseVotes] && h.map(\.quarantined) == [0, 0])
            let s = try ingest(senate)  // with the Senate's member list of 2021-07-07
            #expect(s.map(\.table) == ["senate_members", "official_rollcalls", "official_votes"])
            #expect(s.map(\.linesRead) == [100, 6, senateVotes] && s.map(\.quarantined) == [0, 0, 0])

            let engine = try TestEnvironment.embedded()
            let hr1 = try engine.query("SELECT toString(date), document, bill_keys, yeas, nays FROM official_rollcalls WHERE period = 1171 AND rollcall = 62").rows[0].map(\.description)
            #expect(hr1 == ["2021-03-03", "H R 1", "['hr1-117']", "220", "210"])
            let adams = try engine.query("SELECT vote, party, state FROM official_votes WHERE period = 1171 AND rollcall = 62 AND member_id = 'A000370'").rows[0].map(\.description)
            #expect(adams == ["Yea", "D", "NC"])
            // The Senate date is written "February 5, 2021,  05:07 AM" (two spaces); the tie was broken by the Vice President.
            let amendment = try engine.query("SELECT toString(date), document, bill_keys, yeas, nays, result FROM official_rollcalls WHERE period = 1172 AND rollcall = 52").rows[0].map(\.description)
            #expect(amendment == ["2021-02-05", "S.Con.Res. 5", "['sconres5-117']", "50", "50", "Amendment Agreed to"])
            #expect(try engine.scalar("SELECT vote FROM official_votes WHERE period = 1172 AND rollcall = 52 AND member_id = 'S354'").description == "Yea")
        }
    }

    /// Senate votes meet bioguide ids: through the Senate's own list, then the congress-legislators
    /// crosswalk for senators who left before it was published. Counted here from the XML text.
    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func senateLISIdsResolveToBioguide() throws {
        try TestEnvironment.withCongressTables {
            let root = TestEnvironment.realdata!
            let senate = root.appendingPathComponent("votes/senate_lis")
            let listText = try String(contentsOf: senate.appendingPathComponent("senators_cfm_member_data_2021-07-07.xml"), encoding: .utf8)
            var listed: [String: String] = [:]
            for m in listText.matches(of: /lis_member_id="(S\d+)">(?s:.*?)<bioguideId>(\w+)<\/bioguideId>/) { listed[String(m.1)] = String(m.2) }
            var voters: [String] = []
            for name in try FileManager.default.contentsOfDirectory(atPath: senate.path) where name.hasPrefix("vote_") {
                let text = try String(contentsOf: senate.appendingPathComponent(name), encoding: .utf8)
                voters += text.matches(of: /<lis_member_id>(S\d+)<\/lis_member_id>/).map { String($0.1) }
            }
            let onList = voters.filter { listed[$0] != nil }.count
            #expect(listed.count == 100 && voters.count == 598 && onList == 594)  // S387 and S405 had left by July 2021

            let engine = try TestEnvironment.embedded()
            let sql = try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path)
            let home = SpotlightHome(root: engine.path.deletingLastPathComponent())
            _ = try LegislatorsIngest(engine: engine, sql: sql, home: home).run(directory: root.appendingPathComponent("congress_legislators"))
            _ = try ingest(senate)
            #expect(try engine.scalar("SELECT count() FROM official_votes_members WHERE period = 1172 AND bioguide IS NOT NULL").description == "598")
            // Where both know a senator they agree; the two who had left come from the historical file.
            #expect(try engine.scalar("""
                SELECT countIf(s.bioguide != l.bioguide) FROM senate_members AS s INNER JOIN legislator_ids AS l ON l.scheme = 'lis' AND l.value = s.lis_member_id
                """).description == "0")
            let left = try engine.query("""
                SELECT DISTINCT member_id, bioguide FROM official_votes_members WHERE period = 1172 AND member_id IN ('S387', 'S405') ORDER BY member_id
                """).rows.map { $0.map(\.description).joined(separator: " ") }
            #expect(left == ["S387 H001075", "S405 L000594"])  // Kamala Harris and Kelly Loeffler, senators until January 2021
            let baldwin = try engine.query("SELECT bioguide, last_name, party, state, length(committees), toString(as_of) FROM senate_members WHERE lis_member_id = 'S354'").rows[0].map(\.description)
            #expect(baldwin == ["B001230", "Baldwin", "D", "WI", "3", "2021-07-07"])
        }
    }
}
