import Foundation

/// A report written as Markdown with its queries (`content/reports/<name>.md`): front matter,
/// prose, named fenced blocks ```` ```sql NAME ```` that run at build time against the
/// warehouse, and directives that put a result on the page:
///
///     {% table NAME %}                                   the rows as a table
///     {% chart bar NAME label=COLUMN value=COLUMN %}     one bar per row
///     {% chart line NAME x=COLUMN y=COLUMN %}            a line over the rows in order
///     {% chart stacked NAME x=COLUMN y=COLUMN series=COLUMN %}
///     {% value NAME.COLUMN %}                            the first row's value, inline
///
/// Charts and values take `unit=dollars` (else counts and numbers as they are). A report
/// without sql blocks is the narrative of `sql/reports/<name>.sql` instead.
/// `docs/WRITING-A-REPORT.md` is the user's guide.
public struct MarkdownReport: Sendable, Equatable {
    public struct Query: Sendable, Equatable {
        public var name: String
        public var sql: String
        /// The line of the opening fence in the file (errors name it).
        public var line: Int
    }

    public struct Directive: Sendable, Equatable {
        public enum Kind: String, Sendable { case table, bar, line, stacked, value }
        public var kind: Kind
        public var query: String
        /// label/value (bar), x/y[/series] (line, stacked), column (value).
        public var options: [String: String]
        public var line: Int
        /// Where the directive's output goes in the rendered Markdown.
        public var token: String
        public var dollars: Bool { options["unit"] == "dollars" }
    }

    public var page: ContentPage
    public var file: String
    public var queries: [Query]
    public var directives: [Directive]
    /// The prose with the sql blocks taken out and each directive a token.
    public var markdown: String

    public struct ReportError: Error, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Whether a content file is a Markdown report (has a ```sql block) rather than the text of
    /// a SQL report.
    public static func hasQueries(_ text: String) -> Bool {
        text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("```sql") }
    }

    public static func parse(_ text: String, file: String, slug: String) throws -> MarkdownReport {
        let page = try ContentPage.parse(text, file: file, slug: slug)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        // The prose starts after the second --- line.
        let start = (lines.dropFirst().firstIndex(of: "---") ?? 0) + 1
        var queries: [Query] = [], directives: [Directive] = [], prose: [String] = []
        var n = start
        func fail(_ line: Int, _ message: String) -> ReportError { ReportError(file: file, line: line, message: message) }
        while n < lines.count {
            let line = lines[n], trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```sql") {
                let name = trimmed.dropFirst("```sql".count).trimmingCharacters(in: .whitespaces)
                guard name.wholeMatch(of: /[a-z][a-z0-9_]{0,40}/) != nil else {
                    throw fail(n + 1, "a sql block needs a name of lower-case letters, digits and _ (```sql top_sponsors)")
                }
                guard !queries.contains(where: { $0.name == name }) else { throw fail(n + 1, "a second sql block is named \(name)") }
                guard let end = lines[(n + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "```" }) else {
                    throw fail(n + 1, "the sql block \(name) is not closed by a ``` line")
                }
                let sql = lines[(n + 1)..<end].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !sql.isEmpty else { throw fail(n + 1, "the sql block \(name) is empty") }
                queries.append(Query(name: name, sql: sql, line: n + 1))
                n = end + 1
                continue
            }
            var out = line
            while let open = out.range(of: "{%"), let close = out.range(of: "%}", range: open.upperBound..<out.endIndex) {
                let words = out[open.upperBound..<close.lowerBound].split(separator: " ").map(String.init)
                let token = "SPOTLIGHTDIRECTIVE\(directives.count)X"
                directives.append(try directive(words, line: n + 1, token: token, fail: fail))
                out.replaceSubrange(open.lowerBound..<close.upperBound, with: token)
            }
            prose.append(out)
            n += 1
        }
        for d in directives where !queries.contains(where: { $0.name == d.query }) {
            throw fail(d.line, "no sql block is named \(d.query) (blocks: \(queries.map(\.name).joined(separator: ", ")))")
        }
        var report = MarkdownReport(page: page, file: file, queries: queries, directives: directives, markdown: prose.joined(separator: "\n"))
        report.page.markdown = report.markdown
        return report
    }

    static func directive(_ words: [String], line: Int, token: String, fail: (Int, String) -> ReportError) throws -> Directive {
        guard let first = words.first else { throw fail(line, "an empty {% %} directive") }
        var options: [String: String] = [:]
        func parseOptions(_ rest: ArraySlice<String>) throws {
            for word in rest {
                let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count == 2, ["label", "value", "x", "y", "series", "unit"].contains(pair[0]) else {
                    throw fail(line, "unknown option '\(word)' (label=, value=, x=, y=, series=, unit=dollars)")
                }
                options[pair[0]] = pair[1]
            }
            if let unit = options["unit"], unit != "dollars", unit != "count" { throw fail(line, "unit is dollars or count") }
        }
        switch first {
        case "table":
            guard words.count == 2 else { throw fail(line, "write {% table NAME %}") }
            return Directive(kind: .table, query: words[1], options: [:], line: line, token: token)
        case "value":
            guard words.count >= 2 else { throw fail(line, "write {% value NAME.COLUMN %}") }
            let parts = words[1].split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw fail(line, "write {% value NAME.COLUMN %}") }
            try parseOptions(words.dropFirst(2))
            options["column"] = parts[1]
            return Directive(kind: .value, query: parts[0], options: options, line: line, token: token)
        case "chart":
            guard words.count >= 3, let kind = Directive.Kind(rawValue: words[1]), [.bar, .line, .stacked].contains(kind) else {
                throw fail(line, "write {% chart bar|line|stacked NAME … %}")
            }
            try parseOptions(words.dropFirst(3))
            let needed = kind == .bar ? ["label", "value"] : kind == .line ? ["x", "y"] : ["x", "y", "series"]
            if let missing = needed.first(where: { options[$0] == nil }) {
                throw fail(line, "a \(kind.rawValue) chart needs \(needed.map { "\($0)=COLUMN" }.joined(separator: " ")) (\(missing)= is missing)")
            }
            return Directive(kind: kind, query: words[2], options: options, line: line, token: token)
        default:
            throw fail(line, "unknown directive '\(first)' (table, chart, value)")
        }
    }

    /// The warehouse table holding a query's result, in order by `rank`.
    public static func table(report: String, query: String) -> String {
        "report_" + report.replacingOccurrences(of: "-", with: "_") + "__" + query
    }
}
