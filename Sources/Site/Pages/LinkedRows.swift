import Core
import Foundation
import Warehouse

/// Rows of contributed datasets on the pages of the entities they name (`[links]` in a
/// dataset's definition): a member's trips on the member's page, a company's on its page. Each
/// page shows its first `shown` rows per dataset in the dataset's order, the count of all of
/// them, and links the dataset's page and files (the "download these rows" filter has them all).
struct LinkedRows: Sendable {
    struct Dataset: Sendable {
        let name, title, table, column, kind: String
        /// The columns a page shows: all but the link column and the load's bookkeeping.
        let columns: [(name: String, type: String)]
        let order: [String]
        /// The link column holds text: pages filter on it as it is, so the table's sort key (the
        /// link column first) picks the chunk's rows instead of a scan.
        let text: Bool
    }

    var datasets: [Dataset] = []
    var shown = 25

    /// The contributed datasets whose table the warehouse holds, each link a dataset of its own kind.
    static func load(datasets directory: URL, engine: any WarehouseEngine) throws -> LinkedRows {
        var found = LinkedRows()
        let definitions: [DatasetDefinition]
        do { definitions = try DatasetDefinition.all(in: directory) } catch { throw SiteError.content("\(error)") }
        for d in definitions where !d.links.isEmpty {
            guard try engine.tableExists(d.table) else { continue }
            let described = try engine.query("DESCRIBE TABLE \(d.table)").rows.map { (name: $0[0].description, type: $0[1].description) }
            for link in d.links where described.contains(where: { $0.name == link.column }) {
                let columns = described.filter { ![link.column, "period", "source_file", "source_line"].contains($0.name) }
                let order = (d.sort + d.primaryKey).filter { name in described.contains { $0.name == name } }
                // The dataset's order, else the file's (a transform's table may have no source_line).
                let fallback = described.contains { $0.name == "source_line" } ? ["source_line"] : [link.column]
                let type = described.first { $0.name == link.column }?.type ?? ""
                let text = ["String", "Nullable(String)", "LowCardinality(String)", "LowCardinality(Nullable(String))"].contains(type)
                found.datasets.append(Dataset(name: d.name, title: d.title, table: d.table, column: link.column, kind: link.kind,
                                              columns: columns, order: order.isEmpty ? fallback : order, text: text))
            }
        }
        return found
    }

    /// Kind → entity key → a digest of the rows naming that entity in every dataset linking the
    /// kind: a page's fingerprint includes its entity's, so a changed row re-renders the pages
    /// that show it and no other.
    func digests(_ engine: any WarehouseEngine) throws -> [String: [String: String]] {
        var parts: [String: [String: [String]]] = [:]
        for d in datasets {
            for row in try engine.query("""
                SELECT \(keyExpression(d)) AS k, toString(count()), toString(sum(cityHash64(tuple(*)))) FROM \(d.table) GROUP BY k
                """).rows {
                parts[d.kind, default: [:]][row[0].description, default: []].append("\(d.table).\(d.column) \(row[1]) \(row[2])")
            }
        }
        return parts.mapValues { $0.mapValues { PageFingerprints.combine($0) } }
    }

    /// The link column as the entity's key (`key(_:kind:)` in SQL).
    func keyExpression(_ d: Dataset) -> String {
        d.kind == "corporation" ? "replaceRegexpOne(toString(\(SQLText.identifier(d.column))), '^0+', '')" : "toString(\(SQLText.identifier(d.column)))"
    }

    /// CIKs are written with and without leading zeros (SEC pads them to 10 digits): compared without.
    static func key(_ id: String, kind: String) -> String {
        kind == "corporation" ? String(id.drop { $0 == "0" }) : id
    }

    func sections(kind: String, ids: [String], engine: any WarehouseEngine) throws -> [String: [Value]] {
        let ids = ids.map { Self.key($0, kind: kind) }.filter { !$0.isEmpty }
        guard !ids.isEmpty else { return [:] }
        var out: [String: [Value]] = [:]
        for d in datasets where d.kind == kind {
            let column = keyExpression(d)
            let filter = d.text && d.kind != "corporation" ? SQLText.identifier(d.column) : column
            let list = ids.map(SQLText.literal).joined(separator: ", ")
            let selected = d.columns.map { SQLText.identifier($0.name) }.joined(separator: ", ")
            let result = try engine.query("""
                SELECT \(column) AS _id, count() OVER (PARTITION BY \(column)) AS _total\(selected.isEmpty ? "" : ", " + selected)
                FROM \(d.table) WHERE \(filter) IN (\(list))
                ORDER BY _id, \(d.order.map(SQLText.identifier).joined(separator: ", ")) LIMIT \(shown) BY _id
                """)
            var rows: [String: [Value]] = [:], totals: [String: Int64] = [:]
            for row in result.rows {
                let id = row[0].description
                totals[id] = Int64(row[1].description) ?? 0
                let cells: [Value] = zip(d.columns, row.dropFirst(2)).map { column, value in
                    ["text": .string(ReportPages.words(value, column: column.name)), "numeric": .bool(ReportPages.isNumeric(value))]
                }
                rows[id, default: []].append(["cells": .list(cells)])
            }
            for (id, list) in rows {
                out["\(kind):\(id)", default: []].append([
                    "title": .string(d.title), "url": .string(DatasetPages.url(d.name)), "anchor": .string("linked-\(d.name)"), "total": .int(totals[id] ?? 0), "rows_word": .string(totals[id] == 1 ? "row" : "rows"),
                    "shown": .int(Int64(list.count)), "truncated": .bool((totals[id] ?? 0) > Int64(list.count)),
                    "columns": .list(d.columns.map { ["label": .string(ReportPages.label($0.name)), "numeric": .bool(ReportPages.isNumericType($0.type))] }),
                    "rows": .list(list),
                ])
            }
        }
        return out
    }
}
