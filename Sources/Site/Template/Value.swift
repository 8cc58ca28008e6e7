/// The data a page is rendered from. A page's JSON twin is exactly this value serialised, and
/// its HTML is the same value run through a template, so the two can never disagree.
///
/// Objects keep their keys in insertion order (a small array, searched linearly: page objects
/// have a handful of keys, and ordered keys make the JSON byte-identical run to run).
public enum Value: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    /// An exact amount of US dollars in cents. JSON: `1234.56`; HTML: `$1,234.56`.
    case money(Int64)
    case list([Value])
    case object(Object)

    /// Mustache truthiness: what a `{{#name}}` section treats as absent.
    var isFalsey: Bool {
        switch self {
        case .null: true
        case .bool(let b): !b
        case .string(let s): s.isEmpty
        case .list(let l): l.isEmpty
        case .int, .double, .money, .object: false
        }
    }

    /// An object's key, or a list's element by position (`rows.0`: "has a first row").
    public subscript(key: String) -> Value? {
        switch self {
        case .object(let o): return o[key]
        case .list(let l): return Int(key).flatMap { l.indices.contains($0) ? l[$0] : nil }
        default: return nil
        }
    }
}

public struct Object: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    // Keys and values apart: a lookup compares keys without copying (retaining) values.
    public private(set) var keys: [String]
    public private(set) var values: [Value]

    public init() { keys = []; values = [] }
    public init(dictionaryLiteral elements: (String, Value)...) { self.init(elements) }
    public init(_ entries: [(String, Value)]) {
        keys = entries.map(\.0)
        values = entries.map(\.1)
    }

    public var entries: [(key: String, value: Value)] { zip(keys, values).map { (key: $0, value: $1) } }

    /// Position of `key`; keys are compared in place, without copying the array.
    @inline(__always) func index(of key: String) -> Int? {
        keys.withUnsafeBufferPointer { keys in
            for i in keys.indices where keys[i] == key { return i }
            return nil
        }
    }

    public subscript(key: String) -> Value? {
        get {
            guard let i = index(of: key) else { return nil }
            return values[i]
        }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue { values[i] = newValue } else { keys.remove(at: i); values.remove(at: i) }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .object(Object(elements.map { ($0.0, $0.1) }))
    }

    /// A text that may be absent: NULL in the warehouse becomes JSON null.
    public static func text(_ s: String?) -> Value { s.map(Value.string) ?? .null }
}
