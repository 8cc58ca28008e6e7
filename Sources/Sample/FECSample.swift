import Core
import Foundation
import Ingest
import ZIPFoundation

/// Writes one FEC cycle in the exact official bulk layout — headerless pipe files, zipped
/// under the official names — with fictional people and organisations whose ids agree across
/// files: candidates ↔ principal committees ↔ linkages ↔ contributions ↔ PAC gifts and super PAC
/// spending. It plants the quirks of the real files and a few malformed lines, and reports
/// exactly what it wrote so tests can check the round trip.
public struct FECSample {
    public enum Packaging: String, Sendable, CaseIterable { case zip, text }

    /// What was written, per official member file.
    public struct FileReport: Sendable, Equatable {
        public let member: String
        public let lines: Int
        /// Lines written malformed on purpose: ingest must quarantine exactly these.
        public let malformedLines: [Int]
    }

    /// A candidate running as the incumbent: the demo's members of Congress are these.
    public struct Incumbent: Sendable, Equatable {
        public let candidateID: String
        public let name: String        // "LAST, FIRST" as in cn.txt
        public let party: String       // DEM, REP
        public let office: String      // H, S
        public let state: String
        public let district: String    // "00" for senators
    }

    public struct Report: Sendable {
        public let cycle: Int
        public let files: [FileReport]
        public var incumbents: [Incumbent] = []
        /// The corporations whose PACs, lobbying, listings and stock the other families share.
        public var corporations: [SampleCorporation] = SampleCorporation.demo
        /// Sum in cents of the well-formed itcont amounts that are not memo entries, per committee.
        public let itemizedCentsByCommittee: [String: Int]
        public var contributionLines: Int { files.first { $0.member == "itcont.txt" }?.lines ?? 0 }
    }

    /// The donor name planted to test escaping; a super PAC is named `<script>…` likewise.
    public static let hostileDonor = "\"><img src=x onerror=alert(1)>, MALLORY"

    public let cycle: Int
    public let seed: UInt64
    /// How many races, committees, corporations and contributions.
    public let shape: SampleShape
    /// Number of individual contributions (the other files scale with it).
    public var contributions: Int { shape.contributions }
    public let packaging: Packaging
    /// Advanced by the contributions written (the bulk of the work at benchmark scale).
    public let progress: ProgressMeter?

    public init(cycle: Int = 2024, seed: UInt64 = 1, contributions: Int = 5_000, packaging: Packaging = .zip, progress: ProgressMeter? = nil) {
        self.init(cycle: cycle, seed: seed, shape: .demo(contributions: contributions), packaging: packaging, progress: progress)
    }

    public init(cycle: Int = 2024, seed: UInt64 = 1, shape: SampleShape, packaging: Packaging = .zip, progress: ProgressMeter? = nil) {
        self.cycle = cycle
        self.seed = seed
        self.shape = shape
        self.packaging = packaging
        self.progress = progress
    }

    // Fictional on purpose: no real person or organisation is named.
    static let surnames = ["QUILLFEATHER", "MARROWBY", "TANSWICK", "OAKENSHAW", "PELLINGHAM", "VANTREE", "HOLLOWAY-FINCH",
                           "DRUMMELL", "ASHGROVE", "KESTERLY", "MOONFIELD", "BRACKWATER", "FENNIMORE", "STILLWELL", "ORCHARDSON"]
    static let givenNames = ["AVERY", "JUNO", "TOBIAS", "MARGO", "ELLIS", "PRIYA", "DESMOND", "ROSALIND", "IKE", "WREN", "CASSIUS", "NELL"]
    static let states = [("ZA", "ZANTHIA CITY"), ("QX", "QUARRYTOWN"), ("VL", "VELLUM FALLS"), ("OR", "ORCHARD BAY"), ("MV", "MAPLEVALE")]
    /// The demo's corporations' names (SampleCorporation.demo).
    public static let corporations = SampleCorporation.demo.map(\.name)
    static let occupations = ["ENGINEER", "TEACHER", "RETIRED", "ATTORNEY", "NURSE", "OWNER", "PHYSICIAN", "NOT EMPLOYED"]

    struct Candidate { let id: String; let name: String; let party: String; let office: String; let state: String; let district: String; let committee: String }
    struct Committee { let id: String; let name: String; let type: String; let designation: String; let party: String; let connectedOrg: String; let candidate: String }

    public func write(to directory: URL) throws -> Report {
        var rng = SeededRandom(seed: seed)
        let yy = String(format: "%02d", cycle % 100)
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let scratch = packaging == .zip ? directory.appendingPathComponent(".sample-\(UUID().uuidString)") : directory
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { if packaging == .zip { try? fm.removeItem(at: scratch) } }

        let races = shape.races
        let corporations = shape.corporations.map(\.name)
        var candidates: [Candidate] = []
        var committees: [Committee] = []
        var sequence = 10_000
        func nextCommitteeID() -> String { sequence += 1; return String(format: "C9%07d", sequence) }
        for race in 0..<races {
            let (state, _) = FECSample.states[race % FECSample.states.count]
            let senate = race % 5 == 4
            let district = senate ? "00" : String(format: "%02d", race / FECSample.states.count % 98 + 1)
            for party in ["DEM", "REP"] {
                let last = rng.pick(FECSample.surnames), first = rng.pick(FECSample.givenNames)
                let office = senate ? "S" : "H"
                let id = "\(office)\(cycle % 10)\(state)\(String(format: "%05d", candidates.count + 1))"
                let committee = nextCommitteeID()
                let name = "\(last), \(first)"
                candidates.append(Candidate(id: id, name: name, party: party, office: office, state: state, district: district, committee: committee))
                committees.append(Committee(id: committee, name: "\(last) FOR \(senate ? "SENATE" : "CONGRESS")", type: office, designation: "P",
                                            party: party, connectedOrg: "", candidate: id))
            }
        }
        for corporation in corporations {
            committees.append(Committee(id: nextCommitteeID(), name: "\(corporation) POLITICAL ACTION COMMITTEE", type: "Q", designation: "B",
                                        party: "", connectedOrg: corporation, candidate: ""))
        }
        let superPACNames = ["AMERICANS FOR FICTIONAL PROGRESS", "CITIZENS FOR A MADE-UP TOMORROW", "<script>alert(1)</script> ACTION FUND"]
            + (0..<shape.extraSuperPACs).map { "\(SampleCorporation.stems[$0 % 40]) \(SampleCorporation.trades[$0 / 40 % 25]) ACTION FUND \($0 / 1000 + 1)" }
        let superPACs = superPACNames.map {
            Committee(id: nextCommitteeID(), name: $0, type: "O", designation: "U", party: "", connectedOrg: "", candidate: "")
        }
        committees += superPACs
        committees.append(Committee(id: nextCommitteeID(), name: "FICTIONAL PARTY NATIONAL COMMITTEE", type: "Y", designation: "U", party: "DEM", connectedOrg: "", candidate: ""))
        committees.append(Committee(id: nextCommitteeID(), name: "SUMMIT LEADERSHIP FUND", type: "Q", designation: "D", party: "REP", connectedOrg: "", candidate: candidates[0].id))
        // A cycle's other committees: state parties (Y) and nonconnected PACs (N).
        for i in 0..<shape.extraCommittees {
            let party = i % 10 == 0
            committees.append(Committee(id: nextCommitteeID(), name: party ? "FICTIONAL PARTY OF \(FECSample.states[i / 10 % 5].1) \(i / 10 + 1)"
                                            : "\(SampleCorporation.stems[i % 40]) \(SampleCorporation.regions[i / 40 % 6]) VOTERS PAC \(i / 240 + 1)",
                                        type: party ? "Y" : "N", designation: "U", party: party ? (i % 20 == 0 ? "DEM" : "REP") : "", connectedOrg: "", candidate: ""))
        }
        let committeeNames = Dictionary(committees.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })

        var files: [FileReport] = []
        func file(_ member: String, _ body: (LineWriter) throws -> [Int]) throws {
            let writer = try LineWriter(url: scratch.appendingPathComponent(member))
            let malformed = try body(writer)
            try writer.close()
            files.append(FileReport(member: member, lines: writer.lines, malformedLines: malformed))
        }
        let year = cycle - 1
        func date(_ rng: inout SeededRandom, slashes: Bool = false) -> String {
            let month = rng.int(1...12), day = rng.int(1...28), y = year + rng.int(0...1)
            return slashes ? String(format: "%02d/%02d/%04d", month, day, y) : String(format: "%02d%02d%04d", month, day, y)
        }
        var subID: UInt64 = 4_000_000_000_000_000_000 + UInt64(cycle) * 1_000_000_000
        func nextSubID() -> String { subID += 1; return String(subID) }
        func imageNumber(_ rng: inout SeededRandom) -> String {
            // Old 11-digit and current 18-digit image numbers both occur.
            rng.chance(0.2) ? String(rng.int(10_000_000_000...99_999_999_999)) : "\(year)\(String(format: "%014d", rng.int(0...99_999_999_999_999)))"
        }
        func zip(_ rng: inout SeededRandom) -> String {
            rng.chance(0.5) ? String(format: "%05d", rng.int(10_000...99_999)) : String(format: "%09d", rng.int(100_000_000...999_999_999))
        }

        var incumbents: [Incumbent] = []
        try file("cn.txt") { w in
            for c in candidates {
                var ici = rng.pick(["I", "C", "O"])
                if ici == "I" && incumbents.count >= shape.maxIncumbents { ici = "C" }
                if ici == "I" { incumbents.append(Incumbent(candidateID: c.id, name: c.name, party: c.party, office: c.office, state: c.state, district: c.district)) }
                w.line([c.id, c.name, c.party, String(cycle), c.state, c.office, c.district, ici, "C", c.committee,
                        "\(rng.int(1...999)) FICTION ST", "", FECSample.states.first { $0.0 == c.state }!.1, c.state, zip(&rng)])
            }
            return []
        }
        try file("cm.txt") { w in
            for m in committees {
                w.line([m.id, m.name, "\(rng.pick(FECSample.surnames)), \(rng.pick(FECSample.givenNames))", "\(rng.int(1...999)) LEDGER AVE", "",
                        "QUARRYTOWN", "QX", zip(&rng), m.designation, m.type, m.party, "Q", m.connectedOrg.isEmpty ? "" : "C", m.connectedOrg, m.candidate])
            }
            return []
        }
        try file("ccl.txt") { w in
            for (i, c) in candidates.enumerated() {
                w.line([c.id, String(cycle), String(cycle), c.committee, c.office, "P", String(200_000 + i)])
            }
            return []
        }

        var cents: [String: Int] = [:]
        try file("itcont.txt") { w in
            var malformed: [Int] = []
            let recipients = committees.filter { $0.type != "Y" }
            defer { progress?.finish() }
            for i in 0..<contributions {
                if i & 0xFFFF == 0xFFFF { progress?.advance(by: 0x10000) }
                let recipient = shape.skewed ? recipients[skewedIndex(&rng, count: recipients.count)]
                    : recipients[i % 7 == 0 ? rng.int(0...(recipients.count - 1)) : rng.int(0...(candidates.count - 1))]
                let (state, city) = rng.pick(FECSample.states)
                var name = "\(rng.pick(FECSample.surnames)), \(rng.pick(FECSample.givenNames))"
                if i % 997 == 5 { name = "\(rng.pick(FECSample.surnames)), \(rng.pick(FECSample.givenNames)) \"BUD\" JR" }
                // A hostile donor name, large enough to reach its committee's top donors and the
                // home page: the site must show it as text everywhere (the rng is still drawn).
                let hostile = i == 3
                if hostile { name = FECSample.hostileDonor }
                let refund = rng.chance(0.08) && !hostile
                var amount = refund ? -rng.int(1...500) : rng.pick([25, 50, 100, 250, 500, 1000, 2800, 3300])
                if hostile { amount = 3300 }
                let memo = rng.chance(0.05) && !hostile ? "X" : ""
                var fields = [recipient.id, rng.pick(["N", "A"]), rng.pick(["Q1", "Q2", "M3", "12G", "YE"]), rng.pick(["P", "G", "O", ""]),
                              imageNumber(&rng), refund ? "22Y" : (memo == "X" ? "15E" : "15"), "IND", name, city, state, zip(&rng),
                              rng.pick(corporations), rng.pick(FECSample.occupations), date(&rng), String(amount), "",
                              "SA11AI.\(i)", String(1_400_000 + i % 5000), memo, memo == "X" ? "EARMARKED CONTRIBUTION" : "", nextSubID()]
                // A handful of malformed lines, as real files occasionally carry.
                if i > 0 && i % 1999 == 0 {
                    var broken = fields
                    switch (i / 1999) % 3 {
                    case 0: broken.removeLast()                  // wrong field count
                    case 1: broken[13] = "02302024"              // impossible date
                    default: broken[14] = "12.345"               // three decimals
                    }
                    w.line(broken)
                    malformed.append(w.lines)
                    continue
                }
                // A year typed 19xx for 20xx, as real filings carry (10171918): a real date,
                // loaded as filed, counted, and flagged as outside the cycle.
                if i % 2503 == 11 { fields[13] = String(fields[13].prefix(4)) + "19" + String(fields[13].suffix(2)) }
                if i % 1499 == 7 {
                    // Latin-1 bytes in a UTF-8 file: loaded with replacement characters.
                    var bytes = Array(fields[0..<7].joined(separator: "|").utf8) + [UInt8(ascii: "|")]
                    bytes += Array("BL".utf8) + [0xC9] + Array("RIOT, ANAIS".utf8)
                    bytes += Array(("|" + fields[8...].joined(separator: "|")).utf8)
                    w.raw(bytes)
                } else {
                    w.line(fields)
                }
                if memo != "X" { cents[recipient.id, default: 0] += amount * 100 }
            }
            return malformed
        }
        try file("itpas2.txt") { w in
            let givers = committees.filter { $0.type == "Q" || $0.type == "O" }
            for i in 0..<max(20, contributions / 20) {
                let giver = givers[i % givers.count]
                let candidate = candidates[rng.int(0...(candidates.count - 1))]
                let superPAC = giver.type == "O"
                let type = superPAC ? rng.pick(["24E", "24A"]) : "24K"
                w.line([giver.id, "N", "Q2", rng.pick(["P", "G"]), imageNumber(&rng), type, superPAC ? "CAN" : "CCM",
                        superPAC ? candidate.name : committeeNames[candidate.committee]!, "QUARRYTOWN", "QX", zip(&rng), "", "",
                        date(&rng), String(rng.int(1...50) * 100), candidate.committee, candidate.id, "SB23.\(i)", String(1_500_000 + i), "", "", nextSubID()])
            }
            return []
        }
        try file("itoth.txt") { w in
            for i in 0..<max(10, contributions / 50) {
                let from = committees[rng.int(0...(committees.count - 1))], to = committees[rng.int(0...(committees.count - 1))]
                w.line([to.id, "N", "M3", "", imageNumber(&rng), rng.pick(["18K", "18G", "15J"]), "COM", from.name, "QUARRYTOWN", "QX", zip(&rng),
                        "", "", date(&rng), String(rng.int(1...100) * 50), from.id, "SA12.\(i)", String(1_600_000 + i), "", "", nextSubID()])
            }
            return []
        }
        try file("oppexp.txt") { w in
            var malformed: [Int] = []
            for i in 0..<max(10, contributions / 10) {
                let spender = committees[rng.int(0...(committees.count - 1))]
                let cents = i % 97 == 5 ? rng.int(1...99) : rng.int(100...500_000)
                // Amounts below a dollar are written without a leading zero, as the FEC does.
                let amount = cents < 100 ? String(format: ".%02d", cents) : String(format: "%d.%02d", cents / 100, cents % 100)
                var transactionDate = date(&rng, slashes: true)
                if i == 3 { transactionDate = "13/45/2023"; malformed.append(w.lines + 1) }
                w.line([spender.id, "N", String(year), "Q3", imageNumber(&rng), "21B", "F3X", "SB", rng.pick(corporations), "QUARRYTOWN", "QX",
                        zip(&rng), transactionDate, amount, "P", rng.pick(["TRAVEL", "PAYROLL", "RENT", "DIGITAL ADS"]), rng.pick(["001", "002", ""]),
                        rng.pick(["Administrative/Salary/Overhead Expenses ", "Travel Expenses", ""]), rng.chance(0.1) ? "X" : "", "",
                        "ORG", nextSubID(), String(1_700_000 + i), "SB21B.\(i)", ""], trailingDelimiter: true)
            }
            return malformed
        }
        let summaryMember = "weball\(yy).txt"
        try file(summaryMember) { w in
            for c in candidates {
                let receipts = Double(cents[c.committee] ?? 0) / 100
                w.line([c.id, c.name, "C", c.party == "DEM" ? "1" : "2", c.party, String(format: "%.2f", receipts), "0", String(format: "%.2f", receipts * 0.6), "0",
                        "0", String(format: "%.2f", receipts * 0.4), "0", "0", "0", "0", "0", "0", String(format: "%.2f", receipts), c.state, c.district,
                        "", "", "", "", "", "0", "0", "12/31/\(year)", "0", "0"])
            }
            return []
        }
        try file("webl\(yy).txt") { w in
            for c in candidates.prefix(4) {
                w.line([c.id, c.name, "C", c.party == "DEM" ? "1" : "2", c.party, "1000.00", "0", "500.00", "0", "0", "500.00", "0", "0", "0", "0", "0", "0",
                        "1000.00", c.state, c.district, "", "", "", "", "", "0", "0", "12/31/\(year)", "0", "0"])
            }
            return []
        }
        try file("webk\(yy).txt") { w in
            for (i, m) in committees.enumerated() where m.type != "H" && m.type != "S" {
                // Committees that have not filed yet have every amount blank: NULL, never 0.
                let filed = i % 3 != 0
                let amounts = (0..<21).map { _ in filed ? String(format: "%d.%02d", rng.int(0...90_000), rng.int(0...99)) : "" }
                w.line([m.id, m.name, m.type, m.designation, "Q"] + amounts + [filed ? "12/31/\(year)" : ""])
            }
            return []
        }

        // Independent expenditures: a plain CSV with a header, quoting and DD-MON-YY dates,
        // published unzipped, so it is written straight into the output folder either way.
        let ieMember = "independent_expenditure_\(cycle).csv"
        do {
            let writer = try LineWriter(url: directory.appendingPathComponent(ieMember))
            func csv(_ fields: [String]) -> [UInt8] {
                Array(fields.map { field in
                    field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                        ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                }.joined(separator: ",").utf8)
            }
            let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            func ieDate(_ rng: inout SeededRandom) -> String {
                String(format: "%02d-%@-%02d", rng.int(1...28), months[rng.int(0...11)], (year + rng.int(0...1)) % 100)
            }
            writer.raw(csv(FECBulkFile.independentExpenditureHeader))
            var physicalLine = 1
            var records = 0
            var malformed: [Int] = []
            for i in 0..<max(12, contributions / 40) {
                let spender = superPACs[i % superPACs.count]
                let candidate = candidates[rng.int(0...(candidates.count - 1))]
                var purpose = rng.pick(["TV AD BUY", "DIGITAL ADS, SEARCH AND SOCIAL", "MAILER \"THE RECORD\"", "FIELD CANVASSING"])
                if i % 17 == 3 { purpose = "PRINTING\nAND POSTAGE" } // a quoted field spanning two lines
                var expenseDate = ieDate(&rng)
                if i == 5 { expenseDate = "31-FEB-\(year % 100)"; malformed.append(physicalLine + 1) }
                let row = [candidate.id, candidate.name, spender.id, spender.name, rng.pick(["P", "G"]), candidate.state,
                           candidate.district, candidate.office, candidate.party, String(format: "%d.%02d", rng.int(500...250_000), rng.int(0...99)),
                           expenseDate, String(format: "%d.00", rng.int(1_000...900_000)), rng.pick(["S", "O"]), purpose,
                           rng.pick(corporations), String(1_800_000 + i), "N", "SE.\(i)", imageNumber(&rng), ieDate(&rng),
                           String(cycle), "", ieDate(&rng)]
                writer.raw(csv(row))
                physicalLine += purpose.contains("\n") ? 2 : 1
                records += 1
                // Amended filings, as the FEC publishes them beside the originals: every ninth
                // notice is amended ($100 more), every twenty-seventh twice; an amendment
                // replaces the filing it names (prev_file_num) in every total.
                if i % 9 == 4 {
                    var previous = row[15]
                    for (n, base) in [1_900_000, 1_950_000].enumerated() where n == 0 || i % 27 == 4 {
                        var amendment = row
                        amendment[9] = String(format: "%.2f", Double(row[9])! + Double(100 * (n + 1)))
                        amendment[15] = String(base + i)
                        amendment[16] = "A"
                        amendment[21] = previous
                        previous = amendment[15]
                        writer.raw(csv(amendment))
                        physicalLine += purpose.contains("\n") ? 2 : 1
                        records += 1
                    }
                }
            }
            try writer.close()
            files.append(FileReport(member: ieMember, lines: records, malformedLines: malformed))
        }

        if packaging == .zip {
            let zips: [(String, String)] = [("cn", "cn.txt"), ("cm", "cm.txt"), ("ccl", "ccl.txt"), ("indiv", "itcont.txt"), ("pas2", "itpas2.txt"),
                                            ("oth", "itoth.txt"), ("oppexp", "oppexp.txt"), ("weball", summaryMember), ("webl", "webl\(yy).txt"), ("webk", "webk\(yy).txt")]
            for (abbreviation, member) in zips {
                let url = directory.appendingPathComponent("\(abbreviation)\(yy).zip")
                try? fm.removeItem(at: url)
                let archive = try Archive(url: url, accessMode: .create)
                try archive.addEntry(with: member, relativeTo: scratch, compressionMethod: .deflate)
            }
        }
        var report = Report(cycle: cycle, files: files, itemizedCentsByCommittee: cents)
        report.incumbents = incumbents
        report.corporations = shape.corporations
        return report
    }

    /// A recipient index drawn as real receipts fall: u⁵ puts a seventh of the rows on the
    /// first committee (a presidential campaign's millions) and leaves most with a few.
    private func skewedIndex(_ rng: inout SeededRandom, count: Int) -> Int {
        let u = Double(rng.next() >> 11) / Double(1 << 53)
        return min(count - 1, Int(Double(count) * u * u * u * u * u))
    }
}
