import CBrotli
import CSpotlightZlib

/// Precompressed twins of text files: `.gz` for every client, `.br` for those that accept it.
/// Both encoders are deterministic, so identical pages give identical compressed bytes.
public enum Compression {
    /// zlib level 6 (its default): at 12 KB pages levels 6–9 differ by ~1% in size.
    public static func gzip(_ input: [UInt8], level: Int32 = 6) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: spotlight_gzip_bound(input.count))
        let capacity = output.count
        let written = input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in
                spotlight_gzip(i.baseAddress, i.count, o.baseAddress, capacity, level)
            }
        }
        // Failure needs an allocation failure inside zlib; an empty result would be a corrupt file.
        precondition(written > 0, "zlib could not compress \(input.count) bytes")
        output.removeSubrange(written...)
        return output
    }

    public static func gunzip(_ input: [UInt8], limit: Int = 64 << 20) -> [UInt8]? {
        // The trailer's ISIZE is the uncompressed size (mod 2^32): allocate that, not the limit.
        guard input.count >= 18 else { return nil }
        let size = input.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        let limit = min(limit, size + 1)
        var output = [UInt8](repeating: 0, count: limit)
        let written = input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in spotlight_gunzip(i.baseAddress, i.count, o.baseAddress, limit) }
        }
        guard written >= 0 else { return nil }  // (size_t)-1 arrives as -1
        output.removeSubrange(written...)
        return output
    }

    /// Brotli quality 6, window 2^18: the design card measured quality 5–9 at ~0.1 ms per
    /// 12 KB page; 6 compresses HTML within a few percent of 9.
    public static func brotli(_ input: [UInt8], quality: Int32 = 6) -> [UInt8] {
        var size = BrotliEncoderMaxCompressedSize(input.count)
        if size == 0 { size = input.count + 1024 }
        var output = [UInt8](repeating: 0, count: size)
        let ok = input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in
                BrotliEncoderCompress(quality, 18, BROTLI_MODE_TEXT, i.count, i.baseAddress, &size, o.baseAddress)
            }
        }
        precondition(ok == BROTLI_TRUE, "brotli could not compress \(input.count) bytes")
        output.removeSubrange(size...)
        return output
    }

    public static func unbrotli(_ input: [UInt8], limit: Int = 64 << 20) -> [UInt8]? {
        let limit = min(limit, max(input.count * 64, 1 << 16))
        var output = [UInt8](repeating: 0, count: limit)
        var size = limit
        let result = input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in BrotliDecoderDecompress(i.count, i.baseAddress, &size, o.baseAddress) }
        }
        guard result == BROTLI_DECODER_RESULT_SUCCESS else { return nil }
        output.removeSubrange(size...)
        return output
    }
}
