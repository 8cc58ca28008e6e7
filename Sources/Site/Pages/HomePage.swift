import Core
/// The home page (headline figures, newest large contributions and independent expenditures)
/// and the two Atom feeds drawn from the same rows.
struct HomePage {
    let site: SiteContext
    let links: LinkRegistry
    static let homeRows = 10
    static let homeTrades = 8

    /// What the project is for, family by family: members' trades, outside money, campaign
    /// money, lobbying and votes, each with its headline figures and the reports that go
    /// further. A family this build holds no rows of has no section.
    func page(totals: Row?, newest: [Row], newestIE: [Row], trades: Row?, newestTrades: [Row], lobbying: Row?, votes: Row?,
              intro: ContentPage?) throws -> Page {
        var document: Object = [
            "kind": "home",
            "title": .string(site.title),
            "description": .string(intro?.description ?? "Campaign money, members' stock trades, lobbying and votes, from official public records."),
            "totals": [
                "candidates": totals?.count("candidates") ?? .null,
                "committees": totals?.count("committees") ?? .null,
                "itemized_total": totals?.money("itemized_cents") ?? .null,
                "itemized_count": totals?.count("itemized_count") ?? .null,
                "independent_total": totals?.money("independent_cents") ?? .null,
            ],
            "newest_contributions": .list(newest.prefix(Self.homeRows).map(contribution)),
            "newest_independent_expenditures": .list(newestIE.prefix(Self.homeRows).map(expenditure)),
        ]
        if let trades, (trades.int("trades") ?? 0) > 0 {
            document["trades"] = [
                "count": trades.count("trades"), "late": trades.count("late"), "members": trades.count("members"),
                "newest": .list(newestTrades.map(trade)),
            ]
        }
        if let lobbying, (lobbying.int("reports") ?? 0) > 0 {
            document["lobbying"] = ["total": lobbying.money("cents"), "reports": lobbying.count("reports"), "clients": lobbying.count("clients")]
        }
        if let votes, (votes.int("rollcalls") ?? 0) > 0 {
            document["votes"] = ["rollcalls": votes.count("rollcalls"), "congresses": votes.count("congresses")]
        }
        if (totals?.int("itemized_count") ?? 0) > 0 || (totals?.int("committees") ?? 0) > 0 { document["has_campaign_finance"] = true }
        document["_intro_html"] = .string(intro.map { Markdown.html($0.markdown) } ?? "")
        return Page(path: "", template: "home", document: .object(document))
    }

    /// A member's trade: the words for its type, the member linked to their politician page.
    private func trade(_ r: Row) -> Value {
        ["date": r.page("date"), "disclosure_date": r.page("disclosure_date"), "days_to_disclose": r.count("days"),
         "late": .bool(r.int("late") == 1), "member": r.page("member"),
         "member_url": links.memberURL(r.text("bioguide")),
         "ticker": r.page("ticker"), "asset": r.page("asset"), "type": r.page("type"),
         "type_label": .string(Vocabulary.tradeType(r.string("type"))), "amount": r.page("amount")]
    }

    private func contribution(_ r: Row) -> Value {
        ["date": r.page("date"), "donor": r.page("donor"), "city": r.page("city"), "state": r.page("state"),
         "employer": r.page("employer"), "committee_id": r.page("committee_id"), "committee_name": r.page("committee_name"),
         "committee_url": links.committeeURL(r.text("committee_id")), "amount": r.money("cents"),
         "fec_sub_id": r.page("sub_id"), "image_number": r.page("image_num")]
    }

    private func expenditure(_ r: Row) -> Value {
        ["date": r.page("date"), "committee_id": r.page("committee_id"), "committee_name": r.page("committee_name"),
         "committee_url": links.committeeURL(r.text("committee_id")),
         "is_super_pac": .bool(r.text("type") == "O" || r.text("type") == "U"),
         "position": .string(Vocabulary.supportOppose(r.text("support_oppose"))),
         "candidate": links.candidate(r.text("candidate_id"), name: r.text("candidate_name")),
         "purpose": r.page("purpose"), "amount": r.money("cents"), "transaction_id": r.page("tran_id")]
    }

    func contributionsFeed(_ rows: [Row]) -> [UInt8] {
        AtomFeed(
            title: "\(site.title): newest large contributions", selfURL: site.absolute("/feeds/contributions.xml"),
            siteURL: site.absolute("/"), author: site.title,
            entries: rows.map { r in
                let amount = Format.dollars(cents: r.int("cents") ?? 0)
                let committee = r.text("committee_name") ?? r.string("committee_id")
                let link = links.committeeURL(r.text("committee_id")) == .null ? site.absolute("/") : site.absolute(URLs.committee(r.string("committee_id")))
                return .init(
                    id: "\(site.absolute("/feeds/contributions.xml"))#fec-sub-id-\(r.string("sub_id"))",
                    title: "\(r.string("donor")) gave \(amount) to \(committee)", link: link, date: r.string("date"),
                    summary: "\(r.string("donor")) (\([r.string("city"), r.string("state")].filter { !$0.isEmpty }.joined(separator: ", ")); employer: \(r.text("employer") ?? "not reported")) gave \(amount) to \(committee) on \(r.string("date")). FEC sub_id \(r.string("sub_id")).")
            }
        ).xml()
    }

    func independentExpendituresFeed(_ rows: [Row]) -> [UInt8] {
        AtomFeed(
            title: "\(site.title): newest independent expenditures", selfURL: site.absolute("/feeds/independent-expenditures.xml"),
            siteURL: site.absolute("/"), author: site.title,
            entries: rows.map { r in
                let amount = Format.dollars(cents: r.int("cents") ?? 0)
                let committee = r.text("committee_name") ?? r.string("committee_id")
                let position = r.text("support_oppose") == "S" ? "supporting" : r.text("support_oppose") == "O" ? "opposing" : "about"
                let link = links.committeeURL(r.text("committee_id")) == .null ? site.absolute("/") : site.absolute(URLs.committee(r.string("committee_id")))
                return .init(
                    id: "\(site.absolute("/feeds/independent-expenditures.xml"))#\(Slug.make(r.string("committee_id")))-\(Slug.make(r.string("tran_id")))-\(r.string("source_line"))",
                    title: "\(committee) spent \(amount) \(position) \(r.text("candidate_name") ?? "a candidate")", link: link, date: r.string("date"),
                    summary: "\(committee) spent \(amount) \(position) \(r.text("candidate_name") ?? "a candidate") on \(r.string("date")): \(r.text("purpose") ?? "purpose not stated").")
            }
        ).xml()
    }
}
