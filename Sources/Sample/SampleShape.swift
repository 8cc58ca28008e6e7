/// A listed corporation of the generated world: its FEC connected-organisation name (upper
/// case, as cm.txt spells it) and its SEC listing. Every family's generator draws from the
/// same list, so PAC money, lobbying clients, insider filings and members' trades meet on it.
public struct SampleCorporation: Sendable, Equatable {
    public let name: String
    public let cik: Int
    public let ticker: String
    public let title: String

    /// The demo's five, with the CIKs and tickers its tests and pages name.
    public static let demo: [SampleCorporation] = [
        SampleCorporation(name: "ACME WIDGETS INC", cik: 9_000_001, ticker: "ACMW", title: "Acme Widgets Inc"),
        SampleCorporation(name: "GLOBEX HOLDINGS CORP", cik: 9_000_002, ticker: "GLBX", title: "Globex Holdings Corp"),
        SampleCorporation(name: "INITECH LLC", cik: 9_000_003, ticker: "INTK", title: "Initech LLC"),
        SampleCorporation(name: "UMBRELLA LOGISTICS CO", cik: 9_000_004, ticker: "UMBL", title: "Umbrella Logistics Co"),
        SampleCorporation(name: "STARK FICTIONAL INDUSTRIES", cik: 9_000_005, ticker: "STRK", title: "Stark Fictional Industries"),
    ]

    // Fictional words only. Names differ before their legal suffix, so two generated
    // corporations never become one when matching strips "INC" or "CORP".
    static let stems = ["ZEPHYRA", "BRAMBLEWICK", "QUORVANT", "TALLOWMERE", "OSTRAVEL", "LUMENFORD", "VEXLEY", "CORRINDALE",
                        "MARVOLT", "PELTRIDGE", "SUNDRAKE", "WYNCASTER", "HALVORN", "KESTRELL", "DUNMARROW", "ELSWORTHY",
                        "FARRIGAN", "GLIMMERTON", "HOLLOWAX", "IRONVALE", "JASPERLY", "KILNFORD", "LOCKWELL", "MIREBROOK",
                        "NETHERBY", "ORMSLEY", "PRAXTON", "QUILLOCK", "RUSKWOOD", "SABLEFORD", "TARNBURY", "UPTHORNE",
                        "VARLOWE", "WHISTLER", "YARROWAY", "ZANDERLY", "ASHCOMBE", "BELLMOOR", "CINDERHALL", "DRAVENPORT"]
    static let regions = ["ATLANTIC", "PACIFIC", "PRAIRIE", "HIGHLAND", "COASTAL", "SUMMIT"]
    static let trades = ["WIDGETS", "LOGISTICS", "DYNAMICS", "FOODS", "MINING", "ENERGY", "PHARMA", "AEROSPACE", "TEXTILES",
                         "ROBOTICS", "SHIPPING", "FOUNDRY", "MEDIA", "BANCORP", "INSURANCE", "ANALYTICS", "RAIL", "SEMICONDUCTOR",
                         "BIOTECH", "APPAREL", "TELECOM", "MOTORS", "HOMES", "CHEMICALS", "GRAIN"]
    static let suffixes = ["INC", "CORP", "LLC", "CO"]

    /// The `index`-th generated corporation (index < 6,000): unique name, CIK and ticker.
    public static func generated(_ index: Int) -> SampleCorporation {
        precondition(index < stems.count * regions.count * trades.count)
        let name = "\(stems[index % stems.count]) \(regions[index / stems.count % regions.count]) "
            + "\(trades[index / (stems.count * regions.count)]) \(suffixes[index % suffixes.count])"
        // "X" + three letters: 17,576 tickers, none of them the demo's.
        let letters = (0..<3).reversed().map { Character(UnicodeScalar(UInt8(65 + index / Int(pow26($0)) % 26))) }
        let title = name.split(separator: " ").map { $0 == "LLC" ? "LLC" : $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: " ")
        return SampleCorporation(name: name, cik: 9_100_000 + index, ticker: "X" + String(letters), title: title)
    }

    private static func pow26(_ n: Int) -> Int { n == 0 ? 1 : 26 * pow26(n - 1) }
}

/// How big a generated publisher is. The demo is a few dozen races and five corporations; a
/// cycle is what a presidential cycle's bulk files hold, so benchmarks measure the job at the
/// size users run it.
public struct SampleShape: Sendable {
    /// Individual contributions (itcont.txt); the other FEC files scale with it.
    public var contributions: Int
    /// Races, each with a Democratic and a Republican candidate and their principal committees.
    public var races: Int
    public var corporations: [SampleCorporation]
    /// Super PACs beyond the demo's three (independent expenditures are theirs).
    public var extraSuperPACs: Int
    /// Party committees and nonconnected PACs beyond the demo's two.
    public var extraCommittees: Int
    /// Candidates running as incumbents are capped here: Congress has 535 seats.
    public var maxIncumbents: Int
    /// Real contributions are concentrated: a few committees receive millions of rows, most a
    /// handful. Off for the demo, whose bytes its tests pin.
    public var skewed: Bool

    /// The demo at a number of contributions (the races grow gently with it).
    public static func demo(contributions: Int = 5_000) -> SampleShape {
        SampleShape(contributions: contributions, races: max(4, min(400, contributions / 250)), corporations: SampleCorporation.demo,
                    extraSuperPACs: 0, extraCommittees: 0, maxIncumbents: .max, skewed: false)
    }

    /// A presidential cycle: 9,000 candidates, 18,000+ committees, 5,005 corporations, 535
    /// members of Congress and 10 M skewed contributions.
    public static let cycle = SampleShape(
        contributions: 10_000_000, races: 4_500, corporations: SampleCorporation.demo + (0..<5_000).map(SampleCorporation.generated),
        extraSuperPACs: 2_500, extraCommittees: 1_500, maxIncumbents: 535, skewed: true)
}
