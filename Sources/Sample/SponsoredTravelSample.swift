import Foundation

/// The demo's contributed dataset (`content/datasets/sponsored-travel/`): trips members of
/// Congress took at a private sponsor's expense, one CSV row per trip, written the way a
/// journalist's spreadsheet export would be (US dates, a header, quoted fields with commas and
/// line breaks). Travellers are the FEC demo's incumbents under their Bioguide ids; some
/// sponsors are the demo's corporations, named with their CIK. Two rows are planted bad so the
/// quarantine has something to show: an impossible date and a cost that is not a number; one
/// destination is written as markup.
public struct SponsoredTravelSample {
    public let fec: FECSample.Report
    public let seed: UInt64

    public init(fec: FECSample.Report, seed: UInt64) {
        self.fec = fec
        self.seed = seed
    }

    public struct Report: Sendable, Equatable {
        public var trips = 0
        /// `trips.csv:<record>` of each planted bad record (the header is record 1; a quoted line
        /// break does not start a record).
        public var malformed: [String] = []
    }

    public static let fileName = "trips.csv"
    static let otherSponsors = ["Heartland Civic Foundation", "Pacific Trade Council", "Institute for Fictional Policy, Inc."]
    static let destinations = ["Taipei, Taiwan", "Brussels, Belgium", "Aspen, CO", "Tel Aviv, Israel", "Tokyo, Japan", "Napa, CA"]
    /// A destination written as markup, as a hostile or careless contributor might: it must be
    /// text on every page that shows the trip.
    public static let hostileDestination = "\"><img src=x onerror=alert(1)> Resort"

    public func write(to directory: URL) throws -> Report {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var rng = SeededRandom(seed: seed &+ 0x7EA7E1)
        var report = Report()
        var text = "trip_id,bioguide_id,traveler,sponsor,sponsor_cik,destination,departure_date,return_date,cost,purpose\r\n"
        var line = 2  // the record number, as the quarantine gives it
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        for (n, member) in fec.incumbents.enumerated() {
            let bioguide = LegislatorsSample.bioguide(member, index: n)
            let parts = member.name.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).capitalized }
            let traveler = parts.count > 1 ? "\(parts[1]) \(parts[0])" : member.name
            for t in 0..<(1 + n % 3) {
                let corporate = rng.chance(0.5)
                let corporation = rng.pick(fec.corporations)
                let sponsor = corporate ? corporation.title : rng.pick(Self.otherSponsors)
                let month = rng.int(1...11), day = rng.int(1...20), nights = rng.int(2...6)
                var departure = String(format: "%02d/%02d/%d", month, day, fec.cycle - 1)
                let back = String(format: "%02d/%02d/%d", month, day + nights, fec.cycle - 1)
                var cost = String(format: "%d.%02d", rng.int(900...14_000), rng.int(0...99))
                if n == 2 && t == 0 { departure = "02/30/\(fec.cycle - 1)"; report.malformed.append("\(Self.fileName):\(line)") }
                if n == 4 && t == 0 { cost = "n/a"; report.malformed.append("\(Self.fileName):\(line)") }
                // A purpose written over two lines, as spreadsheet cells sometimes are.
                let purpose = n == 0 && t == 0 ? "Fact-finding visit:\nport security and \"trade, customs\"" : rng.pick(["Fact-finding visit", "Conference speaker", "Site visit"])
                let destination = rng.pick(Self.destinations)
                let fields = ["T\(fec.cycle)-\(String(format: "%04d", line - 1))", bioguide, traveler, sponsor, corporate ? String(corporation.cik) : "",
                              n == 0 && t == 0 ? Self.hostileDestination : destination, departure, back, cost, purpose]
                text += fields.map(field).joined(separator: ",") + "\r\n"
                line += 1
                report.trips += 1
            }
        }
        try text.write(to: directory.appendingPathComponent(Self.fileName), atomically: true, encoding: .utf8)
        return report
    }
}
