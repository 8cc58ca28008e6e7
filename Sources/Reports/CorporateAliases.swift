import Core
import Foundation
import TOMLKit

/// `content/corporate_aliases.toml`: reviewed mappings from a company name as some source writes
/// it to the SEC's CIK, for names the deterministic key cannot join ("ALPHABET" and "GOOGLE").
///
///     [[alias]]
///     name = "GOOGLE LLC"
///     cik = "0001652044"
///     reason = "Google LLC is Alphabet Inc.'s operating subsidiary (10-K, Exhibit 21)."
public enum CorporateAliases {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let cik: String
        public let reason: String
    }

    public static func parse(_ text: String, file: String) throws -> [Entry] {
        let table: TOMLTable
        do { table = try TOMLText.table(text) } catch { throw ReportError(message: "\(file): \(error)") }
        guard let list = table["alias"]?.array else {
            if table.keys.isEmpty { return [] }
            throw ReportError(message: "\(file): expected [[alias]] entries with name, cik and reason")
        }
        return try list.enumerated().map { i, item in
            guard let entry = item.table, let name = entry["name"]?.string, let cik = entry["cik"]?.string,
                  let reason = entry["reason"]?.string, !name.isEmpty, !reason.isEmpty else {
                throw ReportError(message: "\(file): alias \(i + 1) needs name, cik and reason, all text")
            }
            guard cik.count == 10, cik.allSatisfy(\.isNumber) else {
                throw ReportError(message: "\(file): alias \(i + 1) (\(name)): cik must be the 10-digit CIK, found \(cik)")
            }
            return Entry(name: name, cik: cik, reason: reason)
        }
    }
}
