/// A template compiled from its parsed nodes into a flat list of operations over one byte
/// arena. Rendering walks plain structs, so the hot loop does no reference counting: the
/// tree it replaces cost one retain and release per node per page.
final class Program: Sendable {
    enum Code: UInt8 { case text, escaped, raw, section, inverted, call }

    struct Op {
        var code: Code
        /// text: arena offset; escaped, raw, section, inverted: path index; call: call index.
        var a: Int32
        /// text: length; section and inverted: index of the first op after the section.
        var b: Int32
    }

    let ops: [Op]
    let arena: [UInt8]
    let paths: [[String]]
    /// Each path's first name, apart: most lookups need only it, and short names are stored
    /// inline in the String, so reading one costs no reference counting.
    let firsts: [String]
    /// Whether the path has further names (`a.b`).
    let dotted: [Bool]
    /// Partials, parents and blocks: resolved when rendered (they depend on overrides in scope).
    let calls: [Node]

    init(_ nodes: [Node]) {
        var ops: [Op] = [], arena: [UInt8] = [], paths: [[String]] = [], calls: [Node] = []
        func emit(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .text(let bytes):
                    ops.append(Op(code: .text, a: Int32(arena.count), b: Int32(bytes.count)))
                    arena += bytes
                case .variable(let path, let escaped):
                    paths.append(path)
                    ops.append(Op(code: escaped ? .escaped : .raw, a: Int32(paths.count - 1), b: 0))
                case .section(let path, let inverted, let children):
                    paths.append(path)
                    let at = ops.count
                    ops.append(Op(code: inverted ? .inverted : .section, a: Int32(paths.count - 1), b: 0))
                    emit(children)
                    ops[at].b = Int32(ops.count)
                case .partial, .parent, .block:
                    calls.append(node)
                    ops.append(Op(code: .call, a: Int32(calls.count - 1), b: 0))
                }
            }
        }
        emit(nodes)
        self.ops = ops
        self.arena = arena
        self.paths = paths
        self.firsts = paths.map { $0.first ?? "" }
        self.dotted = paths.map { $0.count > 1 }
        self.calls = calls
    }
}
