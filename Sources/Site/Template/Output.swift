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
            for i in 0..<buffer.count where Escapes.html[Int(buffer[i])] != 0 {
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<i])) }
                bytes.append(contentsOf: Escapes.htmlReplacements[Int(Escapes.html[Int(buffer[i])])])
                start = i + 1
            }
            if start == 0 { bytes.append(contentsOf: buffer) } else if start < buffer.count {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
            }
        }
    }

    /// A JSON string literal, quotes included. < > & are escaped as \u003c… so the text is also
    /// safe inside an HTML <script> block (JSON-LD).
    public mutating func appendJSONString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { buffer in
            var start = 0
            for i in 0..<buffer.count where Escapes.json[Int(buffer[i])] {
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<i])) }
                let c = buffer[i]
                switch c {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case UInt8(ascii: "\n"): append("\\n")
                case UInt8(ascii: "\r"): append("\\r")
                case UInt8(ascii: "\t"): append("\\t")
                default:
                    append("\\u00")
                    bytes.append(Escapes.hex[Int(c >> 4)])
                    bytes.append(Escapes.hex[Int(c & 0xF)])
                }
                start = i + 1
            }
            if start == 0 { bytes.append(contentsOf: buffer) } else if start < buffer.count {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// Which bytes need escaping, by table: escaping runs over every string on every page.
enum Escapes {
    static let htmlReplacements: [[UInt8]] = [[], Array("&amp;".utf8), Array("&lt;".utf8), Array("&gt;".utf8), Array("&quot;".utf8), Array("&#39;".utf8)]
    static let html: [UInt8] = (0..<256).map { b -> UInt8 in
        switch UInt8(b) {
        case UInt8(ascii: "&"): 1
        case UInt8(ascii: "<"): 2
        case UInt8(ascii: ">"): 3
        case UInt8(ascii: "\""): 4
        case UInt8(ascii: "'"): 5
        default: 0
        }
    }
    static let json: [Bool] = (0..<256).map { b in
        b < 0x20 || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26
    }
    static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}

/// How numbers read on a page and in JSON. Amounts are integers of cents end to end, so no
/// binary floating point ever touches money. Numbers are written as bytes: pages hold many.
extension Output {
    public mutating func appendInt(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, grouped: false)
    }

    /// JSON number for cents: 123456 → `1234.56`, -5 → `-0.05`.
    public mutating func appendDecimalDollars(cents: Int64) {
        if cents < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(cents.magnitude / 100, grouped: false)
        appendCents(cents.magnitude % 100)
    }

    /// Display form: 123456 → `$1,234.56`, -5 → `−$0.05` (a real minus sign).
    public mutating func appendDollars(cents: Int64) {
        if cents < 0 { bytes.append(contentsOf: [0xE2, 0x88, 0x92]) }
        bytes.append(UInt8(ascii: "$"))
        appendDigits(cents.magnitude / 100, grouped: true)
        appendCents(cents.magnitude % 100)
    }

    private mutating func appendCents(_ fraction: UInt64) {
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10))
    }

    /// Decimal digits, optionally with a comma every three.
    mutating func appendDigits(_ value: UInt64, grouped: Bool) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            } while v > 0
            for i in stride(from: count - 1, through: 0, by: -1) {
                bytes.append(d[i])
                if grouped && i > 0 && i % 3 == 0 { bytes.append(UInt8(ascii: ",")) }
            }
        }
    }
}

public enum Format {
    public static func decimalDollars(cents: Int64) -> String {
        var out = Output(capacity: 24)
        out.appendDecimalDollars(cents: cents)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    public static func dollars(cents: Int64) -> String {
        var out = Output(capacity: 24)
        out.appendDollars(cents: cents)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// 1234567 → "1,234,567".
    public static func grouped<T: BinaryInteger>(_ n: T) -> String {
        var out = Output(capacity: 24)
        if n < 0 { out.bytes.append(contentsOf: [0xE2, 0x88, 0x92]) }
        out.appendDigits(UInt64(n.magnitude), grouped: true)
        return String(decoding: out.bytes, as: UTF8.self)
    }
}
