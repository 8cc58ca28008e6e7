import Core
import Foundation

/// Writes the site's files, their precompressed twins and the manifest entries. Safe to call
/// from several render threads at once (each file is written by exactly one of them).
///
/// Incremental: given the files of the previous build (`previous`, from `SiteFiles`), a file
/// whose bytes hash to what was written last time is neither compressed nor written again, so
/// its twins, contents and mtime stay as they were; `removeStale()` then deletes what the
/// previous build wrote and this one did not.
public final class SiteWriter: @unchecked Sendable {
    public struct Options: Sendable {
        public var gzip = true
        /// libdeflate level for `.gz` twins. Level 1: at page sizes its files are ~8% larger
        /// than level 6 for under half the CPU (BENCHMARKS.md), and browsers fetch the `.br`.
        public var gzipLevel: Int32 = 1
        public var brotli = true
        /// Write `manifest.json` (path, size and sha256 of every file).
        public var manifest = true
        public init(gzip: Bool = true, gzipLevel: Int32 = 1, brotli: Bool = true, manifest: Bool = true) {
            self.gzip = gzip
            self.gzipLevel = gzipLevel
            self.brotli = brotli
            self.manifest = manifest
        }
    }

    public typealias Entry = ManifestEntry

    public let root: URL
    public let options: Options
    private let lock = NSLock()
    private var entries: [Entry] = []
    private var directories: Set<String> = []
    public private(set) var bytesWritten = 0
    public private(set) var filesWritten = 0
    /// Files whose bytes equal the previous build's: left untouched.
    public private(set) var filesUnchanged = 0
    public private(set) var filesRemoved = 0
    /// The previous build's files by path; empty for a clean build.
    let previous: [String: Entry]

    public init(root: URL, options: Options = Options(), previous: [Entry] = []) {
        self.root = root
        self.options = options
        self.previous = Dictionary(previous.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The twins `write` adds to the file at `path`: text gets them, except the manifest, which
    /// only `spotlight publish` reads (whole, once) and which is the largest file of a site
    /// (39 MB for 291,000 files, whose .br cost 2 s of every build).
    func twins(_ path: String) -> [String] {
        let ext = path.split(separator: ".").last.map(String.init) ?? ""
        guard Self.compressible.contains(ext), path != "manifest.json" else { return [] }
        return (options.gzip ? [path + ".gz"] : []) + (options.brotli ? [path + ".br"] : [])
    }

    /// True when `path` (and each of its twins) was written by the previous build with these
    /// exact bytes and is still on disk at that size: then it is recorded, not rewritten.
    private func keep(_ path: String, size: Int, sha256: String) -> Bool {
        guard let old = previous[path], old.size == size, old.sha256 == sha256 else { return false }
        let slash = path.lastIndex(of: "/")
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let dir = slash.map { String(path[..<$0]) + "/" } ?? ""
        return keep([(old, name)], in: dir)
    }

    /// The files a page writes into its folder (`SiteBuilder.render`).
    static let pageFiles = ["index.html", "index.json", "feed.xml"]

    /// Records a page's files (and twins) as the previous build wrote them, without rendering
    /// it: for a page whose fingerprint did not change. False, recording nothing, when the
    /// previous build wrote no `index.html` there or a file is gone or resized on disk.
    public func keepPage(_ directory: String) -> Bool {
        let prefix = directory.isEmpty ? "" : directory + "/"
        guard previous[prefix + "index.html"] != nil else { return false }
        return keep(Self.pageFiles.compactMap { name in previous[prefix + name].map { ($0, name) } }, in: prefix)
    }

    /// Records `files` (previous entries, with their names in folder `prefix`) and their twins
    /// as kept, when every one of them is still on disk at its recorded size; else nothing.
    private func keep(_ files: [(entry: Entry, name: String)], in prefix: String) -> Bool {
        var kept: [Entry] = []
        for (entry, name) in files {
            kept.append(entry)
            for twin in twins(prefix + name) {
                guard let twinEntry = previous[twin] else { return false }
                kept.append(twinEntry)
            }
        }
        for entry in kept {
            var info = stat()
            guard stat(root.path + "/" + entry.path, &info) == 0, Int(info.st_size) == entry.size else { return false }
        }
        lock.lock()
        entries += kept
        filesUnchanged += kept.count
        lock.unlock()
        return true
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
            // Hashed for the manifest and for comparing with the last build; a writer with
            // neither (the render micro-benchmark) skips it.
            let sha256 = options.manifest || !previous.isEmpty ? SHA256.hex(bytes) : ""
            if !previous.isEmpty, keep(prefix + name, size: bytes.count, sha256: sha256) { continue }
            try writeFile(dir, prefix, name, bytes, sha256: sha256)
            for twin in twins(prefix + name) {
                let compressed = twin.hasSuffix(".gz") ? Compression.gzip(bytes, level: options.gzipLevel) : Compression.brotli(bytes)
                try writeFile(dir, prefix, String(twin.dropFirst(prefix.count)), compressed)
            }
        }
    }

    /// Publishes a file already on disk (a download the export wrote and hashed) at
    /// `relativePath`: a hard link when the file system allows, else a copy. No twins.
    public func link(_ source: URL, as relativePath: String, size: Int, sha256: String) throws {
        precondition(!relativePath.hasPrefix("/") && !relativePath.split(separator: "/").contains(".."), "unsafe output path \(relativePath)")
        if keep(relativePath, size: size, sha256: sha256) { return }
        if let slash = relativePath.lastIndex(of: "/") { try makeDirectory(String(relativePath[..<slash])) }
        let target = root.path + "/" + relativePath
        unlink(target)
        if Foundation.link(source.path, target) != 0 {
            do { try FileManager.default.copyItem(atPath: source.path, toPath: target) } catch {
                throw SiteError.output(path: target, message: "cannot copy \(source.path): \(error)")
            }
        }
        lock.lock()
        entries.append(Entry(path: relativePath, size: size, sha256: sha256))
        bytesWritten += size
        filesWritten += 1
        lock.unlock()
    }

    private func writeFile(_ dir: Int32, _ prefix: String, _ name: String, _ bytes: [UInt8], sha256: String? = nil) throws {
        let fd = openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SiteError.output(path: root.path + "/" + prefix + name, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            guard n > 0 else { throw SiteError.output(path: root.path + "/" + prefix + name, message: String(cString: strerror(errno))) }
            offset += n
        }
        let entry = Entry(path: prefix + name, size: bytes.count, sha256: sha256 ?? (options.manifest || !previous.isEmpty ? SHA256.hex(bytes) : ""))
        lock.lock()
        entries.append(entry)
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

    /// Deletes every file the previous build wrote that this one did not (a removed entity's
    /// page and twins, a dropped download), then the folders that left empty.
    public func removeStale() throws {
        lock.lock()
        let current = Set(entries.map(\.path))
        lock.unlock()
        var folders = Set<String>()
        for path in previous.keys where !current.contains(path) {
            if unlink(root.path + "/" + path) == 0 { filesRemoved += 1 }
            var folder = path
            while let slash = folder.lastIndex(of: "/") {
                folder = String(folder[..<slash])
                folders.insert(folder)
            }
        }
        // Deepest first; rmdir refuses a folder that still holds anything.
        for folder in folders.sorted(by: { $0.count > $1.count }) { rmdir(root.path + "/" + folder) }
    }

    /// `manifest.json`: path, size and SHA-256 of every file written so far (itself excluded).
    /// Written last, so a site with a manifest is a finished one; `spotlight publish` uploads
    /// from it and compares it with the published one.
    public func writeManifest() throws {
        let files: [Value] = manifest.map { ["path": .string($0.path), "size": .int(Int64($0.size)), "sha256": .string($0.sha256)] }
        try write("manifest.json", (["files": .list(files)] as Value).jsonBytes + [UInt8(ascii: "\n")])
    }

    /// Every file written so far, sorted by path.
    public var manifest: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return entries.sorted()
    }
}
