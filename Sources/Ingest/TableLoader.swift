import Core
import Foundation
import Logging
import Warehouse

extension Array where Element == LoadOutcome {
    /// Lines (records) read across the outcomes.
    public var linesRead: Int { reduce(0) { $0 + $1.linesRead } }
    public var quarantined: Int { reduce(0) { $0 + $1.quarantined } }
}

/// What happened to one file: every line is either loaded or quarantined.
public struct LoadOutcome: Sendable, Equatable {
    public let table: String
    public let file: String
    public let linesRead: Int
    public let loaded: Int
    public let quarantined: Int
    /// Quarantine reasons (the part before the offending value) with their counts.
    public let reasons: [Reason]

    public struct Reason: Sendable, Equatable {
        public let reason: String
        public let count: Int
    }

    public var summary: String {
        var text = "\(file) → \(table): \(linesRead) lines read, \(loaded) loaded, \(quarantined) quarantined"
        for reason in reasons { text += "\n    \(reason.count) × \(reason.reason)" }
        return text
    }
}

/// Loads delimited text files into a partitioned table through its load SQL, atomically per
/// partition: rows go into a staging copy first, the counts are checked, then the partition is
/// swapped in with REPLACE PARTITION, so a failed or rejected load leaves the old data intact.
public struct TableLoader {
    private let logger = Logger(label: "spotlight.ingest")
    public let engine: any WarehouseEngine
    public let source: String
    /// The largest share of quarantined lines accepted before the load fails.
    public let maxQuarantineRate: Double
    /// Quarantined records a file may always have, whatever its size.
    public static let tolerated = 1

    public init(engine: any WarehouseEngine, source: String, maxQuarantineRate: Double = 0.01) {
        self.engine = engine
        self.source = source
        self.maxQuarantineRate = maxQuarantineRate
    }

    /// Where a file's records come from, as `(line, raw, f)` rows for the load SQL.
    public enum RecordSource: Sendable {
        /// A text file ClickHouse reads line by line and splits on a delimiter (FEC pipe files,
        /// SEC tab files), on this machine or in the S3 lake. With `header`, line 1 names the
        /// columns and is not a record. `lines`, when known, is the file's line count taken at
        /// fetch (apart from ClickHouse, as the count here would be); unknown, the local file is
        /// counted (an object in the lake must come with its count).
        case delimitedLines(WarehouseFile, delimiter: Character, header: Bool = false, lines: Int? = nil)
        /// JSON lines written by `CSVRecords`, holding `count` records.
        case records(URL, count: Int)
        /// A SELECT of `(line, raw, f, …)` rows over a file ClickHouse parses itself (a user
        /// dataset's CSV, TSV, JSON or Parquet), holding `count` records as counted apart from
        /// ClickHouse, read with the format `settings` it needs.
        case parsed(select: String, count: Int, settings: String)

        /// The `{lines}` subquery. For delimited lines, _row_number numbers lines in file order
        /// whatever the parallelism; invalid UTF-8 becomes U+FFFD in the fields (never a lost
        /// row) while raw keeps the bytes as read. `excluding` names a table whose source_line
        /// values are skipped before any field is parsed.
        func subquery(excluding table: String? = nil) -> String {
            switch self {
            case .delimitedLines(let file, let delimiter, let header, _):
                let conditions = (header ? ["_row_number > 0"] : []) + (table.map { ["_row_number + 1 NOT IN (SELECT source_line FROM \($0))"] } ?? [])
                let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
                return """
                    (SELECT _row_number + 1 AS line, text AS raw, \(Self.fields(of: "text", delimiter: delimiter)) AS f
                     FROM \(file.tableFunction(format: "LineAsString", structure: "text String"))\(filter))
                    """
            case .records(let path, _):
                let filter = table.map { " WHERE line NOT IN (SELECT source_line FROM \($0))" } ?? ""
                return "(SELECT line, raw, f FROM file(\(SQLText.literal(path.path)), 'JSONEachRow', 'line UInt64, raw String, f Array(String)')\(filter))"
            case .parsed(let select, _, _):
                return table.map { "(SELECT * FROM (\(select)) WHERE line NOT IN (SELECT source_line FROM \($0)))" } ?? "(\(select))"
            }
        }

        /// A line's fields: invalid UTF-8 becomes U+FFFD, a CR before the LF is not a field's.
        static func fields(of text: String, delimiter: Character) -> String {
            "splitByChar(\(SQLText.literal(String(delimiter))), trimRight(toValidUTF8(\(text)), '\\r'))"
        }

        /// Query settings the format needs (appended to the load's own).
        var settings: String {
            switch self {
            case .parsed(_, _, let settings) where !settings.isEmpty: return ", " + settings
            // A compressed member is decompressed in one stream: ClickHouse's parallel ranged
            // GETs (10 MB apiece, 4 at a time) only add round trips. One streaming GET read the
            // 10 M-line member from moto in 1.9 s against 18.2 s (BENCHMARKS.md).
            case .delimitedLines(let file, _, _, _) where file.localURL == nil: return ", max_download_threads = 1"
            default: return ""
            }
        }

        /// How many records there are, counted apart from ClickHouse so the books are checked
        /// independently.
        func count() throws -> Int {
            switch self {
            case .delimitedLines(let file, _, let header, let lines):
                guard let lines = try lines ?? file.localURL.map(LineCounter.count) else {
                    throw IngestError.input("\(file.shown): the snapshot's manifest gives no line count for it, which the books need")
                }
                return lines - (header ? 1 : 0)
            case .records(_, let count), .parsed(_, let count, _): return count
            }
        }
    }

    /// Replaces `period`'s partition of `table` with the records of `file`, and the matching
    /// quarantine partition with the records that failed.
    public func load(table: String, sql: TableSQL, period: Int, records: RecordSource, file: String) throws -> LoadOutcome {
        precondition(SQLText.isIdentifier(table))
        let incoming = "\(table)__incoming"
        let quarantineIncoming = "quarantine__incoming_\(table)"
        let sentLines = "\(table)__lines"
        let staging = [incoming, quarantineIncoming, sentLines]
        func dropStaging() { for name in staging { try? engine.execute("DROP TABLE IF EXISTS \(name) SYNC") } }
        try checkLayout(of: table)
        dropStaging()
        defer { dropStaging() }

        let records = try send(records, into: sentLines, sqlFile: sql.file)
        let typed = sql.render(period: period, file: file, lines: records.subquery())
        try run("CREATE TABLE \(incoming) AS \(table)", sql.file)
        try run("CREATE TABLE \(quarantineIncoming) AS quarantine", sql.file)
        // Merging staging parts while the load runs would compete for the cores; the live
        // table merges them in the background after the swap.
        try run("SYSTEM STOP MERGES \(incoming)", sql.file)
        // Modest insert blocks keep memory flat (the default squashes ~1 M rows, over 1 GB here),
        // and pread instead of mmap keeps the input file out of our resident memory. Naming
        // max_threads explicitly halved the parse time here (10 M rows: 5.7 s → 2.7 s) although
        // the automatic value is the same 2: measured, not understood, so it stays explicit.
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let settings = """
            SETTINGS min_insert_block_size_rows = 131072, min_insert_block_size_bytes = 67108864,
                     storage_file_read_method = 'pread', max_threads = \(threads), max_insert_threads = \(threads)\(records.settings)
            """
        let read = try records.count()
        try run("INSERT INTO \(incoming) SELECT * EXCEPT (_raw, _problem) FROM (\(typed)) WHERE _problem = '' \(settings)", sql.file)
        let loaded = try count("SELECT count() FROM \(incoming)")
        // The quarantine pass runs when some record did not load, and parses only the records
        // that are not in the staging table; the books below still require
        // loaded + quarantined = read either way.
        if loaded != read {
            let rest = sql.render(period: period, file: file, lines: records.subquery(excluding: incoming))
            try run("""
                INSERT INTO \(quarantineIncoming)
                SELECT \(SQLText.literal(source)), \(SQLText.literal(table)), \(period), \(SQLText.literal(file)), source_line, _raw, _problem, now()
                FROM (\(rest)) WHERE _problem != '' \(settings)
                """, sql.file)
        }
        let quarantined = try count("SELECT count() FROM \(quarantineIncoming)")
        let reasons = try engine.query("""
            SELECT splitByString(': ', reason)[1] AS reason, count() AS n FROM \(quarantineIncoming)
            GROUP BY reason ORDER BY n DESC, reason
            """).rows.map { LoadOutcome.Reason(reason: $0[0].description, count: Int($0[1].description) ?? 0) }
        guard loaded + quarantined == read else {
            throw IngestError.accounting(file: file, read: read, loaded: loaded, quarantined: quarantined)
        }
        // The limit catches a wrong file or a changed format, which break many records; a single
        // bad record in a small file (a 12-member demo with one typo) is not that.
        if quarantined > Self.tolerated, Double(quarantined) / Double(read) > maxQuarantineRate {
            let examples = try engine.query("SELECT line, reason FROM \(quarantineIncoming) ORDER BY line LIMIT 3").rows
                .map { "line \($0[0]): \($0[1])" }
            throw IngestError.tooManyQuarantined(file: file, quarantined: quarantined, read: read, limit: maxQuarantineRate, topReasons: examples)
        }

        try replacePartition(of: table, with: incoming, partition: String(period), empty: loaded == 0, sqlFile: sql.file)
        try replacePartition(of: "quarantine", with: quarantineIncoming,
                             partition: "(\(SQLText.literal(source)), \(SQLText.literal(table)), \(period))",
                             empty: quarantined == 0, sqlFile: sql.file)
        return LoadOutcome(table: table, file: file, linesRead: read, loaded: loaded, quarantined: quarantined, reasons: reasons)
    }

    /// A load stages rows in copies of the table and of `quarantine` (`CREATE TABLE … AS`) and
    /// swaps partitions in: that needs MergeTree tables on this server. A table laid out for a
    /// cluster (`spotlight ddl --cluster`) is refused before anything is written: a Distributed
    /// table's copy is Distributed over the live shards (the staged rows would land in them, as
    /// a Buffer's would in its target), and a Replicated table's copy has the same Keeper path
    /// unless the path names `{uuid}` or `{table}`.
    func checkLayout(of table: String) throws {
        let rows = try engine.query("""
            SELECT name, engine, engine_full FROM system.tables
            WHERE database = currentDatabase() AND name IN (\(SQLText.literal(table)), 'quarantine')
            """).rows
        for name in [table, "quarantine"] {
            let row = rows.first { $0[0].description == name }
            if let refusal = Self.layoutRefusal(table: name, engine: row?[1].description ?? "", definition: row?[2].description ?? "") {
                throw IngestError.input(refusal)
            }
        }
    }

    static func layoutRefusal(table: String, engine: String, definition: String) -> String? {
        if engine == "Distributed" {
            return "\(table) is a Distributed table, laid out for a cluster (spotlight ddl --cluster); Spotlight's loads replace partitions "
                + "of a MergeTree table on one server and do not run on a cluster yet, so nothing was loaded: build on one server's tables (spotlight ddl)"
        }
        guard engine.hasSuffix("MergeTree") else {
            return "\(table) is \(engine.isEmpty ? "not a table in this database" : "a table of engine \(engine)"); a load replaces partitions of a MergeTree table, so nothing was loaded"
        }
        if engine.hasPrefix("Replicated"), let path = definition.firstMatch(of: /MergeTree\(\s*'([^']*)'/)?.output.1,
           !path.contains("{uuid}"), !path.contains("{table}") {
            return "\(table) is \(engine) under the Keeper path '\(path)', which a staging copy of it would share; "
                + "Spotlight's loads need a MergeTree, or a Replicated one whose path names {uuid} or {table}, so nothing was loaded"
        }
        return nil
    }

    /// A file on this machine that the warehouse cannot read itself goes to it with INSERTs
    /// (`StagedLines`) into the staging table `table`, and is read from there; anything else
    /// is read where it is.
    private func send(_ records: RecordSource, into table: String, sqlFile: String) throws -> RecordSource {
        guard !engine.readsLocalFiles else { return records }
        let sender = StagedLines(engine: engine)
        switch records {
        case .delimitedLines(let file, let delimiter, let header, let lines):
            guard let url = file.localURL else { return records }
            try run("CREATE TABLE \(table) (line UInt64, raw String) ENGINE = MergeTree ORDER BY line \(Self.manyParts)", sqlFile)
            // The lines are counted as they are sent (here, apart from ClickHouse) unless the
            // snapshot's manifest already gives their count: the file is read once.
            let sent = try sender.sendLines(of: url, into: table)
            return .parsed(select: "SELECT line, raw, \(RecordSource.fields(of: "raw", delimiter: delimiter)) AS f FROM \(table)\(header ? " WHERE line > 1" : "")",
                           count: (lines ?? sent) - (header ? 1 : 0), settings: "")
        case .records(let path, let count):
            try run("CREATE TABLE \(table) (line UInt64, raw String, f Array(String)) ENGINE = MergeTree ORDER BY line \(Self.manyParts)", sqlFile)
            try sender.sendJSONLines(of: path, into: table)
            return .parsed(select: "SELECT line, raw, f FROM \(table)", count: count, settings: "")
        default:
            return records
        }
    }

    /// A cycle's contributions arrive as a hundred or more 16 MB inserts in quick succession: no
    /// "too many parts" refusal for a table that lives for one load.
    static let manyParts = "SETTINGS parts_to_delay_insert = 100000, parts_to_throw_insert = 100000"

    /// REPLACE PARTITION is atomic. Replacing with an empty partition must be asked for
    /// explicitly on current ClickHouse, which otherwise refuses it to protect the data.
    private func replacePartition(of table: String, with incoming: String, partition: String, empty: Bool, sqlFile: String) throws {
        let settings = empty ? " SETTINGS allow_replace_partition_from_empty_source = 1" : ""
        try run("ALTER TABLE \(table) REPLACE PARTITION \(partition) FROM \(incoming)\(settings)", sqlFile)
    }

    private func count(_ sql: String) throws -> Int {
        Int(try engine.scalar(sql).description) ?? 0
    }

    private func run(_ statement: String, _ file: String) throws {
        let started = Date()
        defer { logger.debug("\(String(format: "%.2f", Date().timeIntervalSince(started))) s: \(Secrets.redacting(statement).prefix(60).replacingOccurrences(of: "\n", with: " "))") }
        do { try engine.execute(statement) } catch let error as WarehouseError {
            throw IngestError.sql(file: file, error: error)
        }
    }
}
