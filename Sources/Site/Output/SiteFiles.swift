import Core
import Foundation

/// The list of files the last finished build wrote into an output folder (path, size,
/// sha256), kept in the build state so the next build rewrites only files whose bytes change
/// and removes those it no longer writes. One line a file, so 300,000 files read in a blink.
///
/// The list is taken away when a build starts and written back when it finishes: after a
/// build that failed halfway there is none, and the next build starts clean.
public enum SiteFiles {
    static let magic = "spotlight-site-files 1"

    /// What must match for the list to describe the files on disk: the output folder and the
    /// writer options that shaped the twins.
    static func header(output: URL, options: SiteWriter.Options) -> String {
        "\(magic) gzip=\(options.gzip) level=\(options.gzipLevel) brotli=\(options.brotli) \(output.standardizedFileURL.path)"
    }

    /// Reads and removes the list; nil when there is none or it describes another folder or
    /// other options (then the build starts from an empty folder).
    public static func take(_ file: URL, output: URL, options: SiteWriter.Options) -> [SiteWriter.Entry]? {
        defer { unlink(file.path) }
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        // Bytes, not String.split: a site's list is 300,000 lines and Character iteration
        // costs more than the rest of a no-change render.
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [SiteWriter.Entry]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)[...]
            guard let first = lines.popFirst(), String(decoding: first, as: UTF8.self) == header(output: output, options: options) else { return nil }
            var entries: [SiteWriter.Entry] = []
            entries.reserveCapacity(lines.count)
            for line in lines {
                // "<64 hex> <size> <path>"
                guard line.count > 67, let space = line[(line.startIndex + 65)...].firstIndex(of: UInt8(ascii: " ")) else { return nil }
                var size = 0
                for digit in line[(line.startIndex + 65)..<space] {
                    guard (48...57).contains(digit) else { return nil }
                    size = size * 10 + Int(digit - 48)
                }
                entries.append(.init(path: String(decoding: line[(space + 1)...], as: UTF8.self), size: size,
                                     sha256: String(decoding: line[line.startIndex..<(line.startIndex + 64)], as: UTF8.self)))
            }
            return entries
        }
    }

    public static func write(_ entries: [SiteWriter.Entry], to file: URL, output: URL, options: SiteWriter.Options) throws {
        var text = header(output: output, options: options) + "\n"
        text.reserveCapacity(entries.count * 120)
        for e in entries { text += "\(e.sha256) \(e.size) \(e.path)\n" }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
}
