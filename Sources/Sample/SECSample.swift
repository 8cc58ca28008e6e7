import Foundation
import ZIPFoundation

/// Demo SEC files for the FEC demo's corporations: `company_tickers.json` (their CIKs and
/// tickers, plus a few companies nobody else mentions) and one quarter's insider-transaction
/// data set as the SEC publishes it (`{YYYY}q{N}_form345.zip` holding tab-separated
/// SUBMISSION, REPORTINGOWNER, NONDERIV_TRANS and DERIV_TRANS files with the official headers,
/// DD-MON-YYYY dates and footnote columns). Officers and directors buy, sell, receive awards
/// and exercise options; one transaction date (31-JUN) and one owner relationship are malformed
/// on purpose.
public struct SECSample {
    public let cycle: Int
    public let seed: UInt64
    /// The listed corporations (the FEC sample's, so members trade the same tickers).
    public let corporations: [SampleCorporation]

    public init(cycle: Int, seed: UInt64 = 1, corporations: [SampleCorporation] = SampleCorporation.demo) {
        self.cycle = cycle
        self.seed = seed
        self.corporations = corporations
    }

    /// The demo corporations' listings, in order.
    public static let listings: [(cik: Int, ticker: String, title: String)] = SampleCorporation.demo.map { ($0.cik, $0.ticker, $0.title) }
    /// Listed companies no other demo source mentions, so joins have something to miss.
    static let others: [(cik: Int, ticker: String, title: String)] = [
        (9_000_006, "HOOL", "Hooli Fictional Inc"), (9_000_006, "HOOL-B", "Hooli Fictional Inc"), (9_000_007, "VAND", "Vandelay Industries"),
    ]

    public struct Report: Sendable, Equatable {
        public let quarter: String          // e.g. 2024q3
        public let tickers: Int
        public let submissions: Int
        public let reportingOwners: Int
        public let nonderivativeTransactions: Int
        public let derivativeTransactions: Int
        /// "FILE.tsv:line" of the records written malformed on purpose.
        public let malformed: [String]
    }

    static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    public func write(to directory: URL) throws -> Report {
        var rng = SeededRandom(seed: seed &+ 0x5EC)
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)

        // company_tickers.json: keyed "0", "1", … with an unpadded integer cik_str, as published.
        let listings = corporations.map { (cik: $0.cik, ticker: $0.ticker, title: $0.title) }
        let all = listings + Self.others
        let entries = all.enumerated().map { i, l in "\"\(i)\":{\"cik_str\":\(l.cik),\"ticker\":\"\(l.ticker)\",\"title\":\"\(l.title)\"}" }
        try ("{" + entries.joined(separator: ",") + "}").write(to: directory.appendingPathComponent("company_tickers.json"), atomically: true, encoding: .utf8)

        let quarter = 3
        let name = "\(cycle)q\(quarter)_form345"
        let scratch = directory.appendingPathComponent(".\(name)-\(UUID().uuidString)", isDirectory: true)
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }

        var submission = ["ACCESSION_NUMBER\tFILING_DATE\tPERIOD_OF_REPORT\tDATE_OF_ORIG_SUB\tNO_SECURITIES_OWNED\tNOT_SUBJECT_SEC16\tFORM3_HOLDINGS_REPORTED\tFORM4_TRANS_REPORTED\tDOCUMENT_TYPE\tISSUERCIK\tISSUERNAME\tISSUERTRADINGSYMBOL\tREMARKS"]
        var owners = ["ACCESSION_NUMBER\tRPTOWNERCIK\tRPTOWNERNAME\tRPTOWNER_RELATIONSHIP\tRPTOWNER_TITLE\tRPTOWNER_TXT\tRPTOWNER_STREET1\tRPTOWNER_STREET2\tRPTOWNER_CITY\tRPTOWNER_STATE\tRPTOWNER_ZIPCODE\tRPTOWNER_STATE_DESC\tFILE_NUMBER"]
        var nonderivative = ["ACCESSION_NUMBER\tNONDERIV_TRANS_SK\tSECURITY_TITLE\tSECURITY_TITLE_FN\tTRANS_DATE\tTRANS_DATE_FN\tDEEMED_EXECUTION_DATE\tDEEMED_EXECUTION_DATE_FN\tTRANS_FORM_TYPE\tTRANS_CODE\tEQUITY_SWAP_INVOLVED\tEQUITY_SWAP_TRANS_CD_FN\tTRANS_TIMELINESS\tTRANS_TIMELINESS_FN\tTRANS_SHARES\tTRANS_SHARES_FN\tTRANS_PRICEPERSHARE\tTRANS_PRICEPERSHARE_FN\tTRANS_ACQUIRED_DISP_CD\tTRANS_ACQUIRED_DISP_CD_FN\tSHRS_OWND_FOLWNG_TRANS\tSHRS_OWND_FOLWNG_TRANS_FN\tVALU_OWND_FOLWNG_TRANS\tVALU_OWND_FOLWNG_TRANS_FN\tDIRECT_INDIRECT_OWNERSHIP\tDIRECT_INDIRECT_OWNERSHIP_FN\tNATURE_OF_OWNERSHIP\tNATURE_OF_OWNERSHIP_FN"]
        var derivative = ["ACCESSION_NUMBER\tDERIV_TRANS_SK\tSECURITY_TITLE\tSECURITY_TITLE_FN\tCONV_EXERCISE_PRICE\tCONV_EXERCISE_PRICE_FN\tTRANS_DATE\tTRANS_DATE_FN\tDEEMED_EXECUTION_DATE\tDEEMED_EXECUTION_DATE_FN\tTRANS_FORM_TYPE\tTRANS_CODE\tEQUITY_SWAP_INVOLVED\tEQUITY_SWAP_TRANS_CD_FN\tTRANS_TIMELINESS\tTRANS_TIMELINESS_FN\tTRANS_SHARES\tTRANS_SHARES_FN\tTRANS_TOTAL_VALUE\tTRANS_TOTAL_VALUE_FN\tTRANS_PRICEPERSHARE\tTRANS_PRICEPERSHARE_FN\tTRANS_ACQUIRED_DISP_CD\tTRANS_ACQUIRED_DISP_CD_FN\tEXCERCISE_DATE\tEXCERCISE_DATE_FN\tEXPIRATION_DATE\tEXPIRATION_DATE_FN\tUNDLYNG_SEC_TITLE\tUNDLYNG_SEC_TITLE_FN\tUNDLYNG_SEC_SHARES\tUNDLYNG_SEC_SHARES_FN\tUNDLYNG_SEC_VALUE\tUNDLYNG_SEC_VALUE_FN\tSHRS_OWND_FOLWNG_TRANS\tSHRS_OWND_FOLWNG_TRANS_FN\tVALU_OWND_FOLWNG_TRANS\tVALU_OWND_FOLWNG_TRANS_FN\tDIRECT_INDIRECT_OWNERSHIP\tDIRECT_INDIRECT_OWNERSHIP_FN\tNATURE_OF_OWNERSHIP\tNATURE_OF_OWNERSHIP_FN"]
        var malformed: [String] = []
        func date(_ month: Int, _ day: Int) -> String { String(format: "%02d-%@-%d", day, Self.months[month - 1], cycle) }

        let people = [("ASHGROVE ELLIS", "OFFICER", "Chief Executive Officer"), ("MOONFIELD PRIYA", "OFFICER", "Chief Financial Officer"),
                      ("QUILLON TOBIAS", "DIRECTOR", ""), ("BRAMBLE JUNO", "DIRECTOR,TENPERCENTOWNER", "")]
        var filing = 0, sk = 0
        for (c, listing) in listings.enumerated() {
            let issuerCIK = String(format: "%010d", listing.cik)
            for (p, person) in people.enumerated() {
                filing += 1
                let accession = String(format: "%010d-%02d-%06d", 9_100_000 + c * 10 + p, cycle % 100, filing)
                let month = quarter * 3 - 2 + rng.int(0...2), day = rng.int(1...28)
                let filed = date(month, min(28, day + 2))
                submission.append([accession, filed, date(month, day), "", "0", "0", "", "", "4", issuerCIK, listing.title.uppercased(), listing.ticker, ""].joined(separator: "\t"))
                var relationship = person.1
                if c == 2 && p == 3 {
                    relationship = "CHAIRMAN"
                    malformed.append("REPORTINGOWNER.tsv:\(owners.count + 1)")
                }
                owners.append([accession, String(format: "%010d", 9_200_000 + c * 10 + p), person.0, relationship, person.2, "",
                               "\(100 + p) FICTION WAY", "", "SPRINGFIELD", "QX", "00000", "", ""].joined(separator: "\t"))
                var held = rng.int(30...500) * 1000
                for t in 0..<rng.int(1...3) {
                    sk += 1
                    let code = rng.pick(p == 3 ? ["P", "P", "S"] : ["P", "S", "S", "A", "F"])
                    let shares = rng.int(1...90) * 100
                    let price = code == "A" ? "0" : "\(rng.int(12...240)).\(String(format: "%02d", rng.int(0...99)))"
                    held += code == "P" || code == "A" ? shares : -shares
                    var transDate = date(month, day)
                    if c == 4 && p == 1 && t == 0 {
                        transDate = "31-JUN-\(cycle)"
                        malformed.append("NONDERIV_TRANS.tsv:\(nonderivative.count + 1)")
                    }
                    let late = rng.chance(0.1) ? "L" : ""
                    nonderivative.append([accession, String(sk), "Common Stock", "", transDate, "", "", "", "4", code, "0", "", late, "",
                                          String(shares), "", price, code == "A" ? "F1" : "", code == "P" || code == "A" ? "A" : "D", "",
                                          String(held), "", "", "", p == 3 ? "I" : "D", "", p == 3 ? "By trust" : "", ""].joined(separator: "\t"))
                }
                // Officers exercise options: the derivative leg (M) of an exercise-and-hold.
                if person.1 == "OFFICER" && rng.chance(0.5) {
                    sk += 1
                    let shares = rng.int(1...40) * 250
                    derivative.append([accession, String(sk), "Stock Option (right to buy)", "", "\(rng.int(10...60)).00", "", date(month, day), "",
                                       "", "", "4", "M", "0", "", "", "", String(shares), "", "", "", "0", "", "D", "",
                                       date(1, 1), "F2", "01-JAN-\(cycle + 8)", "", "Common Stock", "", String(shares), "", "", "",
                                       String(rng.int(1...40) * 250), "", "", "", "D", "", "", ""].joined(separator: "\t"))
                }
            }
        }
        let files = [("SUBMISSION.tsv", submission), ("REPORTINGOWNER.tsv", owners), ("NONDERIV_TRANS.tsv", nonderivative), ("DERIV_TRANS.tsv", derivative)]
        for (file, lines) in files {
            try (lines.joined(separator: "\n") + "\n").write(to: scratch.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let zip = directory.appendingPathComponent("\(name).zip")
        try? fm.removeItem(at: zip)
        let archive = try Archive(url: zip, accessMode: .create)
        for (file, _) in files { try archive.addEntry(with: file, relativeTo: scratch, compressionMethod: .deflate) }
        return Report(quarter: "\(cycle)q\(quarter)", tickers: all.count, submissions: submission.count - 1, reportingOwners: owners.count - 1,
                      nonderivativeTransactions: nonderivative.count - 1, derivativeTransactions: derivative.count - 1, malformed: malformed)
    }
}
