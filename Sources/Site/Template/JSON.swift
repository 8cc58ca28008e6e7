import Foundation

extension Value {
    /// Compact JSON with keys in the model's order: identical values give identical bytes.
    /// Keys starting with `_` are render-only (an SVG chart, JSON-LD text) and are left out:
    /// they are derived from the data beside them, which the JSON carries.
    public func writeJSON(to out: inout Output) {
        switch self {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): out.appendInt(i)
        case .double(let d): out.append(d.isFinite ? String(d) : "null")
        case .money(let cents): out.appendDecimalDollars(cents: cents)
        case .string(let s): out.appendJSONString(s)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            items.withUnsafeBufferPointer { items in
                for i in items.indices {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    items[i].writeJSON(to: &out)
                }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            var first = true
            object.entries.withUnsafeBufferPointer { entries in
                for i in entries.indices where entries[i].0.utf8.first != UInt8(ascii: "_") {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    out.appendJSONString(entries[i].0)
                    out.append(UInt8(ascii: ":"))
                    entries[i].1.writeJSON(to: &out)
                }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    public var jsonBytes: [UInt8] {
        var out = Output(capacity: 4096)
        writeJSON(to: &out)
        return out.bytes
    }

    /// Reads JSON (spec fixtures, schemas). Object key order is not preserved by Foundation,
    /// so keys are sorted.
    public static func parseJSON(_ data: Data) throws -> Value {
        try from(JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    static func from(_ any: Any) -> Value {
        switch any {
        case let s as String: return .string(s)
        case let n as NSNumber:
            // JSON booleans arrive as NSNumbers of C type "c"; JSON never yields an Int8.
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            let d = n.doubleValue
            if d.rounded() == d, !String(describing: n).contains(".") { return .int(n.int64Value) }
            return .double(d)
        case let a as [Any]: return .list(a.map(from))
        case let o as [String: Any]: return .object(Object(o.keys.sorted().map { ($0, from(o[$0]!)) }))
        default: return .null
        }
    }
}
