import Foundation
import Core

/// One file of an official source, and where it is published.
public struct SourceFile: Sendable, Equatable {
    public var name: String
    public var url: String
    /// Several GB: fetched only when `large_files` is on.
    public var large = false
    /// Members of a zip the lake also keeps as `<member>.zst`, which ClickHouse reads from a
    /// file or a bucket by itself (it cannot open zips).
    public var members: [String] = []
    public init(name: String, url: String, large: Bool = false, members: [String] = []) {
        self.name = name
        self.url = url
        self.large = large
        self.members = members
    }
}

/// A set of files fetched and snapshotted together, e.g. `fec-2024`.
public struct Source: Sendable {
    public var name: String
    public var files: [SourceFile]
    /// Numbered files with no published index (roll-call votes): file n for n = 1, 2, … until
    /// the first number the server does not have.
    public var numbered: Numbered?

    public struct Numbered: Sendable {
        public var file: @Sendable (Int) -> SourceFile
        public init(file: @escaping @Sendable (Int) -> SourceFile) { self.file = file }
    }

    public init(name: String, files: [SourceFile], numbered: Numbered? = nil) {
        self.name = name
        self.files = files
        self.numbered = numbered
    }
}

/// The official URL patterns of every family (shared/realdata/FORMATS.md, DESIGN.md).
public enum SourceRegistry {
    public static let fecBase = "https://www.fec.gov/files/bulk-downloads"

    /// One FEC cycle: `{base}/{YYYY}/{abbr}{YY}.zip` and `independent_expenditure_{YYYY}.csv`.
    public static func fec(cycle: Int, base: String? = nil) -> Source {
        let base = (base ?? fecBase).trimmingSuffix("/")
        let yy = String(cycle % 100).leftPadded(to: 2)
        func zip(_ abbr: String, large: Bool = false) -> SourceFile {
            let member = FECBulkFile.all.first { $0.abbreviation == abbr }?.member(cycle: cycle)
            return SourceFile(name: "\(abbr)\(yy).zip", url: "\(base)/\(cycle)/\(abbr)\(yy).zip", large: large, members: member.map { [$0] } ?? [])
        }
        return Source(name: "fec-\(cycle)", files: [
            zip("cn"), zip("cm"), zip("ccl"), zip("pas2"), zip("oppexp"), zip("weball"), zip("webl"), zip("webk"),
            zip("indiv", large: true), zip("oth", large: true),
            SourceFile(name: "independent_expenditure_\(cycle).csv", url: "\(base)/\(cycle)/independent_expenditure_\(cycle).csv"),
        ])
    }

    /// unitedstates/congress-legislators, published as YAML: the files `spotlight ingest
    /// legislators` reads. The historical file (former members with every term, over 4 MB)
    /// lets trades and votes of members who have left be matched.
    public static func legislators(base: String = "https://unitedstates.github.io/congress-legislators", historical: Bool = true) -> Source {
        Source(name: "legislators", files: ["legislators-current", "committees-current", "committee-membership-current"]
            .map { SourceFile(name: "\($0).yaml", url: "\(base)/\($0).yaml") }
            + (historical ? [SourceFile(name: "legislators-historical.yaml", url: "\(base)/legislators-historical.yaml")] : []))
    }

    /// Voteview member, roll-call and vote CSVs of one Congress (both chambers).
    /// `chamber`: "HS" (both chambers in one file), "H" or "S". A votes file of both chambers
    /// or of the House is ~100 MB (a large file); the Senate's alone is a few MB.
    public static func voteview(congress: Int, chamber: String = "HS", base: String = "https://voteview.com/static/data/out") -> Source {
        let n = String(congress).leftPadded(to: 3)
        return Source(name: "voteview-\(congress)", files: ["members", "rollcalls", "votes"].map { kind in
            SourceFile(name: "\(chamber)\(n)_\(kind).csv", url: "\(base)/\(kind)/\(chamber)\(n)_\(kind).csv", large: kind == "votes" && chamber != "S")
        })
    }

    /// The House Clerk's annual financial-disclosure index (XML inside a zip).
    public static func houseFinancialDisclosures(year: Int) -> Source {
        Source(name: "house-fd-\(year)", files: [
            SourceFile(name: "\(year)FD.zip", url: "https://disclosures-clerk.house.gov/public_disc/financial-pdfs/\(year)FD.zip"),
        ])
    }

    /// The House periodic transaction reports (PDFs) of one year, by the document ids the
    /// year's FD index lists with FilingType P: the official source of House members' trades.
    public static func housePTRs(year: Int, docIDs: [String], base: String = "https://disclosures-clerk.house.gov/public_disc/ptr-pdfs") -> Source {
        Source(name: "house-ptr-\(year)", files: docIDs.map { SourceFile(name: "\($0).pdf", url: "\(base)/\(year)/\($0).pdf") })
    }

    /// House Clerk roll-call votes of one year: `https://clerk.house.gov/evs/{YEAR}/roll{NNN}.xml`,
    /// numbered from 1 (no index file: fetched until the first missing number).
    public static func houseRollCalls(year: Int, base: String = "https://clerk.house.gov/evs") -> Source {
        Source(name: "house-votes-\(year)", files: [], numbered: .init { n in
            let nnn = String(n).leftPadded(to: 3)
            return SourceFile(name: "roll\(nnn).xml", url: "\(base)/\(year)/roll\(nnn).xml")
        })
    }

    /// Senate roll-call votes of one session:
    /// `https://www.senate.gov/legislative/LIS/roll_call_votes/vote{congress}{session}/vote_{congress}_{session}_{NNNNN}.xml`.
    public static func senateRollCalls(congress: Int, session: Int, base: String = "https://www.senate.gov/legislative/LIS/roll_call_votes") -> Source {
        Source(name: "senate-votes-\(congress)-\(session)", files: [], numbered: .init { n in
            let number = String(n).leftPadded(to: 5)
            return SourceFile(name: "vote_\(congress)_\(session)_\(number).xml", url: "\(base)/vote\(congress)\(session)/vote_\(congress)_\(session)_\(number).xml")
        })
    }

    /// SEC company tickers and the quarterly insider-transaction data sets (Forms 3/4/5).
    /// `base`: one directory holding both (the demo publisher); nil for sec.gov's own paths.
    public static func sec(quarters: [(year: Int, quarter: Int)], base: String? = nil) -> Source {
        let tickers = base.map { "\($0)/company_tickers.json" } ?? "https://www.sec.gov/files/company_tickers.json"
        let dataSets = base ?? "https://www.sec.gov/files/structureddata/data/insider-transactions-data-sets"
        return Source(name: "sec", files: [SourceFile(name: "company_tickers.json", url: tickers)]
            + quarters.map { q in
                SourceFile(name: "\(q.year)q\(q.quarter)_form345.zip", url: "\(dataSets)/\(q.year)q\(q.quarter)_form345.zip")
            })
    }

    /// The sources a configuration asks for. Large files are left out unless enabled.
    public static func configured(_ config: FetchConfig, now: Int = FetchConfig.currentCycle()) throws -> [Source] {
        var sources: [Source] = []
        for family in config.sources {
            switch family {
            case "fec": sources += config.fecCycles.map { fec(cycle: $0, base: config.fecBaseURL) }
            case "legislators": sources.append(legislators(historical: config.legislatorsHistorical))
            case "voteview": sources += (config.voteviewCongresses ?? [(now - 1788) / 2]).map { voteview(congress: $0, chamber: config.voteviewChamber) }
            case "votes":
                for year in config.voteYears ?? [Calendar(identifier: .gregorian).component(.year, from: Date())] {
                    sources.append(houseRollCalls(year: year))
                    sources.append(senateRollCalls(congress: (year - 1787) / 2, session: year % 2 == 1 ? 1 : 2))
                }
            case "house-fd": sources += (config.houseFDYears ?? [now - 1]).map { houseFinancialDisclosures(year: $0) }
            case "sec": sources.append(sec(quarters: (config.secQuarters ?? [SECQuarter(year: now - 1, quarter: 4)]).map { ($0.year, $0.quarter) }))
            case "lda": continue  // paginated: see `paged`
            default:
                throw FetchError.unknownSource("[fetch] sources names \"\(family)\"; known: fec, legislators, voteview, votes, house-fd, sec, lda")
            }
        }
        return sources.map { source in
            var source = Mirror.apply(source, mirror: config.mirror)
            if !config.largeFiles { source.files.removeAll(where: \.large) }
            return source
        }
    }
}

extension SourceRegistry {
    /// The paginated sources a configuration asks for: LDA filings and contributions per year.
    public static func paged(_ config: FetchConfig, environment: [String: String] = ProcessInfo.processInfo.environment) -> [PagedSource] {
        guard config.sources.contains("lda") && !config.demo else { return [] }
        return config.ldaYears.flatMap { year in
            ["filings", "contributions"].map {
                var source = PagedSource.lda($0, year: year, environment: environment)
                source.mirror = config.mirror
                return source
            }
        }
    }
}

public enum FetchError: Error, CustomStringConvertible {
    case unknownSource(String)
    case lake(String)
    public var description: String {
        switch self {
        case .unknownSource(let m), .lake(let m): m
        }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
