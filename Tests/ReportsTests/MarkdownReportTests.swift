import Core
import Foundation
import Reports
import Testing
import TestSupport
import Warehouse

/// Markdown reports: blocks and directives parsed with their lines; blocks run read-only into
/// ranked result tables; a broken block fails with the file and line.
@Suite(.serialized) struct MarkdownReportTests {
    static let text = """
        ---
        title: Odd numbers
        description: A test report.
        ---
        There are {% value totals.n %} odd numbers.

        ```sql totals
        SELECT count() AS n FROM numbers(10) WHERE number % 2 = 1
        ```

        {% chart bar odds label=label value=number %}
        ```sql odds
        SELECT toString(number) AS label, number FROM numbers(10) WHERE number % 2 = 1 ORDER BY number DESC
        ```
        {% table odds %}
        """

    @Test func blocksAndDirectivesKeepTheirLines() throws {
        let report = try MarkdownReport.parse(Self.text, file: "content/reports/odd.md", slug: "odd")
        #expect(report.queries.map { "\($0.name)@\($0.line)" } == ["totals@7", "odds@12"])
        #expect(report.queries[1].sql == "SELECT toString(number) AS label, number FROM numbers(10) WHERE number % 2 = 1 ORDER BY number DESC")
        #expect(report.directives.map { "\($0.kind.rawValue) \($0.query)@\($0.line)" } == ["value totals@5", "bar odds@11", "table odds@15"])
        #expect(report.markdown == "There are SPOTLIGHTDIRECTIVE0X odd numbers.\n\n\nSPOTLIGHTDIRECTIVE1X\nSPOTLIGHTDIRECTIVE2X")
        #expect(report.page.title == "Odd numbers")
    }

    @Test func mistakesNameTheFileAndLine() {
        func error(_ text: String) -> String {
            do { _ = try MarkdownReport.parse(text, file: "r.md", slug: "r"); return "" } catch { return "\(error)" }
        }
        let head = "---\ntitle: T\n---\n"
        #expect(error(head + "```sql Bad-Name\nSELECT 1\n```\n") == "r.md:4: a sql block needs a name of lower-case letters, digits and _ (```sql top_sponsors)")
        #expect(error(head + "x\n```sql open\nSELECT 1\n") == "r.md:5: the sql block open is not closed by a ``` line")
        #expect(error(head + "{% table nothing %}\n```sql one\nSELECT 1\n```\n") == "r.md:4: no sql block is named nothing (blocks: one)")
        #expect(error(head + "{% chart pie one %}\n```sql one\nSELECT 1\n```\n") == "r.md:4: write {% chart bar|line|stacked NAME … %}")
        #expect(error(head + "{% chart line one x=a %}\n```sql one\nSELECT 1\n```\n") == "r.md:4: a line chart needs x=COLUMN y=COLUMN (y= is missing)")
    }

    func build(_ text: String) throws -> [ReportBuilder.Outcome] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-mdreports-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try text.write(to: dir.appendingPathComponent("odd.md"), atomically: true, encoding: .utf8)
        return try MarkdownReportBuilder(engine: try TestEnvironment.embedded(), directory: dir).build()
    }

    @Test func blocksRunIntoRankedTables() throws {
        #expect(try build(Self.text).map(\.description) == ["report odd: 6 rows"])
        let engine = try TestEnvironment.embedded()
        #expect(try engine.query("SELECT rank, label, number FROM report_odd__odds ORDER BY rank").rows.map { $0.map(\.description) }
            == [["1", "9", "9"], ["2", "7", "7"], ["3", "5", "5"], ["4", "3", "3"], ["5", "1", "1"]])
        #expect(try engine.scalar("SELECT n FROM report_odd__totals").description == "5")
    }

    @Test func aBrokenBlockFailsWithItsFileAndLine() {
        let broken = Self.text.replacingOccurrences(of: "SELECT count() AS n FROM numbers(10)", with: "SELECT count() AS n FROM no_such_table")
        #expect {
            try build(broken)
        } throws: { error in
            "\(error)".hasPrefix("content/reports/odd.md:7: sql block totals: ") && "\(error)".contains("no_such_table")
        }
    }

    @Test func aBlockCannotReadFilesOrWrite() {
        for sql in ["SELECT * FROM file('/etc/hostname', 'LineAsString')", "SELECT * FROM url('http://127.0.0.1:9/x', 'LineAsString')"] {
            let hostile = Self.text.replacingOccurrences(of: "SELECT count() AS n FROM numbers(10) WHERE number % 2 = 1", with: sql)
            #expect {
                try build(hostile)
            } throws: { error in
                "\(error)".hasPrefix("content/reports/odd.md:7: sql block totals: it uses the table function ")
                    && "\(error)".hasSuffix("(), which reads outside the warehouse; a report or transform reads the warehouse's tables only")
            }
        }
        let twoStatements = Self.text.replacingOccurrences(of: "WHERE number % 2 = 1\n```\n\n{%", with: "WHERE number % 2 = 1;\nDROP TABLE quarantine\n```\n\n{%")
        #expect {
            try build(twoStatements)
        } throws: { error in
            "\(error)" == "content/reports/odd.md:7: sql block totals: a block is one SELECT; found 2 statements"
        }
    }
}
