import Foundation

/// Building SQL text safely: every value spliced into a statement goes through here.
public enum SQLText {
    /// A ClickHouse string literal: backslashes and quotes escaped.
    public static func literal(_ value: String) -> String {
        var out = "'"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }

    /// A quoted table or column name, whatever it holds: backticks and backslashes escaped.
    public static func identifier(_ name: String) -> String {
        "`" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "`", with: "\\`") + "`"
    }

    /// The output format a statement names at its end (`… FORMAT Vertical`), if any. Results
    /// reach Spotlight typed (Arrow, or TabSeparated from a server), never in another format.
    public static func trailingFormat(_ sql: String) -> String? {
        sql.firstMatch(of: /(?i)\bFORMAT\s+([A-Za-z][A-Za-z0-9_]*)\s*;?\s*$/).map { String($0.1) }
    }

    /// A SETTINGS clause's list, `name = 'value', …`: ClickHouse reads a number or a boolean
    /// from a string literal too, so every value is one. Names are Spotlight's own.
    public static func settings(_ pairs: [(String, String)]) -> String {
        pairs.map { name, value in
            precondition(isIdentifier(name))
            return "\(name) = \(literal(value))"
        }.joined(separator: ", ")
    }

    /// A table or column name as Spotlight's own SQL writes them: letters, digits, underscores.
    public static func isIdentifier(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 }
            && !(name.utf8.first! >= 48 && name.utf8.first! <= 57)
    }

    /// Splits a script into statements at `;` that ends a line (our SQL files never put
    /// semicolons inside literals), dropping comment-only pieces.
    public static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            current += line + "\n"
            if line.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
                statements.append(current)
                current = ""
            }
        }
        statements.append(current)
        return statements.map { statement in
            statement.trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: ";")))
        }.filter { statement in
            statement.split(separator: "\n").contains { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
    }
}
