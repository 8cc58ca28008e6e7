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
        let root = TestEnvironment.realdata!.appendingPathComponent("votes")
        let house = root.appendingPathComponent("house_clerk"), senate = root.appendingPathComponent("senate_lis")
        let houseVotes = try occurrences(of: "<recorded-vote>", in: house, prefix: "roll")
        let senateVotes = try occurrences(of: "<member>", in: senate, prefix: "vote_")
        #expect(houseVotes == 3021 && senateVotes == 598)

        let h = try ingest(house)
        #expect(h.map(\.table) == ["official_rollcalls", "official_votes"] && h.map(\.linesRead) == [7, houseVotes] && h.map(\.quarantined) == [0, 0])
        let s = try ingest(senate)  // the senators member list in the folder is not a roll call and is skipped
        #expect(s.map(\.linesRead) == [6, senateVotes] && s.map(\.quarantined) == [0, 0])

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
