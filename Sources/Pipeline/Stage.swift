import Core
import Foundation

/// One named step of the build (fetch, ingest of a source family, model and reports, export,
/// render). A stage declares what it reads as named digests; the runner skips it when those
/// equal the digests of its last successful run and its outputs are still in place.
public struct Stage {
    public let name: String
    /// Stages whose outcome this one reads: their input digests are part of this one's.
    public var upstream: [String] = []
    /// Runs every time (fetch: the network is its input).
    public var always = false
    /// Named digests of everything the stage reads (files, SQL, templates, configuration,
    /// snapshot ids, warehouse state).
    public var inputs: () throws -> StageInputs
    /// Whether the outputs of the last run are still where the stage left them; a stage whose
    /// outputs are gone runs even when its inputs are unchanged.
    public var outputsPresent: () throws -> Bool = { true }
    /// Does the work; returns the lines the console prints and the counts the build report keeps.
    public var run: () throws -> StageFigures

    public init(_ name: String, upstream: [String] = [], always: Bool = false, inputs: @escaping () throws -> StageInputs,
                outputsPresent: @escaping () throws -> Bool = { true }, run: @escaping () throws -> StageFigures) {
        self.name = name
        self.upstream = upstream
        self.always = always
        self.inputs = inputs
        self.outputsPresent = outputsPresent
        self.run = run
    }
}

/// What a stage did: lines for the console, named counts for the build report.
public struct StageFigures: Sendable, Equatable {
    public var lines: [String] = []
    public var counts: [String: Int] = [:]
    public init(lines: [String] = [], counts: [String: Int] = [:]) {
        self.lines = lines
        self.counts = counts
    }
}

/// A stage's declared inputs: name → digest, folded into one digest in name order.
public struct StageInputs: Sendable, Equatable {
    public private(set) var digests: [String: String] = [:]
    public init() {}

    public mutating func add(_ name: String, value: String) {
        digests[name] = SHA256.hex(Array(value.utf8))
    }

    /// A file's bytes (or "absent").
    public mutating func add(_ name: String, file: URL) {
        digests[name] = (try? SHA256.hex(file: file.path)) ?? "absent"
    }

    /// Every file below a folder: relative paths and their bytes, so a renamed, added or
    /// removed file counts too.
    public mutating func add(_ name: String, directory: URL) {
        var lines: [String] = []
        let root = directory.standardizedFileURL.path
        if let walker = FileManager.default.enumerator(atPath: root) {
            for case let relative as String in walker {
                let path = root + "/" + relative
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                lines.append(relative + " " + ((try? SHA256.hex(file: path)) ?? "unreadable"))
            }
        }
        add(name, value: lines.sorted().joined(separator: "\n"))
    }

    /// All inputs as one digest.
    public var digest: String {
        SHA256.hex(Array(digests.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n").utf8))
    }

    /// Names whose digests differ from `previous` (added, removed or changed), sorted.
    public func changed(since previous: [String: String]) -> [String] {
        Set(digests.keys).union(previous.keys).filter { digests[$0] != previous[$0] }.sorted()
    }
}

/// Why a stage failed: the stage and, where known, the file.
public struct StageError: Error, CustomStringConvertible {
    public let stage: String
    public let underlying: Error
    public var description: String { "stage \(stage): \(ErrorText.describe(underlying))" }
}
