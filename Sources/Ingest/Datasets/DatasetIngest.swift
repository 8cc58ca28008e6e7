import Core
import Foundation
import Logging
import Warehouse

/// Loads a contributed dataset's snapshot (`content/datasets/<name>/dataset.toml`) into
/// `dataset_<name>`: ClickHouse parses the files itself (CSV, TSV, JSON lines or arrays,
/// Parquet) with every field read as text, the declared types are applied in SQL generated from
/// the definition, and a record whose value is not of its type, lacks a required value or has
/// the wrong number of fields is quarantined with the reason — through `TableLoader`, so the
/// books (read = loaded + quarantined, counted apart from ClickHouse) and the swap of the old
/// rows for the new are the official sources' own. File N of the dataset is partition N.
public struct DatasetIngest {
    public let engine: any WarehouseEngine
    public let sql: SQLLibrary
    public let home: SpotlightHome
    public let definition: DatasetDefinition
    public let maxQuarantineRate: Double
    let logger = Logger(label: "spotlight.ingest")

    public init(engine: any WarehouseEngine, sql: SQLLibrary, home: SpotlightHome, definition: DatasetDefinition, maxQuarantineRate: Double = 0.01) {
        self.engine = engine
        self.sql = sql
        self.home = home
        self.definition = definition
        self.maxQuarantineRate = maxQuarantineRate
    }

    /// Loads the definition's files from `directory`; ClickHouse parses each where `objects`
    /// (the S3 lake's copies) has it, or else on this machine.
    public func run(directory: URL, objects: [String: WarehouseFile] = [:]) throws -> [LoadOutcome] {
        var definition = self.definition
        let source = definition.source
        let files = try definition.fileNames.map { name -> URL in
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw IngestError.input("\(source): \(name) is not in \(directory.path)")
            }
            return url
        }
        try sql.prepare(engine)
        var first: WarehouseFile? = nil
        // A file's bytes sent to the warehouse stay there until its load is done, or fails.
        func dropSent(_ read: WarehouseFile?) { if case .sent(let table)? = read?.location { try? engine.execute("DROP TABLE IF EXISTS \(table) SYNC") } }
        defer { dropSent(first) }  // sent to infer the columns, and something failed before its load
        if definition.columns.isEmpty {
            let read = try readable(files[0], objects)
            first = read
            definition.columns = try inferColumns(files[0], read: read)
            let inferred = Set(definition.columns.map(\.name))
            for column in definition.primaryKey + definition.sort + definition.links.map(\.column) where !inferred.contains(column) {
                throw IngestError.input("content/datasets/\(definition.name)/dataset.toml: \(column) is named as a key or link but \(files[0].lastPathComponent) has no such column (it has \(definition.columns.map(\.name).joined(separator: ", ")))")
            }
            for (i, column) in definition.columns.enumerated() where definition.primaryKey.contains(column.name) { definition.columns[i].required = true }
            try DatasetDefinition.schemaText(definition.columns).write(to: definition.schemaFile, atomically: true, encoding: .utf8)
            logger.notice("\(definition.source): no columns declared; froze the \(definition.columns.count) columns of \(files[0].lastPathComponent) in content/datasets/\(definition.name)/schema.toml (commit it)")
        }
        let loader = TableLoader(engine: engine, source: definition.source, maxQuarantineRate: maxQuarantineRate)
        let tableSQL = TableSQL(file: "content/datasets/\(definition.name)/dataset.toml", ddl: [Self.ddl(definition)], load: "")
        try sql.create(tableSQL, on: engine)
        var outcomes: [LoadOutcome] = []
        for (index, file) in files.enumerated() {
            let read = try (index == 0 ? first : nil) ?? readable(file, objects)
            defer { dropSent(read) }
            let (records, load) = try Self.records(definition, file: file, read: read, engine: engine)
            let fileSQL = TableSQL(file: tableSQL.file, ddl: tableSQL.ddl, load: load)
            let outcome = try loader.load(table: definition.loadTable, sql: fileSQL, period: index + 1, records: records, file: file.lastPathComponent)
            logger.debug("\(outcome.summary)")
            outcomes.append(outcome)
        }
        // A file dropped from the definition takes its rows and quarantined records with it.
        let stale = try engine.query("""
            SELECT DISTINCT partition FROM system.parts WHERE active AND database = currentDatabase()
            AND table = \(SQLText.literal(definition.loadTable)) AND toUInt32OrZero(partition) > \(files.count)
            """).rows.map { $0[0].description }
        for partition in stale {
            try engine.execute("ALTER TABLE \(definition.loadTable) DROP PARTITION \(partition)")
            try engine.execute("ALTER TABLE quarantine DROP PARTITION (\(SQLText.literal(definition.source)), \(SQLText.literal(definition.loadTable)), \(partition))")
        }
        if let transform = definition.transform { try applyTransform(transform, definition) }
        return outcomes
    }

    /// The published table made from the loaded rows by the definition's SELECT, checked first
    /// under `readonly = 1` (ClickHouse refuses a table function that reads files or URLs, or a
    /// setting change, there), then written by Spotlight's own statement.
    func applyTransform(_ transform: String, _ definition: DatasetDefinition) throws {
        let file = FileManager.default.fileExists(atPath: definition.folder.appendingPathComponent("transform.sql").path)
            ? "content/datasets/\(definition.name)/transform.sql" : "content/datasets/\(definition.name)/dataset.toml (transform)"
        let statements = SQLText.statements(transform)
        guard statements.count == 1 else { throw IngestError.input("\(file): the transform must be one SELECT statement, found \(statements.count)") }
        let select = statements[0].replacingOccurrences(of: "{rows}", with: definition.loadTable)
        if let refusal = try ReadOnlySQL.refusal(select, engine: engine) {
            throw IngestError.input("\(file): the transform must be a SELECT that reads only the warehouse's tables: \(refusal)")
        }
        do {
            try engine.execute("EXPLAIN \(select) SETTINGS readonly = 1")
        } catch let error as WarehouseError {
            throw IngestError.input("\(file): the transform must be a SELECT that reads only the warehouse's tables: \(error.message)")
        }
        let order = definition.sort.isEmpty ? "tuple()" : "(\(definition.sort.map(SQLText.identifier).joined(separator: ", ")))"
        do {
            try engine.execute("""
                CREATE OR REPLACE TABLE \(definition.table) ENGINE = MergeTree ORDER BY \(order) SETTINGS allow_nullable_key = 1
                AS SELECT * FROM (\(select))
                """)
        } catch let error as WarehouseError {
            throw IngestError.sql(file: file, error: error)
        }
    }

    /// The loaded table: the declared columns with their types (nullable unless required),
    /// then the file and record each row came from; partitioned by file number.
    static func ddl(_ d: DatasetDefinition) -> String {
        let columns = d.columns.map { c in "    \(c.name) \(c.required ? type(c) : "Nullable(\(type(c)))")" }
        let order = (d.links.map(\.column) + d.sort + d.primaryKey).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return """
            CREATE TABLE IF NOT EXISTS \(d.loadTable)
            (
                period UInt16,
            \(columns.joined(separator: ",\n")),
                source_file LowCardinality(String),
                source_line UInt64
            )
            ENGINE = MergeTree
            PARTITION BY period
            ORDER BY (\((order + ["source_line"]).map(SQLText.identifier).joined(separator: ", ")))
            SETTINGS allow_nullable_key = 1
            """
    }

    static func type(_ c: DatasetDefinition.Column) -> String {
        switch c.type {
        case .string: "String"
        case .integer: "Int64"
        case .number: "Float64"
        case .decimal: "Decimal(38, \(c.scale))"
        case .date: "Date32"
        case .datetime: "DateTime64(0, 'UTC')"
        case .boolean: "Bool"
        }
    }

    /// The typed value of field `s` and the check that quarantines a record whose text is not one.
    static func typed(_ c: DatasetDefinition.Column, _ s: String) -> (value: String, check: String) {
        let name = SQLText.literal(c.name)
        func checked(_ value: String, _ what: String) -> (String, String) {
            (value, "check_dataset_value(\(name), \(s), \(value), \(SQLText.literal(what)))")
        }
        switch c.type {
        case .string: return (c.required ? s : "spotlight_text(\(s))", "''")
        case .integer: return checked("dataset_integer(\(s))", "a whole number")
        case .number: return checked("dataset_number(\(s))", "a number")
        case .decimal: return checked("dataset_decimal(\(s), \(c.scale))", "a decimal number with at most \(c.scale) places")
        case .boolean: return checked("dataset_boolean(\(s))", "true or false")
        case .datetime:
            return checked("dataset_datetime(\(s), \(SQLText.literal(c.format)))", c.format.isEmpty ? "a date and time" : "a date and time (\(c.format))")
        case .date:
            let format = SQLText.literal(c.format.isEmpty ? "%Y-%m-%d" : c.format)
            return ("filed_date(\(s), \(format))", "check_filed_date(\(name), \(s), \(format))")
        }
    }

    /// Where ClickHouse parses a file: this machine's copy (checked against the snapshot's
    /// manifest, and counted here) when the warehouse can read it; else the S3 lake's copy of the
    /// same bytes; else (a server, a lake directory here) the local copy's bytes sent into
    /// `sentTable` first, in chunks, and parsed from there with `format()`. The chunks are joined
    /// into one value to be parsed, so the warehouse needs twenty to thirty times the file's size in
    /// memory while it reads it (a 100 MB CSV: 2.9 GB at the peak against 0.7 GB read as a file;
    /// BENCHMARKS.md): fine for a table of thousands of records; a large file belongs in the S3
    /// lake, where ClickHouse streams it.
    func readable(_ file: URL, _ objects: [String: WarehouseFile]) throws -> WarehouseFile {
        if engine.readsLocalFiles { return .local(file) }
        if let object = objects[file.lastPathComponent] { return object }
        try engine.execute("DROP TABLE IF EXISTS \(sentTable) SYNC")
        try engine.execute("CREATE TABLE \(sentTable) (n UInt32, bytes String) ENGINE = MergeTree ORDER BY n \(TableLoader.manyParts)")
        let bytes = try StagedLines(engine: engine).sendBytes(of: file, into: sentTable)
        if bytes > 64 << 20 {
            logger.warning("\(definition.source): \(file.lastPathComponent) (\(bytes >> 20) MB) was sent to the warehouse whole to be parsed there, which needs twenty to thirty times its size in the warehouse's memory; an S3 lake ([lake] url) lets ClickHouse stream it instead")
        }
        return WarehouseFile(.sent(table: sentTable))
    }

    /// The table a file's bytes are sent into for a warehouse that cannot read it; one file at a time.
    var sentTable: String { "\(definition.loadTable)__file" }

    /// How ClickHouse reads one file (counted here from `file`, parsed by ClickHouse from
    /// `read`: the same bytes), and the load SELECT over it.
    static func records(_ d: DatasetDefinition, file: URL, read: WarehouseFile, engine: any WarehouseEngine) throws -> (TableLoader.RecordSource, String) {
        // Field k of the file for each declared column, by the header's names when there is one.
        var positions: [Int] = []
        var fieldCount = d.columns.count
        var select = "", settings = ""
        func text(_ expression: String) -> String {
            d.encoding.isEmpty ? "toValidUTF8(\(expression))" : "convertCharset(\(expression), \(SQLText.literal(d.encoding)), 'UTF-8')"
        }
        switch d.format {
        case .csv, .tsv:
            if d.header {
                let names = try header(file, d)
                fieldCount = names.count
                positions = try d.columns.map { c in
                    guard let i = names.firstIndex(of: c.header) else {
                        throw IngestError.input("\(file.lastPathComponent): the header has no column \(c.header) (it has \(names.joined(separator: ", "))); "
                            + "the dataset's columns are declared in content/datasets/\(d.name)/")
                    }
                    return i + 1
                }
            } else {
                positions = Array(1...d.columns.count)
            }
            let raw = (1...fieldCount).map { "c\($0) Nullable(String)" } + ["c_extra Nullable(String)"]
            let fields = (1...fieldCount).map { "c\($0)" }
            let format = d.format == .csv ? "CSV" : "TSV"
            select = """
                SELECT toUInt64(_row_number + 1) AS line,
                       [\(fields.map { text("ifNull(\($0), '')") }.joined(separator: ", "))] AS f,
                       if(c_extra IS NOT NULL, \(fieldCount + 1), arrayLastIndex(x -> x IS NOT NULL, [\(fields.joined(separator: ", "))])) AS fields,
                       arrayStringConcat(arrayMap(x -> if(match(x, \(SQLText.literal(d.format == .csv ? "[\"\n\r\(d.delimiter)]" : "[\t\n]"))), concat('"', replaceAll(x, '"', '""'), '"'), x),
                           arrayConcat(arraySlice(f, 1, fields), if(c_extra IS NULL, [], [ifNull(c_extra, '')]))), \(SQLText.literal(String(d.delimiter)))) AS raw
                FROM \(read.numberedRows(format: format, structure: raw.joined(separator: ", ")))\(d.header ? " WHERE _row_number > 0" : "")
                """
            settings = d.format == .csv
                // A literal \N is text, not NULL: NULL here means a field the record lacks.
                ? "input_format_csv_allow_variable_number_of_columns = 1, input_format_csv_empty_as_default = 0, format_csv_delimiter = \(SQLText.literal(String(d.delimiter))), format_csv_null_representation = '\\\\N\\\\N'"
                : "input_format_tsv_allow_variable_number_of_columns = 1, input_format_tsv_empty_as_default = 0, format_tsv_null_representation = '\\\\N\\\\N'"
            let counted = d.format == .csv ? try LineCounter.countCSVRecords(file, delimiter: UInt8(String(d.delimiter).utf8.first ?? 0x2C)) : try LineCounter.count(file)
            let load = loadSelect(d, positions: positions, fieldCount: fieldCount)
            return (.parsed(select: select, count: max(0, counted - (d.header ? 1 : 0)), settings: settings), load)
        case .jsonl, .json, .parquet:
            positions = Array(1...d.columns.count)
            // Header names come from the definition or, inferred, from the file: quoted, never spliced.
            let names = d.columns.map { SQLText.identifier($0.header) }
            if d.format == .parquet {
                // Row groups are decoded in parallel and, by default, handed on as each is done:
                // `format()`'s rows are numbered as they come (WarehouseFile.numberedRows), so they
                // must come in file order.
                settings = "input_format_parquet_preserve_order = 1"
                select = """
                    SELECT toUInt64(_row_number + 1) AS line,
                           [\(names.map { "ifNull(toString(\($0)), '')" }.joined(separator: ", "))] AS f, \(d.columns.count) AS fields,
                           formatRowNoNewline('JSONEachRow', \(names.joined(separator: ", "))) AS raw
                    FROM \(read.numberedRows(format: "Parquet"))
                    """
            } else {
                let structure = d.columns.map { SQLText.identifier($0.header) + " Nullable(String)" }.joined(separator: ", ")
                select = """
                    SELECT toUInt64(_row_number + 1) AS line,
                           [\(names.map { text("ifNull(\($0), '')") }.joined(separator: ", "))] AS f, \(d.columns.count) AS fields,
                           formatRowNoNewline('JSONEachRow', \(names.joined(separator: ", "))) AS raw
                    FROM \(read.numberedRows(format: "JSONEachRow", structure: structure))
                    """
                settings = "input_format_json_read_numbers_as_strings = 1, input_format_json_read_objects_as_strings = 1, "
                    + "input_format_json_read_arrays_as_strings = 1, input_format_json_read_bools_as_strings = 1, input_format_skip_unknown_fields = 1"
            }
            let count: Int
            switch d.format {
            case .jsonl: count = try LineCounter.countNonBlankLines(file)
            case .json: count = try jsonRecords(file)
            default:
                // A Parquet file states its row count in its footer, which ClickHouse reads (its
                // metadata only, not the rows).
                count = Int(try engine.scalar("SELECT num_rows FROM \(read.tableFunction(format: "ParquetMetadata"))").description) ?? 0
            }
            return (.parsed(select: select, count: count, settings: settings), loadSelect(d, positions: positions, fieldCount: fieldCount))
        }
    }

    /// The load SELECT over `{lines}` rows `(line, raw, f, fields)`.
    static func loadSelect(_ d: DatasetDefinition, positions: [Int], fieldCount: Int) -> String {
        var values: [String] = [], checks: [String] = []
        checks.append("multiIf(fields > \(fieldCount), 'more than \(fieldCount) fields', fields < \(fieldCount), concat('expected \(fieldCount) fields, found ', toString(fields)), '')")
        for (c, k) in zip(d.columns, positions) {
            let s = "f[\(k)]"
            let (value, check) = typed(c, s)
            values.append("\(value) AS \(c.name)")
            if c.required { checks.append("check_required(\(SQLText.literal(c.name)), \(s))") }
            if check != "''" { checks.append(check) }
        }
        return """
            SELECT
                {cycle} AS period,
                \(values.joined(separator: ",\n    ")),
                {file} AS source_file,
                line AS source_line,
                raw AS _raw,
                first_problem([\(checks.joined(separator: ", "))]) AS _problem
            FROM {lines}
            """
    }

    /// The header's field names (CSV quoting honoured; TSV as written).
    static func header(_ file: URL, _ d: DatasetDefinition) throws -> [String] {
        guard let handle = FileHandle(forReadingAtPath: file.path) else { throw IngestError.input("cannot read \(file.path)") }
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 1 << 20) ?? Data()
        guard let end = head.firstIndex(of: 0x0A) ?? (head.isEmpty ? nil : head.endIndex) else {
            throw IngestError.input("\(file.lastPathComponent): the file is empty; a header line was expected")
        }
        var line = Data(head[head.startIndex..<end])
        if line.last == 0x0D { line.removeLast() }
        if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }  // a byte-order mark
        let text = d.encoding.isEmpty ? String(decoding: line, as: UTF8.self) : (String(data: line, encoding: .isoLatin1) ?? "")
        if d.format == .tsv { return text.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
        var names: [String] = []
        try CSVRecords.parse(Data(text.utf8), delimiter: UInt8(String(d.delimiter).utf8.first ?? 0x2C)) { _, _, fields in
            if names.isEmpty { names = fields }
        }
        return names.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func jsonRecords(_ file: URL) throws -> Int {
        let data = try Data(contentsOf: file)
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw IngestError.input("\(file.lastPathComponent): not JSON (\(error.localizedDescription)); a JSON dataset is an array of objects")
        }
        if let list = object as? [Any] { return list.count }
        return object is [String: Any] ? 1 : 0
    }

    /// Columns and types as ClickHouse infers them from the first file, for a dataset that
    /// declares none: frozen in `schema.toml` so later files are read the same way.
    func inferColumns(_ file: URL, read: WarehouseFile) throws -> [DatasetDefinition.Column] {
        let format: String
        switch definition.format {
        case .csv: format = definition.header ? "CSVWithNames" : "CSV"
        case .tsv: format = definition.header ? "TSVWithNames" : "TSV"
        case .jsonl, .json: format = "JSONEachRow"
        case .parquet: format = "Parquet"
        }
        let rows = try engine.query("DESCRIBE \(read.tableFunction(format: format)) SETTINGS format_csv_delimiter = \(SQLText.literal(String(definition.delimiter)))").rows
        return rows.enumerated().map { i, row in
            let header = row[0].description
            let type = row[1].description.replacingOccurrences(of: "Nullable(", with: "")
            let kind: DatasetDefinition.ColumnType = type.hasPrefix("Int") || type.hasPrefix("UInt") ? .integer
                : type.hasPrefix("Float") ? .number : type.hasPrefix("Decimal") ? .decimal
                : type.hasPrefix("DateTime") ? .datetime : type.hasPrefix("Date") ? .date : type.hasPrefix("Bool") ? .boolean : .string
            var name = header.lowercased().replacing(/[^a-z0-9_]+/, with: "_").trimmingCharacters(in: CharacterSet(charactersIn: "_"))
            if name.isEmpty || !(name.first?.isLetter ?? false) || ["period", "source_file", "source_line", "rank"].contains(name) {
                name = "column_\(i + 1)" + (name.isEmpty ? "" : "_" + name)
            }
            return DatasetDefinition.Column(name: String(name.prefix(60)), type: kind, required: false, format: "", scale: 2, description: "", header: header)
        }.reduce(into: [DatasetDefinition.Column]()) { columns, column in
            // Two headers that read the same once lower-cased ("Amount ($)", "amount"): numbered.
            var column = column, n = 2
            let base = column.name
            while columns.contains(where: { $0.name == column.name }) { column.name = "\(base)_\(n)"; n += 1 }
            columns.append(column)
        }
    }
}
