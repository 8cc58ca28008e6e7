import Core
import Foundation

/// The check every SELECT a user writes (a Markdown report's block, a dataset's transform)
/// passes before it runs: ClickHouse's own parser (`EXPLAIN AST`) must find one SELECT whose
/// table functions only generate rows (`numbers()`, `values()`…) — never `file()`, `url()`,
/// `s3()`, `remote()`, `executable()` or any other that reads outside the warehouse. The query
/// then runs with `readonly = 1`, which on chDB and current servers refuses the same table
/// functions, writes and setting changes again (old servers such as 18.16 do not refuse table
/// functions read-only: this check is what holds there).
public enum ReadOnlySQL {
    public static let generators: Set<String> = ["numbers", "numbers_mt", "zeros", "zeros_mt", "generateSeries", "generate_series", "values", "null", "range"]
    /// Ordinary functions that read outside the warehouse: `file('/etc/passwd')` returns the
    /// file's bytes, and read-only mode does not refuse it.
    public static let readers: Set<String> = ["file", "url", "s3", "hdfs", "azureBlobStorage", "gcs", "remote", "remoteSecure", "executable",
                                               "mysql", "postgresql", "jdbc", "odbc", "mongodb", "redis", "sqlite", "cluster", "clusterAllReplicas",
                                               "input", "iceberg", "deltaLake", "hudi", "dictGet", "dictGetOrDefault", "dictGetOrNull", "dictGetString",
                                               "dictHas", "dictGetHierarchy", "dictIsIn", "getSetting", "getServerSetting", "currentProfiles", "currentRoles"]

    /// Nil when `select` may run; otherwise why not.
    public static func refusal(_ select: String, engine: any WarehouseEngine) throws -> String? {
        let statements = SQLText.statements(select)
        guard statements.count == 1 else { return "it must be one SELECT; found \(statements.count) statements" }
        let ast: [String]
        do {
            ast = try engine.query("EXPLAIN AST \(statements[0])").rows.map { $0.first?.description ?? "" }
        } catch let error as WarehouseError {
            return "ClickHouse cannot parse it: \(error.message)"
        }
        guard ast.first?.hasPrefix("SelectWithUnionQuery") == true else {
            return "it must be a SELECT (ClickHouse reads it as \(ast.first?.split(separator: " ").first ?? "nothing"))"
        }
        var functions: [String] = []
        for (i, line) in ast.enumerated() where line.trimmingCharacters(in: .whitespaces).hasPrefix("TableExpression") && i + 1 < ast.count {
            let next = ast[i + 1].trimmingCharacters(in: .whitespaces)
            if next.hasPrefix("Function "), let name = next.split(separator: " ").dropFirst().first {
                functions.append(String(name))
            }
        }
        if let reader = functions.first(where: { !generators.contains($0) }) {
            return "it uses the table function \(reader)(), which reads outside the warehouse; a report or transform reads the warehouse's tables only"
        }
        // Any function anywhere in the query (a SELECT list, a WHERE, a subquery).
        for line in ast {
            let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
            guard words.first == "Function", words.count > 1 else { continue }
            let name = String(words[1])
            if readers.contains(name) || name.hasPrefix("dictGet") {
                return "it uses the function \(name)(), which reads outside the warehouse; a report or transform reads the warehouse's tables only"
            }
        }
        return nil
    }
}
