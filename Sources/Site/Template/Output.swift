/// Byte-level output for templates, JSON and XML. Escaping works on UTF-8 bytes: every byte
/// that needs escaping is ASCII, so a run of safe bytes is copied in one append.
public struct Output: Sendable {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 16_384) { bytes.reserveCapacity(capacity) }

    @inlinable public mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }
    @inlinable public mutating func append(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    @inlinable public mutating func append(_ b: UInt8) { bytes.append(b) }

    /// HTML text and attribute values (double- or single-quoted): & < > " ' escaped.
    public mutating func appendEscapingHTML(_ s: String) {
        var s = s
        s.withUTF8 { buffer in
            var start = 0
            for i in 0..<buffer.count {
                let replacement: StaticString
                switch buffer[i] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default: continue
                }
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<i])) }
                bytes.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                start = i + 1
            }
            if start < buffer.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...])) }
        }
    }

    /// A JSON string literal, quotes included. < > & are escaped as \u003c… so the text is also
    /// safe inside an HTML <script> block (JSON-LD).
    public mutating func appendJSONString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { buffer in
            var start = 0
            for i in 0..<buffer.count {
                let c = buffer[i]
                guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c == UInt8(ascii: "<")
                    || c == UInt8(ascii: ">") || c == UInt8(ascii: "&")
                else { continue }
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<i])) }
                switch c {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case UInt8(ascii: "\n"): append("\\n")
                case UInt8(ascii: "\r"): append("\\r")
                case UInt8(ascii: "\t"): append("\\t")
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    append("\\u00")
                    bytes.append(hex[Int(c >> 4)])
                    bytes.append(hex[Int(c & 0xF)])
                }
                start = i + 1
            }
            if start < buffer.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// How numbers read on a page and in JSON. Amounts are integers of cents end to end, so no
/// binary floating point ever touches money.
public enum Format {
    /// JSON number for cents: 123456 → "1234.56", -5 → "-0.05".
    public static func decimalDollars(cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let m = cents.magnitude
        let fraction = m % 100
        return "\(sign)\(m / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Display form: 123456 → "$1,234.56"; whole-dollar amounts keep their cents for honesty.
    public static func dollars(cents: Int64) -> String {
        let m = cents.magnitude
        let fraction = m % 100
        return "\(cents < 0 ? "−" : "")$\(grouped(m / 100)).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// 1234567 → "1,234,567".
    public static func grouped<T: BinaryInteger>(_ n: T) -> String {
        let digits = String(n.magnitude)
        var out = n < 0 ? "−" : ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
