import Foundation
import Warehouse

/// A file on this machine sent to a warehouse that cannot read it (a server elsewhere, or an
/// embedded engine reading no local files): its lines go with INSERTs into a staging table, in
/// blocks of about `blockBytes`, numbered here as ClickHouse's LineAsString would number them
/// (every LF ends a line; a last line without one counts) and kept byte for byte.
struct StagedLines {
    let engine: any WarehouseEngine
    var blockBytes = 16 << 20

    /// `(line UInt64, raw String)` rows in TabSeparated, the text escaped as ClickHouse reads it
    /// back (backslash, tab, LF and NUL; a CR stays as it is, as LineAsString keeps it).
    func sendLines(of file: URL, into table: String) throws {
        var block = [UInt8](), line = 1, open = false
        block.reserveCapacity(blockBytes + 4096)
        func flush() throws {
            guard !block.isEmpty else { return }
            try engine.insert("INSERT INTO \(table) FORMAT TabSeparated", data: Data(block))
            block.removeAll(keepingCapacity: true)
        }
        func start() {
            block.append(contentsOf: String(line).utf8)
            block.append(0x09)
            open = true
        }
        try LineCounter.content(of: file) { chunk in
            for byte in chunk.bindMemory(to: UInt8.self) {
                if !open { start() }
                switch byte {
                case 0x0A:
                    block.append(0x0A)
                    open = false
                    line += 1
                    if block.count >= blockBytes { try flush() }
                case 0x5C: block.append(0x5C); block.append(0x5C)
                case 0x09: block.append(0x5C); block.append(0x74)
                case 0x00: block.append(0x5C); block.append(0x30)
                default: block.append(byte)
                }
            }
        }
        if open { block.append(0x0A) }
        try flush()
    }

    /// JSON lines as they are (`CSVRecords` writes one record per line, nothing else), sent in
    /// blocks cut at line ends.
    func sendJSONLines(of file: URL, into table: String) throws {
        var block = [UInt8]()
        block.reserveCapacity(blockBytes + (4 << 20))
        try LineCounter.content(of: file) { chunk in
            block.append(contentsOf: chunk.bindMemory(to: UInt8.self))
            guard block.count >= blockBytes, let end = block.lastIndex(of: 0x0A) else { return }
            try engine.insert("INSERT INTO \(table) FORMAT JSONEachRow", data: Data(block[...end]))
            block.removeSubrange(...end)
        }
        if !block.isEmpty { try engine.insert("INSERT INTO \(table) FORMAT JSONEachRow", data: Data(block)) }
    }
}
