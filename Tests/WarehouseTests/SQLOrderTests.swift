import Testing
import Warehouse

struct SQLOrderTests {
    @Test func filesRunAfterTheFilesCreatingWhatTheyDependOn() throws {
        let files = [
            SQLOrder.File(name: "a_reports.sql", text: "-- depends: politicians, corporations\nCREATE OR REPLACE TABLE report AS SELECT 1"),
            SQLOrder.File(name: "b_entities.sql", text: "-- depends: corporation_keys, fec_committees\nCREATE OR REPLACE TABLE politicians AS SELECT 1;\ncreate table if not exists `pacs` (x UInt8)"),
            SQLOrder.File(name: "c_corporations.sql", text: "-- the corporations\nCREATE OR REPLACE TABLE corporation_keys AS SELECT 1;\nCREATE OR REPLACE TABLE corporations AS SELECT 1"),
            SQLOrder.File(name: "d_free.sql", text: "CREATE OR REPLACE VIEW v AS SELECT 1"),
        ]
        #expect(files[1].depends == ["corporation_keys", "fec_committees"])
        #expect(files[1].creates == ["politicians", "pacs"])
        // fec_committees is created by no file (ingest loads it): no constraint. Ties keep name order.
        #expect(try SQLOrder.sorted(files).map(\.name) == ["c_corporations.sql", "b_entities.sql", "a_reports.sql", "d_free.sql"])
    }

    @Test func aCycleNamesItsFiles() {
        let files = [
            SQLOrder.File(name: "x.sql", text: "-- depends: y\nCREATE TABLE x AS SELECT 1"),
            SQLOrder.File(name: "y.sql", text: "-- depends: x\nCREATE TABLE y AS SELECT 1"),
            SQLOrder.File(name: "z.sql", text: "CREATE TABLE z AS SELECT 1"),
        ]
        #expect(throws: SQLOrder.CycleError(files: ["x.sql", "y.sql"])) { try SQLOrder.sorted(files) }
    }
}
