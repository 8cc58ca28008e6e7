import CZstd
import Foundation

/// Zstandard files, written and read as streams: the lake keeps each FEC zip's member as
/// `<member>.zst` (ClickHouse decompresses it by its extension, from a file or a bucket), and
/// Spotlight counts the member's lines from it, apart from ClickHouse.
public enum Zstd {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Compresses what it is given into `path`, counting the lines of the uncompressed bytes the
    /// way ClickHouse's LineAsString reads them (every LF ends a line; a last line without LF counts).
    public final class Writer {
        private let stream: OpaquePointer
        private let file: FileHandle
        private let path: String
        private var output = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        private var tally = LineTally()

        /// Level 3 (zstd's default) compressed the 1.8 GB cycle-scale itcont.txt to 24% of its size.
        public init(path: String, level: Int32 = 3) throws {
            guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
                throw Failure(description: "\(path): cannot create (\(String(cString: strerror(errno))))")
            }
            guard let stream = ZSTD_createCCtx() else { throw Failure(description: "zstd: out of memory") }
            ZSTD_CCtx_setParameter(stream, ZSTD_c_compressionLevel, level)
            ZSTD_CCtx_setParameter(stream, ZSTD_c_checksumFlag, 1)
            self.stream = stream
            self.file = file
            self.path = path
        }

        deinit {
            ZSTD_freeCCtx(stream)
            try? file.close()
        }

        public func write(_ bytes: UnsafeRawBufferPointer) throws {
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            tally.add(bytes)
            var input = ZSTD_inBuffer(src: base, size: bytes.count, pos: 0)
            while input.pos < input.size { try pump(&input, ZSTD_e_continue) }
        }

        public func write(_ data: Data) throws { try data.withUnsafeBytes { try write($0) } }

        /// Ends the frame and closes the file; returns the lines written.
        @discardableResult
        public func finish() throws -> Int {
            var input = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
            while try pump(&input, ZSTD_e_end) != 0 {}
            try file.synchronize()
            try file.close()
            return tally.lines
        }

        @discardableResult
        private func pump(_ input: inout ZSTD_inBuffer, _ mode: ZSTD_EndDirective) throws -> Int {
            let (left, produced): (Int, Int) = output.withUnsafeMutableBytes { out in
                var buffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                let left = ZSTD_compressStream2(stream, &buffer, &input, mode)
                return (left, buffer.pos)
            }
            if ZSTD_isError(left) != 0 { throw Failure(description: "\(path): zstd: \(String(cString: ZSTD_getErrorName(left)))") }
            if produced > 0 {
                do { try file.write(contentsOf: output[0..<produced]) } catch { throw Failure(description: ErrorText.describe(error)) }
            }
            return left
        }
    }

    /// Streams the decompressed bytes of `path` to `body`, chunk by chunk. A truncated or
    /// corrupt file is an error naming it.
    public static func read(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let file = FileHandle(forReadingAtPath: path) else { throw Failure(description: "\(path): cannot read") }
        defer { try? file.close() }
        guard let stream = ZSTD_createDCtx() else { throw Failure(description: "zstd: out of memory") }
        defer { ZSTD_freeDCtx(stream) }
        var output = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
        var pending = 0  // bytes of the current frame zstd still expects (0 between frames)
        var any = false
        while let chunk = try file.read(upToCount: ZSTD_DStreamInSize()), !chunk.isEmpty {
            any = true
            try chunk.withUnsafeBytes { raw in
                var input = ZSTD_inBuffer(src: raw.baseAddress, size: raw.count, pos: 0)
                while input.pos < input.size {
                    let (left, produced): (Int, Int) = output.withUnsafeMutableBytes { out in
                        var buffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                        let left = ZSTD_decompressStream(stream, &buffer, &input)
                        return (left, buffer.pos)
                    }
                    if ZSTD_isError(left) != 0 { throw Failure(description: "\(path): zstd: \(String(cString: ZSTD_getErrorName(left)))") }
                    pending = left
                    if produced > 0 { try output.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) } }
                }
            }
        }
        // An empty file is no zstd at all: it must not pass for an empty member.
        guard any else { throw Failure(description: "\(path): zstd: the file is empty") }
        guard pending == 0 else { throw Failure(description: "\(path): zstd: the file ends in the middle of a frame (truncated)") }
    }
}
