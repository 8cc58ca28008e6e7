/// ClickHouse's TabSeparated escaping, shared by what Spotlight sends a warehouse (a file's
/// lines, a file's bytes) and what it prints (`spotlight sql --format tsv`, report tables):
/// backslash, tab, LF, CR and NUL as `\\`, `\t`, `\n`, `\r`, `\0`. CR too because a bare CR
/// before the LF would end the row for ClickHouse's reader; NUL because rows sent to the
/// embedded engine travel in a C string. Byte by byte, so a source's invalid UTF-8 passes as it is.
public enum TabSeparatedText {
    /// Appends `bytes` from `start` to `out`, escaped, copied in runs between the escaped bytes.
    /// With `untilLineEnd`, stops at the first LF (a line's end, not escaped) and returns its
    /// index; else escapes LF too and returns `bytes.count`.
    public static func escape(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into out: inout [UInt8], untilLineEnd: Bool) -> Int {
        var i = start
        while i < bytes.count {
            var j = i
            while j < bytes.count {
                let b = bytes[j]
                if b == 0x0A || b == 0x5C || b == 0x09 || b == 0x00 || b == 0x0D { break }
                j += 1
            }
            if j > i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j])) }
            guard j < bytes.count else { return j }
            switch bytes[j] {
            case 0x0A:
                if untilLineEnd { return j }
                out.append(0x5C); out.append(0x6E)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0x00: out.append(0x5C); out.append(0x30)
            default: out.append(0x5C); out.append(0x72)
            }
            i = j + 1
        }
        return i
    }

    /// `text` escaped as a TabSeparated field.
    public static func escaped(_ text: String) -> String {
        // Bytes, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x00 }) else { return text }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count + 8)
        var text = text
        text.withUTF8 { _ = escape($0, from: 0, into: &out, untilLineEnd: false) }
        return String(decoding: out, as: UTF8.self)
    }
}
