import Foundation

/// Demo congressional trades, consistent with the other demos: the FEC demo's incumbents (the
/// members of the legislators demo, same names and seats) trade the demo corporations' stock
/// (SampleCorporation). Senators file Senate eFD periodic transaction report pages
/// (`ptr_<uuid>.html`, the official page's structure); representatives appear in the House
/// Clerk's FD index (`{YEAR}FD.xml`, UTF-8 with a BOM) and their transactions in the House
/// Stock Watcher CSV schema. Some disclosures come after the STOCK Act's 45 days; one eFD date
/// (02/30) and one CSV date (a five-digit year) are malformed on purpose.
public struct TradesSample {
    public let fec: FECSample.Report
    public let seed: UInt64

    public init(fec: FECSample.Report, seed: UInt64 = 1) {
        self.fec = fec
        self.seed = seed
    }

    public struct Report: Sendable, Equatable {
        public let senateReports: Int
        public let senateTransactions: Int
        public let houseFilings: Int
        public let houseTransactions: Int
        /// "file:record" of the records written malformed on purpose (eFD: the page and its row number).
        public let malformed: [String]
    }

    static let amounts = ["$1,001 - $15,000", "$15,001 - $50,000", "$50,001 - $100,000", "$100,001 - $250,000", "$250,001 - $500,000"]

    public func write(to directory: URL) throws -> Report {
        var rng = SeededRandom(seed: seed &+ 0x7BAD)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let year = fec.cycle
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: year - 1, month: 1, day: 15))!
        func day(_ offset: Int) -> Date { calendar.date(byAdding: .day, value: offset, to: start)! }
        func parts(_ date: Date) -> (y: Int, m: Int, d: Int) {
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            return (c.year!, c.month!, c.day!)
        }
        func mdy(_ date: Date) -> String { let p = parts(date); return String(format: "%02d/%02d/%04d", p.m, p.d, p.y) }
        func iso(_ date: Date) -> String { let p = parts(date); return String(format: "%04d-%02d-%02d", p.y, p.m, p.d) }
        /// Days between a trade and its disclosure: mostly inside the 45 days, a fifth of them late.
        func delay() -> Int { rng.chance(0.2) ? rng.int(46...140) : rng.int(3...44) }

        var malformed: [String] = []
        var senateReports = 0, senateTransactions = 0
        var houseRows = ["disclosure_year,disclosure_date,transaction_date,owner,ticker,asset_description,type,amount,representative,district,ptr_link,cap_gains_over_200_usd"]
        var index = "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<FinancialDisclosure>\r\n"
        var houseFilings = 0, docID = 20_900_000
        for (n, member) in fec.incumbents.enumerated() {
            let names = member.name.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).capitalized }
            let last = names.first ?? member.name, first = names.count > 1 ? names[1] : ""
            for _ in 0..<rng.int(2...3) {
                // One report: trades within a fortnight, disclosed together.
                let traded = rng.int(0...600)
                var rows: [(date: Date, owner: String, ticker: String, asset: String, type: String, amount: String)] = []
                for _ in 0..<rng.int(2...6) {
                    let listing = rng.pick(fec.corporations)
                    let bond = rng.chance(0.1)
                    rows.append((day(traded + rng.int(0...14)), rng.pick(["Self", "Spouse", "Joint"]), bond ? "--" : listing.ticker,
                                 bond ? "\(listing.title) 4.25% Notes due \(year + 6)" : "\(listing.title) - Common Stock",
                                 rng.pick(["Purchase", "Purchase", "Sale (Full)", "Sale (Partial)", "Exchange"]), rng.pick(Self.amounts)))
                }
                // The first senator's first report is late for certain, so both chambers have one.
                let filed = day(traded + 14 + (member.office == "S" && senateReports == 0 ? 70 : delay()))
                if member.office == "S" {
                    senateReports += 1
                    func hex(_ value: UInt64, _ width: Int) -> String {
                        let digits = String(String(value, radix: 16).suffix(width))
                        return String(repeating: "0", count: width - digits.count) + digits
                    }
                    let uuid = "d3m0\(hex(UInt64(n), 4))-\(hex(UInt64(senateReports), 4))-4\(hex(rng.next(), 3))-8\(hex(rng.next(), 3))-\(hex(rng.next(), 12))"
                    var table = ""
                    for (i, row) in rows.enumerated() {
                        var date = mdy(row.date)
                        if senateReports == 2 && i == 1 {
                            date = "02/30/\(year)"
                            malformed.append("ptr_\(uuid).html:\(i + 1)")
                        }
                        let ticker = row.ticker == "--" ? "--" : "<a href=\"https://finance.yahoo.com/q?s=\(row.ticker)\" target=\"_blank\">\(row.ticker)</a>"
                        table += """
                                <tr>
                                    <td>\(i + 1)</td>
                                    <td>
                                        \(date)
                                    </td>
                                    <td>\(row.owner)</td>
                                    <td>
                                        \(ticker)
                                    </td>
                                    <td>
                                        \(Self.escaped(row.asset))
                                    </td>
                                    <td>\(row.ticker == "--" ? "Corporate Bond" : "Stock")</td>
                                    <td>\(row.type)</td>
                                    <td>\(row.amount)</td>
                                    <td>--</td>
                                </tr>

                        """
                        senateTransactions += 1
                    }
                    let page = Self.efdPage(filer: "The Honorable \(first) \(last) (\(last), \(first))", filed: mdy(filed), rows: table)
                    try page.write(to: directory.appendingPathComponent("ptr_\(uuid).html"), atomically: true, encoding: .utf8)
                } else {
                    houseFilings += 1
                    docID += rng.int(1...40)
                    let seat = member.state + member.district
                    let link = "https://disclosures-clerk.house.gov/public_disc/ptr-pdfs/\(parts(filed).y)/\(docID).pdf"
                    let p = parts(filed)
                    index += "  <Member>\r\n    <Prefix>Hon.</Prefix>\r\n    <Last>\(Self.escaped(last))</Last>\r\n    <First>\(Self.escaped(first))</First>\r\n    <Suffix />\r\n"
                    index += "    <FilingType>P</FilingType>\r\n    <StateDst>\(seat)</StateDst>\r\n    <Year>\(year)</Year>\r\n"
                    index += "    <FilingDate>\(p.m)/\(p.d)/\(p.y)</FilingDate>\r\n    <DocID>\(docID)</DocID>\r\n  </Member>\r\n"
                    for row in rows {
                        var date = iso(row.date)
                        if houseFilings == 3 && malformed.allSatisfy({ !$0.hasPrefix("house") }) {
                            date = "2" + date  // a five-digit year, as in the real archive (20222-08-09)
                            malformed.append("house_stock_watcher_all_transactions.csv:\(houseRows.count + 1)")
                        }
                        let type = ["Purchase": "purchase", "Sale (Full)": "sale_full", "Sale (Partial)": "sale_partial", "Exchange": "exchange"][row.type]!
                        houseRows.append([String(p.y), mdy(filed), date, row.owner.lowercased(), row.ticker, Self.csvField(row.asset), type,
                                          Self.csvField(row.amount), "Hon. \(first) \(last)", seat, link, "False"].joined(separator: ","))
                    }
                }
            }
        }
        index += "</FinancialDisclosure>\r\n"
        try index.write(to: directory.appendingPathComponent("\(year)FD.xml"), atomically: true, encoding: .utf8)
        try (houseRows.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("house_stock_watcher_all_transactions.csv"),
                                                            atomically: true, encoding: .utf8)
        return Report(senateReports: senateReports, senateTransactions: senateTransactions, houseFilings: houseFilings,
                      houseTransactions: houseRows.count - 1, malformed: malformed)
    }

    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func csvField(_ s: String) -> String { s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }

    /// The parts of the official eFD report page that carry data, in its markup.
    static func efdPage(filer: String, filed: String, rows: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>eFD: Print Report</title></head>
        <body>
        <section class="container">
            <div class="justify-content-between">
                <div>
                    <h1 class="mb-2">
                        Periodic Transaction Report
                            for \(filed)
                    </h1>
                    <h2 class="filedReport">
                        \(escaped(filer))
                    </h2>
                    <p class="muted">
                        <strong class="noWrap"><i class="fa fa-folder" aria-hidden="true" title="folder icon"></i> Filed  \(filed) @ 3:37 PM</strong>
                    </p>
                </div>
            </div>
            <hr>
            <div class="table-responsive">
                <table class="table table-striped">
                    <caption class="sr-only">List of transactions added to this report</caption>
                    <thead>
                        <tr class="header">
                            <th scope="col">#</th>
                            <th scope="col">Transaction Date</th>
                            <th scope="col">Owner</th>
                            <th scope="col">Ticker</th>
                            <th scope="col">Asset Name</th>
                            <th scope="col">Asset Type</th>
                            <th scope="col">Type</th>
                            <th scope="col">Amount</th>
                            <th scope="col">Comment</th>
                        </tr>
                    </thead>
                    <tbody>
        \(rows)
                    </tbody>
                </table>
            </div>
        </section>
        </body>
        </html>

        """
    }
}
