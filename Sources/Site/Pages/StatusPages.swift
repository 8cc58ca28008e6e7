import Foundation
import Warehouse

/// What the pipeline tells the status page about the build that wrote it: its stages so far,
/// the last publish, each source's expected cadence (a stale source is a warning).
public struct BuildStatus: Sendable {
    public struct Stage: Sendable {
        public let name: String
        /// "ran" or "skipped".
        public let status: String
        public let seconds: Double
        public let changed: [String]
        public init(name: String, status: String, seconds: Double, changed: [String]) {
            self.name = name
            self.status = status
            self.seconds = seconds
            self.changed = changed
        }
    }

    public struct Publish: Sendable {
        public let target: String
        public let files: Int
        public let bytes: Int
        public let deleted: Int
        public let at: Date
        public init(target: String, files: Int, bytes: Int, deleted: Int, at: Date) {
            self.target = target
            self.files = files
            self.bytes = bytes
            self.deleted = deleted
            self.at = at
        }
    }

    public var generatedAt: Date
    public var stages: [Stage]
    /// Days between a source's updates (nil: no expectation).
    public var cadenceDays: @Sendable (_ source: String) -> Int?
    public var lastPublish: Publish?
    public var quarantinePageSize = 100

    public init(generatedAt: Date, stages: [Stage], cadenceDays: @escaping @Sendable (String) -> Int?, lastPublish: Publish? = nil) {
        self.generatedAt = generatedAt
        self.stages = stages
        self.cadenceDays = cadenceDays
        self.lastPublish = lastPublish
    }
}

/// `/status/`: what the last build that changed the site did — stage times, each source's
/// snapshot with its lines read, loaded and quarantined, whether it is fresh, files written —
/// and `/status/quarantine/…/`: every quarantined line with its reason, paged, so a reader can
/// see exactly what was set aside. A night that changes nothing rewrites none of it.
public struct StatusPages {
    let queries: PageQueries
    let status: BuildStatus

    static func date(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// A source's freshness: when it last brought new data against how often it should.
    struct Freshness {
        let source: String
        let row: Row
        let lastNewData: Date
        let ageDays: Int
        let cadenceDays: Int?
        var stale: Bool { cadenceDays.map { ageDays > $0 } ?? false }
        var warning: String? {
            stale ? "\(source) has brought no new data for \(ageDays) days (expected every \(cadenceDays!) days)" : nil
        }
    }

    static func freshness(_ queries: PageQueries, now: Date, cadenceDays: (String) -> Int?) throws -> [Freshness] {
        try queries.optionalRows("status_sources").map { row in
            let last = Date(timeIntervalSince1970: TimeInterval(row.int("last_ingested") ?? 0))
            return Freshness(source: row.string("source"), row: row, lastNewData: last, ageDays: max(0, Int(now.timeIntervalSince(last) / 86_400)),
                             cadenceDays: cadenceDays(row.string("source")))
        }
    }

    /// The warnings of every source past its cadence (`spotlight build --fail-on-stale`),
    /// whether or not this build rendered the status page.
    public static func staleSources(engine: any WarehouseEngine, library: SQLLibrary, now: Date, cadenceDays: (String) -> Int?) throws -> [String] {
        try freshness(PageQueries(engine: engine, library: library), now: now, cadenceDays: cadenceDays).compactMap(\.warning)
    }

    /// The quarantine group a row belongs to, as a URL segment.
    static func group(_ row: Row) -> String {
        Slug.make("\(row.string("source"))-\(row.string("table_name"))-\(row.int("period") ?? 0)", maxLength: 120)
    }

    /// The status page (its figures on files written count every file before it) and the
    /// quarantine pages.
    func pages(filesWritten: Int, filesUnchanged: Int, bytesWritten: Int) throws -> [Page] {
        let sources = try Self.freshness(queries, now: status.generatedAt, cadenceDays: status.cadenceDays)
        let quarantine = try queries.optionalRows("status_quarantine")
        let warnings = sources.compactMap(\.warning)
        let sourceValues: [Value] = sources.map { s in
            ["source": .string(s.source), "snapshot": .string(s.row.string("snapshot")), "files": s.row.count("files"),
             "lines_read": s.row.count("lines_read"), "loaded": s.row.count("loaded"), "quarantined": s.row.count("quarantined"),
             "last_new_data": .string(Self.date(s.lastNewData)), "age_days": .int(Int64(s.ageDays)),
             "cadence_days": s.cadenceDays.map { .int(Int64($0)) } ?? .null, "stale": .bool(s.stale)]
        }

        // Quarantine groups in query order, each paged.
        var groups: [(key: String, rows: [Row])] = []
        for row in quarantine {
            let key = Self.group(row)
            if groups.last?.key == key { groups[groups.count - 1].rows.append(row) } else { groups.append((key, [row])) }
        }
        let size = status.quarantinePageSize
        var pages: [Page] = []
        var groupValues: [Value] = []
        for group in groups {
            let first = group.rows[0]
            let base = "/status/quarantine/\(group.key)/"
            let count = (group.rows.count + size - 1) / size
            func url(_ n: Int) -> String { n == 1 ? base : "\(base)page-\(n)/" }
            let reasons = Dictionary(grouping: group.rows, by: { $0.string("reason") }).map { ($0.key, $0.value.count) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
            groupValues.append(["source": .string(first.string("source")), "table": .string(first.string("table_name")),
                                "period": .int(first.int("period") ?? 0), "rows": .int(Int64(group.rows.count)), "url": .string(base),
                                "reasons": .list(reasons.prefix(5).map { ["reason": .string($0.0), "rows": .int(Int64($0.1))] })])
            for n in 1...count {
                let slice = group.rows[((n - 1) * size)..<min(n * size, group.rows.count)]
                pages.append(Page(path: String(url(n).dropFirst()), template: "quarantine", document: [
                    "kind": "quarantine",
                    "title": .string("Quarantined: \(first.string("table_name")) (\(first.string("source")), \(first.int("period") ?? 0))" + (n > 1 ? ", page \(n)" : "")),
                    "description": .string("\(group.rows.count) source lines set aside instead of loaded, each with the reason and the line exactly as read."),
                    "source": .string(first.string("source")), "table": .string(first.string("table_name")), "period": .int(first.int("period") ?? 0),
                    "rows_total": .int(Int64(group.rows.count)),
                    "rows": .list(slice.map { ["file": .string($0.string("file")), "line": .int($0.int("line") ?? 0), "reason": .string($0.string("reason")),
                                               "raw": .string($0.string("raw"))] }),
                    "pagination": ListPages.pagination(pages: count, current: n, url: url),
                ]))
            }
        }

        let stages: [Value] = status.stages.map {
            ["name": .string($0.name), "status": .string($0.status), "seconds": .double(($0.seconds * 100).rounded() / 100),
             "changed": .list($0.changed.map(Value.string))]
        }
        var document: [(String, Value)] = [
            ("kind", "status"), ("title", "Build status"),
            ("description", "What the build that last changed this site did: stage times, each source's snapshot and freshness, lines loaded and set aside, files written."),
            ("generated_at", .string(Self.date(status.generatedAt))),
            ("stages", .list(stages)),
            ("sources", .list(sourceValues)),
            ("quarantine", .list(groupValues)),
            ("quarantined_total", .int(Int64(quarantine.count))),
            ("files", ["written": .int(Int64(filesWritten)), "unchanged": .int(Int64(filesUnchanged)), "bytes_written": .int(Int64(bytesWritten))]),
            ("stale", .bool(sources.contains(where: \.stale))),
        ]
        if let publish = status.lastPublish {
            document.append(("last_publish", ["target": .string(publish.target), "files": .int(Int64(publish.files)), "bytes": .int(Int64(publish.bytes)),
                                              "deleted": .int(Int64(publish.deleted)), "at": .string(Self.date(publish.at))]))
        }
        document.append(("warnings", .list(warnings.map(Value.string))))
        return [Page(path: "status/", template: "status", document: .object(Object(document)))] + pages
    }
}
