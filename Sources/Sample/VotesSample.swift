import Foundation

/// Demo Voteview files for the demo's members of Congress (the FEC demo's incumbents, with the
/// ICPSR ids the legislators demo gives them): members, roll calls on fictional bills, and each
/// member's vote, laid out as voteview.com publishes them (`{kind}/HS{NNN}_{kind}.csv`). One
/// vote carries an impossible cast code (12) on purpose.
public struct VotesSample {
    public let fec: FECSample.Report
    public let seed: UInt64

    public init(fec: FECSample.Report, seed: UInt64 = 1) {
        self.fec = fec
        self.seed = seed
    }

    public struct Report: Sendable, Equatable {
        public let congress: Int
        public let members: Int
        public let rollcalls: Int
        public let votes: Int
        /// (file, line) of the records written malformed on purpose.
        public let malformed: [String]
    }

    public func write(to directory: URL) throws -> Report {
        var rng = SeededRandom(seed: seed &+ 0x70735)
        let congress = (fec.cycle - 1788) / 2
        let n = String(congress)
        let fm = FileManager.default
        for kind in ["members", "rollcalls", "votes"] { try fm.createDirectory(at: directory.appendingPathComponent(kind), withIntermediateDirectories: true) }

        var members = "congress,chamber,icpsr,state_icpsr,district_code,state_abbrev,party_code,occupancy,last_means,bioname,bioguide_id,born,died,nominate_dim1,nominate_dim2,nominate_log_likelihood,nominate_geo_mean_probability,nominate_number_of_votes,nominate_number_of_errors,conditional,nokken_poole_dim1,nokken_poole_dim2\n"
        for (i, m) in fec.incumbents.enumerated() {
            let chamber = m.office == "S" ? "Senate" : "House"
            let party = m.party == "DEM" ? 100 : 200
            let dim = m.party == "DEM" ? -0.3 - Double(rng.int(0...300)) / 1000 : 0.3 + Double(rng.int(0...300)) / 1000
            members += "\(n),\(chamber),\(90_000 + i),99,\(m.office == "S" ? 0 : Int(m.district) ?? 0),\(m.state),\(party),,,\"\(m.name)\",\(LegislatorsSample.bioguide(m, index: i)),\(rng.int(1945...1985)),,\(String(format: "%.3f", dim)),0.000,,,,,,,\n"
        }
        try members.write(to: directory.appendingPathComponent("members/HS\(n)_members.csv"), atomically: true, encoding: .utf8)

        var rollcalls = "congress,chamber,rollnumber,date,session,clerk_rollnumber,yea_count,nay_count,nominate_mid_1,nominate_mid_2,nominate_spread_1,nominate_spread_2,nominate_log_likelihood,bill_number,vote_result,vote_desc,vote_question,dtl_desc\n"
        var votes = "congress,chamber,rollnumber,icpsr,cast_code,prob\n"
        var voteLine = 1, rollcallCount = 0, voteCount = 0
        var malformed: [String] = []
        for chamber in ["House", "Senate"] {
            let seated = fec.incumbents.enumerated().filter { ($0.element.office == "S") == (chamber == "Senate") }
            for roll in 1...10 {
                let bill = chamber == "House" ? "HR\(100 + roll)" : "S\(10 + roll)"
                var yea = 0, nay = 0
                for (i, m) in seated {
                    // Mostly along party lines, with some crossing over and some absences.
                    let partisan = (roll % 2 == 0) == (m.party == "DEM")
                    var code = rng.chance(0.05) ? 9 : (partisan != rng.chance(0.15) ? 1 : 6)
                    voteLine += 1
                    if chamber == "House" && roll == 3 && malformed.isEmpty {
                        code = 12
                        malformed.append("HS\(n)_votes.csv:\(voteLine)")
                    }
                    if code == 1 { yea += 1 } else if code == 6 { nay += 1 }
                    votes += "\(n),\(chamber),\(roll),\(90_000 + i),\(code),\(rng.int(50...99)).\(rng.int(0...9))\n"
                    voteCount += 1
                }
                let month = String(format: "%02d", (roll - 1) % 12 + 1)
                rollcalls += "\(n),\(chamber),\(roll),\(fec.cycle - 1)-\(month)-15,1,\(roll),\(yea),\(nay),0.0,0.0,0.0,0.0,0.0,\(bill),\(yea > nay ? "Passed" : "Failed"),\"A bill about fictional matters \(roll)\",On Passage,\n"
                rollcallCount += 1
            }
        }
        try rollcalls.write(to: directory.appendingPathComponent("rollcalls/HS\(n)_rollcalls.csv"), atomically: true, encoding: .utf8)
        try votes.write(to: directory.appendingPathComponent("votes/HS\(n)_votes.csv"), atomically: true, encoding: .utf8)
        return Report(congress: congress, members: fec.incumbents.count, rollcalls: rollcallCount, votes: voteCount, malformed: malformed)
    }
}
