import Foundation

/// What an export run wrote, as `exports.json` beside the files: everything the dataset pages
/// and `datapackage.json` say, so rendering needs no warehouse queries for them.
public struct ExportManifest: Codable, Sendable, Equatable {
    public var datasets: [ExportedDataset]

    public static let fileName = "exports.json"

    public init(datasets: [ExportedDataset]) { self.datasets = datasets }

    public static func read(from directory: URL) throws -> ExportManifest? {
        let url = directory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(ExportManifest.self, from: data)
    }

    func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: directory.appendingPathComponent(Self.fileName), options: .atomic)
    }
}

public struct ExportedDataset: Codable, Sendable, Equatable {
    public struct Column: Codable, Sendable, Equatable {
        public var name: String
        /// The ClickHouse type, e.g. `Nullable(Decimal(14, 2))`.
        public var warehouseType: String
        /// The Frictionless Table Schema type: string, integer, number, boolean, date, datetime, array.
        public var type: String
        public var meaning: String
        public var official: String
        /// A value from the data ('' when every value is empty).
        public var example: String
    }

    public struct File: Codable, Sendable, Equatable {
        /// parquet or csv (gzip-compressed).
        public var format: String
        public var name: String
        public var mediatype: String
        public var bytes: Int64
        public var sha256: String
    }

    /// A snapshot of the official source the rows were loaded from.
    public struct Snapshot: Codable, Sendable, Equatable {
        public var source: String
        /// The day the snapshot was fetched (YYYY-MM-DD), from its id.
        public var fetched: String
        public var files: [String]
    }

    public var name: String
    public var table: String
    public var title: String
    public var description: String
    public var family: String
    public var caveats: String
    public var rows: Int64
    public var columns: [Column]
    public var files: [File]
    public var primaryKey: [String]
    public var foreignKeys: [DatasetSpec.ForeignKey]
    public var sort: [String]
    public var entity: DatasetSpec.Entity?
    public var sources: [DatasetSpec.Source]
    /// Cycles, years or Congresses present (the period/cycle column's values).
    public var coverage: [String]
    public var snapshots: [Snapshot]
    /// The first rows in file order, as text.
    public var samples: [[String]]
    /// What the export found and said instead of claiming it: a key that does not hold, …
    public var notes: [String]
    /// A digest of what the files were written from (the rows as a multiset, the columns, the
    /// order and the writer settings): the next export reuses the files when it is the same.
    public var contentDigest: String?
    /// A digest of everything else the record is computed from: the rows, the spec, the
    /// snapshots, the rows of the tables its foreign keys name (see `Exporter.run`).
    public var recordDigest: String?
    /// The licence of a contributed dataset; nil for the official sources (the package's own).
    public var licence: String? = nil
}
