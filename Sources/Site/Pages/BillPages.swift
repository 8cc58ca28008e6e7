import Core
import Foundation

/// Bill pages (`/bills/<key>/`): one bill of Congress across the sources that name it — the
/// roll calls on it with each member's vote and the tally by party (Voteview, and the clerks'
/// own roll calls Voteview does not hold), the lobbying clients whose LD-2 activities name it,
/// and members' trades near their votes on it in companies that lobbied on it (the
/// trades-near-votes report's rows).
struct BillPages {
    let queries: PageQueries
    let links: LinkRegistry
    /// The trades-near-votes report's window, in days, for the page's own words.
    let tradeWindowDays: String?
    /// The bills' list facts by key (`list`, run once by the builder).
    let listings: [String: Listing]

    /// One bill with a page: its key and what the lists and search show of it.
    struct Listing: Sendable {
        var id: String
        var rollcalls = 0
        var lastVote = ""
        var description = ""
        var lobbyingClients = 0
    }

    /// Every bill a roll call or a lobbying activity names, by key. Each family's query runs
    /// on its own: a build may hold votes without lobbying, or the reverse.
    static func list(_ queries: PageQueries) throws -> [Listing] {
        var bills: [String: Listing] = [:]
        var voteview = Set<String>()  // roll calls Voteview holds on a bill: id chamber congress session number
        for row in try queries.optionalRows("bill_list") {
            let id = row.string("id")
            bills[id] = Listing(id: id, rollcalls: Int(row.int("rollcalls") ?? 0), lastVote: row.string("last_date"), description: row.string("description"))
        }
        for row in try queries.optionalRows("bill_rollcall_numbers") { voteview.insert(row.string("id") + " " + rollcallKey(row)) }
        for row in try queries.optionalRows("bill_official_list") where !voteview.contains(row.string("id") + " " + rollcallKey(row)) {
            let id = row.string("id")
            var bill = bills[id] ?? Listing(id: id)
            bill.rollcalls += 1
            if row.string("date") >= bill.lastVote {
                bill.lastVote = row.string("date")
                if bill.description.isEmpty { bill.description = row.string("description") }
            }
            bills[id] = bill
        }
        for row in try queries.optionalRows("bill_lobbied_list") {
            let id = row.string("id")
            bills[id, default: Listing(id: id)].lobbyingClients = Int(row.int("clients") ?? 0)
        }
        return bills.values.filter { !Slug.make($0.id).isEmpty }.sorted { $0.id < $1.id }
    }

    /// A roll call as the chamber numbers it, to leave out a clerk's roll call Voteview also holds.
    static func rollcallKey(_ row: Row) -> String {
        "\(row.string("chamber")) \(row.string("congress")) \(row.string("session")) \(row.string("number"))"
    }

    func prepare(ids: [String]) throws -> PageChunk {
        let rollcalls = try queries.optionalByID("bill_rollcalls", ids: ids)
        let memberVotes = try queries.optionalByID("bill_member_votes", ids: ids)
        let officialRollcalls = try queries.optionalByID("bill_official_rollcalls", ids: ids)
        let officialVotes = try queries.optionalByID("bill_official_member_votes", ids: ids)
        let lobbying = try queries.optionalByID("bill_lobbying", ids: ids)
        let trades = try queries.optionalByID("bill_trades", ids: ids)
        let (links, window, listings) = (self.links, tradeWindowDays, self.listings)
        return PageChunk(count: ids.count) { i in
            let id = ids[i]
            let listing = listings[id] ?? Listing(id: id)
            // Voteview's roll calls, then the clerks' that Voteview does not hold, newest first.
            let held = Set((rollcalls[id] ?? []).map(Self.rollcallKey))
            let votesByRoll = Dictionary(grouping: memberVotes[id] ?? []) { "\($0.string("chamber")) \($0.string("rollnumber"))" }
            let officialByRoll = Dictionary(grouping: officialVotes[id] ?? [], by: Self.rollcallKey)
            var calls: [(date: String, value: Value)] = (rollcalls[id] ?? []).map { r in
                (r.string("date"), Self.rollcall(r, votes: votesByRoll["\(r.string("chamber")) \(r.string("rollnumber"))"] ?? [], source: "Voteview", links: links))
            }
            calls += (officialRollcalls[id] ?? []).filter { !held.contains(Self.rollcallKey($0)) }.map { r in
                (r.string("date"), Self.rollcall(r, votes: officialByRoll[Self.rollcallKey(r)] ?? [], source: r.string("chamber") == "Senate" ? "Senate" : "House Clerk", links: links))
            }
            calls.sort { $0.date > $1.date }
            let document: Value = [
                "kind": "bill",
                "id": .string(id),
                "title": .string(Vocabulary.bill(id)),
                "vote_description": .text(listing.description.isEmpty ? nil : listing.description),
                "congress_gov_url": Self.congressGovURL(id).map(Value.string) ?? .null,
                "url": .string(URLs.bill(id)),
                "rollcalls": .list(calls.map(\.value)),
                "lobbying": .list((lobbying[id] ?? []).map { l in
                    let years = l.string("first_year") == l.string("last_year") ? l.string("first_year") : "\(l.string("first_year"))–\(l.string("last_year"))"
                    return ["client": l.page("client"), "client_url": links.corporationURL(named: l.text("client")),
                            "registrants": .list(l.strings("registrants").map(Value.string)), "reports": l.count("reports"),
                            "years": .string(years), "amount": l.money("cents")]
                }),
                "trades": .list((trades[id] ?? []).map { t in
                    ["member": t.page("member"), "bioguide": t.page("bioguide"), "member_url": links.memberURL(t.text("bioguide")),
                     "ticker": t.page("ticker"), "company": t.page("company"), "company_url": links.corporationURL(named: t.text("company")),
                     "transaction_date": t.page("transaction_date"), "type": t.page("type"), "type_label": .string(Vocabulary.tradeType(t.string("type"))),
                     "amount": t.page("amount"), "vote_date": t.page("vote_date"), "roll_call": t.page("roll_call"),
                     "vote": .string(t.string("vote").prefix(1).uppercased() + t.string("vote").dropFirst()), "days_from_vote": t.count("days_from_vote")]
                }),
                "trade_window_days": .text(window),
            ]
            return Page(path: String(URLs.bill(id).dropFirst()), template: "bill", document: document)
        }
    }

    /// One roll call with its members' votes grouped by how they voted, and the tally by party.
    static func rollcall(_ r: Row, votes: [Row], source: String, links: LinkRegistry) -> Value {
        let order = ["yea", "nay", "present", "not voting"]
        let byVote = Dictionary(grouping: votes) { $0.string("vote") }
        let voteNames = order.filter { byVote[$0] != nil } + byVote.keys.filter { !order.contains($0) }.sorted()
        let parties = Dictionary(grouping: votes) { $0.string("party") }.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
        let number = r.text("number").flatMap { $0.isEmpty ? nil : $0 }
        return [
            "chamber": r.page("chamber"), "congress": r.count("congress"), "session": r.count("session"),
            "number": number.map(Value.string) ?? .null, "voteview_rollnumber": source == "Voteview" ? r.count("rollnumber") : .null, "date": r.page("date"), "question": r.page("question"),
            "result": r.page("result"), "description": r.page("description"), "yeas": r.count("yeas"), "nays": r.count("nays"),
            "source": .string(source),
            "name": .string("\(r.string("chamber")) roll call \(number ?? "(Voteview \(r.string("rollnumber")))")"),
            "by_party": .list(parties.map { party, rows in
                let yea = rows.filter { $0.string("vote") == "yea" }.count, nay = rows.filter { $0.string("vote") == "nay" }.count
                return ["party": .string(partyNames[party] ?? (party.isEmpty ? "No party given" : party)), "yea": .int(Int64(yea)), "nay": .int(Int64(nay)),
                        "other": rows.count == yea + nay ? .null : .int(Int64(rows.count - yea - nay))]
            }),
            "votes": .list(voteNames.map { vote in
                let members = byVote[vote]!
                return ["vote": .string(vote.prefix(1).uppercased() + vote.dropFirst()), "count": .int(Int64(members.count)),
                        "members": .list(members.map { m in
                            ["name": .string(Vocabulary.personName(m.string("name"))), "bioguide": m.page("bioguide"), "party": m.page("party"), "state": m.page("state"),
                             "url": links.memberURL(m.text("bioguide"))]
                        })]
            }),
        ]
    }

    /// Parties as the votes give them: Voteview's codes are mapped to letters in the SQL, the
    /// clerks write letters.
    static let partyNames = ["D": "Democrats", "R": "Republicans", "I": "Independents", "ID": "Independents"]

    /// The bill on congress.gov, where its text, sponsors and actions are.
    static func congressGovURL(_ key: String) -> String? {
        let kinds = ["hr": "house-bill", "s": "senate-bill", "hres": "house-resolution", "sres": "senate-resolution",
                     "hjres": "house-joint-resolution", "sjres": "senate-joint-resolution",
                     "hconres": "house-concurrent-resolution", "sconres": "senate-concurrent-resolution"]
        guard let match = key.wholeMatch(of: /([a-z]+)(\d+)-(\d+)/), let kind = kinds[String(match.1)], let congress = Int(match.3) else { return nil }
        return "https://www.congress.gov/bill/\(Vocabulary.ordinal(congress))-congress/\(kind)/\(match.2)"
    }
}
