import Core
import Foundation
import Logging
import Warehouse

/// `spotlight ingest fec`: loads whatever official FEC bulk files a folder holds for one
/// cycle, zipped (`indiv16.zip`) or extracted (`itcont.txt`), replacing that cycle's rows.
public struct FECIngest {
    public let engine: any WarehouseEngine
    public let sql: SQLLibrary
    public let home: SpotlightHome
    public let maxQuarantineRate: Double
    private let logger = Logger(label: "spotlight.ingest.fec")

    public init(engine: any WarehouseEngine, sql: SQLLibrary, home: SpotlightHome, maxQuarantineRate: Double = 0.01) {
        self.engine = engine
        self.sql = sql
        self.home = home
        self.maxQuarantineRate = maxQuarantineRate
    }

    /// A file found in the input folder, possibly inside a zip.
    public struct Input: Sendable, Equatable {
        public let bulkFile: FECBulkFile
        public let location: URL
        /// Set when the text is a member of the zip at `location`.
        public let zipMember: String?
        /// How reports and the quarantine name it: `itcont.txt`, or `indiv16.zip:itcont.txt`
        /// for a zip's member, read from the zip or from the lake's `.zst` copy of it.
        public let displayName: String
        /// The `.zst` copy's lines as its snapshot's manifest records them (counted at fetch).
        public var lines: Int? = nil
        /// The `.zst` copy in the S3 lake, read there by the warehouse (`location` is then not
        /// on this machine).
        public var object: WarehouseFile? = nil
    }

    /// The zip members a lake snapshot keeps as `.zst`, as its manifest lists them: only a
    /// member the manifest names, of this cycle's zip, with the size on disk, is read instead of
    /// the zip, and its line count (taken at fetch) is the one the books use. A folder without
    /// a manifest (a hand `--dir` load) is read from its official files. A member the S3 lake
    /// holds (`objects`) is read from the bucket and is not on this machine at all.
    private struct Manifest: Decodable {
        struct File: Decodable { let name: String; let lines: Int?; let memberOf: String?; let size: Int64?; let status: String }
        let files: [File]
        static func members(in directory: URL, objects: [String: WarehouseFile]) -> [String: File] {
            guard let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")),
                  let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else { return [:] }
            let kept = manifest.files.filter { file in
                guard file.memberOf != nil, file.lines != nil, file.status != "failed" else { return false }
                if objects[file.name] != nil { return true }
                guard let size = (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(file.name).path)[.size] as? NSNumber)?.int64Value
                else { return false }
                return size == file.size
            }
            return Dictionary(kept.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    public static func validate(cycle: Int) throws {
        guard cycle >= 1976, cycle <= 2100, cycle % 2 == 0 else {
            throw IngestError.input("--cycle must be an even year (the year a two-year FEC cycle ends), not \(cycle)")
        }
    }

    /// The official files in `directory` for `cycle`. An extracted file wins over its zip (they
    /// hold the same rows; loading both would double them), and the lake's `.zst` copy of a
    /// zip's member (made at fetch) over the zip: ClickHouse reads it without a scratch copy.
    public static func discover(directory: URL, cycle: Int, objects: [String: WarehouseFile] = [:]) throws -> [Input] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw IngestError.input("\(directory.path) is not a folder")
        }
        let names = Set((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        func find(_ name: String) -> String? { names.first { $0.lowercased() == name.lowercased() } }
        let members = Manifest.members(in: directory, objects: objects)
        return FECBulkFile.all.compactMap { file in
            if let text = find(file.member(cycle: cycle)) {
                return Input(bulkFile: file, location: directory.appendingPathComponent(text), zipMember: nil, displayName: text)
            }
            let member = file.member(cycle: cycle), zipName = file.zipName(cycle: cycle)
            if !file.unzipped, let copy = members[member + ".zst"], copy.memberOf?.lowercased() == zipName.lowercased() {
                return Input(bulkFile: file, location: directory.appendingPathComponent(copy.name), zipMember: nil,
                             displayName: "\(copy.memberOf!):\(member)", lines: copy.lines, object: objects[copy.name])
            }
            if !file.unzipped, let zip = find(zipName) {
                return Input(bulkFile: file, location: directory.appendingPathComponent(zip), zipMember: member, displayName: "\(zip):\(member)")
            }
            return nil
        }
    }

    /// Loads `directory`'s files for `cycle`; `objects` are the snapshot's members the warehouse
    /// reads from the S3 lake itself.
    public func run(cycle: Int, directory: URL, objects: [String: WarehouseFile] = [:]) throws -> [LoadOutcome] {
        try FECIngest.validate(cycle: cycle)
        let inputs = try FECIngest.discover(directory: directory, cycle: cycle, objects: objects)
        guard !inputs.isEmpty else {
            throw IngestError.input("\(directory.path) holds no FEC bulk files for \(cycle) (looked for \(FECBulkFile.all.map { "\($0.member(cycle: cycle)) or \($0.zipName(cycle: cycle))" }.joined(separator: ", ")))")
        }
        try sql.prepare(engine)
        let loader = TableLoader(engine: engine, source: "fec", maxQuarantineRate: maxQuarantineRate)
        var outcomes: [LoadOutcome] = []
        for input in inputs {
            let table = try sql.table(input.bulkFile.sqlFile)
            try sql.create(table, on: engine)
            let outcome = try withText(of: input) { path in
                try loader.load(table: input.bulkFile.table, sql: table, period: cycle,
                                records: try recordSource(path, object: input.object, layout: input.bulkFile.layout, name: input.displayName, lines: input.lines),
                                file: input.displayName)
            }
            logger.debug("\(outcome.summary)")
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Pipe files go to ClickHouse as they are; CSV is parsed here (quotes, embedded newlines)
    /// into JSON lines under the Spotlight home, after its header is checked.
    /// (`object`: the member in the S3 lake, read there instead of `path`.)
    private func recordSource(_ path: URL, object: WarehouseFile?, layout: FECBulkFile.Layout, name: String, lines: Int?) throws -> TableLoader.RecordSource {
        switch layout {
        case .pipe:
            return .delimitedLines(object ?? .local(path), delimiter: "|", lines: lines)
        case .csv(let expected):
            let output = try scratchFile(named: name + ".jsonl")
            let result = try CSVRecords.convert(path, to: output)
            guard result.header.map({ $0.lowercased() }) == expected else {
                throw IngestError.input("\(name): line 1: the header is not the FEC's (expected \(expected.joined(separator: ",")), found \(result.header.joined(separator: ",")))")
            }
            return .records(output, count: result.records)
        }
    }

    private func scratchFile(named name: String) throws -> URL {
        let scratch = home.root.appendingPathComponent("tmp", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        return scratch.appendingPathComponent("\(UUID().uuidString)-\(name.replacingOccurrences(of: "/", with: "_"))")
    }

    /// Hands over a plain-text path: the file itself, or the zip member inflated (streaming)
    /// into a temporary file under the Spotlight home, removed afterwards.
    private func withText<T>(of input: Input, _ body: (URL) throws -> T) throws -> T {
        guard let member = input.zipMember else { return try body(input.location) }
        let source: ZipMember
        do { source = try ZipMember(member, of: input.location, shown: input.location.path) } catch { throw IngestError.input(error.description) }
        let target = try scratchFile(named: member)
        defer { try? FileManager.default.removeItem(at: target) }
        do {
            guard FileManager.default.createFile(atPath: target.path, contents: nil), let out = FileHandle(forWritingAtPath: target.path) else {
                throw IngestError.input("\(target.path): cannot be written")
            }
            defer { try? out.close() }
            try source.extract { try out.write(contentsOf: $0) }
        } catch {
            throw IngestError.input("\(input.displayName): cannot extract (\(ErrorText.describe(error)))")
        }
        return try body(target)
    }
}

extension FECIngest {
    /// Records where an ingest's rows came from (`ingest_runs`): the lake snapshot, or the folder.
    public func record(_ outcomes: [LoadOutcome], source: String, snapshot: String, cycle: Int) throws {
        guard !outcomes.isEmpty else { return }
        let values = outcomes.map { o in
            "(\(SQLText.literal(source)), \(SQLText.literal(snapshot)), \(cycle), \(SQLText.literal(o.table)), \(SQLText.literal(o.file)), "
                + "\(o.linesRead), \(o.loaded), \(o.quarantined), now())"
        }.joined(separator: ", ")
        try engine.execute("INSERT INTO ingest_runs VALUES \(values)")
    }
}
