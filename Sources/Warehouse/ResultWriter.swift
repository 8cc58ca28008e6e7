import Core
import Foundation

/// Writes a streamed result as an aligned text table, TabSeparated, or a JSON array of objects.
public final class ResultWriter {
    public enum Format: String, CaseIterable, Sendable { case table, tsv, json }

    private let format: Format
    private let write: (String) -> Void
    private var columns: [ColumnInfo] = []
    private var rowsWritten = 0

    public init(format: Format, write: @escaping (String) -> Void) {
        self.format = format
        self.write = write
    }

    public func begin(_ columns: [ColumnInfo]) {
        self.columns = columns
        switch format {
        case .tsv: if !columns.isEmpty { write(columns.map { ResultWriter.tsvEscape($0.name) }.joined(separator: "\t") + "\n") }
        case .json: write("[")
        case .table: break
        }
    }

    public func add(_ batch: Batch) {
        // DDL and INSERT answer with empty, column-less batches: nothing to print.
        guard batch.rowCount > 0, !batch.columns.isEmpty else { return }
        switch format {
        case .tsv:
            var text = ""
            for row in 0..<batch.rowCount {
                text += batch.columns.map { column -> String in
                    let value = column.value(row)
                    return value == .null ? "\\N" : ResultWriter.tsvEscape(value.description)
                }.joined(separator: "\t")
                text += "\n"
            }
            write(text)
        case .json:
            var text = ""
            for row in 0..<batch.rowCount {
                text += (rowsWritten == 0 ? "\n" : ",\n") + "{"
                text += zip(columns, batch.columns).map { info, column in
                    JSONText.quoted(info.name) + ":" + ResultWriter.json(column.value(row))
                }.joined(separator: ",")
                text += "}"
                rowsWritten += 1
            }
            write(text)
        case .table:
            // Each batch is its own block, so a table streams like ClickHouse's Pretty formats.
            let cells = (0..<batch.rowCount).map { row in batch.columns.map { ResultWriter.displayCell($0.value(row)) } }
            var widths = columns.map { $0.name.count }
            for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
            func line(_ values: [String]) -> String {
                zip(values, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                    .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
            }
            var text = line(columns.map(\.name)) + line(widths.map { String(repeating: "-", count: $0) })
            for row in cells { text += line(row) }
            write(text)
            rowsWritten += batch.rowCount
        }
    }

    public func end() {
        switch format {
        case .json: write(rowsWritten == 0 ? "]\n" : "\n]\n")
        case .table: if rowsWritten == 0 && !columns.isEmpty { write(columns.map(\.name).joined(separator: "  ") + "\n(0 rows)\n") }
        case .tsv: break
        }
    }

    static func displayCell(_ value: Value) -> String {
        value.description.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
    }

    public static func tsvEscape(_ text: String) -> String { TabSeparatedText.escaped(text) }

    /// Exact decimals and 64-bit integers stay exact: decimals are strings, as ClickHouse's JSON does.
    static func json(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .int(let v): return String(v)
        case .uint(let v): return String(v)
        case .float(let v): return v.isFinite ? "\(v)" : "null"
        case .bool(let v): return v ? "true" : "false"
        case .array(let values): return "[" + values.map(json).joined(separator: ",") + "]"
        case .string, .decimal, .date, .dateTime: return JSONText.quoted(value.description)
        }
    }
}
