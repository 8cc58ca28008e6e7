/// Politician pages for FEC candidates: one per candidate, a section per cycle, newest first.
struct CandidatePages {
    let queries: PageQueries
    let links: LinkRegistry

    /// Runs the page queries for `ids`; each page's document is built when it is rendered.
    func prepare(ids: [String]) throws -> PageChunk {
        let base = try queries.rows("candidates", ids: ids)
        let sections = Sections(
            committees: try queries.grouped("candidate_committees", ids: ids),
            pacs: try queries.grouped("candidate_top_pacs", ids: ids),
            employers: try queries.grouped("candidate_top_employers", ids: ids),
            occupations: try queries.grouped("candidate_top_occupations", ids: ids),
            independent: try queries.grouped("candidate_independent_expenditures", ids: ids))
        let links = self.links
        let rows = PageChunk.byEntity(base).filter { links.candidateSlugs[$0[0].string("id")] != nil }
        return PageChunk(count: rows.count) { i in Self.page(rows[i], sections: sections, links: links) }
    }

    struct Sections: Sendable {
        let committees, pacs, employers, occupations, independent: [String: [Row]]
    }

    static func page(_ cycles: [Row], sections s: Sections, links: LinkRegistry) -> Page {
        let newest = cycles[0]
        let id = newest.string("id")
        let url = URLs.candidate(links.candidateSlugs[id]!)
        let document: Value = [
            "kind": "politician",
            "id": .string(id),
            "fec_candidate_id": .string(id),
            "name": newest.page("name"),
            "url": .string(url),
            "party_label": .text(Vocabulary.party(newest.text("party"))),
            "office_label": .string(Vocabulary.office(newest.text("office"))),
            "state": newest.page("state"),
            "cycles": .list(cycles.map { row in
                let key = PageQueries.key(id, row.int("cycle") ?? 0)
                return cycle(row, links: links, committees: s.committees[key] ?? [], pacs: s.pacs[key] ?? [],
                             employers: s.employers[key] ?? [], occupations: s.occupations[key] ?? [],
                             independent: s.independent[key] ?? [])
            }),
        ]
        return Page(path: String(url.dropFirst()), template: "politician", document: document)
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
            "itemized_individual": ["total": row.money("itemized_cents"), "count": row.count("itemized_count")],
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
