import Core
import Foundation
import Warehouse

/// A file on this machine sent to a warehouse that cannot read it (a server elsewhere, or an
/// embedded engine reading no local files): its lines go with INSERTs into a staging table, in
/// blocks of about `blockBytes` cut at line ends, numbered here as ClickHouse's LineAsString
/// numbers them (every LF ends a line; a last line without one counts) and kept byte for byte.
struct StagedLines {
    let engine: any WarehouseEngine
    var blockBytes = 16 << 20
    /// How much of the file is read at a time (tests make it tiny to cut lines and escapes).
    var chunkBytes = 4 << 20

    /// `(line UInt64, raw String)` rows in TabSeparated, the text escaped as ClickHouse reads it
    /// back (`TabSeparatedText`). Returns the lines sent.
    @discardableResult
    func sendLines(of file: URL, into table: String) throws -> Int {
        var block = [UInt8](), line = 1, open = false
        block.reserveCapacity(blockBytes + (6 << 20))
        try LineCounter.content(of: file, chunkBytes: chunkBytes) { chunk in
            // Escaped into a buffer of the chunk's own, copied in runs between special bytes.
            let bytes = chunk.bindMemory(to: UInt8.self)
            var out = [UInt8]()
            out.reserveCapacity(bytes.count + bytes.count / 4 + 64)
            var i = 0
            while i < bytes.count {
                if !open {
                    out.append(contentsOf: String(line).utf8)
                    out.append(0x09)
                    open = true
                }
                i = TabSeparatedText.escape(bytes, from: i, into: &out, untilLineEnd: true)
                guard i < bytes.count else { break }
                out.append(0x0A)
                open = false
                line += 1
                i += 1
            }
            block.append(contentsOf: out)
            try flush(&block, format: "TabSeparated", into: table, whole: false)
        }
        if open {
            block.append(0x0A)
            line += 1
        }
        try flush(&block, format: "TabSeparated", into: table, whole: true)
        return line - 1
    }

    /// A whole file's bytes as `(n UInt32, bytes String)` rows, chunk `n` (from 1) holding the
    /// file's `n`-th `chunkBytes`, escaped as `sendLines` escapes them and LF as `\n`: any bytes
    /// at all (a Parquet file's NULs, a CSV record's quoted line breaks), for ClickHouse to parse
    /// with `format()` from the chunks joined in order (`WarehouseFile.sent`). Returns the bytes
    /// sent (a `.zst` file's decompressed).
    @discardableResult
    func sendBytes(of file: URL, into table: String) throws -> Int {
        var block = [UInt8](), chunks = 0, sent = 0
        block.reserveCapacity(blockBytes + chunkBytes * 2 + 64)
        try LineCounter.content(of: file, chunkBytes: chunkBytes) { chunk in
            let bytes = chunk.bindMemory(to: UInt8.self)
            chunks += 1
            sent += bytes.count
            block.append(contentsOf: String(chunks).utf8)
            block.append(0x09)
            _ = TabSeparatedText.escape(bytes, from: 0, into: &block, untilLineEnd: false)
            block.append(0x0A)
            try flush(&block, format: "TabSeparated", into: table, whole: false)
        }
        try flush(&block, format: "TabSeparated", into: table, whole: true)
        return sent
    }

    /// JSON lines as they are (`CSVRecords` writes one record per line, nothing else), sent in
    /// blocks cut at line ends.
    func sendJSONLines(of file: URL, into table: String) throws {
        var block = [UInt8]()
        block.reserveCapacity(blockBytes + (4 << 20))
        try LineCounter.content(of: file, chunkBytes: chunkBytes) { chunk in
            block.append(contentsOf: chunk.bindMemory(to: UInt8.self))
            try flush(&block, format: "JSONEachRow", into: table, whole: false)
        }
        try flush(&block, format: "JSONEachRow", into: table, whole: true)
    }

    /// Sends `block` up to its last LF once it holds `blockBytes` (all of it when `whole`).
    private func flush(_ block: inout [UInt8], format: String, into table: String, whole: Bool) throws {
        guard !block.isEmpty else { return }
        let end: Int
        if whole {
            end = block.count
        } else {
            guard block.count >= blockBytes, let last = block.lastIndex(of: 0x0A) else { return }
            end = last + 1
        }
        try engine.insert("INSERT INTO \(table) FORMAT \(format)", data: Data(block[..<end]))
        block.removeSubrange(..<end)
    }
}
