import Core
import Foundation

/// Counts the lines of a file the way ClickHouse's LineAsString reads them: every LF ends a
/// line, and a last line without LF counts too.
enum LineCounter {
    static func count(_ url: URL) throws -> Int {
        var tally = LineTally()
        try content(of: url) { tally.add($0) }
        return tally.lines
    }

    /// Streams a file's content in chunks (of `chunkBytes`, or zstd's own for a `.zst` file):
    /// its bytes, or a `.zst` file's (a zip member as the lake keeps it) decompressed.
    static func content(of url: URL, chunkBytes: Int = 4 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        if url.pathExtension.lowercased() == "zst" {
            do {
                try Zstd.read(url.path, body)
            } catch let error as Zstd.Failure {
                throw IngestError.input(error.description)
            }
            return
        }
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw IngestError.input("cannot read \(url.path)")
        }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: chunkBytes), !chunk.isEmpty {
            try chunk.withUnsafeBytes { try body($0) }
        }
    }
}

extension LineCounter {
    /// CSV records the way ClickHouse's CSV reader reads them: a quote opens a quoted field only
    /// at the start of a field (after spaces or tabs), where a doubled quote is a quote and a line
    /// break does not end the record; a quote inside an unquoted field (`5" pipe`) is a character.
    /// Every other LF ends a record, and a last record without LF counts.
    static func countCSVRecords(_ url: URL, delimiter: UInt8, quote: UInt8 = 0x22) throws -> Int {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch { throw IngestError.input("cannot read \(url.path)") }
        // memchr from quote to quote: most files have few, and between them only LFs count.
        return data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
            let bytes = buffer.bindMemory(to: UInt8.self), n = buffer.count
            func find(_ byte: UInt8, from: Int) -> Int {
                guard from < n, let hit = memchr(base + from, Int32(byte), n - from) else { return n }
                return base.distance(to: UnsafeRawPointer(hit))
            }
            func newlines(from: Int, to end: Int) -> Int {
                var count = 0, at = from
                while at < end {
                    let hit = find(0x0A, from: at)
                    guard hit < end else { break }
                    count += 1
                    at = hit + 1
                }
                return count
            }
            var records = 0, at = 0, open = false
            while at < n {
                let q = find(quote, from: at)
                records += newlines(from: at, to: q)
                guard q < n else { break }
                // An opening quote: at the start of a field, after spaces or tabs.
                var before = q - 1
                while before >= 0, bytes[before] == 0x20 || bytes[before] == 0x09 { before -= 1 }
                guard before < 0 || bytes[before] == delimiter || bytes[before] == 0x0A else { at = q + 1; continue }
                var end = q + 1
                open = true
                while true {
                    let close = find(quote, from: end)
                    guard close < n else { end = n; break }
                    if close + 1 < n, bytes[close + 1] == quote { end = close + 2; continue }  // ""
                    end = close + 1
                    open = false
                    break
                }
                at = end
            }
            return bytes[n - 1] == 0x0A && !open ? records : records + 1
        }
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
