import Core
import Foundation
import Logging
import ObjectStore
import Warehouse

/// Writes every dataset as Parquet (ZSTD) and CSV.gz through ClickHouse itself — into a local
/// lake's `exports/` with `writeResult` (the embedded engine's `file()`, or a server's answer
/// written here), `s3(…)` into an S3 lake's —
/// and describes what it wrote in `exports.json`: types, counts, examples, sample rows, keys
/// that were checked to hold, provenance. Empty datasets (a family not loaded) are not published.
public struct Exporter {
    public enum Destination: Sendable {
        /// A directory (a local lake's `exports/`): the embedded engine writes the files there, a
        /// server sends them.
        case directory(URL)
        /// `s3://bucket/prefix/exports/`: ClickHouse writes to the bucket; the files are then
        /// downloaded into `cache` (hashed, and copied into the site from there).
        case s3(client: S3Client, bucket: String, prefix: String, access: S3Access, cache: URL)
    }

    public let engine: any WarehouseEngine
    public let catalog: DatasetCatalog
    public let destination: Destination
    /// Rows per Parquet row group: small enough that a reader filtering on the sort column
    /// (one committee, one member) fetches a few MB, large enough to compress well.
    public var rowGroupSize = 100_000
    let log = Logger(label: "spotlight.export")

    public init(engine: any WarehouseEngine, catalog: DatasetCatalog, destination: Destination) {
        self.engine = engine
        self.catalog = catalog
        self.destination = destination
    }

    /// Where the files and `exports.json` are on this machine after a run.
    public var localDirectory: URL {
        switch destination {
        case .directory(let url): url
        case .s3(_, _, _, _, let cache): cache
        }
    }

    public struct Outcome: Sendable, CustomStringConvertible {
        public let name: String
        public let rows: Int64
        public let parquetBytes: Int64
        public let csvBytes: Int64
        /// Seconds ClickHouse took to write each format; `seconds` is the whole dataset
        /// (both files, hashes, examples, key checks).
        public var parquetSeconds = 0.0
        public var csvSeconds = 0.0
        public let seconds: Double
        public let skipped: String?
        /// The files of the last export were kept: the rows had not changed.
        public var reused = false
        public var description: String {
            if let skipped { return "dataset \(name): not published (\(skipped))" }
            return "dataset \(name): \(rows) rows, \(parquetBytes) bytes Parquet, \(csvBytes) bytes CSV.gz"
        }
    }

    @discardableResult
    public func run() throws -> (manifest: ExportManifest, outcomes: [Outcome]) {
        let local = localDirectory
        let partial = local.appendingPathComponent(".partial", isDirectory: true)
        try? FileManager.default.removeItem(at: partial)
        try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)
        var datasets: [ExportedDataset] = [], outcomes: [Outcome] = []
        let tables = Set(try engine.query("SELECT name FROM system.tables WHERE database = currentDatabase()").rows.map { $0[0].description })
        var tableDigests: [String: String] = [:]
        let previous = Dictionary(((try? ExportManifest.read(from: local))??.datasets ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for spec in catalog.datasets {
            let started = Date()
            guard tables.contains(spec.table) else {
                outcomes.append(Outcome(name: spec.name, rows: 0, parquetBytes: 0, csvBytes: 0, seconds: 0, skipped: "no table \(spec.table)"))
                continue
            }
            let columns = try engine.query("DESCRIBE TABLE \(spec.table)").rows.map { (name: $0[0].description, type: $0[1].description) }
                .filter { !spec.omit.contains($0.name) }
            let undocumented = columns.map(\.name).filter { spec.column($0) == nil }
            guard undocumented.isEmpty else {
                let file = spec.name.hasPrefix("report-") ? "content/datasets/reports.toml" : "content/datasets (the \(spec.family) file)"
                throw DatasetCatalogError(message: "\(file): dataset \(spec.name) (table \(spec.table)) has no meaning for column\(undocumented.count == 1 ? "" : "s") \(undocumented.joined(separator: ", "))")
            }
            for column in spec.sort + spec.primaryKey + (spec.entity.map { [$0.column] } ?? []) where !columns.contains(where: { $0.name == column }) {
                throw DatasetCatalogError(message: "content/datasets: dataset \(spec.name) names column \(column), which \(spec.table) does not have")
            }
            let rows = Int64(try engine.scalar("SELECT count() FROM \(spec.table)").description) ?? 0
            guard rows > 0 else {
                outcomes.append(Outcome(name: spec.name, rows: 0, parquetBytes: 0, csvBytes: 0, seconds: 0, skipped: "no rows"))
                continue
            }
            let order = Self.totalOrder(spec, columns: columns.map(\.name))
            var timings: [Double] = []
            // The files are a function of the rows (sorted totally), the columns and the writer
            // settings: when none changed since the last export, its files are kept as they are.
            let contentDigest = try self.contentDigest(spec.table, columns: columns, order: order, rows: rows)
            // Everything else the record says (examples, samples, coverage, keys checked against
            // other tables, provenance, the dictionary) is a function of the rows, the spec, the
            // snapshots and the rows of the tables its foreign keys name: when none changed, the
            // last export's record is kept whole and no check runs again.
            let snapshots = tables.contains("ingest_runs") ? try self.snapshots(spec) : []
            var record = [contentDigest, Self.specDigest(spec), "\(snapshots)"]
            for fk in spec.foreignKeys {
                guard let target = catalog.datasets.first(where: { $0.name == fk.resource }), tables.contains(target.table) else { continue }
                if tableDigests[target.table] == nil { tableDigests[target.table] = try rowsDigest(target.table) }
                record.append("\(fk.resource) \(tableDigests[target.table]!)")
            }
            let recordDigest = SHA256.hex(Array(record.joined(separator: "\n").utf8))
            if let old = previous[spec.name], old.recordDigest == recordDigest, old.contentDigest == contentDigest, filesPresent(old.files, in: local) {
                datasets.append(old)
                var outcome = Outcome(name: spec.name, rows: rows, parquetBytes: old.files[0].bytes, csvBytes: old.files[1].bytes,
                                      seconds: Date().timeIntervalSince(started), skipped: nil)
                outcome.reused = true
                outcomes.append(outcome)
                continue
            }
            let reused = previous[spec.name].flatMap { old -> [ExportedDataset.File]? in
                guard old.contentDigest == contentDigest, filesPresent(old.files, in: local) else { return nil }
                timings = [0, 0]
                return old.files
            }
            let files = try reused ?? [
                try write(spec, format: "parquet", select: "SELECT \(columns.map { SQLText.identifier($0.name) }.joined(separator: ", ")) FROM \(spec.table) ORDER BY \(order)", partial: partial,
                          settings: [("output_format_parquet_compression_method", "zstd"), ("output_format_parquet_row_group_size", "\(rowGroupSize)"),
                            // Bloom filters on every column were 23% of the 10 M-row file and 20% of
                            // the time; the sort column's min/max statistics and page index already
                            // let readers skip to one entity's rows.
                                     ("output_format_parquet_write_bloom_filter", "0")], timings: &timings),
                try write(spec, format: "csv", select: "SELECT \(columns.map { Self.csvExpression($0.name, type: $0.type) }.joined(separator: ", ")) FROM \(spec.table) ORDER BY \(order)",
                          partial: partial, settings: [("format_csv_null_representation", ""), ("output_format_csv_crlf_end_of_line", "1")], timings: &timings),
            ]
            var dataset = ExportedDataset(
                name: spec.name, table: spec.table, title: spec.title, description: spec.description, family: spec.family, caveats: spec.caveats,
                rows: rows, columns: [], files: files, primaryKey: [], foreignKeys: [], sort: spec.sort, entity: spec.entity, sources: spec.sources,
                coverage: [], snapshots: [], samples: [], notes: [], contentDigest: contentDigest, recordDigest: recordDigest)
            dataset.licence = spec.licence.isEmpty ? nil : spec.licence
            let examples = try self.examples(spec.table, columns: columns.map(\.name), order: order)
            dataset.columns = zip(columns, examples).map { column, example in
                let doc = spec.column(column.name)!
                return .init(name: column.name, warehouseType: column.type, type: Self.frictionlessType(column.type),
                             meaning: doc.meaning, official: doc.official, example: example)
            }
            dataset.samples = try engine.query("SELECT \(columns.map { "toString(\(SQLText.identifier($0.name)))" }.joined(separator: ", ")) FROM \(spec.table) ORDER BY \(order) LIMIT 5")
                .rows.map { $0.map { $0 == .null ? "" : $0.description } }
            dataset.coverage = try coverage(spec, columns: columns.map(\.name))
            dataset.snapshots = snapshots
            try checkKeys(spec, tables: tables, into: &dataset)
            datasets.append(dataset)
            var outcome = Outcome(name: spec.name, rows: rows, parquetBytes: files[0].bytes, csvBytes: files[1].bytes,
                                  seconds: Date().timeIntervalSince(started), skipped: nil)
            outcome.parquetSeconds = timings[0]
            outcome.csvSeconds = timings[1]
            outcome.reused = reused != nil
            log.debug("exported", metadata: ["dataset": "\(spec.name)", "rows": "\(rows)", "seconds": "\(outcome.seconds)"])
            outcomes.append(outcome)
        }
        // Foreign keys to datasets that were not published cannot be checked by a reader either.
        let published = Set(datasets.map(\.name))
        for i in datasets.indices {
            datasets[i].foreignKeys.removeAll { !published.contains($0.resource) }
        }
        let manifest = ExportManifest(datasets: datasets)
        if case .directory = destination {
            // Only now do the new files replace the old, the manifest last: an export that
            // fails part-way (a full disk, a query error) leaves the last export whole, every
            // file as its manifest says.
            try manifest.write(to: partial)
            let files = try FileManager.default.contentsOfDirectory(atPath: partial.path).filter { $0 != ExportManifest.fileName }
            for name in files + [ExportManifest.fileName] {
                guard rename(partial.appendingPathComponent(name).path, local.appendingPathComponent(name).path) == 0 else {
                    throw ExportError(message: "cannot move \(partial.appendingPathComponent(name).path) into \(local.path): \(String(cString: strerror(errno)))")
                }
            }
        } else {
            try manifest.write(to: local)
        }
        try removeStale(keeping: Set(datasets.flatMap { $0.files.map(\.name) }))
        if case .s3(let client, let bucket, let prefix, _, _) = destination {
            try client.putFile(bucket: bucket, key: "\(prefix)exports/\(ExportManifest.fileName)", path: local.appendingPathComponent(ExportManifest.fileName).path)
        }
        try? FileManager.default.removeItem(at: partial)
        return (manifest, outcomes)
    }

    /// The files' row order: the dataset's sort, then enough columns to make it total, so two
    /// exports of the same rows are the same bytes.
    static func totalOrder(_ spec: DatasetSpec, columns: [String]) -> String {
        var order = spec.sort
        for column in spec.primaryKey where !order.contains(column) { order.append(column) }
        if columns.contains("source_file"), columns.contains("source_line") {
            for column in ["period", "cycle", "source_file", "source_line"] where columns.contains(column) && !order.contains(column) { order.append(column) }
        } else if spec.primaryKey.isEmpty {
            for column in columns where !order.contains(column) { order.append(column) }
        }
        return order.map(SQLText.identifier).joined(separator: ", ")
    }

    static func unwrapped(_ type: String) -> String {
        var t = type
        for wrapper in ["Nullable(", "LowCardinality("] {
            while t.hasPrefix(wrapper), t.hasSuffix(")") { t = String(t.dropFirst(wrapper.count).dropLast()) }
        }
        if t.hasPrefix("Nullable("), t.hasSuffix(")") { t = String(t.dropFirst("Nullable(".count).dropLast()) }
        return t
    }

    /// The Frictionless Table Schema type of a ClickHouse type.
    public static func frictionlessType(_ type: String) -> String {
        let t = unwrapped(type)
        if t.hasPrefix("Array(") { return "array" }
        if t.hasPrefix("Int") || t.hasPrefix("UInt") { return "integer" }
        if t.hasPrefix("Float") || t.hasPrefix("Decimal") { return "number" }
        if t == "Bool" { return "boolean" }
        if t.hasPrefix("DateTime") { return "datetime" }
        if t.hasPrefix("Date") { return "date" }
        return "string"
    }

    /// CSV cells readers parse without guessing: arrays as JSON, date-times as ISO 8601 UTC.
    static func csvExpression(_ name: String, type: String) -> String {
        let q = SQLText.identifier(name)
        switch frictionlessType(type) {
        case "array": return "toJSONString(\(q)) AS \(q)"
        case "datetime": return "formatDateTime(\(q), '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS \(q)"
        default: return q
        }
    }

    func write(_ spec: DatasetSpec, format: String, select: String, partial: URL, settings: [(String, String)], timings: inout [Double]) throws -> ExportedDataset.File {
        let name = spec.name + (format == "parquet" ? ".parquet" : ".csv.gz")
        let clickHouseFormat = format == "parquet" ? "Parquet" : "CSVWithNames"
        // Where the files' order starts with the table's sorting key (the large FEC tables),
        // ClickHouse reads in order and only finishes the sort, so memory stays bounded however
        // large the table. (A full parallel sort, optimize_read_in_order = 0, was 8% faster on
        // 10 M contributions for 0.9 GB more memory.) Right after an ingest the table is still in
        // ~60 parts, and ClickHouse's buffering of each part's stream before the merge held
        // 2.7 GB there; without it the same read holds 1.6 GB in the same time.
        let settings = settings + [("read_in_order_use_buffering", "0")]
        let started = Date()
        do {
            switch destination {
            case .directory:
                // Written here, by the embedded engine itself or sent by a server.
                try engine.writeResult(of: select, format: clickHouseFormat, settings: settings, to: partial.appendingPathComponent(name))
            case .s3(let client, let bucket, let prefix, let access, _):
                let object = WarehouseFile(.s3(url: client.url(bucket: bucket, key: "\(prefix)exports/\(name)").url, access: access))
                try engine.execute("INSERT INTO FUNCTION \(object.tableFunction(format: clickHouseFormat)) \(select) "
                                   + "SETTINGS \(SQLText.settings(settings + [("s3_truncate_on_insert", "1")]))")
            }
            timings.append(Date().timeIntervalSince(started))
        } catch {
            // The statement may carry S3 credentials: say what failed without it.
            let message = Secrets.redacting("\(error)")
            throw ExportError(message: "exporting \(spec.name) (\(spec.table)) as \(format): \(message)")
        }
        var target = localDirectory.appendingPathComponent(name)
        switch destination {
        case .directory:
            // Moved into place with the others once every dataset is written (see `run`).
            target = partial.appendingPathComponent(name)
        case .s3(let client, let bucket, let prefix, _, _):
            try FileManager.default.createDirectory(at: localDirectory, withIntermediateDirectories: true)
            try client.download(bucket: bucket, key: "\(prefix)exports/\(name)", to: target.path)
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: target.path)[.size] as? NSNumber)?.int64Value ?? 0
        return .init(format: format, name: name, mediatype: format == "parquet" ? "application/vnd.apache.parquet" : "text/csv",
                     bytes: bytes, sha256: try SHA256.hex(file: target.path))
    }

    /// Two 64-bit sums of row hashes (an order-free digest of the rows as a multiset), the row
    /// count, the columns with their types, the order and the settings of both writers.
    func contentDigest(_ table: String, columns: [(name: String, type: String)], order: String, rows: Int64) throws -> String {
        let sums = try rowsDigest(table, columns: columns.map { SQLText.identifier($0.name) }.joined(separator: ", "))
        let described = columns.map { "\($0.name) \($0.type)" }.joined(separator: ",")
        return SHA256.hex(Array("\(Self.writerVersion) \(rowGroupSize) \(rows) \(sums) \(described) ORDER BY \(order)".utf8))
    }

    /// The rows of `table` (the given columns, or `*`) as a multiset: the count and two 64-bit
    /// sums of row hashes. The row is hashed as one tuple: a hash of several arguments is NULL
    /// when any of them is, and sum() would skip that row; a tuple's hash tells NULL from '' and 0.
    /// CityHash and XXH3 (not SipHash: its keyed rounds made this check 12.8 s of a 10 M-row
    /// table's export, against 4.1 s).
    func rowsDigest(_ table: String, columns: String = "*") throws -> String {
        try engine.query("SELECT toString(count()), toString(sum(cityHash64(tuple(\(columns))))), toString(sum(xxh3(tuple(\(columns))))) FROM \(table)")
            .rows.first?.map(\.description).joined(separator: " ") ?? ""
    }

    /// The spec as text, its column dictionary in name order (a dictionary's own order
    /// differs from process to process).
    static func specDigest(_ spec: DatasetSpec) -> String {
        let columns = spec.columnNames.sorted().map { "\($0)=\(spec.column($0).map { "\($0)" } ?? "")" }
        return [spec.name, spec.table, spec.title, spec.description, spec.family, spec.caveats, "\(spec.primaryKey)", "\(spec.foreignKeys)",
                "\(spec.sort)", "\(String(describing: spec.entity))", "\(spec.sources)", "\(spec.ingestedAs)", "\(spec.omit)",
                "\(String(describing: spec.coverage))", "\(writerVersion)", spec.licence].joined(separator: "|") + "|" + columns.joined(separator: "|")
    }

    /// Both files of an earlier export still in place at their recorded sizes.
    func filesPresent(_ files: [ExportedDataset.File], in directory: URL) -> Bool {
        files.count == 2 && files.allSatisfy { file in
            (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(file.name).path)[.size] as? NSNumber)?.int64Value == file.bytes
        }
    }

    /// Bumped whenever the statements writing the files change what they write.
    static let writerVersion = 1

    /// One example per column: the first non-empty value among the first rows in the files'
    /// order. (Storage order differs with how a table's parts happen to lie, so examples taken
    /// in it made a clean and an incremental build publish different dataset pages.)
    func examples(_ table: String, columns: [String], order: String) throws -> [String] {
        let picks = columns.map { c in
            "argMinIf(toString(\(SQLText.identifier(c))), _row, isNotNull(\(SQLText.identifier(c))) AND toString(\(SQLText.identifier(c))) NOT IN ('', '[]'))"
        }
        let row = try engine.query("""
            SELECT \(picks.joined(separator: ", ")) FROM (SELECT *, rowNumberInAllBlocks() AS _row FROM (SELECT * FROM \(table) ORDER BY \(order) LIMIT 10000))
            SETTINGS max_threads = 1
            """).rows.first ?? []
        return columns.indices.map { i in i < row.count && row[i] != .null ? row[i].description : "" }
    }

    func coverage(_ spec: DatasetSpec, columns: [String]) throws -> [String] {
        let expression: String
        if let given = spec.coverage {
            guard !given.isEmpty else { return [] }
            expression = given
        } else if let column = ["cycle", "filing_year", "congress"].first(where: columns.contains) {
            expression = SQLText.identifier(column)
        } else if columns.contains("transaction_date") {
            expression = "toYear(transaction_date)"
        } else {
            return []
        }
        return try engine.query("SELECT DISTINCT toString(\(expression)) AS v FROM \(spec.table) WHERE v != '' ORDER BY v").rows.map { $0[0].description }
    }

    /// The snapshots the rows were loaded from: for each source and period the newest ingest.
    func snapshots(_ spec: DatasetSpec) throws -> [ExportedDataset.Snapshot] {
        guard !spec.ingestedAs.isEmpty else { return [] }
        let tables = spec.ingestedAs.map(SQLText.literal).joined(separator: ", ")
        let rows = try engine.query("""
            WITH latest AS (
                SELECT source, period, table_name, argMax(snapshot, ingested_at) AS snapshot
                FROM ingest_runs WHERE table_name IN (\(tables)) GROUP BY source, period, table_name
            )
            SELECT r.source, r.snapshot, arraySort(groupUniqArray(r.file))
            FROM ingest_runs AS r
            INNER JOIN latest AS l ON l.source = r.source AND l.period = r.period AND l.table_name = r.table_name AND l.snapshot = r.snapshot
            GROUP BY r.source, r.snapshot ORDER BY r.source, r.snapshot
            """).rows
        return rows.map { row in
            let id = row[1].description
            // Snapshot ids are fetch times (20261129T085959Z); a directory ingest names a path.
            let fetched = id.wholeMatch(of: /(\d{4})(\d{2})(\d{2})T\d{6}Z/).map { "\($0.1)-\($0.2)-\($0.3)" } ?? ""
            let files: [String]
            if case .array(let values) = row[2] { files = values.map(\.description) } else { files = [] }
            return .init(source: row[0].description, fetched: fetched, files: files)
        }
    }

    /// Declares a primary or foreign key only after checking it holds in the rows.
    func checkKeys(_ spec: DatasetSpec, tables: Set<String>, into dataset: inout ExportedDataset) throws {
        func missing(_ column: String) -> String { "(isNull(\(SQLText.identifier(column))) OR toString(\(SQLText.identifier(column))) = '')" }
        if !spec.primaryKey.isEmpty {
            let key = spec.primaryKey.map(SQLText.identifier).joined(separator: ", ")
            let r = try engine.query("SELECT count() - uniqExact(\(key)), countIf(\(spec.primaryKey.map(missing).joined(separator: " OR "))) FROM \(spec.table)").rows[0]
            let duplicates = Int(r[0].description) ?? 0, empty = Int(r[1].description) ?? 0
            if duplicates == 0 && empty == 0 {
                dataset.primaryKey = spec.primaryKey
            } else {
                dataset.notes.append("(\(spec.primaryKey.joined(separator: ", "))) does not identify rows here: \(duplicates) repeated, \(empty) with an empty part; no primary key is declared.")
            }
        }
        for fk in spec.foreignKeys {
            guard let target = catalog.datasets.first(where: { $0.name == fk.resource }), tables.contains(target.table) else { continue }
            let fields = fk.fields.map(SQLText.identifier).joined(separator: ", ")
            let reference = fk.referenceFields.map(SQLText.identifier).joined(separator: ", ")
            let orphans = Int(try engine.scalar("""
                SELECT count() FROM \(spec.table) WHERE NOT (\(fk.fields.map(missing).joined(separator: " OR ")))
                AND (\(fields)) NOT IN (SELECT \(reference) FROM \(target.table))
                """).description) ?? 0
            if orphans == 0 {
                dataset.foreignKeys.append(fk)
            } else {
                dataset.notes.append("\(orphans) rows name a \(fk.fields.joined(separator: ", ")) not in \(fk.resource); the link is not declared as a foreign key.")
            }
        }
    }

    func removeStale(keeping names: Set<String>) throws {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: localDirectory.path)) ?? []
        where (name.hasSuffix(".parquet") || name.hasSuffix(".csv.gz")) && !names.contains(name) {
            try FileManager.default.removeItem(at: localDirectory.appendingPathComponent(name))
        }
    }
}

public struct ExportError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}
