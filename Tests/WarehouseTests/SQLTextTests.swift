import Testing
@testable import Warehouse

@Suite struct SQLTextTests {
    @Test func literalsEscapeQuotesAndBackslashes() {
        #expect(SQLText.literal("/data/O'Brien\\x\n") == "'/data/O\\'Brien\\\\x\\n'")
    }

    @Test func identifiers() {
        #expect(SQLText.isIdentifier("fec_candidates"))
        #expect(!SQLText.isIdentifier("1table"))
        #expect(!SQLText.isIdentifier("t; DROP TABLE x"))
        #expect(!SQLText.isIdentifier(""))
    }

    @Test func scriptsSplitAtLineEndingSemicolons() {
        let script = """
            -- a comment only
            CREATE TABLE a (x String DEFAULT 'a;b');
            -- between
            SELECT 1;

            SELECT 2
            """
        #expect(SQLText.statements(script) == ["-- a comment only\nCREATE TABLE a (x String DEFAULT 'a;b')", "-- between\nSELECT 1", "SELECT 2"])
    }
}
