import Core
import Foundation
import Testing
import TestSupport
import Warehouse

@testable import Ingest

/// Lines sent to a warehouse that cannot read the file arrive numbered and byte for byte as
/// ClickHouse's own LineAsString reads the same file, whatever the bytes and wherever a block
/// is cut: checked against `file()` on the embedded engine, row by row.
@Suite(.serialized) struct StagedLinesTests {
    let engine: EmbeddedEngine
    init() throws { engine = try TestEnvironment.embedded() }

    func file(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("staged-\(getpid())-\(name)")
        try Data(bytes).write(to: url)
        return url
    }

    func sentMatchesLineAsString(_ bytes: [UInt8], blockBytes: Int, chunkBytes: Int = 4 << 20) throws -> Int {
        let url = try file("lines-\(blockBytes)", bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        let table = "staged_lines_test_\(getpid())"
        try engine.execute("DROP TABLE IF EXISTS \(table)")
        try engine.execute("CREATE TABLE \(table) (line UInt64, raw String) ENGINE = MergeTree ORDER BY line")
        defer { try? engine.execute("DROP TABLE IF EXISTS \(table)") }
        let sent = try StagedLines(engine: NoLocalFiles(engine), blockBytes: blockBytes, chunkBytes: chunkBytes).sendLines(of: url, into: table)
        let staged = try engine.query("SELECT line, hex(raw) FROM \(table) ORDER BY line").rows
        let read = try engine.query("SELECT toUInt64(_row_number + 1), hex(text) FROM file('\(url.path)', 'LineAsString', 'text String') ORDER BY 1").rows
        #expect(staged == read)
        #expect(sent == read.count)
        return sent
    }

    @Test func linesArriveAsLineAsStringReadsThem() throws {
        var bytes: [UInt8] = Array("first\r\n".utf8)                          // CR LF on line 1
        bytes += Array("\r\n\n".utf8)                                          // a bare CR line, an empty line
        bytes += Array("a\\b\tc".utf8) + [0x00, 0xFF, 0xFE, 0x0D, 0x0A]       // backslash, tab, NUL, not UTF-8, CR
        bytes += Array("\\N and \\t as text\n".utf8)                          // TSV's own escapes, as text
        for i in 0..<500 { bytes += Array("line \(i) |pipe|\(String(repeating: "x", count: i % 37))\n".utf8) }
        bytes += Array("no newline at the end".utf8)
        // The file read 1 to 7 bytes at a time, so lines, escapes and CR LF pairs are cut
        // between reads, and sent in blocks of 64 bytes (cut at almost every line), then whole.
        for chunk in 1...7 { #expect(try sentMatchesLineAsString(bytes, blockBytes: 64, chunkBytes: chunk) == 506, "chunks of \(chunk)") }
        #expect(try sentMatchesLineAsString(bytes, blockBytes: 1 << 20) == 506)
        // A last byte that is a CR, kept as LineAsString keeps it.
        #expect(try sentMatchesLineAsString(Array("one\ntwo\r".utf8), blockBytes: 64, chunkBytes: 3) == 2)
        #expect(try sentMatchesLineAsString(Array("only\n".utf8), blockBytes: 64) == 1)
        #expect(try sentMatchesLineAsString([], blockBytes: 64) == 0)
    }

    @Test func jsonLinesArriveWhole() throws {
        let records = (1...300).map { #"{"line": \#($0), "raw": "r\#($0)\t\\", "f": ["a", "\#($0)"]}"# }.joined(separator: "\n") + "\n"
        let url = try file("records.jsonl", Array(records.utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let table = "staged_records_test_\(getpid())"
        try engine.execute("DROP TABLE IF EXISTS \(table)")
        try engine.execute("CREATE TABLE \(table) (line UInt64, raw String, f Array(String)) ENGINE = MergeTree ORDER BY line")
        defer { try? engine.execute("DROP TABLE IF EXISTS \(table)") }
        try StagedLines(engine: NoLocalFiles(engine), blockBytes: 100, chunkBytes: 37).sendJSONLines(of: url, into: table)
        let rows = try engine.query("SELECT count(), sum(line), countIf(raw = concat('r', toString(line), '\\t\\\\')), countIf(f[2] = toString(line)) FROM \(table)").rows
        #expect(rows == [[.uint(300), .uint(45_150), .uint(300), .uint(300)]], "\(rows)")
    }

    /// A whole file sent as chunks comes back byte for byte from `WarehouseFile.sent`'s join,
    /// whatever bytes it holds and however it is cut: what `format()` parses is the file.
    @Test func aFileSentWholeIsJoinedByteForByte() throws {
        var bytes: [UInt8] = Array("PAR1".utf8) + [0x00, 0x00, 0x0A, 0x0D, 0x0A, 0x5C, 0x09, 0xFF, 0xFE]
        for i in 0..<300 { bytes += Array("row \(i),\"quoted\nbreak\"\\N\t\r\n".utf8) + [UInt8(i % 256)] }
        let url = try file("whole.bin", bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        let table = "staged_bytes_test_\(getpid())"
        for (block, chunk) in [(64, 1), (64, 7), (1000, 333), (16 << 20, 4 << 20)] {
            try engine.execute("DROP TABLE IF EXISTS \(table)")
            try engine.execute("CREATE TABLE \(table) (n UInt32, bytes String) ENGINE = MergeTree ORDER BY n")
            defer { try? engine.execute("DROP TABLE IF EXISTS \(table)") }
            let sent = try StagedLines(engine: NoLocalFiles(engine), blockBytes: block, chunkBytes: chunk).sendBytes(of: url, into: table)
            #expect(sent == bytes.count)
            #expect(try engine.scalar("SELECT count() FROM \(table)").description == "\((bytes.count + chunk - 1) / chunk)", "chunks of \(chunk)")
            let joined = WarehouseFile(.sent(table: table)).tableFunction(format: "RawBLOB")
            let hex = try engine.scalar("SELECT hex(raw_blob) FROM \(joined)").description
            #expect(hex == bytes.map { String(format: "%02X", $0) }.joined(), "chunks of \(chunk)")
        }
    }
}
