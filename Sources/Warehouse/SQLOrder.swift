import Foundation

/// Orders SQL files by what they declare, as dbt orders models by `ref()`: a file names the
/// tables it reads from other files in a `-- depends: table, table` line, and runs after the
/// files that create them (`CREATE [OR REPLACE] TABLE|VIEW [IF NOT EXISTS] name`). Tables no
/// file creates (loaded by ingest) are not constraints. Ties keep name order, so the order is
/// stable; a cycle is an error naming the files in it.
public enum SQLOrder {
    public struct File: Sendable, Equatable {
        public let name: String
        public let text: String
        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }

        /// Tables named on `-- depends:` lines.
        public var depends: [String] {
            text.split(separator: "\n").filter { $0.hasPrefix("-- depends:") }.flatMap {
                $0.dropFirst("-- depends:".count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }.filter { !$0.isEmpty }
        }

        /// Tables and views the file creates.
        public var creates: [String] {
            text.matches(of: /(?i)CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?/).map { String($0.1) }
        }
    }

    public struct CycleError: Error, Equatable, CustomStringConvertible {
        public let files: [String]
        public init(files: [String]) { self.files = files }
        public var description: String { "these SQL files depend on each other in a cycle: \(files.joined(separator: ", ")) (see their -- depends: lines)" }
    }

    public static func sorted(_ files: [File]) throws -> [File] {
        let files = files.sorted { $0.name < $1.name }
        var creator: [String: Int] = [:]
        for (i, file) in files.enumerated() { for table in file.creates where creator[table] == nil { creator[table] = i } }
        let needs = files.enumerated().map { i, file in Set(file.depends.compactMap { creator[$0] }.filter { $0 != i }) }
        var done = Set<Int>(), order: [File] = []
        while order.count < files.count {
            guard let next = files.indices.first(where: { !done.contains($0) && needs[$0].isSubset(of: done) }) else {
                throw CycleError(files: files.indices.filter { !done.contains($0) }.map { files[$0].name })
            }
            done.insert(next)
            order.append(files[next])
        }
        return order
    }
}
