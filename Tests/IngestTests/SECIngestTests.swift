import Core
import Foundation
import Ingest
import Sample
import Testing
import TestSupport
import Warehouse

/// SEC tickers and Form 345 data sets. Expected figures are computed here from the raw files
/// with Foundation (JSON, tab-split lines, Decimal sums), never read back from the warehouse.
@Suite(.serialized) struct SECIngestTests {
    func ingest(_ dir: URL, maxQuarantine: Double = 0.01) throws -> [LoadOutcome] {
        let engine = try TestEnvironment.embedded()
        return try SECIngest(engine: engine, sql: try SQLLibrary.locate(currentDirectory: TestEnvironment.projectRoot.path),
                             home: SpotlightHome(root: engine.path.deletingLastPathComponent()), maxQuarantineRate: maxQuarantine).run(directory: dir)
    }

    func scalar(_ sql: String) throws -> String { try TestEnvironment.embedded().scalar(sql).description }

    /// Data lines of a tab file, split into fields (no quoting in these files).
    func rows(_ url: URL) throws -> [[Substring]] {
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().filter { !$0.isEmpty }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
    }

    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func realFilesWithIndependentCounts() throws {
        try TestEnvironment.withCongressTables {
            let dir = TestEnvironment.realdata!.appendingPathComponent("sec")
            let tickers = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("company_tickers.json"))) as! [String: [String: Any]]
            let ciks = Set(tickers.values.map { ($0["cik_str"] as! NSNumber).int64Value })
            let submissions = try rows(dir.appendingPathComponent("insider_form345_2024q3/SUBMISSION.tsv"))
            let derivatives = try rows(dir.appendingPathComponent("insider_form345_2024q3/DERIV_TRANS.tsv"))
            #expect(tickers.count == 11_611 && ciks.count == 8_911 && submissions.count == 36_075)
            #expect(submissions.filter { $0[8] == "4" }.count == 32_530)
            let shares = derivatives.reduce(Decimal(0)) { $0 + (Decimal(string: String($1[16])) ?? 0) }
            let resolved = submissions.filter { ciks.contains(Int64($0[9]) ?? -1) }.count

            let outcomes = try ingest(dir)
            #expect(outcomes.map(\.table) == ["sec_company_tickers", "sec_insider_submissions", "sec_insider_derivative_transactions"])
            #expect(outcomes.map(\.linesRead) == [tickers.count, submissions.count, derivatives.count])
            #expect(outcomes.map(\.quarantined) == [0, 0, 0])

            #expect(try scalar("SELECT uniqExact(cik) FROM sec_company_tickers") == String(ciks.count))
            let apple = try TestEnvironment.embedded().query("SELECT cik, cik10, title FROM sec_company_tickers WHERE ticker = 'AAPL'").rows[0].map(\.description)
            #expect(apple == ["320193", "0000320193", "Apple Inc."])
            #expect(try scalar("SELECT countIf(document_type = '4') FROM sec_insider_submissions WHERE period = 20243") == "32530")
            let first = try TestEnvironment.embedded().query("""
                SELECT accession_number, toString(filing_date), toString(period_of_report), document_type, issuercik, issuername, issuertradingsymbol, source_line
                FROM sec_insider_submissions WHERE accession_number = '0001967680-24-000113'
                """).rows[0].map(\.description)
            #expect(first == ["0001967680-24-000113", "2024-07-31", "2024-07-29", "4", "0001967680", "Veralto Corp", "VLTO", "2"])
            // Derivative shares to the last decimal, against the sum taken here from the raw file.
            #expect(Decimal(string: try scalar("SELECT sum(trans_shares) FROM sec_insider_derivative_transactions WHERE period = 20243")) == shares)
            // Issuers resolved to a ticker through company_tickers' CIKs: the join agrees with the count here.
            let joined = try scalar("""
                SELECT countIf(toUInt32(issuercik) IN (SELECT cik FROM sec_company_tickers)) FROM sec_insider_submissions WHERE period = 20243
                """)
            #expect(joined == String(resolved))
            #expect(resolved == 33_740)  // 93.5% of 36,075 filings name an issuer CIK that has a ticker
            // Idempotent re-ingest.
            _ = try ingest(dir)
            #expect(try scalar("SELECT count() FROM sec_insider_submissions WHERE period = 20243") == "36075")
        }
    }

    @Test func headerMismatchAndBadRowsAreNamed() throws {
        try TestEnvironment.withCongressTables {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sec-bad-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            let data = dir.appendingPathComponent("2023q1_form345")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            let header = "ACCESSION_NUMBER\tFILING_DATE\tPERIOD_OF_REPORT\tDATE_OF_ORIG_SUB\tNO_SECURITIES_OWNED\tNOT_SUBJECT_SEC16\tFORM3_HOLDINGS_REPORTED\tFORM4_TRANS_REPORTED\tDOCUMENT_TYPE\tISSUERCIK\tISSUERNAME\tISSUERTRADINGSYMBOL\tREMARKS\n"
            try (header
                + "0000000001-23-000001\t31-JAN-2023\t30-JAN-2023\t\t\t0\t\t\t4\t0000320193\tApple Inc.\tAAPL\t\n"
                + "0000000001-23-000002\t31-JUX-2023\t30-JAN-2023\t\t\t0\t\t\t4\t0000320193\tApple Inc.\tAAPL\t\n"
                + "0000000001-23-000003\t31-JAN-2023\t30-JAN-2023\t\t\t0\t\t\t9\t0000320193\tApple Inc.\tAAPL\t\n"
                + "0000000001-23-000004\t31-JAN-2023\n").write(to: data.appendingPathComponent("SUBMISSION.tsv"), atomically: true, encoding: .utf8)
            let outcomes = try ingest(dir, maxQuarantine: 1)
            #expect(outcomes.map(\.linesRead) == [4] && outcomes.map(\.quarantined) == [3])
            let reasons = try TestEnvironment.embedded().query("""
                SELECT line, reason FROM quarantine WHERE source = 'sec' AND period = 20231 ORDER BY line
                """).rows.map { $0.map(\.description).joined(separator: " | ") }
            #expect(reasons == [
                "3 | FILING_DATE is not a date (DD-MON-YYYY): 31-JUX-2023",
                "4 | DOCUMENT_TYPE is not a Form 3, 4 or 5: 9",
                "5 | expected 13 fields, found 2",
            ])
            try (header.replacingOccurrences(of: "FILING_DATE", with: "FILED")).write(to: data.appendingPathComponent("SUBMISSION.tsv"), atomically: true, encoding: .utf8)
            #expect { try ingest(dir) } throws: { error in
                "\(error)" == "2023q1_form345/SUBMISSION.tsv: line 1: column 2 is 'FILED', expected 'FILING_DATE' (13 columns, expected 13)"
            }
        }
    }

    /// The demo quarter: written by SECSample, unzipped here with Debian's unzip, counted and
    /// summed from its tab files by this test, then ingested from the zip and from a folder.
    @Test func demoQuarterRoundTrip() throws {
        try TestEnvironment.withCongressTables {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sec-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            defer { try? FileManager.default.removeItem(at: dir) }
            let report = try SECSample(cycle: 2024, seed: 7).write(to: dir.appendingPathComponent("lake"))
            let unzipped = dir.appendingPathComponent("2024q3_form345")
            let unzip = try #require(Subprocess.run("/usr/bin/unzip", ["-q", dir.appendingPathComponent("lake/2024q3_form345.zip").path, "-d", unzipped.path]))
            #expect(unzip.status == 0)
            let submissions = try rows(unzipped.appendingPathComponent("SUBMISSION.tsv"))
            let owners = try rows(unzipped.appendingPathComponent("REPORTINGOWNER.tsv"))
            let nonderivative = try rows(unzipped.appendingPathComponent("NONDERIV_TRANS.tsv"))
            let derivative = try rows(unzipped.appendingPathComponent("DERIV_TRANS.tsv"))
            let counted: [Int] = [submissions.count, owners.count, nonderivative.count, derivative.count]
            #expect(counted == [report.submissions, report.reportingOwners, report.nonderivativeTransactions, report.derivativeTransactions])
            // The planted faults, found by this test's own reading of the files.
            let badOwner = try #require(owners.firstIndex { $0[3] == "CHAIRMAN" }) + 2
            let badDate = try #require(nonderivative.firstIndex { $0[4].hasPrefix("31-JUN") }) + 2
            #expect(report.malformed == ["REPORTINGOWNER.tsv:\(badOwner)", "NONDERIV_TRANS.tsv:\(badDate)"])
            // Headers are the SEC's own column names (FORM_345_metadata.json, swap footnote as in the readme).
            if let realdata = TestEnvironment.realdata {
                let metadata = try JSONSerialization.jsonObject(with: Data(contentsOf: realdata.appendingPathComponent("sec/insider_form345_2024q3/FORM_345_metadata.json"))) as! [String: Any]
                for table in metadata["tables"] as! [[String: Any]] {
                    let file = unzipped.appendingPathComponent(table["url"] as! String)
                    guard FileManager.default.fileExists(atPath: file.path), file.lastPathComponent != "SUBMISSION.tsv" else { continue }
                    let columns = ((table["tableSchema"] as! [String: Any])["columns"] as! [[String: Any]]).map { $0["name"] as! String }
                        .map { $0 == "EQUITY_SWAP_INVOLVED_FN" ? "EQUITY_SWAP_TRANS_CD_FN" : $0 }
                    let header = String(decoding: try Data(contentsOf: file), as: UTF8.self).prefix { $0 != "\n" }
                    #expect(header.split(separator: "\t").map(String.init) == columns, "\(file.lastPathComponent)")
                }
            }

            let outcomes = try ingest(dir.appendingPathComponent("lake"))
            #expect(outcomes.map(\.table) == ["sec_company_tickers", "sec_insider_submissions", "sec_insider_reporting_owners",
                                              "sec_insider_nonderivative_transactions", "sec_insider_derivative_transactions"])
            #expect(outcomes.map(\.linesRead) == [8, submissions.count, owners.count, nonderivative.count, derivative.count])
            #expect(outcomes.map(\.quarantined) == [0, 0, 1, 1, 0])
            let reasons = try TestEnvironment.embedded().query("""
                SELECT file, line, reason FROM quarantine WHERE source = 'sec' AND period = 20243 ORDER BY file
                """).rows.map { $0.map(\.description).joined(separator: " | ") }
            #expect(reasons == [
                "2024q3_form345.zip/NONDERIV_TRANS.tsv | \(badDate) | TRANS_DATE is not a valid date (%d-%b-%Y): 31-JUN-2024",
                "2024q3_form345.zip/REPORTINGOWNER.tsv | \(badOwner) | RPTOWNER_RELATIONSHIP is not OFFICER, DIRECTOR, TENPERCENTOWNER or OTHER: CHAIRMAN",
            ])

            // The trades view: every loaded transaction once, with its issuer's ticker and owners.
            let trades = nonderivative.count - 1 + derivative.count
            #expect(try scalar("SELECT count() FROM sec_insider_trades WHERE period = 20243") == String(trades))
            let purchases = nonderivative.enumerated().filter { $0.offset + 2 != badDate && $0.element[9] == "P" }
            let purchaseValue = purchases.reduce(Decimal(0)) { $0 + Decimal(string: String($1.element[14]))! * Decimal(string: String($1.element[16]))! }
            #expect(try scalar("SELECT count() FROM sec_insider_trades WHERE period = 20243 AND trans_code = 'P'") == String(purchases.count))
            #expect(Decimal(string: try scalar("SELECT sum(value) FROM sec_insider_trades WHERE period = 20243 AND trans_code = 'P'")) == purchaseValue)
            #expect(try scalar("SELECT any(trans_code_meaning) FROM sec_insider_trades WHERE trans_code = 'S'") == "open market or private sale")
            let bramble = try TestEnvironment.embedded().query("""
                SELECT DISTINCT ticker, owner_roles FROM sec_insider_trades WHERE period = 20243 AND has(owner_names, 'BRAMBLE JUNO') ORDER BY ticker
                """).rows.map { $0.map(\.description).joined(separator: " ") }
            // Four of the five issuers: the owner row at INTK is the quarantined one.
            #expect(bramble == ["ACMW ['director','ten_percent_owner']", "GLBX ['director','ten_percent_owner']",
                                "STRK ['director','ten_percent_owner']", "UMBL ['director','ten_percent_owner']"])
            #expect(try scalar("SELECT countIf(ticker IN (SELECT ticker FROM sec_company_tickers)) = count() FROM sec_insider_trades WHERE period = 20243") == "1")

            // The same quarter as a folder whose NONDERIV_TRANS header uses the metadata's footnote name.
            let folder = dir.appendingPathComponent("folder")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: unzipped, to: folder.appendingPathComponent("2024q3_form345"))
            let file = folder.appendingPathComponent("2024q3_form345/NONDERIV_TRANS.tsv")
            try String(decoding: try Data(contentsOf: file), as: UTF8.self).replacingOccurrences(of: "EQUITY_SWAP_TRANS_CD_FN", with: "EQUITY_SWAP_INVOLVED_FN")
                .write(to: file, atomically: true, encoding: .utf8)
            let again = try ingest(folder)
            #expect(again.map(\.linesRead) == [submissions.count, owners.count, nonderivative.count, derivative.count])
            #expect(try scalar("SELECT count() FROM sec_insider_trades WHERE period = 20243") == String(trades))
        }
    }
}
