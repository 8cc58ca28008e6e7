import Core
import Foundation

/// The lake keeps each FEC zip's member beside the zip as `<member>.zst`: ClickHouse cannot open
/// zips, but reads zstd by itself from a file or a bucket, so a warehouse server reading the S3
/// lake and the embedded engine reading the directory lake load the same object, and no ingest
/// inflates a scratch copy. Made once per new zip, at fetch.
public enum ZipMembers {
    public struct Made {
        public let name: String
        public let size: Int64
        public let sha256: String
        public let lines: Int
    }

    /// Inflates `member` of `zip` (streaming) into `directory/<member>.zst`.
    public static func unpack(zip: URL, member: String, into directory: URL) throws -> Made {
        let source: ZipMember
        do { source = try ZipMember(member, of: zip, shown: zip.lastPathComponent) } catch { throw FetchError.lake(error.description) }
        let name = member + ".zst"
        let target = directory.appendingPathComponent(name)
        let writer = try Zstd.Writer(path: target.path)
        let lines: Int
        do {
            try source.extract { try writer.write($0) }
            lines = try writer.finish()
        } catch {
            try? FileManager.default.removeItem(at: target)
            throw FetchError.lake("\(zip.lastPathComponent):\(member): cannot extract (\(ErrorText.describe(error)))")
        }
        let size = (try FileManager.default.attributesOfItem(atPath: target.path)[.size] as? NSNumber)?.int64Value ?? 0
        return Made(name: name, size: size, sha256: try SHA256.hex(file: target.path), lines: lines)
    }
}
