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
    /// CSV records the way ClickHouse's CSV reader reads them: a quote opens a quoted field only
    /// at the start of a field (after spaces or tabs), where a doubled quote is a quote and a line
    /// break does not end the record; a quote inside an unquoted field (`5" pipe`) is a character.
    /// Every other LF ends a record, and a last record without LF counts.
    static func countCSVRecords(_ url: URL, delimiter: UInt8, quote: UInt8 = 0x22) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw IngestError.input("cannot read \(url.path)") }
        defer { try? handle.close() }
        var records = 0
        var inQuotes = false, quoteSeen = false, atFieldStart = true
        var last: UInt8 = 0x0A
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { raw in
                for byte in raw.bindMemory(to: UInt8.self) {
                    if inQuotes {
                        if quoteSeen {
                            quoteSeen = false
                            if byte == quote { continue }  // "" inside a quoted field
                            inQuotes = false               // the quote before closed the field
                        } else {
                            if byte == quote { quoteSeen = true }
                            continue
                        }
                    }
                    switch byte {
                    case quote where atFieldStart: inQuotes = true; atFieldStart = false
                    case 0x0A: records += 1; atFieldStart = true
                    case delimiter: atFieldStart = true
                    case 0x20, 0x09, 0x0D: break
                    default: atFieldStart = false
                    }
                }
            }
            last = chunk.last!
        }
        return last == 0x0A && !inQuotes ? records : records + 1
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
