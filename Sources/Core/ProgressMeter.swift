import Foundation

/// Progress of long work (rows or bytes): a self-rewriting line on a terminal, plain periodic
/// lines otherwise (CI logs), silent when quiet. Thread-safe.
public final class ProgressMeter: @unchecked Sendable {
    public enum Unit: Sendable { case rows, bytes, files }

    private let label: String
    private let unit: Unit
    private let total: Int64?
    private let interactive: Bool
    private let enabled: Bool
    private let interval: TimeInterval
    private let start = Date()
    private let lock = NSLock()
    private var done: Int64 = 0
    private var lastReport = Date.distantPast

    public init(_ label: String, unit: Unit, total: Int64? = nil, quiet: Bool = false,
                interactive: Bool = StandardError.isTerminal) {
        self.label = label
        self.unit = unit
        self.total = total
        self.interactive = interactive
        self.enabled = !quiet
        self.interval = interactive ? 0.2 : 10
    }

    public func advance(by amount: Int64) {
        lock.lock(); defer { lock.unlock() }
        done += amount
        let now = Date()
        // The first report waits one interval too, so work that ends quickly prints nothing.
        if lastReport == .distantPast && now.timeIntervalSince(start) < interval { return }
        guard enabled, now.timeIntervalSince(lastReport) >= interval else { return }
        lastReport = now
        emit(final: false, now: now)
    }

    /// Prints the closing line, if any progress was shown: quick work stays silent.
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        guard enabled, lastReport != .distantPast else { return }
        emit(final: true, now: Date())
    }

    public var completed: Int64 {
        lock.lock(); defer { lock.unlock() }
        return done
    }

    private func emit(final: Bool, now: Date) {
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = Double(done) / elapsed
        var text = "\(label): \(ProgressMeter.format(done, unit))"
        if let total, total > 0 {
            text += " of \(ProgressMeter.format(total, unit)) (\(Int(Double(done) * 100 / Double(total)))%)"
        }
        text += ", \(ProgressMeter.format(Int64(rate), unit))/s"
        if !final, let total, rate > 0, total > done {
            text += ", ETA \(ProgressMeter.duration(Double(total - done) / rate))"
        } else if final {
            text += ", \(ProgressMeter.duration(elapsed))"
        }
        if interactive {
            StandardError.write("\r\u{1B}[2K" + text + (final ? "\n" : ""))
        } else {
            StandardError.write(text + "\n")
        }
    }

    public static func format(_ value: Int64, _ unit: Unit) -> String {
        switch unit {
        case .rows:
            let v = Double(value)
            if v >= 1e9 { return String(format: "%.2fG rows", v / 1e9) }
            if v >= 1e6 { return String(format: "%.2fM rows", v / 1e6) }
            if v >= 1e4 { return String(format: "%.1fk rows", v / 1e3) }
            return "\(value) rows"
        case .files:
            return "\(value) files"
        case .bytes:
            let v = Double(value)
            if v >= 1_073_741_824 { return String(format: "%.2f GiB", v / 1_073_741_824) }
            if v >= 1_048_576 { return String(format: "%.1f MiB", v / 1_048_576) }
            if v >= 1024 { return String(format: "%.1f KiB", v / 1024) }
            return "\(value) B"
        }
    }

    public static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds)
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m"
    }
}
