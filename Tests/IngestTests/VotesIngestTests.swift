import Core
import Foundation
import Ingest
import Sample
import Testing
import TestSupport
import Warehouse

/// Voteview CSVs. Expected figures are counted here from the raw lines (the vote files hold
/// only numbers and a chamber name, so a comma split is exact for them).
@Suite(.serialized) struct VotesIngestTests {
    func ingest(_ dir: URL) throws -> [LoadOutcome] {
        let engine = try TestEnvironment.embedded()
        return try VotesIngest(engine: engine, sql: try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path),
                               home: SpotlightHome(root: engine.path.deletingLastPathComponent())).run(directory: dir)
    }

    func scalar(_ sql: String) throws -> String { try TestEnvironment.embedded().scalar(sql).description }

    /// Data lines (header dropped), split on LF bytes: some files end lines with CRLF, which
    /// Swift reads as one Character and would not split on "\n".
    func lines(_ url: URL) throws -> [Substring] {
        try Data(contentsOf: url).split(separator: 0x0A).dropFirst().map { bytes in
            Substring(String(decoding: bytes.last == 0x0D ? bytes.dropLast() : bytes, as: UTF8.self))
        }
    }

    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func realVoteviewFilesWithIndependentCounts() throws {
        try TestEnvironment.withCongressTables {
            let dir = TestEnvironment.realdata!.appendingPathComponent("votes")
            let s116 = try lines(dir.appendingPathComponent("S116_votes.csv")).map { $0.split(separator: ",") }
            var casts: [String: Int] = [:]
            for row in s116 { casts[String(row[4]), default: 0] += 1 }
            #expect(s116.count == 72_285 && casts == ["1": 47_283, "6": 20_956, "9": 4_003, "7": 43])
            let h117Rollcalls = try lines(dir.appendingPathComponent("H117_rollcalls.csv")).count
            let h117Members = try lines(dir.appendingPathComponent("H117_members.csv")).count
            let s116Members = try lines(dir.appendingPathComponent("S116_members.csv")).count

            let outcomes = try ingest(dir)
            #expect(outcomes.map(\.file) == ["H117_members.csv", "H117_rollcalls.csv", "S116_members.csv", "S116_votes.csv"])
            #expect(outcomes.map(\.linesRead) == [h117Members, h117Rollcalls, s116Members, s116.count])
            #expect(outcomes.map(\.quarantined) == [0, 0, 0, 0])
            #expect(try scalar("SELECT arrayStringConcat(groupArray(concat(vote, '=', toString(c))), ',') FROM (SELECT vote, count() AS c FROM voteview_votes WHERE period = 1162 GROUP BY vote ORDER BY vote)")
                == "nay=20956,not voting=4003,present=43,yea=47283")
            let speaker = try TestEnvironment.embedded().query("""
                SELECT toString(date), yea_count, nay_count, vote_result, vote_question FROM voteview_rollcalls WHERE period = 1171 AND rollnumber = 1
                """).rows[0].map(\.description)
            #expect(speaker == ["2021-01-03", "216", "211", "Pelosi", "Election of the Speaker"])
            #expect(try scalar("SELECT count() FROM voteview_rollcalls WHERE period = 1171 AND bill_key = 'hres8-117'") == "\(try lines(dir.appendingPathComponent("H117_rollcalls.csv")).filter { $0.contains(",HRES8,") }.count)")
        }
    }

    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func floatWrittenIdsAndEveryVoteJoinsItsMember() throws {
        try TestEnvironment.withCongressTables {
            let dir = TestEnvironment.realdata!.appendingPathComponent("votes/voteview")
            // S117's vote file writes icpsr as 14226.0: loaded as the whole number it is.
            let votes = try lines(dir.appendingPathComponent("S117_votes.csv")).map { $0.split(separator: ",") }
            #expect(votes.first?[3] == "14226.0")
            let members = Set(try lines(dir.appendingPathComponent("S117_members.csv")).map { $0.split(separator: ",")[2] })
            let unmatched = votes.filter { !members.contains($0[3].replacing(".0", with: "")) }.count
            let outcomes = try ingest(dir)
            #expect(outcomes.map(\.quarantined) == [0, 0, 0, 0, 0, 0])
            #expect(outcomes.first { $0.file == "S117_votes.csv" }?.linesRead == votes.count)
            #expect(try scalar("SELECT countIf(icpsr NOT IN (SELECT icpsr FROM voteview_members WHERE period = 1172)) FROM voteview_votes WHERE period = 1172") == String(unmatched))
            #expect(unmatched == 0)
        }
    }

    /// The demo's Voteview files: the FEC demo's incumbents vote on fictional bills; the planted
    /// cast code 12 is exactly the quarantined line.
    @Test func demoVotesRoundTrip() throws {
        try TestEnvironment.withCongressTables {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("votes-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            let fec = try FECSample(cycle: 2024, seed: 1, contributions: 2_000, packaging: .text).write(to: dir.appendingPathComponent("fec"))
            let report = try VotesSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("published"))
            #expect(report.congress == 118 && report.members == fec.incumbents.count && report.rollcalls == 20)
            #expect(report.malformed.count == 1 && report.malformed[0].hasPrefix("HS118_votes.csv:"))
            // The lake stores a source's files side by side, as ingest reads them.
            let flat = dir.appendingPathComponent("flat")
            try FileManager.default.createDirectory(at: flat, withIntermediateDirectories: true)
            for kind in ["members", "rollcalls", "votes"] {
                try FileManager.default.copyItem(at: dir.appendingPathComponent("published/\(kind)/HS118_\(kind).csv"), to: flat.appendingPathComponent("HS118_\(kind).csv"))
            }
            let outcomes = try ingest(flat)
            #expect(outcomes.map(\.linesRead) == [report.members, report.rollcalls, report.votes])
            #expect(outcomes.map(\.quarantined) == [0, 0, 1])
            let line = try scalar("SELECT concat(file, ':', toString(line)) FROM quarantine WHERE source = 'voteview' AND period = 1183")
            #expect(line == report.malformed[0])
            #expect(try scalar("SELECT reason FROM quarantine WHERE source = 'voteview' AND period = 1183") == "cast_code is not 0–9: 12")
            // Members carry the same bioguide ids as the legislators demo gives them.
            let legislators = try LegislatorsSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("legislators"))
            _ = legislators
            let yaml = try String(contentsOf: dir.appendingPathComponent("legislators/legislators-current.yaml"), encoding: .utf8)
            let bioguides = yaml.matches(of: /bioguide: ([A-Z]\d{6})/).map { String($0.1) }.sorted()
            let loaded = try TestEnvironment.embedded().query("SELECT bioguide_id FROM voteview_members WHERE period = 1183 ORDER BY bioguide_id").rows.map { $0[0].description }
            #expect(loaded == bioguides)
        }
    }
}
