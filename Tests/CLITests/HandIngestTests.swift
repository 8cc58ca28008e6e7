import Foundation
import Testing
import TestSupport

/// A folder loaded by hand (`spotlight ingest FAMILY --dir DIR`) is in the books like a lake
/// snapshot: `ingest_runs` holds what it read, loaded and quarantined, under the family's name
/// with the folder as the snapshot, so the status page counts it.
@Suite struct HandIngestTests {
    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func handLoadsOfEveryFamilyAreRecorded() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-hand-ingest-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let env = ["SPOTLIGHT_HOME": root.appendingPathComponent("home").path]
        let real = TestEnvironment.realdata!
        for (family, folder) in [("legislators", "congress_legislators"), ("sec", "sec"), ("trades", "stock_trades"), ("lobbying", "lobbying")] {
            let dir = real.appendingPathComponent(folder).standardizedFileURL.path
            let result = try spotlight(["ingest", family, "--dir", dir], environment: env)
            #expect(result.status == 0, "\(result.output)")
            // The command's own total line: "<family>: N <unit>, R records read, L loaded, Q quarantined".
            let total = try #require(result.output.split(separator: "\n").last { $0.hasPrefix("\(family): ") }, "\(result.output)")
            let numbers = total.split(separator: ",").dropFirst().map { $0.split(separator: " ").first.map(String.init) ?? "" }
            let recorded = try spotlight(["sql", "--format", "tsv",
                                          "SELECT toString(sum(lines_read)), toString(sum(loaded)), toString(sum(quarantined)), any(snapshot) FROM ingest_runs WHERE source = '\(family)'"],
                                         environment: env)
            let row = recorded.output.split(separator: "\n").last.map { $0.split(separator: "\t").map(String.init) } ?? []
            #expect(row == numbers + [dir], "\(family): \(total) vs \(recorded.output)")
        }
    }
}
