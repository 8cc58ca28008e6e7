import Foundation

/// Counts the lines of a file the way ClickHouse's LineAsString reads them: every LF ends a
/// line, and a last line without LF counts too.
enum LineCounter {
    static func count(_ url: URL) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw IngestError.input("cannot read \(url.path)")
        }
        defer { try? handle.close() }
        var lines = 0
        var last: UInt8 = 0x0A
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { raw in
                var pointer = raw.baseAddress!
                var remaining = raw.count
                while remaining > 0, let hit = memchr(pointer, 0x0A, remaining) {
                    lines += 1
                    let advance = pointer.distance(to: UnsafeRawPointer(hit)) + 1
                    pointer += advance
                    remaining -= advance
                }
            }
            last = chunk.last!
        }
        return last == 0x0A ? lines : lines + 1
    }
}
