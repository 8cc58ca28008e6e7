import Core
import Foundation

/// Corporation pages (`/corporations/<id>/`): one company across every source — its names and
/// tickers, lobbying by year, its PACs and their giving to candidates, its employees' giving,
/// insider trades in its shares, and members of Congress trading its stock.
struct CorporationPages {
    let queries: PageQueries
    let links: LinkRegistry

    func prepare(_ list: [Row]) throws -> PageChunk {
        let ids = list.map { $0.string("id") }
        let names = try queries.optionalByID("corporation_names", ids: ids)
        let lobbying = try queries.optionalByID("corporation_lobbying", ids: ids)
        let pacs = try queries.optionalByID("corporation_pacs", ids: ids)
        let employees = try queries.optionalByID("corporation_employees", ids: ids)
        let insiders = try queries.optionalByID("corporation_insider_trades", ids: ids)
        let trades = try queries.optionalByID("corporation_congress_trades", ids: ids)
        let issues = try queries.optionalByID("corporation_issues", ids: ids)
        let tradeMonths = try queries.optionalByID("corporation_trade_months", ids: ids)
        let linked = try links.linked.sections(kind: "corporation", ids: list.map { $0.string("cik") }, engine: queries.engine)
        let links = self.links
        return PageChunk(count: list.count) { i in
            let row = list[i], id = row.string("id")
            let cik = row.string("cik")
            var document: Value = [
                "kind": "corporation",
                "_downloads": .list(links.downloads("corporation", id)),
                "_linked": .list(cik.isEmpty ? [] : linked["corporation:\(LinkedRows.key(cik, kind: "corporation"))"] ?? []),
                "id": .string(id),
                "name": row.page("name"),
                "cik": .text(cik.isEmpty ? nil : cik),
                "sec_url": cik.isEmpty ? .null : .string("https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=\(cik)"),
                "keys": .list(row.strings("corp_keys").map(Value.string)),
                "tickers": .list(row.strings("tickers").map(Value.string)),
                "names": .list((names[id] ?? []).map { ["source": .string(Vocabulary.nameSource($0.string("source"))), "name": $0.page("name")] }),
                "lobbying": .list((lobbying[id] ?? []).map { l in
                    ["year": l.count("year"), "filings": l.count("filings"), "income": l.money("income_cents"),
                     "expenses": l.money("expenses_cents"), "registrants": l.page("registrants")]
                }),
                "lobbying_issues": .list((issues[id] ?? []).map { i in
                    ["issue_code": i.page("issue"), "issue": .string(i.text("issue_name").flatMap { $0.isEmpty ? nil : $0 } ?? i.string("issue")), "activities": i.count("activities"), "bills": i.page("bills"), "lobbyists": i.page("lobbyists"),
                     "_bills": .list(i.string("bills").split(separator: " ").map { key in
                         ["bill": .string(Vocabulary.bill(String(key))), "url": links.billURL(String(key))]
                     })]
                }),
                "pacs": .list((pacs[id] ?? []).map { p in
                    ["cycle": p.count("cycle"), "committee_id": p.page("committee_id"), "committee_name": p.page("committee_name"),
                     "committee_url": links.committeeURL(p.text("committee_id")), "to_candidates": p.money("to_candidates_cents"),
                     "contributions": p.count("contributions")]
                }),
                "employee_giving": .list((employees[id] ?? []).map { e in
                    ["cycle": e.count("cycle"), "total": e.money("cents"), "contributions": e.count("contributions"), "donors": e.count("donors")]
                }),
                "insider_trades": (insiders[id]?.first).map { t -> Value in
                    ["transactions": t.count("transactions"), "purchases": t.count("purchases"), "purchase_value": t.money("purchase_cents"),
                     "sales": t.count("sales"), "sale_value": t.money("sale_cents"), "filers": t.count("filers")]
                } ?? .null,
                "congress_trades": .list((trades[id] ?? []).map { t in
                    let days = t.int("days_to_disclose")
                    return ["transaction_date": t.page("transaction_date"), "ticker": t.page("ticker"),
                            "type_label": .string(Vocabulary.tradeType(t.string("type"))), "amount": t.page("amount"),
                            "member": t.page("member"), "bioguide": t.page("bioguide"), "member_url": links.memberURL(t.text("bioguide")),
                            "ticker_url": t.text("ticker").flatMap { $0.isEmpty ? nil : TradeExplorer.url(["ticker": $0]) }.map(Value.string) ?? .null,
                            "days_to_disclose": days.map(Value.int) ?? .null, "late": .bool((days ?? 0) > 45)]
                }),
                "url": .string(URLs.corporation(id)),
                "explorer_urls": .list(row.strings("tickers").map { ["ticker": .string($0), "url": .string(TradeExplorer.url(["ticker": $0]))] }),
                "_trades_chart": .text(BarChart.monthly(id: "trades-\(Slug.make(id))", title: "Members' disclosed trades in its stock by month",
                                                        counts: Dictionary((tradeMonths[id] ?? []).filter { $0.int("implausible") == 0 }.map { ($0.string("month"), $0.int("trades") ?? 0) }, uniquingKeysWith: +))?.verticalSVG()),
            ]
            document["_glance"] = Glance.value(Self.glance(lobbying: lobbying[id] ?? [], pacs: pacs[id] ?? [], employees: employees[id] ?? [],
                                                           insiders: insiders[id]?.first, tradeMonths: tradeMonths[id] ?? []))
            var page = Page(path: String(URLs.corporation(id).dropFirst()), template: "corporation", document: document)
            page.feed = Feeds.newestFirst((trades[id] ?? []).map { Feeds.trade($0, by: $0.string("member"), fallback: URLs.corporation(id)) })
            return page
        }
    }

    /// Lobbying spend, its PACs' and employees' giving, insider and members' trades: summed over
    /// the years and cycles the page's sections list.
    static func glance(lobbying: [Row], pacs: [Row], employees: [Row], insiders: Row?, tradeMonths: [Row]) -> [Glance.Item] {
        func sum(_ rows: [Row], _ columns: String...) -> Int64 { rows.reduce(0) { t, r in t + columns.reduce(0) { $0 + (r.int($1) ?? 0) } } }
        func span(_ rows: [Row], _ column: String) -> String {
            let values = rows.compactMap { $0.int(column) }
            guard let low = values.min(), let high = values.max() else { return "" }
            return low == high ? " (\(low))" : " (\(low)–\(high))"
        }
        var items: [Glance.Item] = []
        if !lobbying.isEmpty {
            items.append(.init(label: "Lobbying reported\(span(lobbying, "year"))", value: .money(sum(lobbying, "income_cents", "expenses_cents")), url: "#lobbying-h"))
        }
        if !pacs.isEmpty { items.append(.init(label: "Its PACs' contributions to candidates\(span(pacs, "cycle"))", value: .money(sum(pacs, "to_candidates_cents")), url: "#pacs-h")) }
        if !employees.isEmpty { items.append(.init(label: "Its employees' itemized giving\(span(employees, "cycle"))", value: .money(sum(employees, "cents")), url: "#employees-h")) }
        if let insiders, (insiders.int("transactions") ?? 0) > 0 {
            items.append(.init(label: "Insider transactions", value: insiders.count("transactions"), note: "by \(insiders.string("filers")) filers", url: "#insiders-h"))
        }
        let trades = sum(tradeMonths, "trades")
        if trades > 0 { items.append(.init(label: "Members' trades in its stock", value: .int(trades), url: "#congress-h")) }
        return items
    }
}
