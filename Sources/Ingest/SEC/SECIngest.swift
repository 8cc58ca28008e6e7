import Core
import Foundation
import Logging
import Warehouse
import ZIPFoundation

/// `spotlight ingest sec --dir DIR`: `company_tickers.json` (CIK ↔ ticker ↔ title) and the
/// quarterly insider-transaction data sets (a `{YYYY}q{N}_form345.zip` or a folder of its TSV
/// files) → sec_company_tickers, sec_insider_submissions, sec_insider_reporting_owners,
/// sec_insider_nonderivative_transactions, sec_insider_derivative_transactions, and the
/// sec_insider_trades view over them.
public struct SECIngest {
    public let engine: any WarehouseEngine
    public let sql: SQLLibrary
    public let home: SpotlightHome
    public let maxQuarantineRate: Double
    let logger = Logger(label: "spotlight.ingest")

    public init(engine: any WarehouseEngine, sql: SQLLibrary, home: SpotlightHome, maxQuarantineRate: Double = 0.01) {
        self.engine = engine
        self.sql = sql
        self.home = home
        self.maxQuarantineRate = maxQuarantineRate
    }

    /// The data-set files loaded, their tables and the header each must have, column for column
    /// (`A|B`: either name is accepted).
    static let dataSets: [(file: String, table: String, header: [String])] = [
        ("SUBMISSION.tsv", "sec_insider_submissions",
         ["ACCESSION_NUMBER", "FILING_DATE", "PERIOD_OF_REPORT", "DATE_OF_ORIG_SUB", "NO_SECURITIES_OWNED", "NOT_SUBJECT_SEC16",
          "FORM3_HOLDINGS_REPORTED", "FORM4_TRANS_REPORTED", "DOCUMENT_TYPE", "ISSUERCIK", "ISSUERNAME", "ISSUERTRADINGSYMBOL", "REMARKS"]),
        ("REPORTINGOWNER.tsv", "sec_insider_reporting_owners",
         ["ACCESSION_NUMBER", "RPTOWNERCIK", "RPTOWNERNAME", "RPTOWNER_RELATIONSHIP", "RPTOWNER_TITLE", "RPTOWNER_TXT", "RPTOWNER_STREET1",
          "RPTOWNER_STREET2", "RPTOWNER_CITY", "RPTOWNER_STATE", "RPTOWNER_ZIPCODE", "RPTOWNER_STATE_DESC", "FILE_NUMBER"]),
        // The readme and the real DERIV_TRANS name the swap footnote EQUITY_SWAP_TRANS_CD_FN; the metadata file says EQUITY_SWAP_INVOLVED_FN.
        ("NONDERIV_TRANS.tsv", "sec_insider_nonderivative_transactions",
         ["ACCESSION_NUMBER", "NONDERIV_TRANS_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN", "TRANS_DATE", "TRANS_DATE_FN",
          "DEEMED_EXECUTION_DATE", "DEEMED_EXECUTION_DATE_FN", "TRANS_FORM_TYPE", "TRANS_CODE", "EQUITY_SWAP_INVOLVED",
          "EQUITY_SWAP_TRANS_CD_FN|EQUITY_SWAP_INVOLVED_FN", "TRANS_TIMELINESS", "TRANS_TIMELINESS_FN", "TRANS_SHARES", "TRANS_SHARES_FN",
          "TRANS_PRICEPERSHARE", "TRANS_PRICEPERSHARE_FN", "TRANS_ACQUIRED_DISP_CD", "TRANS_ACQUIRED_DISP_CD_FN",
          "SHRS_OWND_FOLWNG_TRANS", "SHRS_OWND_FOLWNG_TRANS_FN", "VALU_OWND_FOLWNG_TRANS", "VALU_OWND_FOLWNG_TRANS_FN",
          "DIRECT_INDIRECT_OWNERSHIP", "DIRECT_INDIRECT_OWNERSHIP_FN", "NATURE_OF_OWNERSHIP", "NATURE_OF_OWNERSHIP_FN"]),
        ("DERIV_TRANS.tsv", "sec_insider_derivative_transactions",
         ["ACCESSION_NUMBER", "DERIV_TRANS_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN", "CONV_EXERCISE_PRICE", "CONV_EXERCISE_PRICE_FN",
          "TRANS_DATE", "TRANS_DATE_FN", "DEEMED_EXECUTION_DATE", "DEEMED_EXECUTION_DATE_FN", "TRANS_FORM_TYPE", "TRANS_CODE",
          "EQUITY_SWAP_INVOLVED", "EQUITY_SWAP_TRANS_CD_FN|EQUITY_SWAP_INVOLVED_FN", "TRANS_TIMELINESS", "TRANS_TIMELINESS_FN", "TRANS_SHARES", "TRANS_SHARES_FN",
          "TRANS_TOTAL_VALUE", "TRANS_TOTAL_VALUE_FN", "TRANS_PRICEPERSHARE", "TRANS_PRICEPERSHARE_FN", "TRANS_ACQUIRED_DISP_CD",
          "TRANS_ACQUIRED_DISP_CD_FN", "EXCERCISE_DATE", "EXCERCISE_DATE_FN", "EXPIRATION_DATE", "EXPIRATION_DATE_FN",
          "UNDLYNG_SEC_TITLE", "UNDLYNG_SEC_TITLE_FN", "UNDLYNG_SEC_SHARES", "UNDLYNG_SEC_SHARES_FN", "UNDLYNG_SEC_VALUE",
          "UNDLYNG_SEC_VALUE_FN", "SHRS_OWND_FOLWNG_TRANS", "SHRS_OWND_FOLWNG_TRANS_FN", "VALU_OWND_FOLWNG_TRANS",
          "VALU_OWND_FOLWNG_TRANS_FN", "DIRECT_INDIRECT_OWNERSHIP", "DIRECT_INDIRECT_OWNERSHIP_FN", "NATURE_OF_OWNERSHIP",
          "NATURE_OF_OWNERSHIP_FN"]),
    ]

    /// YYYYQ for a name holding `2024q3` (a data-set zip or folder).
    static func quarter(in name: String) -> Int? {
        guard let match = name.lowercased().firstMatch(of: /(\d{4})q([1-4])/), let year = Int(match.1), let q = Int(match.2) else { return nil }
        return year * 10 + q
    }

    public func run(directory: URL) throws -> [LoadOutcome] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        let scratch = home.root.appendingPathComponent("tmp/sec-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try sql.prepare(engine)
        let loader = TableLoader(engine: engine, source: "sec", maxQuarantineRate: maxQuarantineRate)
        var outcomes: [LoadOutcome] = []

        if names.contains("company_tickers.json") {
            var records = try RecordFile(scratch.appendingPathComponent("tickers.jsonl"))
            let data = try Data(contentsOf: directory.appendingPathComponent("company_tickers.json"))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw IngestError.input("company_tickers.json: expected an object keyed \"0\", \"1\", …")
            }
            for key in object.keys.sorted(by: { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }) {
                let entry = object[key] as? [String: Any] ?? [:]
                let cik = (entry["cik_str"] as? NSNumber).map { "\($0.int64Value)" } ?? (entry["cik_str"] as? String ?? "")
                records.add(line: (Int(key) ?? -1) + 1, [cik, entry["ticker"] as? String ?? "", entry["title"] as? String ?? ""])
            }
            records.close()
            outcomes.append(try load(loader, table: "sec_company_tickers", period: 0, records: .records(records.url, count: records.count),
                                     file: "company_tickers.json"))
        }

        // Data sets: zips as published, or folders of their files, each named by its quarter.
        for name in names {
            guard let quarter = Self.quarter(in: name) else { continue }
            var folder = directory.appendingPathComponent(name)
            if name.hasSuffix(".zip") {
                folder = scratch.appendingPathComponent(name.replacingOccurrences(of: ".zip", with: ""))
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let archive = try Archive(url: directory.appendingPathComponent(name), accessMode: .read)
                for entry in archive where Self.dataSets.contains(where: { $0.file == entry.path }) {
                    _ = try archive.extract(entry, to: folder.appendingPathComponent(entry.path))
                }
            }
            for dataSet in Self.dataSets {
                let path = folder.appendingPathComponent(dataSet.file)
                guard FileManager.default.fileExists(atPath: path.path) else { continue }
                try checkHeader(path, expected: dataSet.header, name: "\(name)/\(dataSet.file)")
                outcomes.append(try load(loader, table: dataSet.table, period: quarter,
                                         records: .delimitedLines(.local(path), delimiter: "\t", header: true), file: "\(name)/\(dataSet.file)"))
            }
        }
        // The trades view joins every data-set table, so each exists even when a quarter lacks its file.
        for dataSet in Self.dataSets {
            let tableSQL = try sql.table("sec/\(dataSet.table).sql")
            try sql.create(tableSQL, on: engine)
        }
        try sql.execute("sec/sec_insider_trades.sql", on: engine)
        guard !outcomes.isEmpty else {
            throw IngestError.input("\(directory.path) holds neither company_tickers.json nor a Form 345 data set (a {YYYY}q{N}_form345.zip or folder)")
        }
        return outcomes
    }

    private func load(_ loader: TableLoader, table: String, period: Int, records: TableLoader.RecordSource, file: String) throws -> LoadOutcome {
        let tableSQL = try sql.table("sec/\(table).sql")
        try sql.create(tableSQL, on: engine)
        let outcome = try loader.load(table: table, sql: tableSQL, period: period, records: records, file: file)
        logger.debug("\(outcome.summary)")
        return outcome
    }

    /// The SEC's files carry their column names; loading by position is only safe when they
    /// are exactly the ones the SQL was written for.
    private func checkHeader(_ path: URL, expected: [String], name: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path.path) else { throw IngestError.input("cannot read \(path.path)") }
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 16_384) ?? Data()
        let line = String(decoding: head.prefix { $0 != 0x0A }, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let accepted = expected.map { $0.split(separator: "|").map(String.init) }
        guard columns.count == expected.count && zip(columns, accepted).allSatisfy({ $1.contains($0) }) else {
            let at = Array(zip(columns, accepted)).firstIndex { !$0.1.contains($0.0) } ?? min(columns.count, expected.count)
            throw IngestError.input("\(name): line 1: column \(at + 1) is \(at < columns.count ? "'\(columns[at])'" : "missing"), expected \(at < expected.count ? "'" + expected[at].replacingOccurrences(of: "|", with: "' or '") + "'" : "no more columns") (\(columns.count) columns, expected \(expected.count))")
        }
    }
}
