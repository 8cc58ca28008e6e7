import Core
import Testing
@testable import Warehouse

@Suite struct SQLTextTests {
    /// `spotlight sql` refuses a trailing FORMAT clause (it would print DateTimes as epoch
    /// seconds through the typed path) and says which option to use instead.
    @Test func trailingFormatClauses() {
        #expect(SQLText.trailingFormat("SELECT now() FORMAT Vertical") == "Vertical")
        #expect(SQLText.trailingFormat("select 1\nformat JSONEachRow ;\n") == "JSONEachRow")
        #expect(SQLText.trailingFormat("SELECT 'FORMAT Vertical'") == nil)
        #expect(SQLText.trailingFormat("SELECT formatDateTime(now(), '%F') AS format") == nil)
        #expect(SQLText.trailingFormat("SELECT 1") == nil)
    }

    @Test func literalsEscapeQuotesAndBackslashes() {
        #expect(SQLText.literal("/data/O'Brien\\x\n") == "'/data/O\\'Brien\\\\x\\n'")
    }

    @Test func identifiers() {
        #expect(SQLText.isIdentifier("fec_candidates"))
        #expect(!SQLText.isIdentifier("1table"))
        #expect(!SQLText.isIdentifier("t; DROP TABLE x"))
        #expect(!SQLText.isIdentifier(""))
    }

    /// Any name, quoted: a backtick or backslash inside cannot end the identifier early.
    @Test func quotedIdentifiersEscapeBackticksAndBackslashes() {
        #expect(SQLText.identifier("fec_candidates") == "`fec_candidates`")
        #expect(SQLText.identifier("a` FROM x; DROP TABLE y --") == "`a\\` FROM x; DROP TABLE y --`")
        #expect(SQLText.identifier("back\\`") == "`back\\\\\\``")
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
