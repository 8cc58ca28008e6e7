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
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard lines.popFirst().map(String.init) == header(output: output, options: options) else { return nil }
        var entries: [SiteWriter.Entry] = []
        entries.reserveCapacity(lines.count)
        for line in lines {
            let fields = line.split(separator: " ", maxSplits: 2)
            guard fields.count == 3, let size = Int(fields[1]) else { return nil }
            entries.append(.init(path: String(fields[2]), size: size, sha256: String(fields[0])))
        }
        return entries
    }

    public static func write(_ entries: [SiteWriter.Entry], to file: URL, output: URL, options: SiteWriter.Options) throws {
        var text = header(output: output, options: options) + "\n"
        text.reserveCapacity(entries.count * 120)
        for e in entries { text += "\(e.sha256) \(e.size) \(e.path)\n" }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
}
