import Foundation

/// Counts lines the way ClickHouse's LineAsString reads them, fed chunk by chunk: every LF
/// ends a line, and a last line without LF counts too.
public struct LineTally {
    private var newlines = 0
    private var last: UInt8 = 0x0A

    public init() {}

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var pointer = base, remaining = bytes.count
        // memchr is much faster than a Swift byte loop for long lines.
        while remaining > 0, let hit = memchr(pointer, 0x0A, remaining) {
            newlines += 1
            let advance = pointer.distance(to: UnsafeRawPointer(hit)) + 1
            pointer += advance
            remaining -= advance
        }
        last = bytes[bytes.count - 1]
    }

    public var lines: Int { last == 0x0A ? newlines : newlines + 1 }
}
