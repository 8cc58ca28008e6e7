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

extension LineCounter {
    /// CSV records the way ClickHouse's CSV reader reads them: a line break inside a quoted
    /// field does not end a record; every other LF does, and a last record without LF counts.
    static func countCSVRecords(_ url: URL, delimiter quote: UInt8) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw IngestError.input("cannot read \(url.path)") }
        defer { try? handle.close() }
        var records = 0, inQuotes = false
        var last: UInt8 = 0x0A
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { raw in
                for byte in raw.bindMemory(to: UInt8.self) {
                    // A doubled quote inside a quoted field toggles twice: still inside.
                    if byte == quote { inQuotes.toggle() } else if byte == 0x0A, !inQuotes { records += 1 }
                }
            }
            last = chunk.last!
        }
        return last == 0x0A ? records : records + 1
    }

    /// Lines holding more than white space (JSON lines: ClickHouse skips blank ones).
    static func countNonBlankLines(_ url: URL) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw IngestError.input("cannot read \(url.path)") }
        defer { try? handle.close() }
        var lines = 0, blank = true
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { raw in
                for byte in raw.bindMemory(to: UInt8.self) {
                    switch byte {
                    case 0x0A:
                        if !blank { lines += 1 }
                        blank = true
                    case 0x20, 0x09, 0x0D: break
                    default: blank = false
                    }
                }
            }
        }
        return blank ? lines : lines + 1
    }
}
