import Foundation

/// A file the warehouse reads or writes by itself, named in SQL as a ClickHouse table function:
/// a path on the warehouse's own machine (`file()`: the embedded engine with a directory lake),
/// or an object in the S3 lake (`s3()`), which chDB, a server or a cluster reads straight from
/// the bucket. Statements naming an object with keys are never logged; errors that may quote
/// them go through `Secrets.redacting`. A server can instead hold the keys as a named collection, and
/// then no statement carries them. A file the warehouse can reach neither way (a server, a lake
/// directory on Spotlight's machine) is sent to it first and parsed from a table (`sent`).
public struct WarehouseFile: Sendable, Equatable {
    public enum Location: Sendable, Equatable {
        case local(String)
        case s3(url: String, access: S3Access)
        /// A file on this machine whose bytes were sent into `table` as `(n, bytes)` chunks,
        /// parsed with `format()` from the chunks joined in order.
        case sent(table: String)
    }

    public let location: Location

    public init(_ location: Location) { self.location = location }

    public static func local(_ url: URL) -> WarehouseFile { WarehouseFile(.local(url.path)) }

    /// `file(…)` or `s3(…)` reading (or writing) `format`, with a `structure` when the format
    /// does not carry one; on a `cluster`, an object is read with `s3Cluster(…)` by every node.
    public func tableFunction(format: String, structure: String? = nil, cluster: String? = nil) -> String {
        let function = cluster.map { "s3Cluster(\(SQLText.literal($0)), " } ?? "s3("
        switch location {
        case .local(let path):
            return "file(" + ([path, format] + (structure.map { [$0] } ?? [])).map(SQLText.literal).joined(separator: ", ") + ")"
        case .s3(let url, .keys(let id, let secret, let token)):
            return function + ([url, id, secret] + (token.map { [$0] } ?? []) + [format] + (structure.map { [$0] } ?? [])).map(SQLText.literal).joined(separator: ", ") + ")"
        case .s3(let url, .namedCollection(let name)):
            let pairs = [("url", url), ("format", format)] + (structure.map { [("structure", $0)] } ?? [])
            return function + "\(SQLText.identifier(name)), " + pairs.map { "\($0.0) = \(SQLText.literal($0.1))" }.joined(separator: ", ") + ")"
        case .sent(let table):
            precondition(SQLText.isIdentifier(table))
            let bytes = "(SELECT arrayStringConcat(arrayMap(chunk -> chunk.2, arraySort(groupArray((n, bytes))))) FROM \(table))"
            return "format(" + ([format] + (structure.map { [SQLText.literal($0)] } ?? []) + [bytes]).joined(separator: ", ") + ")"
        }
    }

    /// The rows of `format` with `_row_number`, each row's place in the file from 0, as `file()`
    /// and `s3()` give it. `format()` has no such column; its rows are numbered as they come,
    /// which is file order because `format()` reads its one value as one stream (checked on
    /// chDB 26.9 for CSV, TSV and JSON with parallel parsing and up to 16 threads; Parquet needs
    /// `input_format_parquet_preserve_order`, which the dataset load sets).
    public func numberedRows(format: String, structure: String? = nil) -> String {
        guard case .sent = location else { return tableFunction(format: format, structure: structure) }
        return "(SELECT rowNumberInAllBlocks() AS _row_number, * FROM \(tableFunction(format: format, structure: structure)))"
    }

    /// The file on this machine, when it is one (not an object in the bucket).
    public var localURL: URL? { if case .local(let path) = location { URL(fileURLWithPath: path) } else { nil } }

    /// The path or URL, for messages.
    public var shown: String {
        switch location {
        case .local(let path): return path
        case .s3(let url, _): return url
        case .sent(let table): return "the bytes sent to \(table)"
        }
    }
}

/// How the warehouse gets into the S3 lake's bucket.
public enum S3Access: Sendable, Equatable {
    /// Keys from Spotlight's environment, passed as `s3()` arguments.
    case keys(id: String, secret: String, token: String?)
    /// A named collection configured on the ClickHouse server (`[lake] named_collection`),
    /// holding the keys there: Spotlight never sees them.
    case namedCollection(String)
}
