/// Politician pages for FEC candidates: one per candidate, a section per cycle, newest first.
struct CandidatePages {
    let queries: PageQueries
    let links: LinkRegistry

    /// Runs the page queries for `ids`; each page's document is built when it is rendered.
    func prepare(ids: [String]) throws -> PageChunk {
        let base = try queries.rows("candidates", ids: ids)
        // Members' contributed-dataset rows are keyed by bioguide id, which the member rows give.
        let member = try queries.optionalByID("candidate_member", ids: ids)
        let bioguides = member.values.compactMap { $0.first?.string("bioguide") }
        let sections = Sections(
            committees: try queries.grouped("candidate_committees", ids: ids),
            pacs: try queries.grouped("candidate_top_pacs", ids: ids),
            employers: try queries.grouped("candidate_top_employers", ids: ids),
            occupations: try queries.grouped("candidate_top_occupations", ids: ids),
            independent: try queries.grouped("candidate_independent_expenditures", ids: ids),
            member: member,
            seats: try queries.optionalByID("candidate_committee_seats", ids: ids),
            trades: try queries.optionalByID("candidate_trades", ids: ids),
            tradeMonths: try queries.optionalByID("candidate_trade_months", ids: ids),
            votes: try queries.optionalByID("candidate_votes", ids: ids),
            votesByBill: try queries.optionalByID("candidate_votes_by_bill", ids: ids),
            newest: try queries.optionalByID("candidate_newest_contributions", ids: ids),
            ld203: try queries.optionalByID("candidate_ld203", ids: ids),
            linked: try links.linked.sections(kind: "member", ids: bioguides, engine: queries.engine)
                .merging(try links.linked.sections(kind: "candidate", ids: ids, engine: queries.engine)) { a, b in a + b })
        let links = self.links
        let rows = PageChunk.byEntity(base).filter { links.candidateSlugs[$0[0].string("id")] != nil }
        return PageChunk(count: rows.count) { i in Self.page(rows[i], sections: sections, links: links) }
    }

    struct Sections: Sendable {
        let committees, pacs, employers, occupations, independent: [String: [Row]]
        /// By candidate id: the member of Congress behind the candidacy, and their seats, trades and votes.
        let member, seats, trades, tradeMonths, votes, votesByBill: [String: [Row]]
        /// Newest large contributions to the candidate's committees: the page's feed with trades and votes.
        let newest: [String: [Row]]
        /// LD-203 contributions honouring the member.
        let ld203: [String: [Row]]
        /// Contributed datasets' rows by "member:<bioguide>" and "candidate:<id>".
        let linked: [String: [Value]]
    }

    /// A bill in words ("H.R. 104 (118th Congress)") from its key, else as Voteview numbers it.
    static func bill(key: String?, number: String?) -> String? {
        if let key, !key.isEmpty { return Vocabulary.bill(key) }
        return number.flatMap { $0.isEmpty ? nil : $0 }
    }

    static func page(_ cycles: [Row], sections s: Sections, links: LinkRegistry) -> Page {
        let newest = cycles[0]
        let id = newest.string("id")
        let url = URLs.candidate(links.candidateSlugs[id]!)
        // The politicians dataset names members by bioguide id, everyone else — and a member
        // whose legislators record was quarantined (no name) — by FEC id, as sql/model does.
        let bioguide = s.member[id]?.first?.string("bioguide") ?? ""
        let named = !(s.member[id]?.first?.string("member_name") ?? "").isEmpty
        let icpsrs = s.member[id]?.first?.strings("icpsrs") ?? []
        let downloads = links.downloads("politician", bioguide.isEmpty || !named ? id : bioguide) + links.downloads("member", bioguide)
            + links.downloads("icpsr", icpsrs) + links.downloads("candidate", id)
        var document: Value = [
            "kind": "politician",
            "_downloads": .list(downloads),
            "_linked": .list((s.linked["member:\(bioguide)"] ?? []) + (s.linked["candidate:\(id)"] ?? [])),
            "id": .string(id),
            "fec_candidate_id": .string(id),
            "name": .string(Vocabulary.personName(newest.string("name"))),
            "name_filed": newest.page("name"),
            "url": .string(url),
            "party_label": .text(Vocabulary.party(newest.text("party"))),
            "office_label": .string(Vocabulary.office(newest.text("office"))),
            "state": newest.page("state"),
            "member": member(s.member[id]?.first, seats: s.seats[id] ?? [], trades: s.trades[id] ?? [], tradeMonths: s.tradeMonths[id] ?? [], votes: s.votes[id] ?? [], votesByBill: s.votesByBill[id] ?? [], ld203: s.ld203[id] ?? [], links: links),
            "cycles": .list(cycles.map { row in
                let key = PageQueries.key(id, row.int("cycle") ?? 0)
                return cycle(row, links: links, committees: s.committees[key] ?? [], pacs: s.pacs[key] ?? [],
                             employers: s.employers[key] ?? [], occupations: s.occupations[key] ?? [],
                             independent: s.independent[key] ?? [])
            }),
        ]
        let newestCycle = newest.string("cycle"), trades = s.trades[id]?.first
        document["_glance"] = Glance.value(Glance.money(newest, anchor: "#cycle-\(newestCycle)")
            + Glance.outsideMoney(s.independent[PageQueries.key(id, newest.int("cycle") ?? 0)] ?? [], cycle: newestCycle, anchor: "#cycle-\(newestCycle)", made: false)
            + Glance.trades(total: trades?.int("total_trades") ?? 0, late: trades?.int("late_trades") ?? 0, url: "#trades-h"))
        var page = Page(path: String(url.dropFirst()), template: "politician", document: document)
        let who = s.member[id]?.first.flatMap { $0.text("member_name").flatMap { $0.isEmpty ? nil : $0 } } ?? newest.string("name")
        page.feed = Feeds.newestFirst(
            (s.newest[id] ?? []).map { Feeds.contribution($0, to: links.committeeName($0.string("committee_id")), link: links.committeeURL($0.text("committee_id")), fallback: url) }
            + (s.trades[id] ?? []).map { Feeds.trade($0, by: who, fallback: url) }
            + (s.votes[id] ?? []).map { v in
                FeedItem(id: "vote-\(Slug.make(v.string("chamber")))-\(v.string("congress"))-\(v.string("rollnumber"))",
                         title: "\(who) voted \(v.string("vote")) on \(v.text("bill_number").flatMap { $0.isEmpty ? nil : $0 } ?? v.string("question"))",
                         link: url, date: v.string("date"),
                         summary: "\(v.string("chamber")) roll call \(v.string("congress"))-\(v.string("rollnumber")) on \(v.string("date")): \(v.string("question")) \(v.string("description")) — \(v.string("result")). Vote: \(v.string("vote")).")
            })
        return page
    }

    /// The member-of-Congress part of a politician page: null for candidates who never served.
    static func member(_ row: Row?, seats: [Row], trades: [Row], tradeMonths: [Row], votes: [Row], votesByBill: [Row], ld203: [Row], links: LinkRegistry) -> Value {
        guard let row else { return .null }
        let total = trades.first?.int("total_trades") ?? 0, late = trades.first?.int("late_trades") ?? 0
        return [
            "bioguide": row.page("bioguide"),
            "name": row.page("member_name"),
            "reports": .list(links.reportMentions[row.string("bioguide")] ?? []),
            "ld203_contributions": .list(ld203.map { c in
                ["year": c.count("year"), "contributor": c.page("contributor"), "registrant": c.page("registrant"), "payee": c.page("payee"),
                 "total": c.money("cents"), "items": c.count("items")]
            }),
            "committee_seats": .list(seats.map { s in
                ["committee_id": s.page("committee_id"), "committee": s.page("committee_name"), "committee_url": s.string("committee_name") == s.string("committee_id") ? .null : .string(CongressCommitteePages.url(s.string("committee_id"))),
                 "parent_committee": .text(s.text("parent_name").flatMap { $0.isEmpty ? nil : $0 }),
                 "side": s.page("side"), "rank": s.count("rank"), "title": .text(s.text("title").flatMap { $0.isEmpty ? nil : $0 })]
            }),
            "trades": [
                "total": .int(total),
                "late": .int(late),
                "explorer_url": .string(TradeExplorer.url(["bioguide": row.string("bioguide")])),
                "_chart": .text(BarChart.monthly(id: "trades-\(Slug.make(row.string("bioguide")))", title: "Disclosed trades by month",
                                                 counts: Dictionary(tradeMonths.map { ($0.string("month"), $0.int("trades") ?? 0) }, uniquingKeysWith: +))?.verticalSVG()),
                "shown": .int(Int64(trades.count)),
                "rows": .list(trades.map { t in
                    let days = t.int("days_to_disclose"), implausible = t.int("date_implausible") == 1
                    return ["transaction_date": t.page("transaction_date"), "disclosure_date": t.page("disclosure_date"),
                            "days_to_disclose": days.map(Value.int) ?? .null, "late": .bool(!implausible && (days ?? 0) > 45),
                            "date_implausible": .bool(implausible),
                            "owner": t.page("owner"), "ticker": t.page("ticker"), "asset": t.page("asset_name"),
                            "type_label": .string(Vocabulary.tradeType(t.string("type"))), "amount": t.page("amount"),
                            "source": t.page("source"), "link": .text(t.text("link").flatMap { $0.hasPrefix("https://") ? $0 : nil })]
                }),
            ],
            "votes": .list(votes.map { v in
                ["date": v.page("date"), "congress": v.count("congress"), "chamber": v.page("chamber"), "rollnumber": v.count("rollnumber"),
                 "bill": .text(Self.bill(key: v.text("bill_key"), number: v.text("bill_number"))), "bill_key": .text(v.text("bill_key").flatMap { $0.isEmpty ? nil : $0 }),
                 "bill_url": links.billURL(v.text("bill_key")),
                 "question": v.page("question"), "description": v.page("description"), "result": v.page("result"), "vote": v.page("vote")]
            }),
            "votes_by_bill": .list(votesByBill.map { b in
                ["bill": .text(Self.bill(key: b.text("bill_key"), number: b.text("bill_number"))), "bill_key": b.page("bill_key"), "bill_url": links.billURL(b.text("bill_key")), "rollcalls": b.count("rollcalls"),
                 "yea": b.count("yea"), "nay": b.count("nay"), "other": b.count("other"), "last_date": b.page("last_date"),
                 "last_question": b.page("last_question"), "last_vote": b.page("last_vote"), "lobbying_clients": b.count("lobbying_clients")]
            }),
        ]
    }

    private static func cycle(_ row: Row, links: LinkRegistry, committees: [Row], pacs: [Row], employers: [Row], occupations: [Row],
                              independent: [Row]) -> Value {
        let cycle = row.int("cycle") ?? 0
        var summary: Value = .null
        if row.int("summary_receipts_cents") != nil {
            summary = [
                "receipts": row.money("summary_receipts_cents"),
                "disbursements": row.money("summary_disbursements_cents"),
                "cash_on_hand": row.money("summary_cash_cents"),
                "through": row.page("summary_through"),
                "source": "FEC all-candidates summary file (weball)",
            ]
        }
        let district = row.text("district").flatMap { $0 == "00" || $0.isEmpty ? nil : $0 }
        let ie = independent.map { e -> Value in
            ["committee_id": e.page("committee_id"), "committee_name": e.page("committee_name"),
             "committee_url": links.committeeURL(e.text("committee_id")),
             "is_super_pac": .bool(e.text("type") == "O" || e.text("type") == "U"),
             "total": e.money("cents"), "count": e.count("expenditures")]
        }
        var o: Object = [
            "cycle": .int(cycle),
            "name": row.page("name"),
            "party": row.page("party"),
            "party_label": .text(Vocabulary.party(row.text("party"))),
            "office": row.page("office"),
            "office_label": .string(Vocabulary.office(row.text("office"))),
            "state": row.page("state"),
            "district": .text(district),
            "election_year": row.count("election_year"),
            "incumbency": .text(Vocabulary.incumbency(row.text("incumbency"))),
            "status": .text(Vocabulary.candidateStatus(row.text("status"))),
            "principal_committee_id": row.page("principal_committee_id"),
            "committees": .list(committees.map { c in
                ["id": c.page("committee_id"), "name": c.page("committee_name"), "url": links.committeeURL(c.text("committee_id")),
                 "designation_label": .text(Vocabulary.designation(c.text("designation"))),
                 "type_label": .string(Vocabulary.committeeType(c.text("type")))]
            }),
            "summary": summary,
            "itemized_individual": ["total": row.money("itemized_cents"), "count": row.count("itemized_count"),
                                    "outside_cycle": ItemizedContributions.outsideCycle(row)],
            "top_pacs": .list(pacs.map { p in
                ["committee_id": p.page("committee_id"), "committee_name": p.page("committee_name"),
                 "committee_url": links.committeeURL(p.text("committee_id")),
                 "kind_label": .string(Vocabulary.committeeKind(type: p.text("type"), designation: nil)),
                 "total": p.money("cents"), "count": p.count("contributions")]
            }),
            "top_employers": .list(employers.map { ["employer": $0.page("employer"), "total": $0.money("cents"), "count": $0.count("contributions")] }),
            "top_occupations": .list(occupations.map { ["occupation": $0.page("occupation"), "total": $0.money("cents"), "count": $0.count("contributions")] }),
            "independent_expenditures": IndependentExpenditures.groups(
                support: zip(independent, ie).filter { $0.0.text("support_oppose") == "S" }.map(\.1),
                oppose: zip(independent, ie).filter { $0.0.text("support_oppose") != "S" }.map(\.1)),
            "source": ["file": row.page("source_file"), "line": row.count("source_line")],
        ]
        o["_employers_chart"] = .string(BarChart(
            id: "c\(cycle)-employers", title: "Top donor employers, \(cycle)",
            bars: employers.map { .init(label: $0.string("employer"), cents: $0.int("cents") ?? 0) }).horizontalSVG())
        return .object(o)
    }
}
