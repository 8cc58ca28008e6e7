import Foundation
import ZIPFoundation

/// An FEC zip's member, found by name whatever its case (the FEC's archives vary), and read as
/// a stream: the one way a fetch (making the lake's `.zst` copy) and an ingest (reading a zip
/// from a hand folder) open a member.
public struct ZipMember {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    let archive: Archive
    let entry: Entry

    /// `shown` names the zip in errors (a path, or the file's name).
    public init(_ member: String, of zip: URL, shown: String) throws(Failure) {
        do { archive = try Archive(url: zip, accessMode: .read) } catch {
            throw Failure(description: "\(shown): not a readable zip (\(error))")
        }
        guard let entry = archive.first(where: { $0.path.lowercased() == member.lowercased() && $0.type == .file }) else {
            throw Failure(description: "\(shown) has no member \(member) (it has: \(archive.map(\.path).prefix(10).joined(separator: ", ")))")
        }
        self.entry = entry
    }

    /// The member's bytes, inflated in chunks of 1 MB, its CRC-32 checked at the end.
    public func extract(_ consumer: (Data) throws -> Void) throws {
        _ = try archive.extract(entry, bufferSize: 1 << 20, skipCRC32: false, consumer: consumer)
    }
}
