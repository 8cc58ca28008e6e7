import CCmarkGFM
import Foundation

/// GitHub-flavoured Markdown through cmark-gfm. Raw HTML in the source is omitted, so a
/// content page cannot smuggle markup past the templates' escaping.
public enum Markdown {
    public static func html(_ markdown: String) -> String {
        accessibleTables(render(markdown))
    }

    /// Tables get what the site's own tables have: header cells scoped to their column, and a
    /// caption from a `Table: …` paragraph written just before the table.
    static func accessibleTables(_ html: String) -> String {
        var html = html.replacingOccurrences(of: "<th>", with: "<th scope=\"col\">")
            .replacingOccurrences(of: "<th align=", with: "<th scope=\"col\" align=")
        while let start = html.range(of: "<p>Table: "), let end = html.range(of: "</p>\n<table>", range: start.upperBound..<html.endIndex),
            !html[start.upperBound..<end.lowerBound].contains("<p>")
        {
            let caption = html[start.upperBound..<end.lowerBound]
            html.replaceSubrange(start.lowerBound..<end.upperBound, with: "<table>\n<caption>\(caption)</caption>")
        }
        return html
    }

    static func render(_ markdown: String) -> String {
        var source = markdown
        return source.withUTF8 { buffer in
            guard let rendered = buffer.withMemoryRebound(to: CChar.self, { spotlight_markdown_to_html($0.baseAddress, $0.count) }) else {
                return ""
            }
            defer { free(rendered) }
            return String(cString: rendered)
        }
    }
}
