import Core
import Foundation
import Ingest
import Sample
import Testing
import TestSupport
import Warehouse

/// congress-legislators into the warehouse. Expected numbers come from the JSON and CSV
/// editions of the same data (parsed here with Foundation) and from PyYAML, never from the
/// tables under test.
@Suite(.serialized) struct LegislatorsIngestTests {
    func ingest(_ dir: URL) throws -> [LoadOutcome] {
        let engine = try TestEnvironment.embedded()
        let home = SpotlightHome(root: engine.path.deletingLastPathComponent())
        return try LegislatorsIngest(engine: engine, sql: try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path), home: home).run(directory: dir)
    }

    func scalar(_ sql: String) throws -> String { try TestEnvironment.embedded().scalar(sql).description }

    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func realFilesLoadWholeWithTheCrosswalk() throws {
        try TestEnvironment.withCongressTables {
            let dir = TestEnvironment.realdata!.appendingPathComponent("congress_legislators")
            // Independent expectations: the JSON edition of legislators-current.
            let people = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("legislators-current.json"))) as! [[String: Any]]
            let terms = people.reduce(0) { $0 + ($1["terms"] as! [Any]).count }
            let idValues = people.reduce(0) { total, p in
                total + (p["id"] as! [String: Any]).values.reduce(0) { $0 + (($1 as? [Any])?.count ?? 1) }
            }
            func having(_ scheme: String) -> Int { people.filter { ($0["id"] as! [String: Any])[scheme] != nil }.count }
            // The CSV edition of committee membership, one seat per line after the header (CRLF lines).
            let seats = try Data(contentsOf: dir.appendingPathComponent("committee-membership-current.csv")).filter { $0 == 0x0A }.count - 1
            // Committees and subcommittees counted by PyYAML.
            let python = TestEnvironment.projectRoot.appendingPathComponent(".venv/bin/python3").path
            let counted = try #require(Subprocess.run(python, ["-c", "import yaml; c = yaml.safe_load(open('\(dir.path)/committees-current.yaml')); print(len(c) + sum(len(x.get('subcommittees', [])) for x in c))"]))
            let committees = Int(counted.output.trimmingCharacters(in: .whitespacesAndNewlines))!
            #expect(people.count == 537 && terms == 2792 && idValues == 6572 && seats == 3879 && committees == 230)
            // Former members: legislators-historical.csv read by Python's csv module — rows, id values
            // (fec_ids split at commas), people with FEC ids, and last seats in the House.
            let script = """
                import csv
                rows = list(csv.DictReader(open('\(dir.path)/legislators-historical.csv', encoding='utf-8')))
                cols = ['bioguide_id', 'thomas_id', 'opensecrets_id', 'lis_id', 'fec_ids', 'cspan_id', 'govtrack_id', 'votesmart_id', 'ballotpedia_id', 'washington_post_id', 'icpsr_id', 'wikipedia_id']
                print(len(rows), sum(len([v for v in r[c].split(',') if v]) for r in rows for c in cols), sum(1 for r in rows if r['fec_ids']), sum(1 for r in rows if r['type'] == 'rep'))
                """
            let historical = try #require(Subprocess.run(python, ["-c", script])).output.split(separator: " ").map { Int($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
            #expect(historical == [12_230, historical[1], 994, 10_365])

            let outcomes = try ingest(dir)
            #expect(outcomes.map(\.table) == ["legislators", "legislator_terms", "legislator_ids", "congress_committees", "committee_seats",
                                              "legislators", "legislator_terms", "legislator_ids"])
            #expect(outcomes.map(\.linesRead) == [people.count, terms, idValues, committees, seats, historical[0], historical[0], historical[1]])
            #expect(outcomes.map(\.quarantined) == [0, 0, 0, 0, 0, 0, 0, 0])
            #expect(try scalar("SELECT count() FROM legislators WHERE period = 0") == String(people.count))
            #expect(try scalar("SELECT countIf(is_current = 0) FROM legislators WHERE period = 1") == String(historical[0]))
            #expect(try scalar("SELECT uniqExact(bioguide) FROM legislator_ids WHERE period = 1 AND scheme = 'fec'") == String(historical[2]))
            #expect(try scalar("SELECT countIf(term = 0 AND start_date IS NULL AND type = 'rep') FROM legislator_terms WHERE period = 1") == String(historical[3]))
            // The last row of the file, field by field: David Scott, GA-13.
            let scott = try TestEnvironment.embedded().query("""
                SELECT l.first_name, l.last_name, toString(l.birthday), t.type, t.state, t.district, t.party, l.source_line
                FROM legislators AS l INNER JOIN legislator_terms AS t ON t.bioguide = l.bioguide AND t.period = 1 WHERE l.bioguide = 'S001157'
                """).rows[0].map(\.description)
            #expect(scott == ["David", "Scott", "1945-06-27", "rep", "GA", "13", "Democrat", "12231"])

            // Crosswalk coverage, counted from the JSON above: FEC ids for 536 of 537, ICPSR for 320, LIS for 100.
            for (scheme, expected) in [("fec", having("fec")), ("icpsr", having("icpsr")), ("lis", having("lis")), ("opensecrets", having("opensecrets"))] {
                #expect(try scalar("SELECT uniqExact(bioguide) FROM legislator_ids WHERE period = 0 AND scheme = '\(scheme)'") == String(expected), "\(scheme)")
            }
            #expect(having("fec") == 536 && having("icpsr") == 320 && having("lis") == 100)

            // One person field by field: Maria Cantwell.
            let row = try TestEnvironment.embedded().query("""
                SELECT first_name, last_name, official_full, toString(birthday), gender, is_current, source_line FROM legislators WHERE bioguide = 'C000127'
                """).rows[0].map(\.description)
            #expect(row == ["Maria", "Cantwell", "Maria Cantwell", "1958-10-13", "F", "1", "1"])
            #expect(try scalar("SELECT arrayStringConcat(groupArray(value), ',') FROM (SELECT value FROM legislator_ids WHERE bioguide = 'C000127' AND scheme = 'fec' ORDER BY source_line)")
                == "S8WA00194,H2WA01054")
            #expect(try scalar("SELECT value FROM legislator_ids WHERE bioguide = 'C000127' AND scheme = 'lis'") == "S275")
            let first = try TestEnvironment.embedded().query("""
                SELECT type, toString(start_date), toString(end_date), state, district, senate_class, party FROM legislator_terms WHERE bioguide = 'C000127' AND term = 1
                """).rows[0].map(\.description)
            #expect(first == ["rep", "1993-01-05", "1995-01-03", "WA", "1", "NULL", "Democrat"])

            // Idempotent: a second load replaces, never adds.
            _ = try ingest(dir)
            #expect(try scalar("SELECT count() FROM legislator_terms WHERE period = 0") == String(terms))
            #expect(try scalar("SELECT count() FROM legislators WHERE period = 1") == String(historical[0]))
        }
    }

    @Test func badRecordsAreQuarantinedWithTheirLines() throws {
        try TestEnvironment.withCongressTables {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("legislators-bad-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try """
                - id:
                    bioguide: A000001
                    fec:
                    - H0XX00001
                  name:
                    first: Ada
                    last: Example
                  bio:
                    birthday: '1970-02-30'
                  terms:
                  - type: rep
                    start: '2021-01-03'
                    end: '2023-01-03'
                    state: XX
                    district: 1
                - id:
                    govtrack: 1
                  name:
                    first: No
                    last: Bioguide
                  terms:
                  - type: delegate
                    start: '2021-01-03'
                    end: '2023-01-03'
                    state: XX

                """.write(to: dir.appendingPathComponent("legislators-current.yaml"), atomically: true, encoding: .utf8)
            try "- type: house\n  name: Committee on Examples\n  thomas_id: HSXX\n".write(to: dir.appendingPathComponent("committees-current.yaml"), atomically: true, encoding: .utf8)
            try "HSXX:\n- name: Ada Example\n  bioguide: A000001\n  rank: first\n".write(to: dir.appendingPathComponent("committee-membership-current.yaml"), atomically: true, encoding: .utf8)
            let engine = try TestEnvironment.embedded()
            let home = SpotlightHome(root: engine.path.deletingLastPathComponent())
            let ingest = LegislatorsIngest(engine: engine, sql: try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path), home: home, maxQuarantineRate: 1)
            let outcomes = try ingest.run(directory: dir)
            #expect(outcomes.map(\.linesRead) == [2, 2, 3, 1, 1])  // ids: A000001's bioguide and fec, the second person's govtrack
            #expect(outcomes.map(\.quarantined) == [2, 1, 1, 0, 1])
            let reasons = try engine.query("""
                SELECT table_name, line, reason FROM quarantine WHERE source = 'legislators' AND period = 0 ORDER BY table_name, line
                """).rows.map { $0.map(\.description).joined(separator: " | ") }
            #expect(reasons == [
                "committee_seats | 2 | rank is not a number: first",
                "legislator_ids | 17 | bioguide is blank",
                "legislator_terms | 22 | bioguide is blank",  // the first problem is named; the type is wrong too
                "legislators | 1 | birthday is not a date (YYYY-MM-DD): 1970-02-30",
                "legislators | 16 | bioguide is blank",
            ])
        }
    }

    /// The demo's members of Congress are the FEC demo's incumbents, and what the generator
    /// planted is exactly what ingest quarantines (same suite: the tables are shared).
    @Test func demoMembersRoundTripWithTheirPlantedFaults() throws {
        try TestEnvironment.withCongressTables {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("legislators-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            let fec = try FECSample(cycle: 2024, seed: 1, contributions: 2_000, packaging: .text).write(to: dir.appendingPathComponent("fec"))
            let report = try LegislatorsSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("legislators"))
            #expect(report.members == fec.incumbents.count && report.members > 5)
            #expect(report.malformed == ["legislators-current.yaml:26", "committee-membership-current.yaml:11"])
            let again = try LegislatorsSample(fec: fec, seed: 1).write(to: dir.appendingPathComponent("again"))
            for name in LegislatorsIngest.files {
                #expect(try Data(contentsOf: dir.appendingPathComponent("legislators/\(name)")) == Data(contentsOf: dir.appendingPathComponent("again/\(name)")))
            }
            #expect(again == report)

            let engine = try TestEnvironment.embedded()
            let outcomes = try LegislatorsIngest(engine: engine, sql: try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path),
                                                 home: SpotlightHome(root: engine.path.deletingLastPathComponent()))
                .run(directory: dir.appendingPathComponent("legislators"))
            #expect(outcomes.map(\.linesRead) == [report.members, report.terms, report.ids, report.committees, report.seats])
            #expect(outcomes.map(\.quarantined) == [1, 0, 0, 0, 1])
            let quarantined = try engine.query("""
                SELECT concat(file, ':', toString(line)) FROM quarantine WHERE source = 'legislators' AND period = 0 ORDER BY table_name DESC
                """).rows.map { $0[0].description }
            #expect(quarantined == report.malformed)
            // Every member's FEC id is an incumbent candidate of the FEC demo (ids load even for the
            // member whose birthday row is quarantined: each table keeps its own books).
            let fecIDs = try engine.query("SELECT value FROM legislator_ids WHERE scheme = 'fec' ORDER BY value").rows.map { $0[0].description }
            #expect(fecIDs == fec.incumbents.map(\.candidateID).sorted())
        }
    }
}
