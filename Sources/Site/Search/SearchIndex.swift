/// A static search index split into shards by the first two characters of each name token,
/// so a query downloads one small file (`/search/va.json`), not the whole index. The script
/// (`site.js`) tokenises queries exactly as `tokens(_:)` does.
public struct SearchIndex: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var url: String
        public var kind: String
        public var detail: String
        /// Also searchable, not shown (an FEC id).
        public var keywords: String
        public init(name: String, url: String, kind: String, detail: String, keywords: String = "") {
            self.name = name
            self.keywords = keywords
            self.url = url
            self.kind = kind
            self.detail = detail
        }
    }

    public private(set) var entries: [Entry] = []
    public init() {}

    public mutating func add(_ entry: Entry) { entries.append(entry) }

    /// Lowercase ASCII letters and digits; accents folded; everything else separates tokens.
    public static func tokens(_ text: String) -> [String] {
        Slug.make(text, maxLength: 500).split(separator: "-").map(String.init)
    }

    public static func shardKey(_ token: String) -> String {
        token.count > 1 ? String(token.prefix(2)) : token + "_"
    }

    /// Shard file name → JSON bytes. Entries appear in every shard one of their tokens starts
    /// in, ordered by name then URL so output is stable.
    public func shards() -> [(key: String, json: [UInt8])] {
        var byKey: [String: [Int]] = [:]
        let sorted = entries.enumerated().sorted { ($0.element.name, $0.element.url) < ($1.element.name, $1.element.url) }
        var tokensOf: [Int: [String]] = [:]
        for (i, entry) in sorted {
            // Each token once (a dataset's name repeats its title's words), in first-seen order.
            var seen: Set<String> = []
            let tokens = Self.tokens(entry.name + " " + entry.keywords).filter { seen.insert($0).inserted }
            tokensOf[i] = tokens
            for key in Set(tokens.map(Self.shardKey)) { byKey[key, default: []].append(i) }
        }
        return byKey.keys.sorted().map { key in
            let items = byKey[key]!.map { i -> Value in
                let e = entries[i]
                return ["n": .string(e.name), "u": .string(e.url), "k": .string(e.kind), "d": .string(e.detail),
                        "t": .list(tokensOf[i]!.map(Value.string))]
            }
            return (key, (["entries": .list(items)] as Value).jsonBytes)
        }
    }
}
