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
        Escapes.withUTF8(s) { buffer in
            var start = 0
            for i in 0..<buffer.count where Escapes.html(buffer[i]) {
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<i])) }
                switch buffer[i] {
                case UInt8(ascii: "&"): append(StaticString("&amp;"))
                case UInt8(ascii: "<"): append(StaticString("&lt;"))
                case UInt8(ascii: ">"): append(StaticString("&gt;"))
                case UInt8(ascii: "\""): append(StaticString("&quot;"))
                default: append(StaticString("&#39;"))
                }
                start = i + 1
            }
            if start == 0 { bytes.append(contentsOf: buffer) } else if start < buffer.count {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
            }
        }
    }

    @inline(__always) mutating func append(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// A JSON string literal, quotes included. < > & are escaped as \u003c… so the text is also
    /// safe inside an HTML <script> block (JSON-LD).
    public mutating func appendJSONString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        Escapes.withUTF8(s) { buffer in
            var start = 0
            for i in 0..<buffer.count where Escapes.json(buffer[i]) {
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<i])) }
                let c = buffer[i]
                switch c {
                case UInt8(ascii: "\""): append(StaticString("\\\""))
                case UInt8(ascii: "\\"): append(StaticString("\\\\"))
                case UInt8(ascii: "\n"): append(StaticString("\\n"))
                case UInt8(ascii: "\r"): append(StaticString("\\r"))
                case UInt8(ascii: "\t"): append(StaticString("\\t"))
                default:
                    append(StaticString("\\u00"))
                    bytes.append(Escapes.hexDigit(c >> 4))
                    bytes.append(Escapes.hexDigit(c & 0xF))
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

/// Which bytes need escaping. Every byte that does is below 64 (but JSON's backslash), so a
/// 64-bit mask answers without a table lookup or a lazily initialised global.
enum Escapes {
    // & < > " '
    static let htmlMask: UInt64 = 1 << 0x26 | 1 << 0x3C | 1 << 0x3E | 1 << 0x22 | 1 << 0x27
    // control characters, " & < >
    static let jsonMask: UInt64 = 0xFFFF_FFFF | 1 << 0x22 | 1 << 0x26 | 1 << 0x3C | 1 << 0x3E

    @inline(__always) static func html(_ c: UInt8) -> Bool { c < 64 && (htmlMask >> UInt64(c)) & 1 != 0 }
    @inline(__always) static func json(_ c: UInt8) -> Bool { c < 64 ? (jsonMask >> UInt64(c)) & 1 != 0 : c == 0x5C }
    @inline(__always) static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? UInt8(ascii: "0") + v : UInt8(ascii: "a") + v - 10 }

    /// A string's UTF-8 bytes in place when it has contiguous storage (native strings do).
    @inline(__always) static func withUTF8(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if s.utf8.withContiguousStorageIfAvailable(body) == nil {
            var copy = s
            copy.withUTF8(body)
        }
    }
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
