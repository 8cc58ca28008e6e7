import CDeflate
import Foundation

/// gzip through libdeflate, for the site's `.gz` twins and for what Spotlight sends a
/// ClickHouse server (`Content-Encoding: gzip`).
public enum Gzip {
    /// gzip through libdeflate. Level 6 (zlib's default level): the files come out the size
    /// zlib's would, about 3× faster at page sizes. No name or mtime in the header, so output
    /// is reproducible.
    public static func compress(_ input: [UInt8], level: Int32 = 6) -> [UInt8] {
        let compressor = DeflatePool.shared.take(level: level)
        defer { DeflatePool.shared.give(compressor, level: level) }
        let bound = libdeflate_gzip_compress_bound(compressor, input.count)
        let output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            count = input.withUnsafeBytes { libdeflate_gzip_compress(compressor, $0.baseAddress, $0.count, buffer.baseAddress, bound) }
        }
        // Only fails when the output buffer is too small, and it is sized by libdeflate's bound.
        precondition(!output.isEmpty, "libdeflate could not compress \(input.count) bytes")
        return output
    }

    public static func decompress(_ input: [UInt8], limit: Int = 64 << 20) -> [UInt8]? {
        // The trailer's ISIZE is the uncompressed size (mod 2^32): allocate that, not the limit.
        guard input.count >= 18 else { return nil }
        let size = input.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        guard size <= limit, let decompressor = libdeflate_alloc_decompressor() else { return nil }
        defer { libdeflate_free_decompressor(decompressor) }
        var output = [UInt8](repeating: 0, count: size)
        var actual = 0
        let result = input.withUnsafeBytes { i in
            output.withUnsafeMutableBytes { o in libdeflate_gzip_decompress(decompressor, i.baseAddress, i.count, o.baseAddress, size, &actual) }
        }
        guard result == LIBDEFLATE_SUCCESS, actual == size else { return nil }
        return output
    }
}

/// libdeflate compressors are costly to allocate (hundreds of KB of tables) and not
/// thread-safe: render threads borrow one per call and give it back.
final class DeflatePool: @unchecked Sendable {
    static let shared = DeflatePool()
    private let lock = NSLock()
    private var free: [Int32: [OpaquePointer]] = [:]

    func take(level: Int32) -> OpaquePointer {
        lock.lock()
        let pooled = free[level]?.popLast()
        lock.unlock()
        if let pooled { return pooled }
        guard let fresh = libdeflate_alloc_compressor(level) else { preconditionFailure("libdeflate: no memory for a level \(level) compressor") }
        return fresh
    }

    func give(_ compressor: OpaquePointer, level: Int32) {
        lock.lock()
        free[level, default: []].append(compressor)
        lock.unlock()
    }
}
