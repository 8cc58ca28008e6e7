import Foundation
import FoundationXML

/// The one way Spotlight opens an XML document it did not write (the Senate's and the House
/// Clerk's files, S3 responses). Foundation's XMLParser on Linux traps on an element name that
/// is not valid UTF-8 — a seeded mutation of a real Senate file found it — which would stop a
/// nightly build on one broken byte. So invalid bytes become U+FFFD first, as the delimited
/// readers do (every source document Spotlight reads declares UTF-8), and external entities
/// are never resolved.
public enum XMLInput {
    public static func parser(_ data: Data) -> XMLParser {
        let safe = String(validating: data, as: UTF8.self) != nil ? data : Data(String(decoding: data, as: UTF8.self).utf8)
        let parser = XMLParser(data: safe)
        parser.shouldResolveExternalEntities = false
        return parser
    }
}
