import Foundation

/// A set of named templates (`layouts/base`, `partials/head`, `committee`…), parsed once.
/// Partials and parents resolve by name inside the set.
public struct TemplateSet: Sendable {
    let sources: [String: String]
    let files: [String: String]
    let parsed: [String: [Node]]
    let programs: [String: Program]

    /// `strict`: a partial or parent naming a missing template is an error at load (the site);
    /// otherwise it renders as empty text, as the spec requires.
    public init(sources: [String: String], files: [String: String] = [:], strict: Bool = false) throws {
        self.sources = sources
        self.files = files
        let known = strict ? Set(sources.keys) : nil
        var parsed: [String: [Node]] = [:]
        for (name, source) in sources {
            parsed[name] = try Parser(source: source, file: files[name] ?? name, knownTemplates: known).parse()
        }
        self.parsed = parsed
        self.programs = parsed.mapValues(Program.init)
    }

    /// Loads every `*.mustache` under `directory`; a template's name is its relative path
    /// without the extension.
    public init(directory: URL) throws {
        var sources: [String: String] = [:], files: [String: String] = [:]
        let root = directory.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw TemplateError(file: root, line: 0, column: 0, message: "template directory not found")
        }
        for case let relative as String in walker where relative.hasSuffix(".mustache") {
            let path = root + "/" + relative
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(file: path, line: 0, column: 0, message: "not readable as UTF-8")
            }
            let name = String(relative.dropLast(".mustache".count))
            sources[name] = text
            files[name] = path
        }
        try self.init(sources: sources, files: files, strict: true)
    }

    public var names: [String] { sources.keys.sorted() }
}

/// Renders templates of one set. Not shared between threads: each worker owns one, with its
/// own cache of indented partials and reindented blocks.
public final class Renderer {
    let templates: TemplateSet
    private struct BlockKey: Hashable { let body: ObjectIdentifier; let expansion: BlockExpansion }
    private struct PartialKey: Hashable { let name: String; let indent: String }
    private var blocks: [BlockKey: Program] = [:]
    private var partials: [PartialKey: Program] = [:]
    private var stack: [Value] = []
    /// Block arguments in scope, outermost first: the outermost override wins.
    private var overrides: [[String: BlockBody]] = []
    private var out = Output()

    public init(_ templates: TemplateSet) { self.templates = templates }

    /// Renders template `name` against a stack of contexts (searched last to first).
    public func render(_ name: String, _ contexts: [Value]) throws -> [UInt8] {
        guard let program = templates.programs[name] else {
            throw TemplateError(file: name, line: 0, column: 0, message: "no template named '\(name)'")
        }
        stack = contexts
        overrides = []
        out = Output(capacity: max(out.bytes.capacity, 16_384))
        try run(program)
        return out.bytes
    }

    private func run(_ program: Program) throws {
        try program.ops.withUnsafeBufferPointer { ops in
            try program.arena.withUnsafeBufferPointer { arena in
                try run(program, ops, arena, 0, ops.count)
            }
        }
    }

    private func run(_ program: Program, _ ops: UnsafeBufferPointer<Program.Op>, _ arena: UnsafeBufferPointer<UInt8>,
                     _ start: Int, _ end: Int) throws {
        var pc = start
        while pc < end {
            let op = ops[pc]
            switch op.code {
            case .text:
                out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: arena[Int(op.a)..<Int(op.a + op.b)]))
                pc += 1
            case .escaped, .raw:
                if let value = lookup(program, Int(op.a)) { interpolate(value, escaped: op.code == .escaped) }
                pc += 1
            case .section:
                let value = lookup(program, Int(op.a)) ?? .null
                if case .list(let items) = value {
                    for item in items {
                        stack.append(item)
                        try run(program, ops, arena, pc + 1, Int(op.b))
                        stack.removeLast()
                    }
                } else if !value.isFalsey {
                    stack.append(value)
                    try run(program, ops, arena, pc + 1, Int(op.b))
                    stack.removeLast()
                }
                pc = Int(op.b)
            case .inverted:
                if (lookup(program, Int(op.a)) ?? .null).isFalsey { try run(program, ops, arena, pc + 1, Int(op.b)) }
                pc = Int(op.b)
            case .call:
                try call(program.calls[Int(op.a)])
                pc += 1
            }
        }
    }

    private func call(_ node: Node) throws {
        switch node {
        case .partial(let name, let indent):
            try run(partial(name, indent: indent))
        case .parent(let name, let indent, let arguments):
            overrides.append(arguments)
            try run(partial(name, indent: indent))
            overrides.removeLast()
        case .block(let name, let body, let expansion):
            let chosen = overrides.lazy.compactMap { $0[name] }.first ?? body
            try run(block(chosen, expansion))
        case .text, .variable, .section:
            preconditionFailure("compiled inline, never called")
        }
    }

    private static let empty = Program([])

    private func partial(_ name: String, indent: String) throws -> Program {
        if indent.isEmpty { return templates.programs[name] ?? Self.empty }
        let key = PartialKey(name: name, indent: indent)
        if let cached = partials[key] { return cached }
        guard let source = templates.sources[name] else { return Self.empty }
        let indented = Indentation.reindent(source, strip: "", add: indent, includesFirstLine: true)
        let program = Program(try Parser(source: indented, file: templates.files[name] ?? name).parse())
        partials[key] = program
        return program
    }

    private func block(_ body: BlockBody, _ expansion: BlockExpansion) throws -> Program {
        let key = BlockKey(body: ObjectIdentifier(body), expansion: expansion)
        if let cached = blocks[key] { return cached }
        let text = Indentation.reindent(
            body.source, strip: body.definitionIndent, add: expansion.indent,
            includesFirstLine: expansion.includesFirstLine)
        let program = Program(try Parser(source: text, file: body.file).parse(delimiters: body.delimiters))
        blocks[key] = program
        // Keep the body alive: its identity is part of the key.
        retained.append(body)
        return program
    }
    private var retained: [BlockBody] = []

    /// Spec name resolution: the first name is searched down the stack; the rest of a dotted
    /// name must resolve inside what was found (no second search).
    private func lookup(_ program: Program, _ index: Int) -> Value? {
        if program.dotted[index] { return lookup(program.paths[index]) }
        let first = program.firsts[index]
        if first.isEmpty { return stack.last }  // {{.}}
        return stack.withUnsafeBufferPointer { contexts -> Value? in
            var i = contexts.count - 1
            while i >= 0 {
                if case .object(let object) = contexts[i], let k = object.index(of: first) { return object.value(at: k) }
                i -= 1
            }
            return nil
        }
    }

    private func lookup(_ path: [String]) -> Value? {
        guard let first = path.first else { return stack.last }
        return stack.withUnsafeBufferPointer { contexts -> Value? in
            var i = contexts.count - 1
            while i >= 0 {
                if case .object(let object) = contexts[i], let k = object.index(of: first) {
                    var found = object.value(at: k)
                    for component in path.dropFirst() {
                        guard let next = found[component] else { return nil }
                        found = next
                    }
                    return found
                }
                i -= 1
            }
            return nil
        }
    }

    private func interpolate(_ value: Value, escaped: Bool) {
        switch value {
        case .null, .list, .object: return
        case .string(let s): escaped ? out.appendEscapingHTML(s) : out.append(s)
        case .int(let i): out.appendInt(i)
        case .double(let d): out.append(d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d))
        case .bool(let b): out.append(b ? "true" : "false")
        case .money(let cents): out.appendDollars(cents: cents)
        }
    }
}
