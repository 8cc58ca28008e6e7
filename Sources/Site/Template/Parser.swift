/// Mustache parser: scan into tokens, apply the spec's standalone-line rules, build nodes.
struct Parser {
    struct Token {
        enum Kind { case text, variable, unescaped, section, inverted, close, partial, parent, block, comment, delimiters }
        var kind: Kind
        var name = ""
        var start: Int
        var end: Int
        /// Delimiters in effect after this token (a block body is re-parsed with them).
        var delimiters: Delimiters
        var standalone = false
        var removed = false
        /// Whitespace before a standalone partial, parent or block tag.
        var indent = ""
        /// Whitespace-only prefix of a block tag that shares its line with other content.
        var inlineIndent: String?
        var lineStart = 0
        var lineEnd = 0
    }

    let source: [UInt8]
    let file: String
    /// When set, every partial and parent must name one of these templates.
    let knownTemplates: Set<String>?

    init(source: String, file: String, knownTemplates: Set<String>? = nil) {
        self.source = Array(source.utf8)
        self.file = file
        self.knownTemplates = knownTemplates
    }

    func parse(delimiters: Delimiters = .standard) throws -> [Node] {
        var tokens = try scan(delimiters)
        markStandaloneLines(&tokens)
        let kept = tokens.filter { !$0.removed }
        var i = 0
        let nodes = try build(kept, &i, closing: nil)
        return nodes
    }

    // MARK: errors

    func error(at offset: Int, _ message: String) -> TemplateError {
        var line = 1, column = 1
        for b in source[..<min(offset, source.count)] {
            if b == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return TemplateError(file: file, line: line, column: column, message: message)
    }

    // MARK: scanning

    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, source.count >= needle.count else { return nil }
        var i = from
        let last = source.count - needle.count
        while i <= last {
            if source[i] == needle[0] {
                var match = true
                for j in 1..<needle.count where source[i + j] != needle[j] { match = false; break }
                if match { return i }
            }
            i += 1
        }
        return nil
    }

    private func scan(_ initial: Delimiters) throws -> [Token] {
        var tokens: [Token] = []
        var delimiters = initial
        var pos = 0
        func addText(_ from: Int, _ to: Int) {
            // One token per line piece, so standalone detection can reason line by line.
            var s = from
            while s < to {
                var e = s
                while e < to && source[e] != UInt8(ascii: "\n") { e += 1 }
                if e < to { e += 1 }
                tokens.append(Token(kind: .text, start: s, end: e, delimiters: delimiters))
                s = e
            }
        }
        while pos < source.count {
            guard let open = find(delimiters.open, from: pos) else { break }
            addText(pos, open)
            var contentStart = open + delimiters.open.count
            var closing = delimiters.close
            var kind = Token.Kind.variable
            if contentStart < source.count && source[contentStart] == UInt8(ascii: "{") {
                kind = .unescaped
                contentStart += 1
                closing = [UInt8(ascii: "}")] + delimiters.close
            }
            guard let closeAt = find(closing, from: contentStart) else {
                throw error(at: open, "unclosed tag: no \(String(decoding: closing, as: UTF8.self)) after \(String(decoding: delimiters.open, as: UTF8.self))")
            }
            let end = closeAt + closing.count
            var content = String(decoding: source[contentStart..<closeAt], as: UTF8.self)
                .trimmingWhitespace()
            if kind == .variable, let sigil = content.first {
                let kinds: [Character: Token.Kind] = [
                    "#": .section, "^": .inverted, "/": .close, ">": .partial, "<": .parent,
                    "$": .block, "!": .comment, "=": .delimiters, "&": .unescaped,
                ]
                if let k = kinds[sigil] {
                    kind = k
                    content = String(content.dropFirst()).trimmingWhitespace()
                }
            }
            if kind == .delimiters {
                guard content.hasSuffix("=") else { throw error(at: open, "set-delimiter tag must end with '='") }
                let parts = content.dropLast().split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2 else { throw error(at: open, "set-delimiter tag needs two delimiters, found \(parts.count)") }
                delimiters = Delimiters(open: Array(parts[0].utf8), close: Array(parts[1].utf8))
            } else if kind != .comment && content.isEmpty {
                throw error(at: open, "empty tag")
            }
            tokens.append(Token(kind: kind, name: content, start: open, end: end, delimiters: delimiters))
            pos = end
        }
        addText(pos, source.count)
        return tokens
    }

    // MARK: standalone lines

    private func isBlank(_ t: Token) -> Bool {
        source[t.start..<t.end].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// A line holding only whitespace and non-interpolating tags is "standalone": the line
    /// disappears from the output. Inheritance allows several tags on one such line
    /// (`{{/block}}{{/parent}}`), except an empty block (`{{$b}}{{/b}}`), which is content.
    private func markStandaloneLines(_ tokens: inout [Token]) {
        var lineFirst = 0
        while lineFirst < tokens.count {
            var lineLast = lineFirst
            while lineLast < tokens.count - 1 {
                let t = tokens[lineLast]
                if t.kind == .text && source[t.end - 1] == UInt8(ascii: "\n") { break }
                lineLast += 1
            }
            let line = lineFirst...lineLast
            let lineStart = tokens[lineFirst].start, lineEnd = tokens[lineLast].end
            for i in line { tokens[i].lineStart = lineStart; tokens[i].lineEnd = lineEnd }
            let tags = line.filter { tokens[$0].kind != .text }
            let standalone = !tags.isEmpty
                && tags.allSatisfy { tokens[$0].kind != .variable && tokens[$0].kind != .unescaped }
                && line.allSatisfy { tokens[$0].kind != .text || isBlank(tokens[$0]) }
                && !tags.contains { i in
                    tokens[i].kind == .block && i + 1 <= lineLast && tokens[i + 1].kind == .close
                        && tokens[i + 1].name == tokens[i].name
                }
            if standalone {
                let first = tags[0]
                let leading = first > lineFirst ? String(decoding: source[tokens[lineFirst].start..<tokens[first].start], as: UTF8.self) : ""
                for i in line {
                    if tokens[i].kind == .text { tokens[i].removed = true } else { tokens[i].standalone = true }
                }
                tokens[first].indent = leading
            } else {
                for i in tags where tokens[i].kind == .block {
                    if (lineFirst..<i).allSatisfy({ tokens[$0].kind == .text && isBlank(tokens[$0]) }) {
                        tokens[i].inlineIndent = String(decoding: source[lineStart..<tokens[i].start], as: UTF8.self)
                    }
                }
            }
            lineFirst = lineLast + 1
        }
    }

    // MARK: tree

    private func checkKnown(_ t: Token) throws {
        if let known = knownTemplates, !known.contains(t.name) {
            throw error(at: t.start, "no template named '\(t.name)' (looked in \(known.count) templates)")
        }
    }

    private func build(_ tokens: [Token], _ i: inout Int, closing: Token?) throws -> [Node] {
        var nodes: [Node] = []
        while i < tokens.count {
            let t = tokens[i]
            i += 1
            switch t.kind {
            case .text:
                if case .text(let previous)? = nodes.last {
                    nodes[nodes.count - 1] = .text(previous + source[t.start..<t.end])
                } else {
                    nodes.append(.text(Array(source[t.start..<t.end])))
                }
            case .comment, .delimiters:
                continue
            case .variable, .unescaped:
                nodes.append(.variable(path: Self.path(t.name), escaped: t.kind == .variable))
            case .section, .inverted:
                let children = try build(tokens, &i, closing: t)
                nodes.append(.section(path: Self.path(t.name), inverted: t.kind == .inverted, children: children))
            case .partial:
                try checkKnown(t)
                nodes.append(.partial(name: t.name, indent: t.indent))
            case .parent:
                try checkKnown(t)
                // Text inside a parent is ignored; its top-level blocks are the arguments.
                let inside = try build(tokens, &i, closing: t)
                var overrides: [String: BlockBody] = [:]
                for case .block(let name, let body, _) in inside { overrides[name] = body }
                nodes.append(.parent(name: t.name, indent: t.indent, overrides: overrides))
            case .block:
                let bodyStart = t.standalone ? t.lineEnd : t.end
                _ = try build(tokens, &i, closing: t)  // validates the default content
                let close = tokens[i - 1]
                let bodyEnd = close.standalone ? close.lineStart : close.start
                let text = String(decoding: source[bodyStart..<max(bodyStart, bodyEnd)], as: UTF8.self)
                let firstLine = text.prefix { $0 != "\n" }
                let body = BlockBody(
                    source: text, delimiters: t.delimiters, file: file,
                    definitionIndent: t.standalone ? Indentation.leadingWhitespace(firstLine) : "")
                let expansion: BlockExpansion
                if t.standalone {
                    let intrinsic = text.isEmpty ? t.indent : Indentation.leadingWhitespace(firstLine)
                    expansion = BlockExpansion(indent: intrinsic, includesFirstLine: true)
                } else if let prefix = t.inlineIndent, !prefix.isEmpty {
                    expansion = BlockExpansion(indent: prefix, includesFirstLine: false)
                } else {
                    expansion = .inline
                }
                nodes.append(.block(name: t.name, body: body, expansion: expansion))
            case .close:
                guard let open = closing else { throw error(at: t.start, "'{{/\(t.name)}}' closes nothing") }
                guard open.name == t.name else {
                    throw error(at: t.start, "'{{/\(t.name)}}' does not close '\(open.name)' (opened at \(error(at: open.start, "").line):\(error(at: open.start, "").column))")
                }
                return nodes
            }
        }
        if let open = closing { throw error(at: open.start, "'\(open.name)' is never closed") }
        return nodes
    }

    static func path(_ name: String) -> [String] {
        name == "." ? [] : name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
