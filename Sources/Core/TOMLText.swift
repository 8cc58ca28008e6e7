import Foundation
import TOMLKit

/// The one way Spotlight parses TOML (spotlight.toml, content/datasets, reviewed mappings).
/// The bundled toml++ aborts the process, through an assertion left on in release builds, on a
/// table header whose name starts with a character that is neither a bare-key character nor a
/// quote (`[é]`, `[ ﬁ]`, `[[\u{FFFD}x]]`: a seeded mutation of spotlight.toml found it). Such
/// a header is refused here with its line and column before toml++ sees the text.
public enum TOMLText {
    public struct HeaderError: Error, CustomStringConvertible {
        public let line: Int, column: Int, character: Character
        public var description: String {
            "a table name must start with a letter, digit, '_', '-' or a quote, saw '\(character)' (column \(column))"
        }
    }

    public static func table(_ text: String) throws -> TOMLTable {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let characters = Array(line)
            var at = characters.firstIndex { $0 != " " && $0 != "\t" } ?? characters.count
            guard at < characters.count, characters[at] == "[" else { continue }
            at += 1
            if at < characters.count, characters[at] == "[" { at += 1 }
            while at < characters.count, characters[at] == " " || characters[at] == "\t" { at += 1 }
            guard at < characters.count else { continue }
            let first = characters[at]
            let bare = first.isASCII && (first.isLetter || first.isNumber || first == "_" || first == "-")
            if !bare && first != "\"" && first != "'" && first != "]" {
                throw HeaderError(line: index + 1, column: at + 1, character: first)
            }
        }
        return try TOMLTable(string: text)
    }
}
