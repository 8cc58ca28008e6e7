import Foundation

/// Buffered writer of pipe-delimited lines, byte-level so that benchmark-size files (10 M
/// lines) are written in seconds. Fields are raw bytes: the generator plants invalid UTF-8 on
/// purpose.
final class LineWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private(set) var lines = 0

    init(url: URL) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(1 << 20)
    }

    func line(_ fields: [String], trailingDelimiter: Bool = false) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "|")) }
            buffer.append(contentsOf: field.utf8)
        }
        if trailingDelimiter { buffer.append(UInt8(ascii: "|")) }
        endLine()
    }

    /// A line given as bytes (for the deliberately malformed and non-UTF-8 lines).
    func raw(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        endLine()
    }

    private func endLine() {
        buffer.append(0x0A)
        lines += 1
        if buffer.count >= 1 << 20 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle.close()
    }
}
