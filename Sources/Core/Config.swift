import Foundation
import TOMLKit

/// The warehouse engine a pipeline runs its SQL on.
public enum WarehouseEngineKind: String, Sendable, CaseIterable {
    /// chDB in-process: no services, a database directory on disk.
    case embedded
    /// A ClickHouse server or cluster over its HTTP interface.
    case clickhouse
}

public struct WarehouseConfig: Sendable, Equatable {
    public var engine: WarehouseEngineKind = .embedded
    /// Database directory of the embedded engine (relative to the current directory);
    /// unset means `<Spotlight home>/warehouse`.
    public var path: String? = nil
    /// Base URL of a ClickHouse server's HTTP interface, e.g. `http://127.0.0.1:8123`.
    public var url: String? = nil
    public var database: String = "default"
    public var user: String? = nil
    /// Only ever from the environment (`SPOTLIGHT_CLICKHOUSE_PASSWORD`), never from a file.
    public var password: String? = nil
    public var connectTimeoutSeconds: Int = 10
    public var queryTimeoutSeconds: Int = 3600
    /// Whether the embedded engine may read this machine's files. `false` makes it behave as a
    /// server on another machine must (nothing read with `file()`): a rehearsal, on one machine,
    /// of a build on a server. A server never reads them.
    public var localFiles = true
    public init() {}
}

public struct SiteConfig: Sendable, Equatable {
    public var title: String = "Spotlight"
    public var baseURL: String = "http://localhost:8080/"
    public var output: String = "public"
    /// Mustache templates and Markdown content; relative paths are found like `sql/`.
    public var templates: String = "templates"
    public var content: String = "content"
    public init() {}
}

public struct LakeConfig: Sendable, Equatable {
    /// `file://` (relative to the Spotlight home when not absolute) or `s3://bucket/prefix`.
    public var url: String? = nil
    public var endpoint: String? = nil
    public var region: String = "us-east-1"
    /// A named collection on the ClickHouse server holding the bucket's keys: the warehouse's
    /// `s3()` reads name it instead of carrying keys from Spotlight's environment.
    public var namedCollection: String? = nil
    public init() {}
}

/// One quarter of the SEC's insider-transaction data sets, written "2024q3".
public struct SECQuarter: Sendable, Equatable, CustomStringConvertible {
    public var year: Int
    public var quarter: Int
    public init(year: Int, quarter: Int) {
        self.year = year
        self.quarter = quarter
    }
    public init?(_ text: String) {
        guard let match = text.wholeMatch(of: /(\d{4})q([1-4])/), let year = Int(match.1), let quarter = Int(match.2) else { return nil }
        self.init(year: year, quarter: quarter)
    }
    public var description: String { "\(year)q\(quarter)" }
}

/// What `spotlight fetch` downloads. The default is bounded: the current FEC cycle without the
/// multi-gigabyte files (individual contributions, committee transactions).
public struct FetchConfig: Sendable, Equatable {
    /// Source families: "fec", "legislators", "voteview", "house-fd", "sec", "lda".
    public var sources: [String] = ["fec"]
    public var fecCycles: [Int] = [FetchConfig.currentCycle()]
    /// Years of Senate LDA filings and contributions (paginated API; the key, if any, comes
    /// from SPOTLIGHT_LDA_API_KEY).
    public var ldaYears: [Int] = [Calendar(identifier: .gregorian).component(.year, from: Date())]
    /// Also fetch files of several GB (FEC indiv and oth zips).
    public var largeFiles = false
    /// Replaces the FEC bulk-download base URL (a mirror; `file://` for offline demo builds).
    public var fecBaseURL: String? = nil
    /// Fetch every official URL from `{mirror}/{host}{path}` instead (see `Mirror`).
    public var mirror: String? = nil
    /// Also fetch legislators-historical.yaml (every former member, over 4 MB), so trades and
    /// votes of members who have left are matched.
    public var legislatorsHistorical = true
    /// Which publications of the dated families to fetch; none → the current ones (Voteview:
    /// the current Congress; House and Senate roll calls: this year; the House FD index: last
    /// year; SEC insider data sets: the last quarter of last cycle's first year). A mirror of an
    /// archive names the ones it holds.
    public var voteviewCongresses: [Int]? = nil
    /// Voteview's files per chamber ("S117_members.csv") or both chambers in one ("HS117_…").
    public var voteviewChamber = "HS"
    public var voteYears: [Int]? = nil
    public var houseFDYears: [Int]? = nil
    /// Also fetch every periodic transaction report (PDF) the FD index lists.
    public var housePTRs = true
    /// SEC insider-transaction data sets as (year, quarter).
    public var secQuarters: [SECQuarter]? = nil
    /// Downloads at once, and at once per host.
    public var concurrency = 4
    public var perHost = 2
    /// `spotlight build` fetches before ingesting.
    public var beforeBuild = true
    /// Offline demo: the FEC files are generated (as `spotlight sample` does) into
    /// `<home>/demo/fec/<cycle>/` and fetched from there by the real downloader (`file://`).
    public var demo = false
    public init() {}

    /// The FEC two-year cycle containing `date`: named by its even end year.
    public static func currentCycle(_ date: Date = Date()) -> Int {
        let year = Calendar(identifier: .gregorian).component(.year, from: date)
        return year % 2 == 0 ? year : year + 1
    }
}

public struct ReportsConfig: Sendable, Equatable {
    /// Trades near votes: a trade counts when it is at most this many days before or after the vote.
    public var tradeVoteWindowDays = 30
    public init() {}

    /// The values report SQL reads as `{name}` placeholders.
    public var parameters: [String: String] { ["trade_vote_window_days": String(tradeVoteWindowDays)] }
}

/// Where `spotlight publish` puts the built site.
public struct PublishConfig: Sendable, Equatable {
    /// `s3://bucket/prefix` (AWS S3, MinIO, R2; credentials from the environment) or a
    /// directory (a path or `file://`).
    public var target: String? = nil
    /// The S3 API endpoint for MinIO, R2 or a test server (path-style); unset means AWS.
    public var endpoint: String? = nil
    public var region: String = "us-east-1"
    /// Publish the `.gz`/`.br` twins; unset means the target's strategy (S3 and R2: no, the
    /// CDN compresses; a directory: yes, for nginx gzip_static/brotli_static).
    public var twins: Bool? = nil
    /// Uploads at once.
    public var concurrency = 8
    public init() {}
}

/// `spotlight.toml`: site and pipeline configuration. Unknown keys are errors, so a typo never
/// silently falls back to a default.
public struct SpotlightConfig: Sendable, Equatable {
    public var site = SiteConfig()
    public var warehouse = WarehouseConfig()
    public var lake = LakeConfig()
    public var fetch = FetchConfig()
    public var publish = PublishConfig()
    public var reports = ReportsConfig()
    /// The file this configuration was read from, if any.
    public var source: String? = nil

    public init() {}

    /// Reads `path` (when it exists, or when `required`), then applies environment overrides.
    public static func load(path: String, required: Bool = false,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> SpotlightConfig {
        var config = SpotlightConfig()
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigError(file: path, line: nil, key: nil, message: "cannot be read")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ConfigError(file: path, line: nil, key: nil, message: "is not UTF-8")
            }
            config = try parse(text, file: path)
        } else if required {
            throw ConfigError(file: path, line: nil, key: nil, message: "does not exist")
        }
        try config.applyEnvironment(environment)
        // Only a server holds named collections Spotlight can count on; chDB reads the bucket
        // with the keys from the environment.
        if config.lake.namedCollection != nil, config.warehouse.engine == .embedded {
            throw ConfigError(file: path, line: nil, key: "lake.named_collection",
                              message: "names a collection on a ClickHouse server, but the warehouse is the embedded engine, which reads the bucket with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: remove it, or use a server (engine = \"clickhouse\")")
        }
        return config
    }

    public static func parse(_ text: String, file: String) throws(ConfigError) -> SpotlightConfig {
        let table: TOMLTable
        do {
            table = try TOMLText.table(text)
        } catch let error as TOMLText.HeaderError {
            throw ConfigError(file: file, line: error.line, key: nil, message: error.description)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, line: error.source.begin.line, key: nil,
                              message: "\(error.description) (column \(error.source.begin.column))")
        } catch {
            throw ConfigError(file: file, line: nil, key: nil, message: "\(error)")
        }
        let reader = TableReader(text: text, file: file)
        var config = SpotlightConfig()
        config.source = file
        for key in table.keys {
            guard let section = table[key]?.table else {
                throw reader.error(section: nil, key: key, "must be a section ([\(key)])")
            }
            switch key {
            case "site":
                try reader.read(section, name: key) { (key, value) throws(ConfigError) in
                    switch key {
                    case "title": config.site.title = try reader.string(value, "site", key)
                    case "base_url": config.site.baseURL = try reader.string(value, "site", key)
                    case "output": config.site.output = try reader.string(value, "site", key)
                    case "templates": config.site.templates = try reader.string(value, "site", key)
                    case "content": config.site.content = try reader.string(value, "site", key)
                    default: return false
                    }
                    return true
                }
            case "warehouse":
                try reader.read(section, name: key) { (key, value) throws(ConfigError) in
                    switch key {
                    case "engine":
                        let raw = try reader.string(value, "warehouse", key)
                        guard let kind = WarehouseEngineKind(rawValue: raw) else {
                            throw reader.error(section: "warehouse", key: key,
                                               "must be one of \(WarehouseEngineKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), not \"\(raw)\"")
                        }
                        config.warehouse.engine = kind
                    case "path": config.warehouse.path = try reader.string(value, "warehouse", key)
                    case "url": config.warehouse.url = try reader.string(value, "warehouse", key)
                    case "database": config.warehouse.database = try reader.string(value, "warehouse", key)
                    case "user": config.warehouse.user = try reader.string(value, "warehouse", key)
                    case "password":
                        throw reader.error(section: "warehouse", key: key,
                                           "passwords are never read from files: set SPOTLIGHT_CLICKHOUSE_PASSWORD in the environment")
                    case "connect_timeout_seconds": config.warehouse.connectTimeoutSeconds = try reader.positiveInt(value, "warehouse", key)
                    case "query_timeout_seconds": config.warehouse.queryTimeoutSeconds = try reader.positiveInt(value, "warehouse", key)
                    case "local_files": config.warehouse.localFiles = try reader.bool(value, "warehouse", key)
                    default: return false
                    }
                    return true
                }
            case "lake":
                try reader.read(section, name: key) { (key, value) throws(ConfigError) in
                    switch key {
                    case "url": config.lake.url = try reader.string(value, "lake", key)
                    case "endpoint": config.lake.endpoint = try reader.string(value, "lake", key)
                    case "region": config.lake.region = try reader.string(value, "lake", key)
                    case "named_collection":
                        let name = try reader.string(value, "lake", key)
                        guard !name.isEmpty, name.utf8.allSatisfy({ $0 == 95 || ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) }) else {
                            throw reader.error(section: "lake", key: key, "must be the name of a named collection on the server (letters, digits, _), not \"\(name)\"")
                        }
                        config.lake.namedCollection = name
                    default: return false
                    }
                    return true
                }
            case "fetch":
                try reader.read(section, name: key) { (key, value) throws(ConfigError) in
                    switch key {
                    case "sources": config.fetch.sources = try reader.strings(value, "fetch", key)
                    case "fec_cycles":
                        let cycles = try reader.ints(value, "fetch", key)
                        guard cycles.allSatisfy({ $0 % 2 == 0 && $0 >= 1980 }) else {
                            throw reader.error(section: "fetch", key: key, "must list even years (FEC cycles), e.g. [2024]")
                        }
                        config.fetch.fecCycles = cycles
                    case "large_files": config.fetch.largeFiles = try reader.bool(value, "fetch", key)
                    case "lda_years": config.fetch.ldaYears = try reader.ints(value, "fetch", key)
                    case "fec_base_url": config.fetch.fecBaseURL = try reader.string(value, "fetch", key)
                    case "mirror": config.fetch.mirror = try reader.string(value, "fetch", key)
                    case "legislators_historical": config.fetch.legislatorsHistorical = try reader.bool(value, "fetch", key)
                    case "voteview_congresses": config.fetch.voteviewCongresses = try reader.ints(value, "fetch", key)
                    case "voteview_chamber":
                        let chamber = try reader.string(value, "fetch", key)
                        guard ["HS", "H", "S"].contains(chamber) else { throw reader.error(section: "fetch", key: key, "must be \"HS\", \"H\" or \"S\"") }
                        config.fetch.voteviewChamber = chamber
                    case "vote_years": config.fetch.voteYears = try reader.ints(value, "fetch", key)
                    case "house_fd_years": config.fetch.houseFDYears = try reader.ints(value, "fetch", key)
                    case "house_ptrs": config.fetch.housePTRs = try reader.bool(value, "fetch", key)
                    case "sec_quarters":
                        var quarters: [SECQuarter] = []
                        for text in try reader.strings(value, "fetch", key) {
                            guard let quarter = SECQuarter(text) else { throw reader.error(section: "fetch", key: key, "must list quarters written like \"2024q3\"") }
                            quarters.append(quarter)
                        }
                        config.fetch.secQuarters = quarters
                    case "concurrency": config.fetch.concurrency = try reader.positiveInt(value, "fetch", key)
                    case "per_host": config.fetch.perHost = try reader.positiveInt(value, "fetch", key)
                    case "before_build": config.fetch.beforeBuild = try reader.bool(value, "fetch", key)
                    case "demo": config.fetch.demo = try reader.bool(value, "fetch", key)
                    default: return false
                    }
                    return true
                }
            case "publish":
                try reader.read(section, name: key) { (key, value) throws(ConfigError) in
                    switch key {
                    case "target": config.publish.target = try reader.string(value, "publish", key)
                    case "endpoint": config.publish.endpoint = try reader.string(value, "publish", key)
                    case "region": config.publish.region = try reader.string(value, "publish", key)
                    case "twins": config.publish.twins = try reader.bool(value, "publish", key)
                    case "concurrency": config.publish.concurrency = try reader.positiveInt(value, "publish", key)
                    default: return false
                    }
                    return true
                }
            case "reports":
                try reader.read(section, name: key) { (key, value) throws(ConfigError) in
                    switch key {
                    case "trade_vote_window_days": config.reports.tradeVoteWindowDays = try reader.positiveInt(value, "reports", key)
                    default: return false
                    }
                    return true
                }
            default:
                throw reader.error(section: nil, key: key, "is not a known section (known: site, warehouse, lake, fetch, publish, reports)")
            }
        }
        return config
    }

    /// Environment variables win over the file, so CI and scale-out deployments need no edits.
    public mutating func applyEnvironment(_ environment: [String: String]) throws(ConfigError) {
        if let engine = environment["SPOTLIGHT_WAREHOUSE_ENGINE"], !engine.isEmpty {
            guard let kind = WarehouseEngineKind(rawValue: engine) else {
                throw ConfigError(file: "environment", line: nil, key: "SPOTLIGHT_WAREHOUSE_ENGINE",
                                  message: "must be embedded or clickhouse, not \"\(engine)\"")
            }
            warehouse.engine = kind
        }
        if let url = environment["SPOTLIGHT_CLICKHOUSE_URL"], !url.isEmpty {
            warehouse.url = url
            // Naming a server in the environment is a request to use it.
            if environment["SPOTLIGHT_WAREHOUSE_ENGINE"] == nil { warehouse.engine = .clickhouse }
        }
        if let user = environment["SPOTLIGHT_CLICKHOUSE_USER"], !user.isEmpty { warehouse.user = user }
        if let password = environment["SPOTLIGHT_CLICKHOUSE_PASSWORD"] { warehouse.password = password }
        if let database = environment["SPOTLIGHT_CLICKHOUSE_DATABASE"], !database.isEmpty { warehouse.database = database }
        // The nightly workflow names its bucket in secrets, not in the repository's file.
        if let target = environment["SPOTLIGHT_PUBLISH_TARGET"], !target.isEmpty { publish.target = target }
        if let endpoint = environment["SPOTLIGHT_PUBLISH_ENDPOINT"], !endpoint.isEmpty { publish.endpoint = endpoint }
    }

    /// The embedded engine's database directory.
    public func warehousePath(home: SpotlightHome) -> URL {
        guard let path = warehouse.path, !path.isEmpty else { return home.warehouse }
        return URL(fileURLWithPath: path).standardizedFileURL
    }
}

/// A configuration problem, naming the file, the line and the key at fault.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int?
    public let key: String?
    public let message: String

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let key { return "\(place): \(key) \(message)" }
        return "\(place): \(message)"
    }
}

/// Reads typed values out of TOMLKit tables and finds the line of a key for error messages
/// (TOMLKit reports positions only for syntax errors).
private struct TableReader {
    let lines: [Substring]
    let file: String

    init(text: String, file: String) {
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        self.file = file
    }

    func read(_ table: TOMLTable, name: String,
              _ assign: (String, TOMLValueConvertible) throws(ConfigError) -> Bool) throws(ConfigError) {
        for key in table.keys {
            guard let value = table[key] else { continue }
            if try !assign(key, value) {
                throw error(section: name, key: key, "is not a known key of [\(name)]")
            }
        }
    }

    func string(_ value: TOMLValueConvertible, _ section: String, _ key: String) throws(ConfigError) -> String {
        guard let string = value.string else { throw error(section: section, key: key, "must be a string") }
        return string
    }

    func bool(_ value: TOMLValueConvertible, _ section: String, _ key: String) throws(ConfigError) -> Bool {
        guard let bool = value.bool else { throw error(section: section, key: key, "must be true or false") }
        return bool
    }

    func strings(_ value: TOMLValueConvertible, _ section: String, _ key: String) throws(ConfigError) -> [String] {
        guard let array = value.array else { throw error(section: section, key: key, "must be a list of strings") }
        var out: [String] = []
        for item in array {
            guard let s = item.string else { throw error(section: section, key: key, "must be a list of strings") }
            out.append(s)
        }
        return out
    }

    func ints(_ value: TOMLValueConvertible, _ section: String, _ key: String) throws(ConfigError) -> [Int] {
        guard let array = value.array else { throw error(section: section, key: key, "must be a list of whole numbers") }
        var out: [Int] = []
        for item in array {
            guard let i = item.int else { throw error(section: section, key: key, "must be a list of whole numbers") }
            out.append(i)
        }
        return out
    }

    func positiveInt(_ value: TOMLValueConvertible, _ section: String, _ key: String) throws(ConfigError) -> Int {
        guard let int = value.int, int > 0 else { throw error(section: section, key: key, "must be a positive integer") }
        return int
    }

    func error(section: String?, key: String, _ message: String) -> ConfigError {
        ConfigError(file: file, line: line(section: section, key: key),
                    key: section.map { "\($0).\(key)" } ?? key, message: message)
    }

    /// The 1-based line where `key` is assigned inside `[section]` (or where the section starts).
    func line(section: String?, key: String) -> Int? {
        var current: String? = nil
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let name = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] \t"))
                current = name
                if section == nil && name == key { return index + 1 }
                continue
            }
            if current == section, let eq = line.firstIndex(of: "=") {
                let name = line[..<eq].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
                if name == key { return index + 1 }
            }
        }
        return nil
    }
}
