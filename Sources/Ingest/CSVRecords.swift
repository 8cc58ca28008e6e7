import Core
import Foundation

/// RFC 4180 records (quoted fields, doubled quotes, commas and newlines inside quotes, CRLF or
/// LF) streamed from a file and rewritten as JSON lines `{"line":N,"raw":"…","f":[…]}` that
/// ClickHouse loads with `JSONEachRow`. `line` is the line a record starts on, so quarantine
/// points at the right place even when a quoted field spans lines.
public enum CSVRecords {
    public struct Result: Sendable, Equatable {
        /// Field names of the header row (the first record).
        public let header: [String]
        /// Data records written (the header is not one).
        public let records: Int
    }

    public static func convert(_ input: URL, to output: URL) throws -> Result {
        guard let data = FileManager.default.contents(atPath: input.path) else {
            throw IngestError.input("cannot read \(input.path)")
        }
        FileManager.default.createFile(atPath: output.path, contents: nil)
        guard let out = FileHandle(forWritingAtPath: output.path) else { throw IngestError.input("cannot write \(output.path)") }
        defer { try? out.close() }
        var header: [String]?
        var records = 0
        var buffer = ""
        try parse(data) { line, raw, fields in
            if header == nil { header = fields; return }
            records += 1
            buffer += "{\"line\":\(line),\"raw\":\(JSONText.quoted(raw)),\"f\":[\(fields.map(JSONText.quoted).joined(separator: ","))]}\n"
            if buffer.utf8.count > 1 << 20 { out.write(Data(buffer.utf8)); buffer = "" }
        }
        out.write(Data(buffer.utf8))
        return Result(header: header ?? [], records: records)
    }

    /// Calls `record(startLine, rawText, fields)` for every record. A quote left open at the end
    /// of the file is an error naming the line it opened on.
    static func parse(_ data: Data, delimiter: UInt8 = 0x2C, _ record: (Int, String, [String]) throws -> Void) throws {
        let bytes = [UInt8](data)
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1, recordStart = 0
        var inQuotes = false, quoteLine = 0
        var i = 0
        func endField() { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true) }
        func endRecord(_ end: Int) throws {
            endField()
            var rawEnd = end
            if rawEnd > recordStart, bytes[rawEnd - 1] == 0x0D { rawEnd -= 1 }
            try record(recordLine, String(decoding: bytes[recordStart..<rawEnd], as: UTF8.self), fields)
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let byte = bytes[i]
            if inQuotes {
                if byte == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 { field.append(0x22); i += 1 } else { inQuotes = false }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case 0x22 where field.isEmpty: inQuotes = true; quoteLine = line
                case delimiter: endField()
                case 0x0A:
                    if field.last == 0x0D { field.removeLast() }
                    try endRecord(i)
                    line += 1
                    recordLine = line
                    recordStart = i + 1
                default: field.append(byte)
                }
            }
            i += 1
        }
        if inQuotes { throw IngestError.input("line \(quoteLine): a quoted field is never closed") }
        if recordStart < bytes.count {
            if field.last == 0x0D { field.removeLast() }
            try endRecord(bytes.count)
        }
    }
}
