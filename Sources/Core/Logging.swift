import Foundation
import Logging

/// Log lines go to standard error so that standard output stays clean for query results.
public struct StderrLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var text = "\(event.level): \(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        if !merged.isEmpty {
            text += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        StandardError.write(text + "\n")
    }
}

public enum StandardError {
    private static let lock = NSLock()
    public static func write(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data(text.utf8))
    }
    public static var isTerminal: Bool { isatty(2) == 1 }
}

public enum SpotlightLogging {
    /// Installs the stderr handler once per process. `--verbose` shows debug lines,
    /// `--quiet` only errors.
    public static func bootstrap(verbose: Bool, quiet: Bool) {
        let level: Logger.Level = quiet ? .error : (verbose ? .debug : .info)
        bootstrapOnce(level)
    }

    private static let once = OnceFlag()
    private static func bootstrapOnce(_ level: Logger.Level) {
        once.run { LoggingSystem.bootstrap { StderrLogHandler(label: $0, level: level) } }
    }
}

/// Runs a block at most once per process.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func run(_ body: () -> Void) {
        lock.lock(); defer { lock.unlock() }
        if !done { done = true; body() }
    }
}
