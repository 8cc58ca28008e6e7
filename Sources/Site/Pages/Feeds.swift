/// Entries of the per-entity Atom feeds (`feed.xml` beside an entity page): large
/// contributions, trades and votes, each with an id stable across builds.
enum Feeds {
    /// Newest first (ties by id, so identical data gives identical feeds), at most `limit`.
    static func newestFirst(_ items: [FeedItem], limit: Int = 50) -> [FeedItem] {
        Array(items.filter { !$0.date.isEmpty }.sorted { ($0.date, $0.id) > ($1.date, $1.id) }.prefix(limit))
    }

    static func contribution(_ r: Row, to committee: String, link: Value, fallback: String) -> FeedItem {
        let amount = Format.dollars(cents: r.int("cents") ?? 0)
        let employer = r.text("employer").flatMap { $0.isEmpty ? nil : $0 } ?? "not reported"
        return FeedItem(id: "fec-sub-id-\(r.string("sub_id"))", title: "\(r.string("donor")) gave \(amount) to \(committee)",
                        link: { if case .string(let s) = link { s } else { fallback } }(), date: r.string("date"),
                        summary: "\(r.string("donor")) (employer: \(employer)) gave \(amount) to \(committee) on \(r.string("date")). FEC sub_id \(r.string("sub_id")).")
    }

    static func trade(_ t: Row, by who: String, fallback: String) -> FeedItem {
        let days = t.int("days_to_disclose")
        let late = (days ?? 0) > 45 ? ", late under the STOCK Act" : ""
        let ticker = t.text("ticker").flatMap { $0.isEmpty ? nil : $0 } ?? "an asset"
        let link = t.text("link").flatMap { $0.hasPrefix("https://") ? $0 : nil } ?? fallback
        return FeedItem(id: "trade-\(Slug.make(t.string("source")))-\(t.string("source_line"))",
                        title: "\(who): \(Vocabulary.tradeType(t.string("type"))) of \(ticker) (\(t.string("amount")))",
                        link: link, date: t.string("transaction_date"),
                        summary: "\(who) reported a \(Vocabulary.tradeType(t.string("type")).lowercased()) of \(ticker) (\(t.string("amount"))) made on \(t.string("transaction_date"))"
                            + (days.map { ", disclosed \($0) days later\(late)" } ?? "") + ".")
    }
}
