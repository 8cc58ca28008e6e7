import Core
import Foundation

/// Writes the site's files, their precompressed twins and the manifest entries. Safe to call
/// from several render threads at once (each file is written by exactly one of them).
public final class SiteWriter: @unchecked Sendable {
    public struct Options: Sendable {
        public var gzip = true
        /// libdeflate level for `.gz` twins. Level 1: at page sizes its files are ~8% larger
        /// than level 6 for under half the CPU (BENCHMARKS.md), and browsers fetch the `.br`.
        public var gzipLevel: Int32 = 1
        public var brotli = true
        /// sha256 of every file, for `manifest.json`.
        public var manifest = true
        public init(gzip: Bool = true, gzipLevel: Int32 = 1, brotli: Bool = true, manifest: Bool = true) {
            self.gzip = gzip
            self.gzipLevel = gzipLevel
            self.brotli = brotli
            self.manifest = manifest
        }
    }

    public struct Entry: Sendable, Comparable {
        public let path: String
        public let size: Int
        public let sha256: String
        public static func < (a: Entry, b: Entry) -> Bool { a.path < b.path }
    }

    public let root: URL
    public let options: Options
    private let lock = NSLock()
    private var entries: [Entry] = []
    private var directories: Set<String> = []
    public private(set) var bytesWritten = 0
    public private(set) var filesWritten = 0

    public init(root: URL, options: Options = Options()) {
        self.root = root
        self.options = options
    }

    static let compressible: Set<String> = ["html", "json", "xml", "txt", "css", "js", "svg", "csv"]

    /// Writes `relativePath` (never absolute, never containing `..`), plus `.gz`/`.br` for text.
    public func write(_ relativePath: String, _ bytes: [UInt8]) throws {
        let slash = relativePath.lastIndex(of: "/")
        try write(directory: slash.map { String(relativePath[..<$0]) } ?? "",
                  files: [(String(relativePath[(slash.map { relativePath.index(after: $0) } ?? relativePath.startIndex)...]), bytes)])
    }

    /// Writes files into one directory (a page's `index.html` and `index.json`), each with its
    /// compressed twins, through one directory descriptor: the kernel resolves the path once.
    public func write(directory: String, files: [(name: String, bytes: [UInt8])]) throws {
        precondition(!directory.hasPrefix("/") && !directory.split(separator: "/").contains(".."), "unsafe output path \(directory)")
        if !directory.isEmpty { try makeDirectory(directory) }
        let path = directory.isEmpty ? root.path : root.path + "/" + directory
        let dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { throw SiteError.output(path: path, message: String(cString: strerror(errno))) }
        defer { close(dir) }
        let prefix = directory.isEmpty ? "" : directory + "/"
        for (name, bytes) in files {
            precondition(!name.contains("/"), "file name \(name) must not contain /")
            try writeFile(dir, prefix, name, bytes)
            let ext = name.split(separator: ".").last.map(String.init) ?? ""
            guard Self.compressible.contains(ext) else { continue }
            if options.gzip { try writeFile(dir, prefix, name + ".gz", Compression.gzip(bytes, level: options.gzipLevel)) }
            if options.brotli { try writeFile(dir, prefix, name + ".br", Compression.brotli(bytes)) }
        }
    }

    /// Publishes a file already on disk (a download the export wrote and hashed) at
    /// `relativePath`: a hard link when the file system allows, else a copy. No twins.
    public func link(_ source: URL, as relativePath: String, size: Int, sha256: String) throws {
        precondition(!relativePath.hasPrefix("/") && !relativePath.split(separator: "/").contains(".."), "unsafe output path \(relativePath)")
        if let slash = relativePath.lastIndex(of: "/") { try makeDirectory(String(relativePath[..<slash])) }
        let target = root.path + "/" + relativePath
        unlink(target)
        if Foundation.link(source.path, target) != 0 {
            do { try FileManager.default.copyItem(atPath: source.path, toPath: target) } catch {
                throw SiteError.output(path: target, message: "cannot copy \(source.path): \(error)")
            }
        }
        lock.lock()
        if options.manifest { entries.append(Entry(path: relativePath, size: size, sha256: sha256)) }
        bytesWritten += size
        filesWritten += 1
        lock.unlock()
    }

    private func writeFile(_ dir: Int32, _ prefix: String, _ name: String, _ bytes: [UInt8]) throws {
        let fd = openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SiteError.output(path: root.path + "/" + prefix + name, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            guard n > 0 else { throw SiteError.output(path: root.path + "/" + prefix + name, message: String(cString: strerror(errno))) }
            offset += n
        }
        let entry = options.manifest ? Entry(path: prefix + name, size: bytes.count, sha256: SHA256.hex(bytes)) : nil
        lock.lock()
        if let entry { entries.append(entry) }
        bytesWritten += bytes.count
        filesWritten += 1
        lock.unlock()
    }

    private func makeDirectory(_ relative: String) throws {
        lock.lock()
        let known = directories.contains(relative)
        lock.unlock()
        if known { return }
        // One mkdir call in the common case (the parent exists); FileManager's recursive create
        // stats every component first, which doubles the system calls per page.
        let path = root.path + "/" + relative
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        lock.lock()
        directories.insert(relative)
        lock.unlock()
    }

    /// Every file written so far, sorted by path.
    public var manifest: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return entries.sorted()
    }
}
