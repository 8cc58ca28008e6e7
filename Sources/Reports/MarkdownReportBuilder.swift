import Core
import Foundation
import Logging
import Warehouse

/// Runs the sql blocks of the Markdown reports (`content/reports/*.md` with ```sql blocks)
/// into `report_<name>__<block>` tables, after the model and the contributed datasets are in.
/// Each block runs as a query under `readonly = 1`, on either engine: ClickHouse itself refuses
/// a write, a setting change or a table function that reads a file or a URL. Spotlight then
/// writes the rows it received into the result table with its own statements; the page, the
/// downloads and the JSON read that table.
public struct MarkdownReportBuilder {
    public let engine: any WarehouseEngine
    /// `content/reports/`.
    public let directory: URL
    /// The most rows a block may return (a report is read, not a bulk export).
    public var maxRows = 1_000_000
    let log = Logger(label: "spotlight.reports")

    /// The project's SQL, to tell which source families a report reads (nil: not checked).
    public var sql: SQLLibrary?

    public init(engine: any WarehouseEngine, directory: URL, sql: SQLLibrary? = nil) {
        self.engine = engine
        self.directory = directory
        self.sql = sql
    }

    /// The Markdown reports of a folder, in the site's order.
    public static func load(_ directory: URL) throws -> [MarkdownReport] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        return try names.compactMap { name -> MarkdownReport? in
            let path = directory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: path, encoding: .utf8) else {
                throw ReportError(message: "content/reports/\(name): not readable as UTF-8")
            }
            guard MarkdownReport.hasQueries(text) else { return nil }
            // The name makes the report's URL and its result tables' names.
            guard name.dropLast(3).wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil else {
                throw ReportError(message: "content/reports/\(name): a report with sql blocks is named with lower-case words joined by - (top-sponsors.md)")
            }
            return try MarkdownReport.parse(text, file: "content/reports/\(name)", slug: String(name.dropLast(3)))
        }.sorted { ($0.page.order, $0.page.slug) < ($1.page.order, $1.page.slug) }
    }

    public func build() throws -> [ReportBuilder.Outcome] {
        let reports = try Self.load(directory)
        var outcomes: [ReportBuilder.Outcome] = [], kept: Set<String> = []
        let tables = Set(try engine.query("SELECT name FROM system.tables WHERE database = currentDatabase()").rows.map { $0[0].description })
        var familyTables: [String: Set<String>] = [:], loaded: Set<String> = []
        if let sql {
            let builder = ReportBuilder(engine: engine, sql: sql)
            familyTables = ReportBuilder.familyTables(try builder.familySQL())
            loaded = try builder.loadedFamilies(familyTables)
        }
        for report in reports {
            // A report reading a dataset or a source family this build has not loaded is left
            // out with the reason, as the SQL reports are; any other failure fails the build.
            let text = report.queries.map(\.sql).joined(separator: "\n")
            let words = Set(text.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
            let absent = words.filter { $0.hasPrefix("dataset_") && !tables.contains($0) }.sorted()
            let families = ReportBuilder.families(readBy: text, familyTables: familyTables).subtracting(loaded).sorted()
            if !absent.isEmpty || !families.isEmpty {
                let reasons = (absent.isEmpty ? [] : ["it reads \(absent.joined(separator: ", ")), which this build has not loaded"])
                    + (families.isEmpty ? [] : ["it reads the \(families.joined(separator: ", ")) " + (families.count == 1 ? "family, which holds no rows" : "families, which hold no rows")])
                outcomes.append(.init(name: report.page.slug, rows: nil, skipped: reasons.joined(separator: "; ")))
                continue
            }
            var rows = 0
            for query in report.queries {
                let table = MarkdownReport.table(report: report.page.slug, query: query.name)
                rows += try run(query, into: table, file: report.file)
                kept.insert(table)
            }
            outcomes.append(.init(name: report.page.slug, rows: rows, skipped: nil))
        }
        // Results of blocks (or reports) that are gone.
        for row in try engine.query("SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE 'report\\\\_%\\\\_\\\\_%'").rows {
            let name = row[0].description
            if !kept.contains(name) { try engine.execute("DROP TABLE IF EXISTS \(SQLText.identifier(name))") }
        }
        return outcomes
    }

    /// Runs one block read-only and replaces `table` with its rows (ranked in the block's order).
    func run(_ query: MarkdownReport.Query, into table: String, file: String) throws -> Int {
        let at = "\(file):\(query.line): sql block \(query.name)"
        let statements = SQLText.statements(query.sql)
        guard statements.count == 1 else { throw ReportError(message: "\(at): a block is one SELECT; found \(statements.count) statements") }
        if let refusal = try ReadOnlySQL.refusal(statements[0], engine: engine) { throw ReportError(message: "\(at): \(refusal)") }
        var columns: [ColumnInfo] = []
        var tsv = ""
        var rank = 0
        do {
            try engine.stream("SELECT * FROM (\n\(statements[0])\n) SETTINGS readonly = 1, max_result_rows = \(maxRows), result_overflow_mode = 'throw'",
                              cancellation: nil, onSchema: { columns = $0 }, onBatch: { batch in
                for row in 0..<batch.rowCount {
                    rank += 1
                    tsv += String(rank)
                    for column in batch.columns {
                        let value = column.value(row)
                        tsv += "\t" + (value == .null ? "\\N" : ResultWriter.tsvEscape(value.description))
                    }
                    tsv += "\n"
                }
            })
        } catch let error as WarehouseError {
            if error.code == 164 {
                throw ReportError(message: "\(at): a report's SQL reads only the warehouse's tables; ClickHouse refused it in read-only mode (a table function reading files or URLs, a write or a setting change): \(error.message)")
            }
            throw ReportError(message: "\(at): \(error.message)")
        }
        guard !columns.isEmpty else { throw ReportError(message: "\(at): the block returns no columns") }
        var definitions: [String] = ["rank UInt32"]
        for column in columns {
            guard column.name != "rank" else { throw ReportError(message: "\(at): a column named rank is the report's own order; name it otherwise") }
            guard !column.type.contains("Variant"), !column.type.contains("Dynamic") else {
                throw ReportError(message: "\(at): column \(column.name) has the mixed type \(column.type); give it one type (toString, a CAST)")
            }
            // A column of nothing but NULLs has no type a table can hold: text.
            let type = column.type.replacingOccurrences(of: "Nothing", with: "String")
            definitions.append("\(SQLText.identifier(column.name)) \(type)")
        }
        try engine.execute("CREATE OR REPLACE TABLE \(table) (\(definitions.joined(separator: ", "))) ENGINE = MergeTree ORDER BY rank")
        if rank > 0 { try engine.insert("INSERT INTO \(table) FORMAT TabSeparated", data: Data(tsv.utf8)) }
        log.debug("report block", metadata: ["block": "\(query.name)", "rows": "\(rank)"])
        return rank
    }
}
