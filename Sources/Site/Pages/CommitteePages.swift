import Core
/// Who links to whom: a page links another entity only when that entity has a page.
struct LinkRegistry: Sendable {
    var candidateSlugs: [String: String] = [:]
    var committees: Set<String> = []
    var committeeNames: [String: String] = [:]
    /// The reports naming each member of Congress (by bioguide id): title and URL.
    var reportMentions: [String: [Value]] = [:]

    func committeeName(_ id: String) -> String { committeeNames[id] ?? id }

    /// Datasets published at /datasets/, by name.
    var datasetPages: Set<String> = []

    /// Contributed datasets whose rows entity pages show.
    var linked = LinkedRows()

    /// Datasets holding each entity kind's rows (politician, member, candidate, committee, corporation).
    var datasetLinks: [String: [DatasetLink]] = [:]

    struct DatasetLink: Sendable {
        let title, url, parquetURL, csvURL, absoluteParquetURL, column: String
        /// The column holds numbers (Voteview's ICPSR ids): its values are written unquoted.
        let numeric: Bool
    }

    /// The "download these rows" entries of an entity page: each dataset with this entity's
    /// rows, the filter that selects them (one value, or several: a member Voteview gave a new
    /// ICPSR id on changing party) and a query that reads only those.
    func downloads(_ kind: String, _ values: [String]) -> [Value] {
        let values = values.filter { !$0.isEmpty }
        guard !values.isEmpty else { return [] }
        return (datasetLinks[kind] ?? []).map { l in
            let literals = values.map { l.numeric && $0.allSatisfy(\.isNumber) ? $0 : "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }
            let filter = literals.count == 1 ? "\(l.column) = \(literals[0])" : "\(l.column) IN (\(literals.joined(separator: ", ")))"
            return ["title": .string(l.title), "url": .string(l.url), "parquet_url": .string(l.parquetURL), "csv_url": .string(l.csvURL),
                    "filter": .string(filter), "query": .string("SELECT * FROM '\(l.absoluteParquetURL)' WHERE \(filter)")]
        }
    }

    func downloads(_ kind: String, _ value: String?) -> [Value] { downloads(kind, value.map { [$0] } ?? []) }
    /// Corporation pages by company-name key (CorporateName.key), for PACs' connected organizations.
    var corporationsByKey: [String: String] = [:]
    /// Corporation page ids by CIK (as filed, ten digits).
    var corporationsByCIK: [String: String] = [:]
    /// Politician pages of members of Congress, by bioguide id: the page of the newest of the
    /// member's FEC candidacies (congress-legislators' crosswalk) that has one.
    var memberURLs: [String: String] = [:]

    /// Bills with a page (`BillPages.list`), by key.
    var bills: Set<String> = []

    func memberURL(_ bioguide: String?) -> Value {
        guard let bioguide, let url = memberURLs[bioguide] else { return .null }
        return .string(url)
    }

    func billURL(_ key: String?) -> Value {
        guard let key, bills.contains(key) else { return .null }
        return .string(URLs.bill(key))
    }

    func corporationURL(named name: String?) -> Value {
        guard let name, let id = corporationsByKey[CorporateName.key(name)] else { return .null }
        return .string(URLs.corporation(id))
    }

    func candidate(_ id: String?, name: String?) -> Value {
        guard let id, !id.isEmpty else { return .null }
        var o: Object = ["id": .string(id), "name": .text(name)]
        if let slug = candidateSlugs[id] { o["url"] = .string(URLs.candidate(slug)) }
        return .object(o)
    }

    func committeeURL(_ id: String?) -> Value {
        guard let id, committees.contains(id) else { return .null }
        return .string(URLs.committee(id))
    }
}

/// Committee / PAC pages: one per committee, a section per cycle, newest cycle first.
struct CommitteePages {
    let queries: PageQueries
    let links: LinkRegistry

    /// Runs the page queries for `ids`; each page's document is built when it is rendered.
    func prepare(ids: [String]) throws -> PageChunk {
        let base = try queries.rows("committees", ids: ids)
        let sections = Sections(
            donors: try queries.grouped("committee_top_donors", ids: ids),
            organizations: try queries.grouped("committee_top_organizations", ids: ids),
            contributions: try queries.grouped("committee_candidate_contributions", ids: ids),
            independent: try queries.grouped("committee_independent_expenditures", ids: ids),
            operating: try queries.grouped("committee_operating_expenditures", ids: ids),
            months: try queries.grouped("committee_receipts_by_month", ids: ids),
            newest: try queries.optionalByID("committee_newest_contributions", ids: ids),
            linked: try links.linked.sections(kind: "committee", ids: ids, engine: queries.engine))
        let rows = PageChunk.byEntity(base)
        let links = self.links
        return PageChunk(count: rows.count) { i in Self.page(rows[i], sections: sections, links: links) }
    }

    struct Sections: Sendable {
        let donors, organizations, contributions, independent, operating, months: [String: [Row]]
        /// Newest large contributions: the committee's feed.
        let newest: [String: [Row]]
        /// Contributed datasets' rows by "committee:<id>".
        let linked: [String: [Value]]
    }

    /// `cycles`: the committee's rows, newest cycle first.
    static func page(_ cycles: [Row], sections s: Sections, links: LinkRegistry) -> Page {
        let newest = cycles[0]
        let id = newest.string("id")
        let url = URLs.committee(id)
        var document: Value = [
            "kind": "committee",
            "_downloads": .list(links.downloads("committee", id)),
            "_linked": .list(s.linked["committee:\(id)"] ?? []),
            "id": .string(id),
            "name": newest.page("name"),
            "url": .string(url),
            "kind_label": .string(Vocabulary.committeeKind(type: newest.text("type"), designation: newest.text("designation"))),
            "cycles": .list(cycles.map { row in
                let key = PageQueries.key(id, row.int("cycle") ?? 0)
                return cycle(row, links: links, donors: s.donors[key] ?? [], organizations: s.organizations[key] ?? [],
                             contributions: s.contributions[key] ?? [], independent: s.independent[key] ?? [],
                             operating: s.operating[key] ?? [], months: s.months[key] ?? [])
            }),
        ]
        let newestCycle = newest.string("cycle")
        document["_glance"] = Glance.value(Glance.money(newest, anchor: "#cycle-\(newestCycle)")
            + Glance.outsideMoney(s.independent[PageQueries.key(id, newest.int("cycle") ?? 0)] ?? [], cycle: newestCycle, anchor: "#cycle-\(newestCycle)", made: true))
        var page = Page(path: String(url.dropFirst()), template: "committee", document: document)
        let name = newest.text("name") ?? id
        page.feed = Feeds.newestFirst((s.newest[id] ?? []).map { Feeds.contribution($0, to: name, link: .string(url), fallback: url) })
        return page
    }

    private static func cycle(_ row: Row, links: LinkRegistry, donors: [Row], organizations: [Row], contributions: [Row],
                              independent: [Row], operating: [Row], months: [Row]) -> Value {
        let type = row.text("type"), designation = row.text("designation")
        let chartID = "c\(row.int("cycle") ?? 0)"
        var summary: Value = .null
        if row.int("summary_receipts_cents") != nil {
            summary = [
                "receipts": row.money("summary_receipts_cents"),
                "disbursements": row.money("summary_disbursements_cents"),
                "individual_contributions": row.money("summary_individual_cents"),
                "cash_on_hand": row.money("summary_cash_cents"),
                "through": row.page("summary_through"),
                "source": "FEC PAC and party summary file (webk)",
            ]
        }
        let support = independent.filter { $0.text("support_oppose") == "S" }
        let oppose = independent.filter { $0.text("support_oppose") != "S" }
        var o: Object = [
            "cycle": row.count("cycle"),
            "name": row.page("name"),
            "type": .text(type),
            "type_label": .string(Vocabulary.committeeType(type)),
            "kind_label": .string(Vocabulary.committeeKind(type: type, designation: designation)),
            "is_super_pac": .bool(type == "O" || type == "U"),
            "designation": .text(designation),
            "designation_label": .text(Vocabulary.designation(designation)),
            "party": row.page("party"),
            "party_label": .text(Vocabulary.party(row.text("party"))),
            "treasurer": row.page("treasurer"),
            "city": row.page("city"),
            "state": row.page("state"),
            "organization_type": .text(Vocabulary.organizationType(row.text("org_type"))),
            "connected_organization": row.page("connected_org"),
            "connected_organization_url": links.corporationURL(named: row.text("connected_org")),
            "candidate": links.candidate(row.text("candidate_id"), name: row.text("candidate_name")),
            "summary": summary,
            "itemized_individual": ["total": row.money("itemized_cents"), "count": row.count("itemized_count"),
                                    "outside_cycle": ItemizedContributions.outsideCycle(row)],
            "top_donors": .list(donors.enumerated().map { i, d in
                ["rank": .int(Int64(i + 1)), "name": .string(Vocabulary.personName(d.string("name"))), "name_filed": d.page("name"), "zip5": d.page("zip5"), "city": d.page("city"), "state": d.page("state"),
                 "employer": d.page("employer"), "occupation": d.page("occupation"), "total": d.money("cents"), "count": d.count("contributions")]
            }),
            "top_organizations": .list(organizations.map { d in
                ["name": d.page("name"), "entity_type": d.page("entity_type"), "total": d.money("cents"), "count": d.count("contributions")]
            }),
            "candidate_contributions": .list(contributions.map { c in
                ["candidate": links.candidate(c.text("candidate_id"), name: c.text("candidate_name")),
                 "party_label": .text(Vocabulary.party(c.text("party"))), "total": c.money("cents"), "count": c.count("contributions")]
            }),
            "independent_expenditures": IndependentExpenditures.groups(support: support.map { expenditure($0, links) }, oppose: oppose.map { expenditure($0, links) }),
            "operating_expenditures": .list(operating.map { c in
                ["category": c.page("category"), "total": c.money("cents"), "count": c.count("expenditures")]
            }),
            "receipts_by_month": .list(months.map { m in ["month": m.page("month"), "total": m.money("cents")] }),
            "source": ["file": row.page("source_file"), "line": row.count("source_line")],
        ]
        o["_donors_chart"] = .string(BarChart(
            id: "\(chartID)-donors", title: "Top individual donors, \(row.int("cycle") ?? 0)",
            bars: donors.map { .init(label: Vocabulary.personName($0.string("name")), cents: $0.int("cents") ?? 0) }).horizontalSVG())
        o["_months_chart"] = .string(BarChart(
            id: "\(chartID)-months", title: "Itemized individual contributions by month, \(row.int("cycle") ?? 0)",
            bars: months.map { .init(label: String($0.string("month").suffix(5)), cents: $0.int("cents") ?? 0) }).verticalSVG())
        return .object(o)
    }

    private static func expenditure(_ e: Row, _ links: LinkRegistry) -> Value {
        ["candidate": links.candidate(e.text("candidate_id"), name: e.text("candidate_name")),
         "support_oppose": .string(Vocabulary.supportOppose(e.text("support_oppose"))),
         "total": e.money("cents"), "count": e.count("expenditures")]
    }
}

/// Itemized contributions dated outside their cycle: kept as filed and counted in the totals,
/// and shown apart so a reader can weigh them (null when there are none).
enum ItemizedContributions {
    static func outsideCycle(_ row: Row) -> Value {
        guard let count = row.int("itemized_outside_cycle_count"), count > 0 else { return .null }
        return ["total": row.money("itemized_outside_cycle_cents"), "count": .int(count)]
    }
}

/// Independent expenditures split by position; only positions with spending are listed.
enum IndependentExpenditures {
    static func groups(support: [Value], oppose: [Value]) -> Value {
        var groups: [Value] = []
        if !support.isEmpty { groups.append(["position": "support", "label": "supporting", "rows": .list(support)]) }
        if !oppose.isEmpty { groups.append(["position": "oppose", "label": "opposing", "rows": .list(oppose)]) }
        return .list(groups)
    }
}

/// Entity pages whose query results are in memory; `page(i)` builds page i's document, on
/// whichever render thread renders it.
struct PageChunk: Sendable {
    let count: Int
    let page: @Sendable (Int) -> Page

    /// Query rows grouped per entity, in query order (rows of one entity are adjacent).
    static func byEntity(_ rows: [Row]) -> [[Row]] {
        var groups: [[Row]] = []
        var last: String?
        for row in rows {
            let id = row.string("id")
            if id == last { groups[groups.count - 1].append(row) } else { groups.append([row]) }
            last = id
        }
        return groups
    }
}
