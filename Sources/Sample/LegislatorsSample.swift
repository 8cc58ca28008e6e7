import Foundation

/// Demo congress-legislators files, consistent with the FEC demo: every candidate running as the
/// incumbent is a member, with that FEC candidate id in the crosswalk, two terms, and seats on
/// fictional committees. One birthday (1970-02-30) and one seat rank ("first") are malformed on
/// purpose. Same report and seed → same bytes.
public struct LegislatorsSample {
    public let fec: FECSample.Report
    public let seed: UInt64

    public init(fec: FECSample.Report, seed: UInt64 = 1) {
        self.fec = fec
        self.seed = seed
    }

    public struct Report: Sendable, Equatable {
        public let members: Int
        public let terms: Int
        public let ids: Int
        public let committees: Int
        public let seats: Int
        /// (file, line) of the records written malformed on purpose.
        public let malformed: [String]
    }

    static let committees: [(id: String, type: String, name: String, subcommittees: [(String, String)])] = [
        ("HSXA", "house", "Committee on Fictional Affairs", [("01", "Subcommittee on Imaginary Trade")]),
        ("HSXL", "house", "Committee on Ledgers and Disclosure", []),
        ("SSXA", "senate", "Committee on Fictional Appropriations", [("02", "Subcommittee on Made-Up Budgets")]),
    ]

    /// The demo member's bioguide id: the last name's initial and a number (shared with the votes demo).
    static func bioguide(_ member: FECSample.Incumbent, index: Int) -> String {
        "\(member.name.prefix(1).uppercased())\(String(format: "%06d", 900_000 + index))"
    }

    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    public func write(to directory: URL) throws -> Report {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var rng = SeededRandom(seed: seed &+ 0x1E615)
        var people = "", ids = 0, terms = 0
        var seatsByCommittee: [String: [(bioguide: String, name: String, party: String, rank: Int)]] = [:]
        var malformed: [String] = []
        var line = 1
        for (n, member) in fec.incumbents.enumerated() {
            let parts = member.name.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).capitalized }
            let last = parts.first ?? member.name, first = parts.count > 1 ? parts[1] : ""
            let bioguide = Self.bioguide(member, index: n)
            let senate = member.office == "S"
            let party = member.party == "DEM" ? "Democrat" : "Republican"
            var birthday = "19\(rng.int(45...85))-\(String(format: "%02d", rng.int(1...12)))-\(String(format: "%02d", rng.int(1...28)))"
            if n == 1 { birthday = "1970-02-30"; malformed.append("legislators-current.yaml:\(line)") }
            var record = "- id:\n    bioguide: \(bioguide)\n    fec:\n    - \(member.candidateID)\n    icpsr: \(90_000 + n)\n"
            ids += 3
            if senate { record += "    lis: S\(900 + n)\n"; ids += 1 }
            record += "  name:\n    first: \(Self.quoted(first))\n    last: \(Self.quoted(last))\n    official_full: \(Self.quoted("\(first) \(last)"))\n"
            record += "  bio:\n    birthday: '\(birthday)'\n    gender: \(rng.pick(["F", "M"]))\n  terms:\n"
            let years = senate ? [(2013, 2019), (2019, 2025)] : [(2021, 2023), (2023, 2025)]
            for (start, end) in years {
                record += "  - type: \(senate ? "sen" : "rep")\n    start: '\(start)-01-03'\n    end: '\(end)-01-03'\n    state: \(member.state)\n"
                record += senate ? "    class: 1\n" : "    district: \(Int(member.district) ?? 0)\n"
                record += "    party: \(party)\n"
                terms += 1
            }
            people += record
            line += record.split(separator: "\n", omittingEmptySubsequences: false).count - 1
            let chamberCommittees = Self.committees.filter { $0.type == (senate ? "senate" : "house") }
            let committee = chamberCommittees[n % chamberCommittees.count]
            seatsByCommittee[committee.id, default: []].append((bioguide, "\(first) \(last)", member.party == "DEM" ? "majority" : "minority",
                                                                 (seatsByCommittee[committee.id]?.count ?? 0) + 1))
        }
        try people.write(to: directory.appendingPathComponent("legislators-current.yaml"), atomically: true, encoding: .utf8)

        var committeesText = "", committeeCount = 0
        for c in Self.committees {
            committeesText += "- type: \(c.type)\n  name: \(Self.quoted(c.name))\n  thomas_id: \(c.id)\n"
            committeeCount += 1
            if !c.subcommittees.isEmpty {
                committeesText += "  subcommittees:\n"
                for (sub, name) in c.subcommittees { committeesText += "  - name: \(Self.quoted(name))\n    thomas_id: '\(sub)'\n"; committeeCount += 1 }
            }
        }
        try committeesText.write(to: directory.appendingPathComponent("committees-current.yaml"), atomically: true, encoding: .utf8)

        var membership = "", seats = 0, membershipLine = 1
        for id in seatsByCommittee.keys.sorted() {
            membership += "\(id):\n"
            membershipLine += 1
            for (i, seat) in seatsByCommittee[id]!.enumerated() {
                let rank = id == "HSXL" && i == 0 ? "first" : String(seat.rank)
                if rank == "first" { malformed.append("committee-membership-current.yaml:\(membershipLine)") }
                membership += "- name: \(Self.quoted(seat.name))\n  party: \(seat.party)\n  rank: \(rank)\n  bioguide: \(seat.bioguide)\n"
                membershipLine += 4
                seats += 1
            }
        }
        try membership.write(to: directory.appendingPathComponent("committee-membership-current.yaml"), atomically: true, encoding: .utf8)
        return Report(members: fec.incumbents.count, terms: terms, ids: ids, committees: committeeCount, seats: seats, malformed: malformed)
    }
}
