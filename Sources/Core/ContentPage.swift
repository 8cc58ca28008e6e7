import Foundation

/// A `content/` page: front matter between `---` lines, then Markdown.
public struct ContentPage: Sendable, Equatable {
    public var slug: String
    public var title: String
    public var description: String
    public var template: String
    public var order: Int
    public var markdown: String

    public init(slug: String, title: String, description: String, template: String, order: Int, markdown: String) {
        self.slug = slug
        self.title = title
        self.description = description
        self.template = template
        self.order = order
        self.markdown = markdown
    }

    public struct FrontMatterError: Error, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Front matter is `key: value` lines (a YAML subset: title, description, template, order).
    public static func parse(_ text: String, file: String, slug: String) throws -> ContentPage {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard lines.first == "---" else { throw FrontMatterError(file: file, line: 1, message: "expected front matter starting with ---") }
        guard let end = lines.dropFirst().firstIndex(of: "---") else {
            throw FrontMatterError(file: file, line: 1, message: "front matter is not closed by a --- line")
        }
        var page = ContentPage(slug: slug, title: "", description: "", template: "page", order: 0, markdown: "")
        for n in 1..<end {
            let line = lines[n]
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw FrontMatterError(file: file, line: n + 1, message: "expected 'key: value', found '\(line)'")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = String(value.dropFirst().dropLast()) }
            switch key {
            case "title": page.title = value
            case "description": page.description = value
            case "template": page.template = value
            case "order":
                guard let order = Int(value) else { throw FrontMatterError(file: file, line: n + 1, message: "order must be a whole number, found '\(value)'") }
                page.order = order
            default:
                throw FrontMatterError(file: file, line: n + 1, message: "unknown front matter key '\(key)' (known: title, description, template, order)")
            }
        }
        guard !page.title.isEmpty else { throw FrontMatterError(file: file, line: 1, message: "front matter has no title") }
        lines.removeSubrange(0...end)
        page.markdown = lines.joined(separator: "\n")
        return page
    }

    /// Every `*.md` in `directory`, ordered by (order, slug) so menus are stable.
    public static func loadAll(_ directory: URL) throws -> [ContentPage] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try names.filter { $0.hasSuffix(".md") }.sorted().map { name in
            let path = directory.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw FrontMatterError(file: path, line: 0, message: "not readable as UTF-8")
            }
            return try parse(text, file: path, slug: String(name.dropLast(3)))
        }.sorted { ($0.order, $0.slug) < ($1.order, $1.slug) }
    }
}
