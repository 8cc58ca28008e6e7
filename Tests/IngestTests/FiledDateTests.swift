import Core
import Foundation
import Testing
@testable import Ingest
import Warehouse
import TestSupport

/// Dates are kept as filed: a real calendar date loads however unlikely (and is flagged where a
/// source says what is plausible); only what cannot be read is quarantined, saying why.
@Suite(.serialized) struct FiledDateTests {
    let engine: EmbeddedEngine
    let sql = SQLLibrary(root: TestEnvironment.projectRoot.appendingPathComponent("sql"))

    init() throws {
        engine = try TestEnvironment.embedded()
        try sql.prepare(engine)
    }

    /// Every date format a source family files in, through the one function each uses.
    @Test(arguments: [
        // FEC itcont, itoth, itpas2, webk/weball: MMDDYYYY and MM/DD/YYYY.
        ("filed_date(s, '%m%d%Y')", "10171918", "1918-10-17", ""),
        ("filed_date(s, '%m%d%Y')", "10170018", "0018-10-17", ""),
        ("filed_date(s, '%m%d%Y')", "01152015", "2015-01-15", ""),
        ("filed_date(s, '%m%d%Y')", "02302015", "NULL", "TRANSACTION_DT is not a valid date (%m%d%Y): 02302015"),
        ("filed_date(s, '%m%d%Y')", "1017191", "NULL", "TRANSACTION_DT is not a valid date (%m%d%Y): 1017191"),
        ("filed_date(s, '%m/%d/%Y')", "10/17/1918", "1918-10-17", ""),
        ("filed_date(s, '%m/%d/%Y')", "1/5/2015", "NULL", "TRANSACTION_DT is not a valid date (%m/%d/%Y): 1/5/2015"),
        // FEC independent expenditures: DD-MON-YY (two-digit years read as 2000-2069, 1970-1999).
        ("filed_date(s, '%d-%b-%y')", "17-OCT-18", "2018-10-17", ""),
        ("filed_date(s, '%d-%b-%y')", "31-APR-18", "NULL", "TRANSACTION_DT is not a valid date (%d-%b-%y): 31-APR-18"),
        // SEC Form 3/4/5 data sets: DD-MON-YYYY.
        ("filed_date(s, '%d-%b-%Y')", "17-OCT-1918", "1918-10-17", ""),
        ("filed_date(s, '%d-%b-%Y')", "17-Oct-1918", "1918-10-17", ""),
        // Trades (Senate archive MM/DD/YYYY, House ISO), legislators, votes, lobbying: ISO.
        ("trade_date(s, 'mdy')", "10/17/1918", "1918-10-17", ""),
        ("trade_date(s, 'iso')", "0009-06-09", "0009-06-09", ""),
        ("spotlight_iso_date(s)", "1721-04-19", "1721-04-19", ""),
        ("spotlight_iso_date(s)", "2023-02-30", "NULL", "TRANSACTION_DT is not a date (YYYY-MM-DD): 2023-02-30"),
        ("spotlight_iso_date(s)", "20222-08-09", "NULL", "TRANSACTION_DT is not a date (YYYY-MM-DD): 20222-08-09"),
        ("spotlight_iso_date(s)", "", "NULL", ""),
    ])
    func everyFormatKeepsRealDatesAsFiled(function: String, filed: String, stored: String, reason: String) throws {
        let value = try engine.scalar("SELECT toString(\(function.replacingOccurrences(of: "(s", with: "(\(SQLText.literal(filed))")))")
        #expect(value.description == stored)
        let check = function.hasPrefix("filed_date") ? "check_filed_date('TRANSACTION_DT', s, \(function.split(separator: ",")[1].dropLast().trimmingCharacters(in: .whitespaces)))"
            : function.hasPrefix("trade_date") ? "check_trade_date('TRANSACTION_DT', s, \(function.split(separator: ",")[1].dropLast().trimmingCharacters(in: .whitespaces)))"
            : "check_iso_date('TRANSACTION_DT', s)"
        #expect(try engine.scalar("SELECT \(check.replacingOccurrences(of: ", s", with: ", \(SQLText.literal(filed))"))").description == reason)
    }

    /// No table parses a date another way (a `Date` column or toDate() would turn 1918 into
    /// 1970 or NULL without a word): every dated column of every family is a Date32 read by the
    /// functions above.
    @Test func everyDatedColumnOfEveryFamilyIsADate32ReadAsFiled() throws {
        let root = TestEnvironment.projectRoot.appendingPathComponent("sql")
        var files: [String] = []
        for family in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(family).path, isDirectory: &isDirectory), isDirectory.boolValue,
                  !["model", "reports", "site"].contains(family) else { continue }
            for file in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(family).path).sorted() where file.hasSuffix(".sql") {
                let text = try String(contentsOf: root.appendingPathComponent("\(family)/\(file)"), encoding: .utf8)
                let code = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }.joined(separator: "\n")
                #expect(code.firstMatch(of: /\bDate\b(?!32|Time)/) == nil, "\(family)/\(file) declares a Date column")
                #expect(code.firstMatch(of: /\b(toDate|toDateOrNull|toDate32OrNull|parseDateTimeOrNull|parseDateTimeBestEffortOrNull)\(/) == nil, "\(family)/\(file) parses a date outside the filed-date functions")
                files.append("\(family)/\(file)")
            }
        }
        #expect(files.count > 30)
    }

    /// An upgrade that changes a table's definition (a Date widened to Date32) recreates the
    /// table and forgets its ingest runs, so the next build loads every snapshot again.
    @Test func aChangedTableDefinitionRecreatesTheTable() throws {
        try engine.execute("DROP TABLE IF EXISTS filed_dates_probe SYNC")
        try engine.execute("CREATE TABLE filed_dates_probe (d Date) ENGINE = MergeTree ORDER BY d")
        try engine.execute("INSERT INTO filed_dates_probe VALUES ('2015-01-15')")
        try engine.execute("INSERT INTO ingest_runs VALUES ('probe', 's1', 1, 'filed_dates_probe', 'f', 1, 1, 0, now())")
        let same = TableSQL(file: "probe.sql", ddl: ["-- a comment\nCREATE TABLE IF NOT EXISTS filed_dates_probe (d Date) ENGINE = MergeTree ORDER BY d"], load: "")
        try sql.create(same, on: engine)
        #expect(try engine.scalar("SELECT count() FROM filed_dates_probe").description == "1")
        let widened = TableSQL(file: "probe.sql", ddl: ["CREATE TABLE IF NOT EXISTS filed_dates_probe (d Date32) ENGINE = MergeTree ORDER BY d"], load: "")
        try sql.create(widened, on: engine)
        #expect(try engine.scalar("SELECT count() FROM filed_dates_probe").description == "0")
        #expect(try engine.scalar("SELECT type FROM system.columns WHERE table = 'filed_dates_probe'").description == "Date32")
        #expect(try engine.scalar("SELECT count() FROM ingest_runs WHERE table_name = 'filed_dates_probe'").description == "0")
        #expect(try engine.tableExists("filed_dates_probe__definition") == false)
        try engine.execute("DROP TABLE filed_dates_probe SYNC")
    }

    /// A table loaded by hand under an older definition cannot be recreated by the build (it
    /// does not know the folder), so the build asks for it to be loaded again: the check names
    /// the table and its file, once even when another file is loaded "same as" it, and leaves
    /// out what is current, what is not loaded and the tables the build loads itself.
    @Test func tablesLoadedUnderAnOlderDefinitionAreNamed() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("outdated-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("probefamily"), withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws {
            try text.write(to: root.appendingPathComponent("probefamily/\(name)"), atomically: true, encoding: .utf8)
        }
        try write("old_shape.sql", "CREATE TABLE IF NOT EXISTS outdated_probe_a (d Date32, n UInt8) ENGINE = MergeTree ORDER BY d;\n-- load\nSELECT 1")
        try write("same_shape.sql", "CREATE TABLE IF NOT EXISTS outdated_probe_b (d Date32) ENGINE = MergeTree ORDER BY d;\n-- load\nSELECT 1")
        try write("like_old.sql", "CREATE TABLE IF NOT EXISTS outdated_probe_c AS outdated_probe_a;\n-- load: same as old_shape.sql")
        try write("never_loaded.sql", "CREATE TABLE IF NOT EXISTS outdated_probe_d (d Date32) ENGINE = MergeTree ORDER BY d;\n-- load\nSELECT 1")
        try write("loaded_by_build.sql", "CREATE TABLE IF NOT EXISTS outdated_probe_e (d Date32) ENGINE = MergeTree ORDER BY d;\n-- load\nSELECT 1")
        try write("a_view.sql", "CREATE VIEW IF NOT EXISTS outdated_probe_view AS SELECT 1")
        let tables = ["outdated_probe_a", "outdated_probe_b", "outdated_probe_c", "outdated_probe_e"]
        for table in tables { try engine.execute("DROP TABLE IF EXISTS \(table) SYNC") }
        defer { for table in tables { try? engine.execute("DROP TABLE IF EXISTS \(table) SYNC") } }
        try engine.execute("CREATE TABLE outdated_probe_a (d Date) ENGINE = MergeTree ORDER BY d")
        try engine.execute("CREATE TABLE outdated_probe_b (d Date32) ENGINE = MergeTree ORDER BY d")
        try engine.execute("CREATE TABLE outdated_probe_c (d Date) ENGINE = MergeTree ORDER BY d")  // as the old outdated_probe_a
        try engine.execute("CREATE TABLE outdated_probe_e (d Date) ENGINE = MergeTree ORDER BY d")
        try sql.execute("table_definitions.sql", on: engine)
        try engine.execute("DELETE FROM table_definitions WHERE startsWith(table_name, 'outdated_probe_')")
        let library = SQLLibrary(root: root)
        let outdated = try library.outdatedTables(families: ["probefamily"], except: ["probefamily/loaded_by_build.sql"], on: engine)
        #expect(outdated.map { "\($0.table) \($0.file)" } == ["outdated_probe_a probefamily/old_shape.sql"])
        try engine.execute("DROP TABLE outdated_probe_a SYNC")
        try engine.execute("CREATE TABLE outdated_probe_a (d Date32, n UInt8) ENGINE = MergeTree ORDER BY d")
        #expect(try library.outdatedTables(families: ["probefamily"], except: ["probefamily/loaded_by_build.sql"], on: engine)
            .map { "\($0.table) \($0.file)" } == ["outdated_probe_c probefamily/like_old.sql"])
        try engine.execute("DROP TABLE outdated_probe_c SYNC")
        try engine.execute("CREATE TABLE outdated_probe_c AS outdated_probe_a")
        #expect(try library.outdatedTables(families: ["probefamily"], except: ["probefamily/loaded_by_build.sql"], on: engine).isEmpty)
        #expect(try engine.tableExists("outdated_probe_a__definition") == false)
        // Found current, the statements are recorded, so the next build need not ask ClickHouse;
        // an edit of a comment changes the words but not the table.
        let recorded = "SELECT count() FROM table_definitions FINAL WHERE table_name = 'outdated_probe_a' AND statement_sha256 = "
        #expect(try engine.scalar(recorded + SQLText.literal(SHA256.hex(Array("CREATE TABLE IF NOT EXISTS outdated_probe_a (d Date32, n UInt8) ENGINE = MergeTree ORDER BY d".utf8)))).description == "1")
        try write("old_shape.sql", "CREATE TABLE IF NOT EXISTS outdated_probe_a\n(\n    d Date32,  -- now with a comment\n    n UInt8\n) ENGINE = MergeTree ORDER BY d;\n-- load\nSELECT 1")
        #expect(try library.outdatedTables(families: ["probefamily"], except: ["probefamily/loaded_by_build.sql"], on: engine).isEmpty)
        #expect(try engine.scalar("SELECT count() FROM table_definitions FINAL WHERE table_name = 'outdated_probe_a'").description == "1")
        #expect(try engine.scalar(recorded + SQLText.literal(SHA256.hex(Array("CREATE TABLE IF NOT EXISTS outdated_probe_a\n(\n    d Date32,  -- now with a comment\n    n UInt8\n) ENGINE = MergeTree ORDER BY d".utf8)))).description == "1")
    }
}

/// In the FEC suite, whose tests take turns with the shared warehouse's FEC tables.
extension FECIngestTests {
    /// FEC: a contribution dated 17 October 1918 in a 2016 file loads, counts, and is flagged as
    /// outside the cycle; so does an operating expenditure; an impossible date is quarantined.
    @Test func fecDatesOutsideTheCycleLoadAndAreFlagged() throws {
        // The shared warehouse's FEC staging tables are used by other suites' loads: take turns.
        try TestEnvironment.withCongressTables { try loadDatesOutsideTheCycle() }
    }

    func loadDatesOutsideTheCycle() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fec-filed-dates-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func itcont(_ date: String, _ amount: String, _ subID: Int) -> String {
            ["C00000001", "N", "Q1", "P", "15951128130", "15", "IND", "DOE, JANE", "SPRINGFIELD", "IL", "627011234",
             "ACME", "ENGINEER", date, amount, "", "T\(subID)", "1000001", "", "", "\(subID)"].joined(separator: "|")
        }
        try ([itcont("01152015", "100", 1), itcont("10171918", "250", 2), itcont("12312099", "7", 3), itcont("02302015", "9", 4)]
            .joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("itcont.txt"), atomically: true, encoding: .utf8)
        var oppexp = Array(repeating: "", count: 26)
        oppexp[0] = "C00000001"; oppexp[12] = "10/17/1918"; oppexp[13] = "55.10"; oppexp[21] = "7"
        try (oppexp.joined(separator: "|") + "\n").write(to: dir.appendingPathComponent("oppexp.txt"), atomically: true, encoding: .utf8)

        let sql = SQLLibrary(root: TestEnvironment.projectRoot.appendingPathComponent("sql"))
        let ingest = FECIngest(engine: engine, sql: sql, home: SpotlightHome(root: engine.path.deletingLastPathComponent()), maxQuarantineRate: 1)
        let outcomes = try ingest.run(cycle: 2092, directory: dir)
        #expect(outcomes.map(\.loaded) == [3, 1] && outcomes.map(\.quarantined) == [1, 0])
        let rows = try engine.query("""
            SELECT sub_id, toString(transaction_dt), transaction_amt, dates_outside_cycle FROM fec_individual_contributions
            WHERE cycle = 2092 ORDER BY sub_id
            """).rows.map { $0.map(\.description) }
        #expect(rows == [["1", "2015-01-15", "100.00", "['TRANSACTION_DT']"],
                         ["2", "1918-10-17", "250.00", "['TRANSACTION_DT']"],
                         ["3", "2099-12-31", "7.00", "['TRANSACTION_DT']"]])
        // The cycle 2092 runs from 1 January 2091: none of these is inside it, and all count.
        #expect(try engine.scalar("SELECT sum(transaction_amt) FROM fec_individual_contributions WHERE cycle = 2092").description == "357.00")
        let quarantined = try engine.query("SELECT table_name, line, reason FROM quarantine WHERE source = 'fec' AND period = 2092 ORDER BY ALL").rows.map { $0.map(\.description) }
        #expect(quarantined == [["fec_individual_contributions", "4", "TRANSACTION_DT is not a valid date (%m%d%Y): 02302015"]], "\(quarantined)")
        #expect(try engine.query("SELECT toString(transaction_dt), dates_outside_cycle FROM fec_operating_expenditures WHERE cycle = 2092").rows
            .map { $0.map(\.description) } == [["1918-10-17", "['TRANSACTION_DT']"]])

        // Inside the cycle, nothing is flagged.
        try (itcont("06302092", "1", 5) + "\n").write(to: dir.appendingPathComponent("itcont.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("oppexp.txt"))
        _ = try ingest.run(cycle: 2092, directory: dir)
        #expect(try engine.query("SELECT sub_id, dates_outside_cycle FROM fec_individual_contributions WHERE cycle = 2092").rows.map { $0.map(\.description) } == [["5", "[]"]])
    }
}
