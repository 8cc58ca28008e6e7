import CBrotli
import Core
import Foundation

/// Precompressed twins of text files: `.gz` for every client, `.br` for those that accept it.
/// Both encoders are deterministic, so identical pages give identical compressed bytes.
public enum Compression {
    /// gzip through libdeflate (see `Gzip`): no name or mtime in the header, so identical
    /// pages give identical bytes.
    public static func gzip(_ input: [UInt8], level: Int32 = 6) -> [UInt8] { Gzip.compress(input, level: level) }

    public static func gunzip(_ input: [UInt8], limit: Int = 64 << 20) -> [UInt8]? { Gzip.decompress(input, limit: limit) }

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
