import Foundation
import Synchronization

/// The secrets this process holds (the bucket's keys, a session token): a statement may carry
/// them (`s3()` with keys), so every text that can quote one — a warehouse error, a trace, a
/// log line — passes through `redacting` before it is shown or written.
public enum Secrets {
    private static let held = Mutex<Set<String>>([])

    /// Remembers `secret` (ignored when shorter than 8 characters: too short to be a key, and
    /// replacing it would garble ordinary text).
    public static func hold(_ secret: String) {
        guard secret.count >= 8 else { return }
        held.withLock { _ = $0.insert(secret) }
    }

    public static func redacting(_ text: String) -> String {
        let secrets = held.withLock { $0 }
        guard !secrets.isEmpty else { return text }
        var out = text
        for secret in secrets where out.contains(secret) { out = out.replacingOccurrences(of: secret, with: "[secret]") }
        return out
    }
}
