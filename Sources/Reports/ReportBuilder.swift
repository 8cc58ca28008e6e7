import Core
import Foundation
import Ingest
import Logging
import Warehouse

/// One accountability report: `sql/reports/<name>.sql` (a SELECT with its own ORDER BY, and a
/// `-- chart: label=COLUMN value=COLUMN unit=count|dollars` line naming what the page charts)
/// beside `content/reports/<name>.md` (what it shows, the exact method, caveats).
public struct ReportDefinition: Sendable, Equatable {
    public let name: String          // late-disclosures-by-member
    public let file: String          // reports/late-disclosures-by-member.sql
    public let select: String
    public let chart: Chart?

    public struct Chart: Sendable, Equatable {
        public let label: String
        public let value: String
        public let dollars: Bool
    }

    /// The warehouse table holding the report's rows (name with `-` as `_`), ordered by `rank`.
    public var table: String { "report_" + name.replacingOccurrences(of: "-", with: "_") }

    /// Every report in `sql/reports/`, by name.
    public static func all(_ sql: SQLLibrary) throws -> [ReportDefinition] {
        let dir = sql.root.appendingPathComponent("reports")
        let names = try sqlFiles(in: dir)
        return try names.map { name in
            let file = "reports/\(name)"
            let text = try sql.read(file)
            var chart: Chart?
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("-- chart:") }) {
                var fields: [String: String] = [:]
                for pair in line.dropFirst("-- chart:".count).split(separator: " ") {
                    let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if kv.count == 2 { fields[kv[0]] = kv[1] }
                }
                guard let label = fields["label"], let value = fields["value"], ["count", "dollars"].contains(fields["unit"] ?? "") else {
                    throw ReportError(message: "\(file): the chart line must read '-- chart: label=COLUMN value=COLUMN unit=count|dollars'")
                }
                chart = Chart(label: label, value: value, dollars: fields["unit"] == "dollars")
            }
            let select = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
                .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ";")))
            return ReportDefinition(name: String(name.dropLast(4)), file: file, select: select, chart: chart)
        }
    }
}

/// The `.sql` files of a folder of the project's SQL, by name. A folder that cannot be read is an
/// error naming it: a wrong `sql/` root must not read as "no reports".
func sqlFiles(in dir: URL) throws -> [String] {
    do {
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".sql") }.sorted()
    } catch {
        throw ReportError(message: "\(dir.path): cannot list the SQL files (\((error as NSError).localizedDescription))")
    }
}

/// Computes every report into its `report_<name>` table (replaced whole), after ingest and
/// before the site is rendered. A report that reads a source family none of whose tables holds
/// a row is skipped and says which family; any other failure (an unknown table in a loaded family
/// included) fails the build with the report's file.
public struct ReportBuilder {
    public let engine: any WarehouseEngine
    public let sql: SQLLibrary
    let log = Logger(label: "spotlight.reports")

    /// Reviewed corporate aliases; by default the project's `content/corporate_aliases.toml`.
    public let aliases: URL?

    /// Values for `{name}` placeholders in report SQL (`[reports]` in spotlight.toml).
    public let parameters: [String: String]

    public init(engine: any WarehouseEngine, sql: SQLLibrary, aliases: URL? = nil, parameters: [String: String] = ReportsConfig().parameters) {
        self.engine = engine
        self.sql = sql
        self.parameters = parameters
        self.aliases = aliases ?? sql.root.deletingLastPathComponent().appendingPathComponent("content/corporate_aliases.toml")
    }

    public struct Outcome: Sendable, Equatable, CustomStringConvertible {
        public let name: String
        public let rows: Int?
        public let skipped: String?
        public var description: String {
            rows.map { "report \(name): \($0) rows" } ?? "report \(name): skipped (\(skipped ?? ""))"
        }
    }

    public func build() throws -> [Outcome] {
        for statement in SQLText.statements(try sql.read("functions.sql")) { try engine.execute(statement) }
        let familySQL = try self.familySQL()
        try ensureSourceTables(familySQL)
        try loadCorporateAliases()
        if let content = aliases?.deletingLastPathComponent() { try ReviewedMappings.load(engine: engine, content: content) }
        try buildModel()
        let familyTables = Self.familyTables(familySQL)
        let loaded = try loadedFamilies(familyTables)
        return try ReportDefinition.all(sql).map { report in
            let missing = Self.families(readBy: report.select, familyTables: familyTables).subtracting(loaded).sorted()
            guard missing.isEmpty else {
                try engine.execute("DROP TABLE IF EXISTS \(report.table)")
                return Outcome(name: report.name, rows: nil, skipped: "it reads the \(missing.joined(separator: ", ")) "
                               + (missing.count == 1 ? "family, which holds no rows" : "families, which hold no rows"))
            }
            // rank keeps the report's own order; one thread so row numbers follow it.
            var select = report.select
            for (name, value) in parameters { select = select.replacingOccurrences(of: "{\(name)}", with: value) }
            let statement = """
                CREATE OR REPLACE TABLE \(report.table) ENGINE = MergeTree ORDER BY rank AS
                SELECT toUInt32(rowNumberInAllBlocks() + 1) AS rank, * FROM (\(select)) SETTINGS max_threads = 1
                """
            do {
                try engine.execute(statement)
            } catch let error as WarehouseError {
                throw ReportError(message: "sql/\(report.file): \(error)")
            }
            // A column that mixes types (ifNull of a number and '') becomes a Variant, which
            // downloads and pages cannot type: the report must give it one type.
            for column in try engine.query("DESCRIBE TABLE \(report.table)").rows where column[1].description.contains("Variant") {
                throw ReportError(message: "sql/\(report.file): column \(column[0]) has the mixed type \(column[1]); give it one type (toString, a CAST)")
            }
            let rows = Int(try engine.scalar("SELECT count() FROM \(report.table)").description) ?? 0
            log.debug("report built", metadata: ["report": "\(report.name)", "rows": "\(rows)"])
            return Outcome(name: report.name, rows: rows, skipped: nil)
        }
    }
}

extension ReportBuilder {
    /// The sql/ folders of every source family, whose tables the model reads.
    static var families: [String] { SourceFamily.all.map(\.name) }

    /// Every family's SQL files (`sql/<family>/*.sql`), read once for both the source tables
    /// and the families' table lists; and the model files that say `-- family: NAME`, whose
    /// tables are that family's rows as they stand (amendments applied): a report reading
    /// them reads that family.
    func familySQL() throws -> [(family: String, file: SQLOrder.File)] {
        let sources = try Self.families.flatMap { family in
            try sqlFiles(in: sql.root.appendingPathComponent(family)).map { name in
                (family, SQLOrder.File(name: "\(family)/\(name)", text: try sql.read("\(family)/\(name)")))
            }
        }
        let derived = try sqlFiles(in: sql.root.appendingPathComponent("model")).compactMap { name -> (String, SQLOrder.File)? in
            let text = try sql.read("model/\(name)")
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("-- family:") }) else { return nil }
            let family = line.dropFirst("-- family:".count).trimmingCharacters(in: .whitespaces)
            guard Self.families.contains(family) else {
                throw ReportError(message: "sql/model/\(name): -- family: \(family) is not a source family (\(Self.families.joined(separator: ", ")))")
            }
            return (family, SQLOrder.File(name: "model/\(name)", text: text))
        }
        return sources + derived
    }

    /// The tables and views each family's SQL creates, by family.
    static func familyTables(_ familySQL: [(family: String, file: SQLOrder.File)]) -> [String: Set<String>] {
        familySQL.reduce(into: [:]) { tables, entry in tables[entry.family, default: []].formUnion(entry.file.creates) }
    }

    /// The names of the families whose tables hold rows (the site's footer and About page).
    public func loadedFamilies() throws -> Set<String> {
        try loadedFamilies(Self.familyTables(familySQL()))
    }

    /// Families with at least one table holding rows: whatever loaded them (a lake snapshot, a
    /// folder, a test), a family none of whose tables has a row has nothing to report on.
    func loadedFamilies(_ familyTables: [String: Set<String>]) throws -> Set<String> {
        let filled = Set(try engine.query("SELECT DISTINCT toString(table) FROM system.parts WHERE active AND rows > 0 AND database = currentDatabase()")
            .rows.map { $0[0].description })
        return Set(familyTables.filter { !$0.value.isDisjoint(with: filled) }.keys)
    }

    /// The families whose tables or views a query names (as whole words).
    static func families(readBy select: String, familyTables: [String: Set<String>]) -> Set<String> {
        let words = Set(select.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        return Set(familyTables.filter { !$0.value.isDisjoint(with: words) }.keys)
    }

    /// Every source table exists (empty when its family was never ingested), so the model and
    /// reports run on a site built from some families only: their DDL is run as ingest would
    /// run it, then the views over them.
    func ensureSourceTables(_ familySQL: [(family: String, file: SQLOrder.File)]) throws {
        // Tables before views; a table created AS another after it (its -- depends: line).
        var views: [(String, String)] = []
        // Each file's DDL: what comes before its `-- load` part.
        let ddl = familySQL.map { entry in
            SQLOrder.File(name: entry.file.name, text: SQLLibrary.ownDDL(entry.file.text) ?? entry.file.text)
        }
        for file in try SQLOrder.sorted(ddl) {
            for statement in SQLText.statements(file.text) {
                let body = statement.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
                if body.hasPrefix("CREATE OR REPLACE VIEW") { views.append((file.name, body)) }
                guard body.hasPrefix("CREATE TABLE IF NOT EXISTS") else { continue }
                do { try engine.execute(body) } catch { throw ReportError(message: "sql/\(file.name): cannot create the table: \(error)") }
            }
        }
        for (file, view) in views {
            do { try engine.execute(view) } catch { throw ReportError(message: "sql/\(file): cannot create the view: \(error)") }
        }
    }

    /// `content/corporate_aliases.toml` → corporate_aliases (name, cik, reason): reviewed
    /// mappings for names the key cannot join. Every entry needs all three; a bad one is an error.
    func loadCorporateAliases() throws {
        try engine.execute("CREATE OR REPLACE TABLE corporate_aliases (name String, cik String, reason String) ENGINE = MergeTree ORDER BY name")
        guard let file = aliases else { return }
        let text = try ReviewedMappings.reviewedFile(file)
        let entries = try CorporateAliases.parse(text, file: file.lastPathComponent)
        guard !entries.isEmpty else { return }
        let values = entries.map { "(\(SQLText.literal($0.name)), \(SQLText.literal($0.cik)), \(SQLText.literal($0.reason)))" }.joined(separator: ", ")
        try engine.execute("INSERT INTO corporate_aliases VALUES \(values)")
    }

    /// `sql/model/*.sql` in the order their `-- depends:` lines give, statement by statement.
    func buildModel() throws {
        let dir = sql.root.appendingPathComponent("model")
        let files = try sqlFiles(in: dir).map { SQLOrder.File(name: $0, text: try sql.read("model/\($0)")) }
        for file in try SQLOrder.sorted(files) {
            for statement in SQLText.statements(file.text) {
                do { try engine.execute(statement) } catch let error as WarehouseError {
                    throw ReportError(message: "sql/model/\(file.name): \(error)")
                }
            }
        }
    }
}

public struct ReportError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
