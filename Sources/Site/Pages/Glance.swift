/// "At a glance": the few figures that matter, in a box at the top of a politician, committee or
/// corporation page, each linking to the section it is taken from, so a reader sees what the
/// page is about before the detail. Only figures the loaded data has are shown.
enum Glance {
    struct Item {
        var label: String
        var value: Value
        var note: String? = nil
        var url: String? = nil
    }

    static func value(_ items: [Item]) -> Value {
        .list(items.map { i in
            ["label": .string(i.label), "value": i.value, "note": .text(i.note), "url": .text(i.url)]
        })
    }

    /// Money raised and spent and cash at the end of the cycle from an FEC summary file, else the
    /// itemized individual contributions: the row's `summary_*_cents` and `itemized_*` columns.
    static func money(_ row: Row, anchor: String) -> [Item] {
        let cycle = row.string("cycle")
        if row.int("summary_receipts_cents") != nil {
            let through = row.text("summary_through").flatMap { $0.isEmpty ? nil : "through \($0)" }
            return [Item(label: "Raised (\(cycle))", value: row.money("summary_receipts_cents"), url: anchor),
                    Item(label: "Spent (\(cycle))", value: row.money("summary_disbursements_cents"), url: anchor),
                    Item(label: "Cash on hand", value: row.money("summary_cash_cents"), note: through, url: anchor)]
        }
        guard (row.int("itemized_count") ?? 0) > 0 else { return [] }
        return [Item(label: "Itemized individual contributions (\(cycle))", value: row.money("itemized_cents"),
                     note: "\(row.string("itemized_count")) contributions", url: anchor)]
    }

    /// Independent expenditures for and against: the totals over every row (the rows themselves
    /// are only the largest 25), `support_total_cents` and `oppose_total_cents` on each.
    static func outsideMoney(_ rows: [Row], cycle: String, anchor: String, made: Bool) -> [Item] {
        let support = rows.first?.int("support_total_cents") ?? 0, oppose = rows.first?.int("oppose_total_cents") ?? 0
        var items: [Item] = []
        let (forLabel, againstLabel) = made ? ("Spent supporting candidates", "Spent opposing candidates") : ("Outside money supporting", "Outside money opposing")
        if support > 0 { items.append(Item(label: "\(forLabel) (\(cycle))", value: .money(support), url: anchor)) }
        if oppose > 0 { items.append(Item(label: "\(againstLabel) (\(cycle))", value: .money(oppose), url: anchor)) }
        return items
    }

    /// Disclosed trades and how many were late.
    static func trades(total: Int64, late: Int64, url: String) -> [Item] {
        guard total > 0 else { return [] }
        return [Item(label: "Stock trades disclosed", value: .int(total), note: late > 0 ? "\(late) disclosed late" : "none late", url: url)]
    }
}
