import Core
import Foundation
import Reports
import Warehouse

/// A page per accountability report (`/reports/<name>/`): its description and method from
/// `content/reports/<name>.md`, a chart, the rows as a sortable table (the first
/// `shownRows`), every row in `rows.csv` and in the JSON twin, and an index at `/reports/`.
struct ReportPages {
    let engine: any WarehouseEngine
    let library: SQLLibrary
    let content: URL
    var shownRows = 500

    struct Built {
        var pages: [Page] = []
        var downloads: [(path: String, bytes: [UInt8])] = []
        /// Each report's title, page and description (the index page and search list them).
        var listings: [(title: String, url: String, description: String)] = []
    }

    func build(links: LinkRegistry) throws -> Built {
        let definitions = Dictionary(uniqueKeysWithValues: try ReportDefinition.all(library).map { ($0.name, $0) })
        let texts: [ContentPage]
        do { texts = try ContentPage.loadAll(content) } catch { throw SiteError.content("\(error)") }
        var built = Built()
        var index: [Value] = []
        let markdownReports: [MarkdownReport]
        do { markdownReports = try MarkdownReportBuilder.load(content) } catch { throw SiteError.content("\(error)") }
        let markdownSlugs = Set(markdownReports.map(\.page.slug))
        for text in texts {
            if markdownSlugs.contains(text.slug) {
                index.append(try markdownReport(markdownReports.first { $0.page.slug == text.slug }!, links: links, into: &built))
                built.listings.append((text.title, "/reports/\(Slug.make(text.slug))/", text.description))
                continue
            }
            guard let report = definitions[text.slug] else {
                throw SiteError.content("\(content.path)/\(text.slug).md has no sql/reports/\(text.slug).sql")
            }
            let url = "/reports/\(Slug.make(report.name))/"
            let exists = try engine.tableExists(report.table)
            let result: (columns: [ColumnInfo], rows: [[Warehouse.Value]])
            if exists {
                let r = try engine.query("SELECT * FROM \(report.table) ORDER BY rank")
                result = (r.columns, r.rows)
            } else {
                result = ([], [])
            }
            let columns = result.columns.filter { $0.name != "rank" }
            let positions = columns.map { c in result.columns.firstIndex { $0.name == c.name }! }
            let rows: [Value] = result.rows.map { row in
                var object = Object()
                for (column, i) in zip(columns, positions) { object[Self.publicName(column.name)] = Self.json(row[i], column: column.name) }
                return .object(object)
            }
            let named = Dictionary(result.columns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
            // The page's table leaves out an id column whose name column beside it links the
            // entity's page (the CSV and JSON keep it): a reader needs the name, not the code.
            let shown = zip(columns, positions).filter { column, _ in
                !(Self.idColumns[column.name] ?? []).contains { named[$0] != nil }
            }
            let table: [Value] = result.rows.prefix(shownRows).map { row -> Value in
                let cells: [Value] = shown.map { (column: ColumnInfo, i: Int) -> Value in
                    let value = row[i]
                    var cell: Object = ["text": .string(Self.words(value, column: column.name)), "numeric": .bool(Self.isNumeric(value))]
                    // Every key set on every cell, so a section never climbs to the report's own keys.
                    if case .date = value { cell["date"] = true } else { cell["date"] = false }
                    cell["filing_url"] = .null
                    if column.name == "link", case .string(let link) = value, link.hasPrefix("https://") { cell["filing_url"] = .string(link) }
                    // Always set, so that a cell without a page never finds the report's own url.
                    cell["page_url"] = (cell["text"] == .string("") ? nil : Self.page(of: column.name, in: row, columns: named, links: links)).map(Value.string) ?? .null
                    return .object(cell)
                }
                return ["cells": .list(cells)]
            }
            var chart = ""
            if let spec = report.chart, let label = result.columns.firstIndex(where: { $0.name == spec.label }),
               let value = result.columns.firstIndex(where: { $0.name == spec.value }) {
                let bars = result.rows.prefix(15).map { row in
                    BarChart.Bar(label: Self.words(row[label], column: spec.label), cents: Self.integer(row[value]) ?? 0)
                }
                chart = BarChart(id: "report-chart", title: text.title, bars: Array(bars), unit: spec.dollars ? .dollars : .count).horizontalSVG()
            }
            let document: Value = [
                "kind": "report",
                "name": .string(report.name),
                "title": .string(text.title),
                "description": .string(text.description),
                "method": .string(text.markdown),
                "sql": .string(report.file),
                "computed": .bool(exists),
                "row_count": .int(Int64(rows.count)),
                "columns": .list(columns.map { c -> Value in ["name": .string(Self.publicName(c.name)), "type": .string(c.type)] }),
                "rows": .list(rows),
                "_label_columns": .list(shown.map(\.0).map { c -> Value in ["label": .string(Self.label(c.name)), "numeric": .bool(Self.isNumericType(c.type))] }),
                "_table": .list(table),
                "_shown": .int(Int64(table.count)),
                "_truncated": .bool(rows.count > table.count),
                "_chart": .string(chart),
                "_method_html": .string(Markdown.html(text.markdown)),
                "_dataset_url": links.datasetPages.contains("report-\(report.name)") ? .string(DatasetPages.url("report-\(report.name)")) : .null,
                "url": .string(url),
            ]
            built.pages.append(Page(path: String(url.dropFirst()), template: "report", document: document))
            built.downloads.append((String(url.dropFirst()) + "rows.csv", Self.csv(columns: columns.map(\.name), rows: result.rows, positions: positions)))
            built.listings.append((text.title, url, text.description))
            index.append(["title": .string(text.title), "description": .string(text.description), "url": .string(url),
                          "row_count": .int(Int64(rows.count)), "computed": .bool(exists)])
        }
        built.pages.append(Page(path: "reports/", template: "reports", document: [
            "kind": "reports", "title": "Reports",
            "description": "Standing, reproducible accountability reports computed from the official data on every build.",
            "reports": .list(index),
        ]))
        return built
    }

    /// Id columns and the name columns that link by them (`page(of:in:columns:links:)`).
    static let idColumns = ["bioguide": ["member"], "candidate_id": ["candidate"], "committee_id": ["super_pac", "committee"],
                            "cik": ["corporation", "company"]]

    /// The page of the entity a name column shows, found by the id column beside it in the row:
    /// a member by bioguide id, a candidate or committee by FEC id, a company by CIK (else by
    /// its name's key). Nil when that entity has no page.
    static func page(of column: String, in row: [Warehouse.Value], columns: [String: Int], links: LinkRegistry) -> String? {
        func text(_ name: String) -> String? {
            guard let i = columns[name], case .string(let s) = row[i], !s.isEmpty else { return nil }
            return s
        }
        switch column {
        case "member":
            return text("bioguide").flatMap { links.memberURLs[$0] }
        case "candidate":
            return text("candidate_id").flatMap { links.candidateSlugs[$0] }.map(URLs.candidate)
        case "super_pac", "committee":
            return text("committee_id").flatMap { links.committees.contains($0) ? URLs.committee($0) : nil }
        case "corporation", "company", "ticker":
            if let id = text("cik").flatMap({ links.corporationsByCIK[$0] }) { return URLs.corporation(id) }
            guard column != "ticker", case .string(let url)? = text(column).map({ links.corporationURL(named: $0) }) else { return nil }
            return url
        case "bill":
            return text("bill").flatMap { links.bills.contains($0) ? URLs.bill($0) : nil }
        default:
            return nil
        }
    }

    /// Which reports name each member of Congress (reports with a `bioguide` column), for the
    /// politician pages' "in the reports" links.
    func mentions() throws -> [String: [Value]] {
        let definitions = Dictionary(uniqueKeysWithValues: try ReportDefinition.all(library).map { ($0.name, $0) })
        let texts: [ContentPage]
        do { texts = try ContentPage.loadAll(content) } catch { throw SiteError.content("\(content.path): \(error)") }
        var found: [String: [Value]] = [:]
        for text in texts {
            guard let report = definitions[text.slug], try engine.tableExists(report.table) else { continue }
            let columns = try engine.query("DESCRIBE TABLE \(report.table)").rows.map { $0[0].description }
            guard columns.contains("bioguide") else { continue }
            for row in try engine.query("SELECT DISTINCT bioguide FROM \(report.table) WHERE bioguide != ''").rows {
                found[row[0].description, default: []].append(["title": .string(text.title), "url": .string("/reports/\(Slug.make(report.name))/")])
            }
        }
        return found
    }

    /// Money columns are computed in cents (`…_cents`); researchers get dollars under the plain name.
    static func publicName(_ column: String) -> String { column.hasSuffix("_cents") ? String(column.dropLast(6)) : column }

    /// A column's header in words: acronyms as they are written (CIK, PAC, FEC, ID), and the
    /// columns whose name is a code for something longer spelled out.
    static func label(_ column: String) -> String {
        let name = publicName(column)
        if let spelled = spelledLabels[name] { return spelled }
        let words = name.split(separator: "_").map { word in acronyms[String(word)] ?? String(word) }.joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    static let acronyms = ["id": "ID", "cik": "CIK", "pac": "PAC", "pacs": "PACs", "fec": "FEC", "lda": "LDA", "sec": "SEC"]
    static let spelledLabels = [
        "bioguide": "Bioguide ID", "zip5": "ZIP code", "cik10": "CIK", "bill_key": "Bill", "amount_min_total": "Amount (sum of range minimums)",
        "late_percent": "Late (%)", "percent": "Share (%)", "pac_to_candidates": "PAC money to candidates", "super_pac": "Super PAC",
        "super_pacs": "Super PACs", "median_days": "Median days to disclose", "longest_days": "Longest days to disclose",
        "band": "Band (shortest delay first)", "days_from_vote": "Days from vote (negative: before)",
    ]

    /// A cell as a reader reads it: money in dollars, and the codes of a few columns in words
    /// (trade types and sources, bills, support or oppose). The CSV and JSON keep the codes.
    static func words(_ value: Warehouse.Value, column: String) -> String {
        let text = display(value, column: column)
        switch column {
        case "type": return Vocabulary.tradeType(text)
        case "source": return Vocabulary.tradeSource(text)
        case "bill", "bill_key": return Vocabulary.bill(text)
        case "position" where text == "support" || text == "oppose": return text.prefix(1).uppercased() + text.dropFirst()
        default: return text
        }
    }

    static func isNumericType(_ type: String) -> Bool {
        let t = type.replacingOccurrences(of: "Nullable(", with: "")
        return t.hasPrefix("UInt") || t.hasPrefix("Int") || t.hasPrefix("Float") || t.hasPrefix("Decimal")
    }

    static func isNumeric(_ value: Warehouse.Value) -> Bool {
        switch value {
        case .int, .uint, .float, .decimal: true
        default: false
        }
    }

    static func integer(_ value: Warehouse.Value) -> Int64? {
        switch value {
        case .int(let i): i
        case .uint(let u): Int64(exactly: u)
        default: nil
        }
    }

    static func json(_ value: Warehouse.Value, column: String) -> Value {
        switch value {
        case .null: .null
        case .int(let i): column.hasSuffix("_cents") ? .money(i) : .int(i)
        case .uint(let u): Int64(exactly: u).map { column.hasSuffix("_cents") ? .money($0) : .int($0) } ?? .string(String(u))
        case .float(let d): .double(d)
        case .string(let s): .string(s)
        default: .string(value.description)
        }
    }

    static func display(_ value: Warehouse.Value, column: String) -> String {
        if column.hasSuffix("_cents"), let cents = integer(value) {
            var out = Output(capacity: 32)
            out.appendDollars(cents: cents)
            return String(decoding: out.bytes, as: UTF8.self)
        }
        switch value {
        case .null: return ""
        case .string(let s): return s
        default: return value.description
        }
    }

    /// RFC 4180: header row, a field quoted when it holds a comma, quote or line break; money
    /// columns (`…_cents`) in dollars with cents under their plain name, as in the JSON.
    static func csv(columns: [String], rows: [[Warehouse.Value]], positions: [Int]) -> [UInt8] {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var text = columns.map { field(publicName($0)) }.joined(separator: ",") + "\r\n"
        for row in rows {
            text += zip(columns, positions).map { column, i -> String in
                if column.hasSuffix("_cents"), let cents = integer(row[i]) {
                    return (cents < 0 ? "-" : "") + "\(cents.magnitude / 100)." + String(format: "%02d", Int(cents.magnitude % 100))
                }
                switch row[i] {
                case .null: return ""
                case .string(let s): return field(s)
                default: return field(row[i].description)
                }
            }.joined(separator: ",") + "\r\n"
        }
        return Array(text.utf8)
    }
}
