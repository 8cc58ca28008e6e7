/// Turns a `Page` into its files: `index.html` from the template and `index.json` from the
/// document. The HTML context is the site, then the document, then view-only values (title,
/// canonical URL, JSON-LD) that the layout needs.
struct PageRenderer {
    let site: SiteContext
    let renderer: Renderer

    func render(_ page: Page) throws -> (html: [UInt8], json: [UInt8]?, feed: [UInt8]?) {
        let view = viewValues(page)
        let html: [UInt8]
        do { html = try renderer.render(page.template, [site.value, page.document, view]) } catch let e as TemplateError {
            throw SiteError.template(e)
        }
        let feed = page.feed.map { items in
            AtomFeed(title: "\(Self.name(page) ?? site.title) — \(site.title)", selfURL: site.absolute(page.url + "feed.xml"),
                     siteURL: site.absolute(page.url), author: site.title,
                     entries: items.map { .init(id: site.absolute(page.url + "feed.xml") + "#" + $0.id, title: $0.title,
                                                link: $0.link.hasPrefix("/") ? site.absolute($0.link) : $0.link, date: $0.date, summary: $0.summary) }).xml()
        }
        guard page.hasJSON else { return (html, nil, feed) }
        var json = Output(capacity: 8192)
        page.document.writeJSON(to: &json)
        json.append(UInt8(ascii: "\n"))
        return (html, json.bytes, feed)
    }

    static func name(_ page: Page) -> String? { page.document["name"].flatMap { if case .string(let s) = $0 { s } else { nil } } }

    func viewValues(_ page: Page) -> Value {
        let name = page.document["name"].flatMap { if case .string(let s) = $0 { s } else { nil } }
        let title = page.document["title"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? name ?? site.title
        var view: Object = [
            "page_title": .string(page.path.isEmpty ? site.title : "\(title) — \(site.title)"),
            "page_description": .string(description(page, title: title)),
            "canonical": .string(site.absolute(page.url)),
            "json_url": page.hasJSON ? .string(page.url + "index.json") : .null,
            "feed_url": page.feed == nil ? .null : .string(page.url + "feed.xml"),
        ]
        if let jsonld = jsonLD(page, name: title) { view["_jsonld"] = .string(String(decoding: jsonld.jsonBytes, as: UTF8.self)) }
        return .object(view)
    }

    private func description(_ page: Page, title: String) -> String {
        if case .string(let d)? = page.document["description"] { return d }
        switch page.template {
        case "committee":
            let kind = page.document["kind_label"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "Committee"
            return "\(title): \(kind) — money raised, top donors, contributions to candidates and independent expenditures, from FEC filings."
        case "politician":
            return "\(title): campaign money from FEC filings — committees, receipts, top donors, PAC contributions and outside spending."
        case "bill":
            let about = page.document["vote_description"].flatMap { if case .string(let s) = $0 { " (\(s))" } else { nil } } ?? ""
            return "\(title)\(about): its roll calls with every member's vote, the lobbying that named it, and members' trades near their votes."
        default:
            return "\(site.title): campaign contributions and outside spending from official FEC data."
        }
    }

    /// schema.org Person for politicians, Organization for committees; serialised with
    /// <, > and & escaped, so source text cannot close the script element.
    private func jsonLD(_ page: Page, name: String) -> Value? {
        let type: String
        switch page.template {
        case "politician": type = "Person"
        case "committee": type = "Organization"
        case "home": type = "WebSite"
        case "bill": type = "Legislation"
        default: return nil
        }
        var o: Object = ["@context": "https://schema.org", "@type": .string(type), "name": .string(name), "url": .string(site.absolute(page.url))]
        if type == "Legislation" {
            if case .string(let id)? = page.document["id"] { o["legislationIdentifier"] = .string(id) }
            if case .string(let url)? = page.document["congress_gov_url"] { o["sameAs"] = .string(url) }
        } else if case .string(let id)? = page.document["id"] {
            o["identifier"] = ["@type": "PropertyValue", "propertyID": type == "Person" ? "FEC candidate id" : "FEC committee id", "value": .string(id)]
        }
        if type == "Person", case .string(let party)? = page.document["party_label"] {
            o["affiliation"] = ["@type": "PoliticalParty", "name": .string(party)]
        }
        if type == "WebSite" {
            o["potentialAction"] = ["@type": "SearchAction", "target": .string(site.absolute("/search/") + "?q={query}"), "query-input": "required name=query"]
        }
        return .object(o)
    }
}

/// What every page sees as `site.*`.
public struct SiteContext: Sendable {
    let title: String
    /// Without a trailing slash: `https://example.org`.
    let baseURL: String
    let cssURL: String
    let jsURL: String
    let cycles: [Int64]
    /// Whether `/datasets/` exists (the export ran), so navigation links it only then.
    var hasDatasets = false
    /// Whether `/bills/` exists (votes or lobbying name bills).
    var hasBills = false
    /// Whether `/trades/` exists (members' trades are loaded).
    var hasTrades = false
    /// The source families this build holds rows of, as readers know them (the footer names them).
    var sources: [String] = []

    public init(title: String, baseURL: String, cssURL: String, jsURL: String, cycles: [Int64]) {
        self.title = title
        self.baseURL = baseURL
        self.cssURL = cssURL
        self.jsURL = jsURL
        self.cycles = cycles
    }

    func absolute(_ path: String) -> String { baseURL + path }

    public var value: Value {
        ["site": ["title": .string(title), "base_url": .string(baseURL), "css_url": .string(cssURL), "js_url": .string(jsURL),
                  "cycles": .list(cycles.map(Value.int)), "has_datasets": .bool(hasDatasets), "has_bills": .bool(hasBills), "has_trades": .bool(hasTrades),
                  "sources": .list(sources.enumerated().map { i, label in
                      ["label": .string(label), "last": .bool(i == sources.count - 1), "first": .bool(i == 0)]
                  })]]
    }
}
