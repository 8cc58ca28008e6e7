import Core
import Foundation
import Reports
import Warehouse

/// The page of a Markdown report (`content/reports/<name>.md` with ```sql blocks): its prose
/// with each directive replaced by what it shows — a table, a chart, a value — drawn from the
/// block's result table; each block's SQL and every row (`<block>.csv`, the JSON twin) below.
extension ReportPages {
    func markdownReport(_ report: MarkdownReport, links: LinkRegistry, into built: inout Built) throws -> Value {
        let url = "/reports/\(Slug.make(report.page.slug))/"
        var results: [String: (columns: [ColumnInfo], rows: [[Warehouse.Value]])] = [:]
        for query in report.queries {
            let table = MarkdownReport.table(report: report.page.slug, query: query.name)
            guard try engine.tableExists(table) else { continue }
            let r = try engine.query("SELECT * FROM \(table) ORDER BY rank")
            let keep = r.columns.indices.filter { r.columns[$0].name != "rank" }
            results[query.name] = (keep.map { r.columns[$0] }, r.rows.map { row in keep.map { row[$0] } })
        }
        var html = Markdown.html(report.markdown)
        for directive in report.directives {
            let shown = try results[directive.query].map { try self.render(directive, $0, report: report, links: links) }
                ?? "<p class=\"note\">Not computed in this build: its data is not loaded.</p>"
            if directive.kind != .value, html.contains("<p>\(directive.token)</p>") {
                html = html.replacingOccurrences(of: "<p>\(directive.token)</p>", with: shown)
            } else {
                html = html.replacingOccurrences(of: directive.token, with: shown)
            }
        }
        var queries: [Value] = []
        for query in report.queries {
            let result = results[query.name] ?? ([], [])
            let csvPath = String(url.dropFirst()) + "\(query.name).csv"
            built.downloads.append((csvPath, Self.csv(columns: result.columns.map(\.name), rows: result.rows, positions: Array(result.columns.indices))))
            let dataset = "report-\(report.page.slug)-\(query.name.replacingOccurrences(of: "_", with: "-"))"
            queries.append([
                "name": .string(query.name), "sql": .string(query.sql), "line": .int(Int64(query.line)),
                "computed": .bool(results[query.name] != nil), "row_count": .int(Int64(result.rows.count)),
                "columns": .list(result.columns.map { ["name": .string(Self.publicName($0.name)), "type": .string($0.type)] }),
                "rows": .list(result.rows.map { row in
                    var object = Object()
                    for (column, value) in zip(result.columns, row) { object[Self.publicName(column.name)] = Self.json(value, column: column.name) }
                    return .object(object)
                }),
                "csv_url": .string("/" + csvPath),
                "_dataset_url": links.datasetPages.contains(dataset) ? .string(DatasetPages.url(dataset)) : .null,
            ])
        }
        let document: Value = [
            "kind": "markdown-report",
            "name": .string(report.page.slug),
            "title": .string(report.page.title),
            "description": .string(report.page.description),
            "source": .string(report.file),
            "markdown": .string(report.markdown),
            "queries": .list(queries),
            "url": .string(url),
            "_body_html": .string(html),
        ]
        built.pages.append(Page(path: String(url.dropFirst()), template: "markdown-report", document: document))
        return ["title": .string(report.page.title), "description": .string(report.page.description), "url": .string(url),
                "row_count": .int(Int64(results.values.reduce(0) { $0 + $1.rows.count })), "computed": .bool(!results.isEmpty)]
    }

    func render(_ d: MarkdownReport.Directive, _ result: (columns: [ColumnInfo], rows: [[Warehouse.Value]]),
                report: MarkdownReport, links: LinkRegistry) throws -> String {
        func index(_ name: String?) throws -> Int {
            guard let name, let i = result.columns.firstIndex(where: { $0.name == name }) else {
                throw SiteError.content("\(report.file):\(d.line): the block \(d.query) has no column \(name ?? "") (it has \(result.columns.map(\.name).joined(separator: ", ")))")
            }
            return i
        }
        func number(_ v: Warehouse.Value) -> Double {
            switch v {
            case .int(let i): Double(i)
            case .uint(let u): Double(u)
            case .float(let f): f
            case .decimal(let m, let scale): Double(m) / pow(10, Double(scale))
            default: Double(v.description) ?? 0
            }
        }
        let title = "\(report.page.title): \(d.query.replacingOccurrences(of: "_", with: " "))"
        let id = "chart-\(d.query)-\(d.line)"
        switch d.kind {
        case .value:
            let i = try index(d.options["column"])
            guard let value = result.rows.first?[i] else { return "" }
            let text = d.dollars && number(value).isFinite ? SeriesChart.dollars(number(value)) : Self.display(value, column: result.columns[i].name)
            var out = Output(capacity: 64)
            out.append("<strong class=\"figure\">")
            out.appendEscapingHTML(text)
            out.append("</strong>")
            return String(decoding: out.bytes, as: UTF8.self)
        case .bar:
            let label = try index(d.options["label"]), value = try index(d.options["value"])
            let bars = result.rows.prefix(25).map { row in
                BarChart.Bar(label: Self.display(row[label], column: result.columns[label].name),
                             cents: Int64((SeriesChart.drawable(number(row[value])) * (d.dollars ? 100 : 1)).rounded()))
            }
            return BarChart(id: id, title: title, bars: bars, unit: d.dollars ? .dollars : .count).horizontalSVG()
        case .line, .stacked:
            let x = try index(d.options["x"]), y = try index(d.options["y"])
            // One x position per run of equal labels, in the rows' order; a value per series at each.
            var labels: [String] = [], series: [(name: String, values: [Double])] = []
            let serie = try d.options["series"].map { try index($0) }
            for row in result.rows {
                let label = Self.display(row[x], column: result.columns[x].name)
                if labels.last != label {
                    labels.append(label)
                    for s in series.indices { series[s].values.append(0) }
                }
                let name = serie.map { Self.display(row[$0], column: result.columns[$0].name) } ?? result.columns[y].name
                let s = series.firstIndex { $0.name == name } ?? {
                    series.append((name, Array(repeating: 0, count: labels.count)))
                    return series.count - 1
                }()
                series[s].values[labels.count - 1] += number(row[y])
            }
            return SeriesChart(id: id, title: title, style: d.kind == .line ? .line : .stacked, x: labels, series: Array(series.prefix(6)), dollars: d.dollars).svg()
        case .table:
            var out = Output(capacity: 16_384)
            out.append("<div class=\"table-scroll\" tabindex=\"0\"><table class=\"sortable\"><caption>")
            out.appendEscapingHTML(title)
            out.append("</caption><thead><tr>")
            let named = Dictionary(result.columns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
            let shown = result.columns.indices.filter { i in !(Self.idColumns[result.columns[i].name] ?? []).contains { named[$0] != nil } }
            for i in shown {
                out.append(Self.isNumericType(result.columns[i].type) ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">")
                out.appendEscapingHTML(Self.label(result.columns[i].name))
                out.append("</th>")
            }
            out.append("</tr></thead><tbody>")
            for row in result.rows.prefix(shownRows) {
                out.append("<tr>")
                for i in shown {
                    out.append(Self.isNumeric(row[i]) ? "<td class=\"num\">" : "<td>")
                    let text = Self.words(row[i], column: result.columns[i].name)
                    if !text.isEmpty, let page = Self.page(of: result.columns[i].name, in: row, columns: named, links: links) {
                        out.append("<a href=\"")
                        out.appendEscapingHTML(page)
                        out.append("\">")
                        out.appendEscapingHTML(text)
                        out.append("</a>")
                    } else {
                        out.appendEscapingHTML(text)
                    }
                    out.append("</td>")
                }
                out.append("</tr>")
            }
            out.append("</tbody></table></div>")
            if result.rows.count > shownRows { out.append("<p class=\"note\">The table shows the first \(shownRows) of \(result.rows.count) rows; every row is in the CSV below.</p>") }
            return String(decoding: out.bytes, as: UTF8.self)
        }
    }
}
