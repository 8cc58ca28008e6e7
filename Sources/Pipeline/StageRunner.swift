import Core
import Foundation

/// Runs a stage list in order, skipping each stage whose inputs (its own and its upstream
/// stages') are what they were at its last successful run. The state lives in
/// `SPOTLIGHT_HOME/state/stages.json`; `build-report.json` beside it says what the last build did.
public struct StageRunner {
    public let stateDirectory: URL
    /// Run every stage whatever its inputs (`spotlight build --force`).
    public var force = false
    /// Called with each line a stage prints and one line per stage run or skipped.
    public var print: (String) -> Void = { Swift.print($0) }
    /// Collects each stage's report as it finishes, for stages that report on the ones before
    /// them (the render's status page).
    public var log = StageLog()

    public init(stateDirectory: URL) { self.stateDirectory = stateDirectory }

    struct Record: Codable {
        var digest: String
        var inputs: [String: String]
    }

    public struct StageReport: Codable, Sendable, Equatable {
        public var name: String
        /// "ran" or "skipped".
        public var status: String
        public var seconds: Double
        /// Inputs that differed from the last successful run (all of them on a first run).
        public var changed: [String]
        public var counts: [String: Int]
    }

    public struct BuildReport: Codable, Sendable {
        public var stages: [StageReport] = []
        public var seconds = 0.0
    }

    var statePath: URL { stateDirectory.appendingPathComponent("stages.json") }
    public var reportPath: URL { stateDirectory.appendingPathComponent("build-report.json") }

    @discardableResult
    public func run(_ stages: [Stage]) throws -> BuildReport {
        let started = Date()
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        var records = (try? JSONDecoder().decode([String: Record].self, from: Data(contentsOf: statePath))) ?? [:]
        var digests: [String: String] = [:]
        var report = BuildReport()
        for stage in stages {
            let stageStarted = Date()
            var inputs: StageInputs
            do { inputs = try stage.inputs() } catch { throw StageError(stage: stage.name, underlying: error) }
            // An upstream stage not in this list (a render-only build) counts as its last run.
            for name in stage.upstream { inputs.add("stage:\(name)", value: digests[name] ?? records[name]?.digest ?? "never run") }
            let digest = inputs.digest
            digests[stage.name] = digest
            let previous = records[stage.name]
            let changed = inputs.changed(since: previous?.inputs ?? [:])
            if !force, !stage.always, previous?.digest == digest, (try? stage.outputsPresent()) == true {
                report.stages.append(StageReport(name: stage.name, status: "skipped", seconds: Date().timeIntervalSince(stageStarted), changed: [], counts: [:]))
                log.append(report.stages.last!)
                print("stage \(stage.name): skipped (inputs unchanged)")
                continue
            }
            // Forget the old record first: a stage that fails halfway runs again next time.
            records[stage.name] = nil
            try save(records)
            let figures: StageFigures
            do { figures = try stage.run() } catch let error as StageError { throw error } catch {
                throw StageError(stage: stage.name, underlying: error)
            }
            for line in figures.lines { print(line) }
            records[stage.name] = Record(digest: digest, inputs: inputs.digests)
            try save(records)
            let seconds = Date().timeIntervalSince(stageStarted)
            report.stages.append(StageReport(name: stage.name, status: "ran", seconds: seconds, changed: changed, counts: figures.counts))
            log.append(report.stages.last!)
            let why = previous == nil || force || changed.isEmpty ? "" : " (changed: \(changed.joined(separator: ", ")))"
            print("stage \(stage.name): \(String(format: "%.2f", seconds)) s\(why)")
        }
        report.seconds = Date().timeIntervalSince(started)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: reportPath, options: .atomic)
        return report
    }

    private func save(_ records: [String: Record]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(records).write(to: statePath, options: .atomic)
    }
}

/// The reports of the stages finished so far in a run (thread-safe).
public final class StageLog: @unchecked Sendable {
    private var reports: [StageRunner.StageReport] = []
    private let lock = NSLock()
    public init() {}
    func append(_ report: StageRunner.StageReport) {
        lock.lock()
        reports.append(report)
        lock.unlock()
    }
    public var finished: [StageRunner.StageReport] {
        lock.lock()
        defer { lock.unlock() }
        return reports
    }
}
