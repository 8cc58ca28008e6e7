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
    /// Setting a key of an object adds or replaces it; setting one on anything else does nothing.
    public subscript(key: String) -> Value? {
        get {
            switch self {
            case .object(let o): return o[key]
            case .list(let l): return Int(key).flatMap { l.indices.contains($0) ? l[$0] : nil }
            default: return nil
            }
        }
        set {
            guard case .object(var o) = self else { return }
            o[key] = newValue
            self = .object(o)
        }
    }
}

public struct Object: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// (key, value) pairs in order. A literal's own array becomes the storage (one allocation
    /// per object), and lookups read keys in place without copying values.
    public private(set) var entries: [(String, Value)]

    public init() { entries = [] }
    public init(dictionaryLiteral elements: (String, Value)...) { entries = elements }
    public init(_ entries: [(String, Value)]) { self.entries = entries }

    /// Position of `key`, compared in place.
    @inline(__always) func index(of key: String) -> Int? {
        entries.withUnsafeBufferPointer { entries in
            for i in entries.indices where entries[i].0 == key { return i }
            return nil
        }
    }

    func value(at index: Int) -> Value { entries[index].1 }

    public var keys: [String] { entries.map(\.0) }

    public subscript(key: String) -> Value? {
        get { index(of: key).map(value(at:)) }
        set {
            if let i = index(of: key) {
                if let newValue { entries[i].1 = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    public static func == (a: Object, b: Object) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
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
