import Foundation
import TOMLKit

/// A dataset a user adds to the site: `content/datasets/<name>/dataset.toml` says where its
/// files come from, how they are written, the columns and their types, keys, licence and which
/// columns name an entity. The pipeline fetches it into the lake as the source
/// `dataset-<name>`, loads it into `dataset_<name>` with the same quarantine and accounting as
/// the official sources, exports it and renders its page. `docs/ADDING-A-DATASET.md` is the
/// user's guide to this file.
public struct DatasetDefinition: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        case csv, tsv, jsonl, json, parquet
    }

    /// A column's type as the data package (Frictionless Table Schema) names it.
    public enum ColumnType: String, Sendable, CaseIterable {
        case string, integer, number, decimal, date, datetime, boolean
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        public var type: ColumnType
        /// A blank value quarantines the record (keys are always required).
        public var required: Bool
        /// The format of a date or datetime in ClickHouse's parseDateTime syntax (MySQL style:
        /// `%m/%d/%Y`, `%Y-%m-%d %H:%i:%s`); ISO 8601 when empty.
        public var format: String
        /// Digits after the point of a decimal.
        public var scale: Int
        public var description: String
        /// The header name in the file when it differs from `name`.
        public var header: String

        public init(name: String, type: ColumnType, required: Bool = false, format: String = "", scale: Int = 2, description: String = "", header: String? = nil) {
            self.name = name
            self.type = type
            self.required = required
            self.format = format
            self.scale = scale
            self.description = description
            self.header = header ?? name
        }
    }

    public enum Location: Sendable, Equatable {
        /// Fetched over HTTP(S) (or `file://` for the demo's generated files) into the lake.
        case url(String)
        /// A file in the dataset's own folder, relative to it.
        case file(String)
    }

    public var name: String
    public var folder: URL
    public var title: String
    public var description: String
    public var licence: String
    /// Where the data page's "family" heading puts it.
    public var family: String
    public var caveats: String
    /// Days between the publisher's updates; older data is flagged stale on /status/.
    public var cadenceDays: Int
    public var sources: [Location]
    public var format: Format
    public var delimiter: Character
    public var header: Bool
    /// The files' text encoding, as ClickHouse's `convertCharset` names it; UTF-8 needs none.
    public var encoding: String
    /// Declared, or frozen from the first file in `schema.toml`; empty until then.
    public var columns: [Column]
    public var primaryKey: [String]
    public var sort: [String]
    /// Column → the entity kind its values identify: member (Bioguide id), candidate or
    /// committee (FEC id), corporation (SEC CIK).
    public var links: [(column: String, kind: String)]
    /// A SELECT over `{rows}` (the typed rows as loaded) whose result is the published table.
    public var transform: String?
    /// The largest share of a file's records that may be quarantined before the load is refused
    /// (the old rows kept): a wrong file or a changed format breaks many records.
    public var maxQuarantineRate = 0.01

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.folder == b.folder && a.title == b.title && a.description == b.description && a.licence == b.licence
            && a.family == b.family && a.caveats == b.caveats && a.cadenceDays == b.cadenceDays && a.sources == b.sources
            && a.format == b.format && a.delimiter == b.delimiter && a.header == b.header && a.encoding == b.encoding
            && a.columns == b.columns && a.primaryKey == b.primaryKey && a.sort == b.sort
            && a.links.map { "\($0.column)=\($0.kind)" } == b.links.map { "\($0.column)=\($0.kind)" } && a.transform == b.transform
            && a.maxQuarantineRate == b.maxQuarantineRate
    }

    /// The lake source (and `ingest_runs` source) of the dataset.
    public var source: String { "dataset-\(name)" }
    /// The published table.
    public var table: String { "dataset_" + name.replacingOccurrences(of: "-", with: "_") }
    /// The table the rows are loaded into when a transform makes the published one from them.
    public var loadTable: String { transform == nil ? table : table + "__loaded" }
    public var schemaFile: URL { folder.appendingPathComponent("schema.toml") }
    /// The name each source's file has in a lake snapshot, in the definition's order.
    public var fileNames: [String] { Self.fileNames(sources) }

    static func fileNames(_ sources: [Location]) -> [String] {
        sources.map { location in
            switch location {
            case .url(let url): URL(string: url.replacingOccurrences(of: "{demo}", with: "file:///demo"))?.lastPathComponent ?? url
            case .file(let path): (path as NSString).lastPathComponent
            }
        }
    }

    public static let entityKinds = ["member", "candidate", "committee", "corporation"]
    /// Encodings whose delimiters and quotes are single ASCII bytes, as ClickHouse's readers need.
    public static let encodings = ["utf-8", "latin1", "iso-8859-1", "windows-1252"]

    public struct DefinitionError: Error, CustomStringConvertible {
        public let file: String
        public let message: String
        public var description: String { "\(file): \(message)" }
    }

    /// Every `content/datasets/<name>/dataset.toml`, by name.
    public static func all(in datasets: URL) throws -> [DatasetDefinition] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: datasets.path)) ?? []).sorted()
        return try names.compactMap { name in
            let file = datasets.appendingPathComponent(name).appendingPathComponent("dataset.toml")
            guard FileManager.default.fileExists(atPath: file.path) else { return nil }
            return try load(file)
        }
    }

    public static func load(_ file: URL) throws -> DatasetDefinition {
        let folder = file.deletingLastPathComponent()
        let name = folder.lastPathComponent
        let shown = "content/datasets/\(name)/dataset.toml"
        func fail(_ message: String) -> DefinitionError { DefinitionError(file: shown, message: message) }
        guard name.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil, name.count <= 48 else {
            throw fail("the folder name \(name) must be lower-case words joined by - (at most 48 characters): it names the dataset's table, pages and files")
        }
        let contents: String
        do { contents = try String(contentsOf: file, encoding: .utf8) } catch { throw fail("cannot read it (\(error.localizedDescription))") }
        let toml: TOMLTable
        do { toml = try TOMLText.table(contents) } catch { throw fail("\(error)") }
        let known: Set<String> = ["title", "description", "licence", "license", "family", "caveats", "cadence_days", "source", "format",
                                  "delimiter", "header", "encoding", "column", "primary_key", "sort", "links", "transform", "max_quarantine_rate"]
        if let unknown = toml.keys.sorted().first(where: { !known.contains($0) }) {
            throw fail("unknown key '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        func text(_ key: String, required: Bool = true) throws -> String {
            guard let value = toml[key] else {
                if required { throw fail("needs \(key) = \"…\"") }
                return ""
            }
            guard let s = value.string else { throw fail("\(key) must be text") }
            return s
        }
        func names(_ key: String) throws -> [String] {
            guard let value = toml[key] else { return [] }
            guard let list = value.array, list.allSatisfy({ $0.string != nil }) else { throw fail("\(key) must be a list of column names") }
            return list.compactMap(\.string)
        }

        let formatName = try text("format", required: false).lowercased()
        guard let format = Format(rawValue: formatName.isEmpty ? "csv" : formatName) else {
            throw fail("format must be one of \(Format.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let delimiterText = try toml["delimiter"] == nil ? (format == .tsv ? "\t" : ",") : text("delimiter")
        guard delimiterText.count == 1, let delimiter = delimiterText.first, delimiter.isASCII, delimiter != "\"", delimiter != "\n", delimiter != "\r" else {
            throw fail("delimiter must be one ASCII character other than a quote or a line break")
        }
        if format == .tsv && delimiter != "\t" { throw fail("a TSV file is delimited by tabs; use format = \"csv\" with delimiter for another") }
        var header = true
        if let value = toml["header"] {
            guard let flag = value.bool else { throw fail("header must be true or false") }
            header = flag
        }
        let encoding = try text("encoding", required: false).lowercased()
        guard encoding.isEmpty || encodings.contains(encoding) else { throw fail("encoding must be one of \(encodings.joined(separator: ", "))") }

        var sources: [Location] = []
        for (i, item) in (toml["source"]?.array ?? []).enumerated() {
            guard let entry = item.table else { throw fail("each [[source]] needs url = \"https://…\" or file = \"name.csv\"") }
            if let url = entry["url"]?.string {
                guard url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("{demo}/") else {
                    throw fail("source \(i + 1): url must start with https://, http:// or {demo}/")
                }
                guard !url.contains("..") else { throw fail("source \(i + 1): url must not contain ..") }
                sources.append(.url(url))
            } else if let path = entry["file"]?.string {
                // Only files inside the dataset's own folder: a definition cannot make the build read
                // anything else on the machine.
                guard !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains(".."), path != "dataset.toml",
                      path != "schema.toml", path != "transform.sql" else {
                    throw fail("source \(i + 1): file must name a data file inside the dataset's folder (no /, no ..)")
                }
                let resolved = folder.appendingPathComponent(path).resolvingSymlinksInPath().path
                guard resolved.hasPrefix(folder.resolvingSymlinksInPath().path + "/") else {
                    throw fail("source \(i + 1): \(path) leads outside the dataset's folder")
                }
                sources.append(.file(path))
            } else {
                throw fail("source \(i + 1) needs url = \"https://…\" or file = \"name.csv\"")
            }
        }
        guard !sources.isEmpty else { throw fail("needs at least one [[source]] with url = \"https://…\" or file = \"name.csv\"") }
        // The files are kept in a snapshot under their last path component: two sources may not share one.
        let fileNames = Self.fileNames(sources)
        if let twice = fileNames.first(where: { name in fileNames.filter { $0 == name }.count > 1 }) {
            throw fail("two sources are both named \(twice) (the last part of their URL or path); a snapshot keeps each file under that name")
        }
        if let bad = fileNames.first(where: { $0.isEmpty || $0 == "/" || $0.hasPrefix(".") }) {
            throw fail("a source's URL or path must end in a file name, not \"\(bad)\"")
        }

        var columns = try Self.columns(toml["column"], fail: fail)
        let schemaFile = folder.appendingPathComponent("schema.toml")
        if columns.isEmpty, let frozen = try? String(contentsOf: schemaFile, encoding: .utf8) {
            let schema: TOMLTable
            do { schema = try TOMLText.table(frozen) } catch {
                throw DefinitionError(file: "content/datasets/\(name)/schema.toml", message: "\(error)")
            }
            columns = try Self.columns(schema["column"]) { DefinitionError(file: "content/datasets/\(name)/schema.toml", message: $0) }
        }
        let declared = Set(columns.map(\.name))
        let primaryKey = try names("primary_key"), sort = try names("sort")
        var links: [(String, String)] = []
        if let table = toml["links"] {
            guard let table = table.table else { throw fail("[links] maps a column to member, candidate, committee or corporation") }
            for key in table.keys.sorted() {
                guard let kind = table[key]?.string, entityKinds.contains(kind) else {
                    throw fail("links.\(key) must be one of \(entityKinds.joined(separator: ", "))")
                }
                links.append((key, kind))
            }
        }
        if !columns.isEmpty {
            for column in primaryKey + sort + links.map(\.0) where !declared.contains(column) {
                throw fail("\(column) is named as a key or link but is not a column")
            }
        }
        for key in primaryKey {
            if let i = columns.firstIndex(where: { $0.name == key }) { columns[i].required = true }
        }
        let transformFile = folder.appendingPathComponent("transform.sql")
        var transform = toml["transform"]?.string
        if transform == nil, let sql = try? String(contentsOf: transformFile, encoding: .utf8) { transform = sql }
        if let sql = transform, !sql.contains("{rows}") { throw fail("the transform must read the loaded rows as {rows}") }
        let cadence = toml["cadence_days"]?.int ?? 30
        guard cadence > 0 else { throw fail("cadence_days must be a positive whole number") }

        let rate = toml["max_quarantine_rate"].map { $0.double ?? $0.int.map(Double.init) ?? -1 } ?? 0.01
        guard (0...1).contains(rate) else { throw fail("max_quarantine_rate must be a share from 0 to 1 (0.05 = 5%)") }

        var definition = DatasetDefinition(
            name: name, folder: folder, title: try text("title"), description: try text("description"),
            licence: try toml["licence"] != nil ? text("licence") : text("license"),
            family: try text("family", required: false).isEmpty ? "Contributed datasets" : text("family"),
            caveats: try text("caveats", required: false), cadenceDays: cadence, sources: sources, format: format,
            delimiter: delimiter, header: header, encoding: encoding.isEmpty || encoding == "utf-8" ? "" : encoding,
            columns: columns, primaryKey: primaryKey, sort: sort, links: links, transform: transform)
        definition.maxQuarantineRate = rate
        return definition
    }

    static func columns(_ value: TOMLValueConvertible?, fail: (String) -> DefinitionError) throws -> [Column] {
        guard let value else { return [] }
        guard let list = value.array else { throw fail("columns are [[column]] tables") }
        var seen: Set<String> = []
        return try list.enumerated().map { i, item in
            guard let t = item.table, let name = t["name"]?.string else { throw fail("column \(i + 1) needs name = \"…\"") }
            guard name.wholeMatch(of: /[a-z][a-z0-9_]{0,62}/) != nil else {
                throw fail("column \(name): names are lower-case letters, digits and _, starting with a letter")
            }
            guard !["period", "source_file", "source_line", "rank"].contains(name) else {
                throw fail("column \(name): the name is Spotlight's own (period, source_file, source_line, rank)")
            }
            guard seen.insert(name).inserted else { throw fail("column \(name) is declared twice") }
            let typeName = t["type"]?.string ?? "string"
            guard let type = ColumnType(rawValue: typeName) else {
                throw fail("column \(name): type must be one of \(ColumnType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let scale = t["scale"]?.int ?? 2
            guard (0...18).contains(scale) else { throw fail("column \(name): scale must be 0 to 18") }
            let format = t["format"]?.string ?? ""
            guard !format.contains("'"), !format.contains("\\") else { throw fail("column \(name): format must not hold quotes or backslashes") }
            return Column(name: name, type: type, required: t["required"]?.bool ?? false, format: format, scale: scale,
                          description: t["description"]?.string ?? "", header: t["header"]?.string ?? name)
        }
    }

    /// The frozen schema's text (`schema.toml`): one [[column]] per column, in file order.
    public static func schemaText(_ columns: [Column]) -> String {
        var text = "# Frozen from the first file Spotlight loaded: edit the types and descriptions, keep the names.\n"
        for c in columns {
            text += "\n[[column]]\nname = \(quoted(c.name))\ntype = \(quoted(c.type.rawValue))\n"
            if c.header != c.name { text += "header = \(quoted(c.header))\n" }
            if !c.format.isEmpty { text += "format = \(quoted(c.format))\n" }
            text += "description = \"\"\n"
        }
        return text
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
