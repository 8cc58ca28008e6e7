import Core
import Foundation

/// The trade explorer (`/trades/`): every disclosed trade by a member of Congress, newest first,
/// in server-rendered pages of `pageSize` rows that work without JavaScript, and as static JSON
/// (`/trades/data/shards.json` and one shard per year of trade) that `explorer.js` filters in the
/// browser by member, party, chamber, state, ticker, company, type, amount band, dates and
/// late-only — no server. A year's shard changes only when that year's trades do, so a nightly
/// rebuild republishes the current year's and leaves the rest cached.
struct TradeExplorer {
    let links: LinkRegistry
    /// Company name and page by ticker (the corporations' tickers).
    let companies: [String: (name: String, url: String)]
    let explorerJS: String
    var pageSize = 100

    static let base = "/trades/"
    /// Shard columns, in order; the index lists them so the script reads rows by name.
    static let columns = ["date", "disclosure_date", "days", "member", "owner", "ticker", "asset", "type", "amount", "amount_min", "link", "date_implausible"]

    /// The explorer with filters set (a member page's "all their trades", a company's tickers).
    static func url(_ filters: [String: String]) -> String {
        var query = URLComponents()
        query.queryItems = filters.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return base + "?" + (query.percentEncodedQuery ?? "")
    }

    /// One member as the shards refer to them (by key in the index's `members`).
    struct Member: Hashable { let name, bioguide, party, chamber, state: String }

    /// The pages and the data files. `rows` in the order of trades_explorer.sql (newest first).
    func build(_ rows: [Row]) -> (pages: [Page], files: [(path: String, bytes: [UInt8])]) {
        guard !rows.isEmpty else { return ([], []) }
        // Rows name their member by a key that does not move between builds (the bioguide id, else
        // the name as filed), so a year's shard changes only when its trades do, and a shard
        // cached from an earlier build still names the right member.
        var members: [String: Member] = [:]
        var shards: [String: [Value]] = [:]
        var amounts: [String: Int64] = [:]
        for r in rows {
            let m = Member(name: r.string("member"), bioguide: r.string("bioguide"), party: r.string("party"), chamber: r.string("chamber"), state: r.string("state"))
            let key = m.bioguide.isEmpty ? "name:" + m.name : m.bioguide
            members[key] = m
            amounts[r.string("amount")] = r.int("amount_min") ?? 0
            let implausible = r.int("date_implausible") == 1
            let shard = implausible ? "implausible-dates" : String(r.string("date").prefix(4))
            shards[shard, default: []].append([
                r.page("date"), r.page("disclosure_date"), r.count("days"), .string(key), r.page("owner"), r.page("ticker"),
                r.page("asset"), r.page("type"), r.page("amount"), r.count("amount_min"), .text(r.text("link").flatMap { $0.hasPrefix("https://") ? $0 : nil }),
                .bool(implausible),
            ])
        }
        let tickers = Set(rows.map { $0.string("ticker") }).filter { !$0.isEmpty }.sorted()
        let types = Set(rows.map { $0.string("type") }).sorted()
        let bands = amounts.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map(\.key)
        let index: Value = [
            "columns": .list(Self.columns.map(Value.string)),
            // Newest year first, then the trades whose dates cannot be right.
            "shards": .list(shards.keys.sorted { ($0.first!.isNumber ? 0 : 1, $1) < ($1.first!.isNumber ? 0 : 1, $0) }.map { ["name": .string($0), "url": .string("\(Self.base)data/\($0).json"), "trades": .int(Int64(shards[$0]!.count))] }),
            "members": .object(Object(members.sorted { $0.key < $1.key }.map { key, m in
                (key, ["name": .string(m.name), "bioguide": .text(m.bioguide.isEmpty ? nil : m.bioguide), "url": links.memberURL(m.bioguide),
                       "party": .string(m.party), "chamber": .string(m.chamber), "state": .string(m.state)] as Value)
            })),
            "companies": .object(Object(tickers.compactMap { t in companies[t].map { (t, ["name": .string($0.name), "url": .string($0.url)] as Value) } })),
            "types": .object(Object(types.map { ($0, .string(Vocabulary.tradeType($0))) })),
            "late_after_days": 45,
        ]
        var files: [(path: String, bytes: [UInt8])] = [("trades/data/shards.json", index.jsonBytes)]
        for (name, list) in shards { files.append(("trades/data/\(name).json", Value.list(list).jsonBytes)) }

        let options: Value = [
            "parties": .list(Set(members.values.map(\.party)).filter { !$0.isEmpty }.sorted().map(Value.string)),
            "chambers": .list(Set(members.values.map(\.chamber)).filter { !$0.isEmpty }.sorted().map(Value.string)),
            "states": .list(Set(members.values.map(\.state)).filter { !$0.isEmpty }.sorted().map(Value.string)),
            "types": .list(types.map { ["value": .string($0), "label": .string(Vocabulary.tradeType($0))] }),
            "amounts": .list(bands.map(Value.string)),
            "members": .list(Set(members.values.map(\.name)).sorted().map(Value.string)),
            "tickers": .list(tickers.map(Value.string)),
        ]
        // Late as the home page and the reports count it: a trade whose date cannot be right is not.
        func isLate(_ r: Row) -> Bool { (r.int("days") ?? 0) > 45 && r.int("date_implausible") != 1 }
        let late = rows.filter(isLate).count
        let matched = rows.filter { !$0.string("bioguide").isEmpty }.count
        let count = (rows.count + pageSize - 1) / pageSize
        func url(_ n: Int) -> String { n == 1 ? Self.base : "\(Self.base)page/\(n)/" }
        let pages = (1...count).map { n -> Page in
            let slice = rows[((n - 1) * pageSize)..<min(n * pageSize, rows.count)]
            let document: Value = [
                "kind": "trades",
                "title": "Trades by members of Congress",
                "description": .string("Every stock trade members of Congress disclosed under the STOCK Act, newest first: filter by member, party, chamber, state, ticker, company, type, amount and date, or show only the ones disclosed late."),
                "url": .string(url(n)), "page": .int(Int64(n)), "pages": .int(Int64(count)),
                "total": .int(Int64(rows.count)), "late": .int(Int64(late)), "members_count": .int(Int64(Set(members.values.map(\.bioguide).filter { !$0.isEmpty }).count)),
                "matched_trades": .int(Int64(matched)), "unmatched_trades": matched == rows.count ? .null : .int(Int64(rows.count - matched)),
                "rows": .list(slice.map { r in
                    let days = r.int("days"), ticker = r.string("ticker")
                    return ["date": r.page("date"), "disclosure_date": r.page("disclosure_date"), "days": days.map(Value.int) ?? .null,
                            "late": .bool(isLate(r)), "date_implausible": .bool(r.int("date_implausible") == 1),
                            "member": r.page("member"), "member_url": links.memberURL(r.text("bioguide")),
                            "party": r.page("party"), "chamber": r.page("chamber"), "state": r.page("state"), "owner": r.page("owner"),
                            "ticker": r.page("ticker"), "company": .text(companies[ticker]?.name), "company_url": .text(companies[ticker]?.url),
                            "asset": r.page("asset"), "type_label": .string(Vocabulary.tradeType(r.string("type"))), "amount": r.page("amount"),
                            "link": .text(r.text("link").flatMap { $0.hasPrefix("https://") ? $0 : nil })]
                }),
                "pagination": ListPages.pagination(pages: count, current: n, url: url),
                "data_url": .string("\(Self.base)data/shards.json"),
                "_explorer_js": .string(explorerJS),
                "_options": options,
            ]
            return Page(path: String(url(n).dropFirst()), template: "trades", document: document, hasJSON: false)
        }
        return (pages, files)
    }
}
