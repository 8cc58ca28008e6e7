/// A template error names the file, line and column of the tag at fault.
public struct TemplateError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// A parsed template. Parsing happens once per (template, indentation); rendering walks nodes.
indirect enum Node: Sendable {
    case text([UInt8])
    case variable(path: [String], escaped: Bool)
    case section(path: [String], inverted: Bool, children: [Node])
    /// `indent` is the whitespace before a standalone tag: it prefixes every line of the partial.
    case partial(name: String, indent: String)
    case parent(name: String, indent: String, overrides: [String: BlockBody])
    case block(name: String, body: BlockBody, expansion: BlockExpansion)
}

/// The text of a block — a parent's default or a child's override — kept as source, because
/// the spec reindents it for the place it is expanded into (indentation is removed where the
/// block is defined and added where it is used), and reindenting then parsing is the rule.
final class BlockBody: Sendable {
    let source: String
    let delimiters: Delimiters
    let file: String
    /// Leading whitespace of the body's first line when the opening tag stood alone.
    let definitionIndent: String

    init(source: String, delimiters: Delimiters, file: String, definitionIndent: String) {
        self.source = source
        self.delimiters = delimiters
        self.file = file
        self.definitionIndent = definitionIndent
    }
}

/// Where a block lands: `indent` prefixes its lines (the first line too when the tag stood alone).
struct BlockExpansion: Hashable, Sendable {
    var indent: String
    var includesFirstLine: Bool
    static let inline = BlockExpansion(indent: "", includesFirstLine: false)
}

struct Delimiters: Hashable, Sendable {
    var open: [UInt8]
    var close: [UInt8]
    static let standard = Delimiters(open: Array("{{".utf8), close: Array("}}".utf8))
}

/// Indentation as the spec applies it to partials, parents and blocks: on template lines.
enum Indentation {
    /// Removes `strip` from the start of each line, then prefixes `add` to each line (the first
    /// only when `includesFirstLine`; never to the empty remainder after a final newline).
    static func reindent(_ source: String, strip: String, add: String, includesFirstLine: Bool) -> String {
        if strip.isEmpty && add.isEmpty { return source }
        var out = ""
        out.reserveCapacity(source.utf8.count + 64)
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        // "a\nb\n" splits into ["a", "b", ""]: the empty remainder after the last newline is no line.
        let endsWithNewline = lines.last == ""
        if endsWithNewline { lines.removeLast() }
        for (i, var line) in lines.enumerated() {
            if !strip.isEmpty && line.hasPrefix(strip) { line = line.dropFirst(strip.count) }
            if i > 0 || includesFirstLine { out += add }
            out += line
            if i < lines.count - 1 || endsWithNewline { out += "\n" }
        }
        return out
    }

    static func leadingWhitespace(_ s: Substring) -> String {
        String(s.prefix { $0 == " " || $0 == "\t" })
    }
}
