/// Committees of Congress (`/congress/committees/<id>/`): each committee and subcommittee with
/// its jurisdiction, its subcommittees and who sits on it (side, rank, title), every member
/// linked to their page — so "who oversees defense?" has an answer one search away. A few
/// hundred small pages from two small tables: rendered every build, not fingerprinted (an
/// unchanged page is rewritten with the same bytes, which the writer leaves alone).
struct CongressCommitteePages {
    let links: LinkRegistry

    static func url(_ id: String) -> String { "/congress/committees/\(Slug.make(id))/" }

    /// The pages and the search entries. `committees` from congress_committee_list.sql,
    /// `members` from congress_committee_members.sql.
    func build(committees: [Row], members: [Row]) -> (pages: [Page], listings: [Listing]) {
        let seats = Dictionary(grouping: members) { $0.string("id") }
        let children = Dictionary(grouping: committees.filter { !$0.string("parent_id").isEmpty }) { $0.string("parent_id") }
        let chambers = ["house": "House", "senate": "Senate", "joint": "Joint"]
        var pages: [Page] = [], listings: [Listing] = []
        for c in committees where !Slug.make(c.string("id")).isEmpty {
            let id = c.string("id"), parent = c.string("parent_id")
            let chamber = chambers[c.string("type")] ?? c.string("type")
            let document: Value = [
                "kind": "congress_committee",
                "id": .string(id), "name": c.page("name"), "chamber": .string(chamber),
                "parent": parent.isEmpty ? .null : ["id": .string(parent), "name": c.page("parent_name"), "url": .string(Self.url(parent))],
                "jurisdiction": .text(c.text("jurisdiction").flatMap { $0.isEmpty ? nil : $0 }),
                "official_url": .text(c.text("url").flatMap { $0.hasPrefix("https://") || $0.hasPrefix("http://") ? $0 : nil }),
                "subcommittees": .list((children[id] ?? []).map { ["id": $0.page("id"), "name": $0.page("name"), "url": .string(Self.url($0.string("id")))] }),
                "members": .list((seats[id] ?? []).map { m in
                    ["member": m.page("member"), "bioguide": m.page("bioguide"), "url": links.memberURL(m.text("bioguide")),
                     "party": m.page("party"), "state": m.page("state"), "side": m.page("side"), "rank": m.count("rank"),
                     "title": .text(m.text("title").flatMap { $0.isEmpty ? nil : $0 })]
                }),
                "url": .string(Self.url(id)),
            ]
            pages.append(Page(path: String(Self.url(id).dropFirst()), template: "congress-committee", document: document))
            let detail = [chamber + (parent.isEmpty ? " committee" : " subcommittee"), parent.isEmpty ? "" : "of \(c.string("parent_name"))"].filter { !$0.isEmpty }.joined(separator: " ")
            listings.append(Listing(name: c.string("name"), url: Self.url(id), kind: "Committee of Congress",
                                    cells: [chamber, c.string("parent_name"), String(seats[id]?.count ?? 0)],
                                    sortKey: [chamber, parent.isEmpty ? c.string("name") : c.string("parent_name"), parent.isEmpty ? "" : c.string("name")],
                                    searchDetail: detail, keywords: id))
        }
        return (pages, listings)
    }
}
