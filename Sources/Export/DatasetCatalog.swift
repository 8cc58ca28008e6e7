import Core
import Foundation
import TOMLKit

/// One downloadable dataset: a warehouse table (a source table, a model table or a report's
/// result) with what a researcher needs to use it — meaning and official source of every
/// column, keys, sort order, provenance and caveats. Written by people in
/// `content/datasets/<family>.toml`; the types, counts and examples come from the warehouse.
public struct DatasetSpec: Sendable, Equatable {
    public struct Column: Sendable, Equatable, Codable {
        public var meaning: String
        /// The column in the official file it comes from; "" when Spotlight derives it.
        public var official: String
    }

    public struct ForeignKey: Sendable, Equatable, Codable {
        public var fields: [String]
        /// The referenced dataset's name.
        public var resource: String
        public var referenceFields: [String]
    }

    /// The entity whose pages link to this dataset's rows, and the column naming it.
    public struct Entity: Sendable, Equatable, Codable {
        /// politician (politician_id), member (bioguide), icpsr (a member's Voteview ids),
        /// candidate (FEC candidate id), committee or corporation.
        public var kind: String
        public var column: String
    }

    public struct Source: Sendable, Equatable, Codable {
        public var title: String
        public var path: String
    }

    public var name: String
    public var table: String
    public var title: String
    public var description: String
    public var family: String
    public var caveats: String
    public var primaryKey: [String]
    public var foreignKeys: [ForeignKey]
    /// Row order of the files: readers filtering on the first column read only its row groups.
    public var sort: [String]
    public var entity: Entity?
    public var sources: [Source]
    /// The ingested tables the rows come from (a view's underlying tables), for provenance.
    public var ingestedAs: [String]
    /// Columns left out of the files (bookkeeping that differs from build to build).
    public var omit: [String] = []
    /// The licence the data is published under, for a contributed dataset ('' for the official
    /// sources, whose licence is the package's: U.S. government works).
    public var licence = ""
    /// The SQL expression whose distinct values are the dataset's coverage ("period" where the
    /// period is a year or quarter; "" for none); nil: the cycle, filing year, Congress or trade year.
    public var coverage: String? = nil
    var columns: [String: Column]

    /// What a column nobody has described means (a Markdown report's result: its query says).
    public var undescribed: String? = nil

    /// The column's meaning and official source, or nil when nobody has written it down.
    public func column(_ name: String) -> Column? { columns[name] ?? undescribed.map { Column(meaning: $0, official: "") } }
    /// Every column the dictionary describes.
    public var columnNames: [String] { Array(columns.keys) }
}

public struct DatasetCatalogError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Every dataset, in publishing order: the families' files (common.toml first for shared
/// columns), then one dataset per report (`report-<name>`, columns from reports.toml).
public struct DatasetCatalog: Sendable {
    public let datasets: [DatasetSpec]

    public struct Report: Sendable {
        public let name: String
        public let table: String
        public let title: String
        public let description: String
        /// Where a column the catalog does not describe is explained (a Markdown report's query).
        public var undescribed: String?
        /// The page the rows are shown on.
        public var page: String?
        public init(name: String, table: String, title: String, description: String, undescribed: String? = nil, page: String? = nil) {
            self.name = name
            self.table = table
            self.title = title
            self.description = description
            self.undescribed = undescribed
            self.page = page
        }
    }

    public init(datasets: [DatasetSpec]) { self.datasets = datasets }

    public static func load(directory: URL, reports: [Report]) throws -> DatasetCatalog {
        func table(_ file: String) throws -> TOMLTable? {
            let url = directory.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            do { return try TOMLText.table(text) } catch { throw DatasetCatalogError(message: "content/datasets/\(file): \(error)") }
        }
        let common = try table("common.toml").map { try columns($0["columns"]?.table, rule: .none, file: "common.toml") } ?? [:]
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".toml") && $0 != "common.toml" && $0 != "reports.toml" }.sorted()
        var datasets: [DatasetSpec] = []
        for file in files {
            guard let family = try table(file) else { continue }
            datasets += try familyDatasets(family, file: file, common: common)
        }
        datasets += try DatasetDefinition.all(in: directory).map { contributedSpec($0, common: common) }
        let reportFamily = try table("reports.toml")
        let reportColumns = try reportFamily.map { try columns($0["columns"]?.table, rule: .none, file: "reports.toml") } ?? [:]
        for report in reports {
            let own = try reportFamily?["report"]?.table?[report.name]?.table.map { try columns($0, rule: .none, file: "reports.toml") } ?? [:]
            var spec = DatasetSpec(
                name: "report-\(report.name)", table: report.table, title: "Report: \(report.title)", description: report.description,
                family: reportFamily?["family"]?.string ?? "Reports", caveats: "", primaryKey: ["rank"], foreignKeys: [], sort: ["rank"],
                entity: nil, sources: [DatasetSpec.Source(title: "Spotlight report: \(report.title)", path: report.page ?? "/reports/\(report.name)/")],
                ingestedAs: [], columns: common.merging(reportColumns) { $1 }.merging(own) { $1 })
            spec.undescribed = report.undescribed
            datasets.append(spec)
        }
        let names = datasets.map(\.name)
        if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw DatasetCatalogError(message: "content/datasets: dataset \(duplicate) is defined twice")
        }
        for dataset in datasets {
            for key in dataset.foreignKeys where !names.contains(key.resource) {
                throw DatasetCatalogError(message: "content/datasets: \(dataset.name) has a foreign key to \(key.resource), which is not a dataset")
            }
        }
        return DatasetCatalog(datasets: datasets)
    }

    /// A contributed dataset (`content/datasets/<name>/dataset.toml`): its columns' meanings are
    /// their descriptions, the official column their header in the source file. A transformed
    /// dataset's columns are what its SELECT makes, described where the definition names them.
    public static func contributedSpec(_ d: DatasetDefinition, common: [String: DatasetSpec.Column]) -> DatasetSpec {
        var columns = common
        for c in d.columns {
            columns[c.name] = .init(meaning: c.description.isEmpty ? "Column \(c.header) of the source file (not described yet)." : c.description, official: c.header)
        }
        let sources = d.sources.enumerated().map { i, location -> DatasetSpec.Source in
            switch location {
            case .url(let url) where url.hasPrefix("{demo}/"):
                return .init(title: "\(d.title), file \(i + 1): generated by Spotlight's demo", path: "/datasets/\(d.name)/")
            case .url(let url): return .init(title: "\(d.title), file \(i + 1)", path: url)
            case .file(let path): return .init(title: "\(d.title): \(path), kept with the dataset's definition", path: "/datasets/\(d.name)/")
            }
        }
        // Entity pages offer "these rows" downloads by a column holding their own id.
        let entity = d.links.first { ["member", "candidate", "committee"].contains($0.kind) }.map { DatasetSpec.Entity(kind: $0.kind, column: $0.column) }
        var spec = DatasetSpec(
            name: d.name, table: d.table, title: d.title, description: d.description, family: d.family, caveats: d.caveats,
            primaryKey: d.primaryKey, foreignKeys: [], sort: d.sort.isEmpty ? d.primaryKey : d.sort, entity: entity, sources: sources,
            ingestedAs: [d.loadTable], omit: ["period"], coverage: "", columns: columns)
        spec.licence = d.licence
        return spec
    }

    /// How the official column of a column written as a plain meaning is named.
    enum OfficialRule: String { case upper, same, none }

    static func columns(_ table: TOMLTable?, rule: OfficialRule, file: String) throws -> [String: DatasetSpec.Column] {
        var out: [String: DatasetSpec.Column] = [:]
        for (name, value) in table ?? [:] {
            if let meaning = value.string {
                out[name] = .init(meaning: meaning, official: rule == .upper ? name.uppercased() : rule == .same ? name : "")
            } else if let pair = value.array?.compactMap(\.string), pair.count == 2 {
                out[name] = .init(meaning: pair[0], official: pair[1])
            } else {
                throw DatasetCatalogError(message: "content/datasets/\(file): column \(name) must be \"meaning\" or [\"meaning\", \"official column\"]")
            }
        }
        return out
    }

    static func strings(_ value: TOMLValueConvertible?, _ what: String, file: String) throws -> [String] {
        guard let value else { return [] }
        guard let list = value.array?.compactMap(\.string), list.count == value.array?.count else {
            throw DatasetCatalogError(message: "content/datasets/\(file): \(what) must be a list of text")
        }
        return list
    }

    static func familyDatasets(_ family: TOMLTable, file: String, common: [String: DatasetSpec.Column]) throws -> [DatasetSpec] {
        guard let familyName = family["family"]?.string else { throw DatasetCatalogError(message: "content/datasets/\(file): needs family = \"…\"") }
        let rule = OfficialRule(rawValue: family["official_columns"]?.string ?? "none") ?? .none
        let sources = try (family["sources"]?.array ?? []).map { item -> DatasetSpec.Source in
            guard let t = item.table, let title = t["title"]?.string, let path = t["path"]?.string else {
                throw DatasetCatalogError(message: "content/datasets/\(file): each source needs title and path")
            }
            return .init(title: title, path: path)
        }
        let shared = try columns(family["columns"]?.table, rule: rule, file: file)
        return try (family["dataset"]?.array ?? []).enumerated().map { i, item in
            guard let d = item.table, let name = d["name"]?.string, let table = d["table"]?.string,
                  let title = d["title"]?.string, let description = d["description"]?.string else {
                throw DatasetCatalogError(message: "content/datasets/\(file): dataset \(i + 1) needs name, table, title and description")
            }
            guard name.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil else {
                throw DatasetCatalogError(message: "content/datasets/\(file): dataset name \(name) must be lower-case words joined by -")
            }
            let ownRule = d["official_columns"]?.string.flatMap(OfficialRule.init(rawValue:)) ?? rule
            // Family columns follow the dataset's own rule when it has one (a CSV keeping its names).
            let familyColumns = ownRule == rule ? shared : try columns(family["columns"]?.table, rule: ownRule, file: file)
            let own = try columns(d["columns"]?.table, rule: ownRule, file: file)
            var entity: DatasetSpec.Entity?
            if let e = d["entity"]?.table {
                guard let kind = e["kind"]?.string, let column = e["column"]?.string,
                      ["politician", "member", "icpsr", "candidate", "committee", "corporation"].contains(kind) else {
                    throw DatasetCatalogError(message: "content/datasets/\(file): \(name): entity needs kind (politician, member, icpsr, candidate, committee, corporation) and column")
                }
                entity = .init(kind: kind, column: column)
            }
            let foreignKeys = try (d["foreign_keys"]?.array ?? []).map { fk -> DatasetSpec.ForeignKey in
                guard let t = fk.table, let resource = t["resource"]?.string else {
                    throw DatasetCatalogError(message: "content/datasets/\(file): \(name): a foreign key needs fields, resource and reference")
                }
                let fields = try strings(t["fields"], "\(name) foreign key fields", file: file)
                let reference = try strings(t["reference"], "\(name) foreign key reference", file: file)
                guard !fields.isEmpty, fields.count == reference.count else {
                    throw DatasetCatalogError(message: "content/datasets/\(file): \(name): foreign key fields and reference must pair up")
                }
                return .init(fields: fields, resource: resource, referenceFields: reference)
            }
            return DatasetSpec(
                name: name, table: table, title: title, description: description, family: familyName,
                caveats: d["caveats"]?.string ?? "", primaryKey: try strings(d["primary_key"], "\(name) primary_key", file: file),
                foreignKeys: foreignKeys, sort: try strings(d["sort"], "\(name) sort", file: file), entity: entity, sources: sources,
                ingestedAs: try d["ingested_as"].map { try strings($0, "\(name) ingested_as", file: file) } ?? [table],
                omit: try strings(d["omit"], "\(name) omit", file: file),
                coverage: d["coverage"]?.string ?? family["coverage"]?.string,
                columns: common.merging(familyColumns) { $1 }.merging(own) { $1 })
        }
    }
}
