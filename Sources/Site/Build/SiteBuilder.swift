import Core
import Export
import Foundation
import Logging
import Warehouse

public struct SiteBuildOptions: Sendable {
    public var templates: URL
    public var content: URL
    public var output: URL
    public var title: String
    /// Absolute site URL; a trailing slash is ignored.
    public var baseURL: String
    public var writer = SiteWriter.Options()
    /// Entities whose page data is queried and held at once: memory grows with this, not the
    /// site. 8,000 rather than 2,000: each query has a fixed cost (planning, the small joined
    /// tables), and on the real-sample site a no-write render took 9.2 s instead of 11.2.
    public var chunkSize = 8_000
    /// Itemized contributions behind a chunk's pages, at most (a committee with more is a chunk
    /// of its own): the page queries aggregate each chunk's contributions at once, so their
    /// memory follows this, not the skew of the data. At cycle scale the first 8,000
    /// committees held 8.5 M of 10 M rows (one receives a seventh of all): 1.3 GB for the top
    /// donors' aggregation alone.
    public var chunkContributions = 2_000_000
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    public var listPageSize = 100
    public var feedEntries = 50
    /// The export directory (`exports.json` and the files) behind `/datasets/`; none → no datasets.
    public var datasets: URL?
    /// Where the list of files this build wrote is kept for the next one (`SiteFiles`); with
    /// none, every build empties the output folder and writes every file.
    public var filesState: URL?
    /// The build's own figures for `/status/` and its quarantine pages; none → no status pages.
    public var status: BuildStatus?
    /// Where the fingerprints of the entity pages this build wrote are kept for the next one
    /// (`PageState`, `PageFingerprints`): an entity page whose fingerprint did not change is not
    /// queried or rendered. None → every entity page is (and no fingerprint is computed).
    public var pageState: URL?
    /// A digest of what pages are made from that the warehouse does not hold and the builder
    /// cannot see (the templates, content and page SQL folders, the program): part of the context
    /// a fingerprint is valid in.
    public var pageContext = ""
    /// Query and render every entity page even where its fingerprint did not change (a forced build).
    public var renderEveryPage = false
    /// The trades-near-votes report's window in days, which bill pages state (none: not stated).
    public var tradeVoteWindowDays: String?

    public init(templates: URL, content: URL, output: URL, title: String, baseURL: String) {
        self.templates = templates
        self.content = content
        self.output = output
        self.title = title
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }
}

public struct SiteBuildReport: Sendable, CustomStringConvertible {
    public var politicianPages = 0
    public var committeePages = 0
    public var corporationPages = 0
    public var billPages = 0
    public var otherPages = 0
    /// Entity pages left as the last build wrote them (fingerprint unchanged): not queried, not
    /// rendered. Counted in the kinds' pages above too.
    public var keptPages = 0
    /// Files written (new or changed), left as they were (same bytes as the last build), and
    /// removed (written last time, not this time).
    public var files = 0
    public var unchanged = 0
    public var removed = 0
    public var bytes = 0
    public var seconds = 0.0

    public var description: String {
        "site: \(politicianPages) politician pages, \(committeePages) committee pages, \(corporationPages) corporation pages, \(billPages) bill pages, \(otherPages) other pages "
            + "(\(keptPages) entity pages unchanged, not queried); "
            + "\(files) files written (\(bytes) bytes), \(unchanged) unchanged, \(removed) removed in \(String(format: "%.2f", seconds)) s"
    }
}

/// Renders the whole site from the warehouse into `output`, in place: a file whose bytes are
/// what the last build wrote is left alone (contents and mtime), files the last build wrote
/// and this one does not are removed, and `manifest.json` is written last. The output is
/// byte-identical to a build into an empty folder. Publishing reads the manifest, so a reader
/// of the published site never sees half a build.
public struct SiteBuilder {
    let options: SiteBuildOptions
    let queries: PageQueries
    let log = Logger(label: "spotlight.site")

    public init(options: SiteBuildOptions, engine: any WarehouseEngine, library: SQLLibrary) {
        self.options = options
        self.queries = PageQueries(engine: engine, library: library)
    }

    public func build() throws -> SiteBuildReport {
        let started = Date()
        var report = SiteBuildReport()
        let templates: TemplateSet
        do { templates = try TemplateSet(directory: options.templates) } catch let e as TemplateError { throw SiteError.template(e) }
        let content: [ContentPage]
        do { content = try ContentPage.loadAll(options.content) } catch { throw SiteError.content("\(error)") }

        let output = options.output.standardizedFileURL
        let previous = options.filesState.flatMap { SiteFiles.take($0, output: output, options: options.writer) }
        if previous == nil { try? FileManager.default.removeItem(at: output) }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let writer = SiteWriter(root: output, options: options.writer, previous: previous ?? [])

        var site = SiteContext(
            title: options.title, baseURL: options.baseURL,
            cssURL: try writeAsset("site.css", writer), jsURL: try writeAsset("site.js", writer),
            cycles: try queries.rows("cycles").compactMap { $0.int("cycle") })
        let datasets = try options.datasets.flatMap { dir in try ExportManifest.read(from: dir).map { DatasetPages(manifest: $0, directory: dir, site: site) } }
        site.hasDatasets = datasets != nil
        let families = try SourceFamilies.present(queries.engine, sql: queries.library)
        // The footer says "official public records": contributed datasets are named on About.
        site.sources = families.filter { $0.name != SourceFamilies.contributed.name }.map { family in
            let phrase = family.label.prefix(1).lowercased() + family.label.dropFirst()
            return family.name == "fec" && !site.cycles.isEmpty ? "\(phrase) (FEC, cycles \(site.cycles.map(String.init).joined(separator: ", ")))" : phrase
        }

        // Who has a page, so every link points at one that exists.
        let candidates = try queries.rows("candidate_list")
        let committees = try queries.rows("committee_list")
        var links = LinkRegistry()
        for c in candidates where !Slug.make(c.string("id")).isEmpty {
            links.candidateSlugs[c.string("id")] = Slug.candidate(name: c.text("name"), id: c.string("id"))
        }
        for c in committees where !Slug.make(c.string("id")).isEmpty {
            links.committees.insert(c.string("id"))
            links.committeeNames[c.string("id")] = c.string("name")
        }
        let reportPages = ReportPages(engine: queries.engine, library: queries.library, content: options.content.appendingPathComponent("reports"))
        links.reportMentions = try reportPages.mentions()
        for (kind, found) in Dictionary(grouping: datasets?.downloads(for: ["politician", "member", "icpsr", "candidate", "committee", "corporation"]) ?? [], by: { $0.dataset.entity!.kind }) {
            links.datasetLinks[kind] = found.map { d, column in
                let parquet = d.files.first { $0.format == "parquet" }?.name ?? "", csv = d.files.first { $0.format == "csv" }?.name ?? ""
                return .init(title: d.title, url: DatasetPages.url(d.name), parquetURL: "/datasets/\(parquet)", csvURL: "/datasets/\(csv)",
                             absoluteParquetURL: site.absolute("/datasets/\(parquet)"), column: column,
                             numeric: ["integer", "number"].contains(d.columns.first { $0.name == column }?.type ?? ""))
            }
        }
        links.datasetPages = Set(datasets?.manifest.datasets.map(\.name) ?? [])
        links.linked = try LinkedRows.load(datasets: options.content.appendingPathComponent("datasets"), engine: queries.engine)
        let corporations = try queries.optionalRows("corporation_list")
        for c in corporations {
            for key in c.strings("corp_keys") { links.corporationsByKey[key] = c.string("id") }
            if let cik = c.text("cik"), !cik.isEmpty { links.corporationsByCIK[cik] = c.string("id") }
        }
        let bills = try BillPages.list(queries)
        links.bills = Set(bills.map(\.id))
        site.hasBills = !bills.isEmpty
        let homeTrades = try queries.optionalRows("home_trades").first
        site.hasTrades = (homeTrades?.int("trades") ?? 0) > 0
        var bioguidesByCandidate: [String: [String]] = [:]
        for m in try queries.optionalRows("member_candidates") {
            for id in m.strings("candidate_ids") { bioguidesByCandidate[id, default: []].append(m.string("bioguide")) }
            if let id = m.strings("candidate_ids").first(where: { links.candidateSlugs[$0] != nil }) {
                links.memberURLs[m.string("bioguide")] = URLs.candidate(links.candidateSlugs[id]!)
            }
        }

        // Entity pages whose rows did not change since the last build keep their files.
        var pageURLs: [String] = []
        let fingerprinting = options.pageState != nil
        let context = PageFingerprints.context(options.pageContext, site: site, writer: options.writer, links: links)
        let previousPages = options.pageState.map { PageState.take($0, context: context) } ?? [:]
        var fingerprints: [String: String] = [:]  // page path → fingerprint, for the next build
        let reuse = !options.renderEveryPage
        /// Records the page's fingerprint; true (the page counted and its files kept) when the
        /// last build wrote it from the same rows.
        func unchanged(_ url: String, _ fingerprint: String?) -> Bool {
            guard let fingerprint else { return false }
            let path = String(url.dropFirst())
            fingerprints[path] = fingerprint
            guard reuse, previousPages[path] == fingerprint, writer.keepPage(String(path.dropLast())) else { return false }
            pageURLs.append(url)
            report.keptPages += 1
            return true
        }
        let fingerprinter = fingerprinting ? try PageFingerprints(queries: self.queries) : nil
        var committeePrints = try fingerprinter?.committees(links: links) ?? .init()
        var candidatePrints = try fingerprinter?.candidates(committees: committeePrints, mentions: PageFingerprints.mentions(links)) ?? [:]
        let memberLinks = PageFingerprints.memberLinks(links)
        var corporationPrints = try fingerprinter?.corporations(memberLinks: memberLinks) ?? [:]
        // A page showing contributed datasets' rows changes with its entity's rows (LinkedRows).
        let linked = try links.linked.digests(queries.engine)
        if !linked.isEmpty {
            for (id, print) in candidatePrints {
                let members = (bioguidesByCandidate[id] ?? []).map { linked["member"]?[$0] ?? "" }
                candidatePrints[id] = PageFingerprints.combine([print] + members + [linked["candidate"]?[id] ?? ""])
            }
            for (id, print) in committeePrints.pages { committeePrints.pages[id] = PageFingerprints.combine([print, linked["committee"]?[id] ?? ""]) }
            for c in corporations {
                let id = c.string("id")
                guard let print = corporationPrints[id] else { continue }
                corporationPrints[id] = PageFingerprints.combine([print, linked["corporation"]?[LinkedRows.key(c.string("cik"), kind: "corporation")] ?? ""])
            }
        }

        let render = { (pages: [Page]) throws in
            try Self.render(pages, site: site, templates: templates, writer: writer, workers: options.workers)
            pageURLs += pages.map(\.url)
        }
        // Entity pages chunk by chunk: queries for a chunk, then documents built and rendered in
        // parallel; only one chunk's query results are held at a time.
        let renderChunk = { (chunk: PageChunk) throws in
            let urls = URLCollector()
            try Self.render(count: chunk.count, site: site, templates: templates, writer: writer, workers: options.workers) { i in
                let page = chunk.page(i)
                urls.add(page.url)
                return page
            }
            pageURLs += urls.urls
        }

        // Every chunk of every entity kind, as work that queries its rows. The next chunk is
        // queried on a second thread while the render threads build this one's pages, so the
        // warehouse and the renderer run at once and neither waits for the other.
        let committeeIDs = committees.map { $0.string("id") }.filter(links.committees.contains)
            .filter { !unchanged(URLs.committee($0), committeePrints.pages[$0]) }
        report.committeePages = report.keptPages
        let candidateIDs = candidates.map { $0.string("id") }.filter { links.candidateSlugs[$0] != nil }
            .filter { !unchanged(URLs.candidate(links.candidateSlugs[$0]!), candidatePrints[$0]) }
        report.politicianPages = report.keptPages - report.committeePages
        let changedCorporations = corporations.filter { !unchanged(URLs.corporation($0.string("id")), corporationPrints[$0.string("id")]) }
        report.corporationPages = report.keptPages - report.committeePages - report.politicianPages
        let billPrint = try fingerprinter?.bills(memberLinks: memberLinks)
        let changedBills = bills.map(\.id).filter { id in !unchanged(URLs.bill(id), billPrint.map { PageFingerprints.combine([id, $0]) }) }
        report.billPages = report.keptPages - report.committeePages - report.politicianPages - report.corporationPages
        // Each chunk with the report count its pages add to.
        var chunks: [(count: WritableKeyPath<SiteBuildReport, Int>, prepare: @Sendable () throws -> PageChunk)] = []
        let (queries, size, frozenLinks) = (self.queries, options.chunkSize, links)
        func contributions(_ rows: [Row]) -> [String: Int] {
            Dictionary(rows.map { ($0.string("id"), Int($0.int("contributions") ?? 0)) }, uniquingKeysWith: { a, _ in a })
        }
        let (committeeRows, candidateRows) = (contributions(committees), contributions(candidates))
        for ids in committeeIDs.chunked(size, weight: { committeeRows[$0] ?? 0 }, maxWeight: options.chunkContributions) {
            chunks.append((\.committeePages, { try CommitteePages(queries: queries, links: frozenLinks).prepare(ids: ids) }))
        }
        for ids in candidateIDs.chunked(size, weight: { candidateRows[$0] ?? 0 }, maxWeight: options.chunkContributions) {
            chunks.append((\.politicianPages, { try CandidatePages(queries: queries, links: frozenLinks).prepare(ids: ids) }))
        }
        for rows in changedCorporations.chunked(size) {
            chunks.append((\.corporationPages, { try CorporationPages(queries: queries, links: frozenLinks).prepare(rows) }))
        }
        let window = options.tradeVoteWindowDays
        let billsByKey = Dictionary(bills.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for ids in changedBills.chunked(size) {
            chunks.append((\.billPages, { try BillPages(queries: queries, links: frozenLinks, tradeWindowDays: window, listings: billsByKey).prepare(ids: ids) }))
        }
        var next = chunks.first.map { Prefetch($0.prepare) }
        for i in chunks.indices {
            let chunk = try next!.value()
            next = i + 1 < chunks.count ? Prefetch(chunks[i + 1].prepare) : nil
            try renderChunk(chunk)
            report[keyPath: chunks[i].count] += chunk.count
        }
        log.info("entity pages rendered", metadata: ["committees": "\(report.committeePages)", "politicians": "\(report.politicianPages)",
                                                      "corporations": "\(report.corporationPages)", "bills": "\(report.billPages)"])

        // Lists and search.
        var search = SearchIndex()
        var politicianListings: [Listing] = []
        for c in candidates {
            guard let slug = links.candidateSlugs[c.string("id")] else { continue }
            let office = Vocabulary.office(c.text("office")), party = Vocabulary.party(c.text("party")) ?? ""
            let listing = Listing(name: Vocabulary.personName(c.string("name")), url: URLs.candidate(slug), kind: "Politician",
                                  cells: [office, c.string("state"), party],
                                  sortKey: [office, c.string("state"), party, c.string("name")],
                                  searchDetail: [office, c.string("state"), party].filter { !$0.isEmpty }.joined(separator: ", "),
                                  keywords: c.string("id"))
            politicianListings.append(listing)
        }
        var committeeListings: [Listing] = []
        for c in committees where links.committees.contains(c.string("id")) {
            let kind = Vocabulary.committeeKind(type: c.text("type"), designation: c.text("designation"))
            let candidate = Vocabulary.personName(c.string("candidate"))
            let listing = Listing(name: c.string("name"), url: URLs.committee(c.string("id")), kind: kind,
                                  cells: [kind, Vocabulary.committeeType(c.text("type")), c.string("state"), candidate],
                                  sortKey: [kind, c.string("name")],
                                  searchDetail: ([Vocabulary.committeeType(c.text("type")), c.string("state")]
                                      + (candidate.isEmpty ? [] : ["candidate \(candidate)"])).filter { !$0.isEmpty }.joined(separator: ", "),
                                  keywords: c.string("id"))
            committeeListings.append(listing)
        }
        let corporationListings = corporations.map { c -> Listing in
            let tickers = c.strings("tickers").joined(separator: ", ")
            return Listing(name: c.string("name"), url: URLs.corporation(c.string("id")), kind: "Corporation",
                           cells: [tickers, c.string("cik")], sortKey: [c.string("name")],
                           searchDetail: ["Corporation", tickers].filter { !$0.isEmpty }.joined(separator: ", "),
                           keywords: [tickers, c.string("cik")].joined(separator: " "))
        }
        let billListings = bills.map { b -> Listing in
            let votes = b.rollcalls == 0 ? "" : b.rollcalls == 1 ? "1 roll call" : "\(b.rollcalls) roll calls"
            let lobbying = b.lobbyingClients == 0 ? "" : b.lobbyingClients == 1 ? "1 lobbying client" : "\(b.lobbyingClients) lobbying clients"
            return Listing(name: Vocabulary.bill(b.id), url: URLs.bill(b.id), kind: "Bill",
                           cells: [b.description, b.lastVote, votes, lobbying], sortKey: [Self.newestFirst(b.lastVote), b.id],
                           searchDetail: ["Bill", b.description.count > 80 ? String(b.description.prefix(79)) + "…" : b.description].filter { !$0.isEmpty }.joined(separator: ", "),
                           keywords: b.id)
        }
        // Lobbyists have no page of their own: each leads to the page of a client they lobbied for.
        for l in try queries.optionalRows("lobbyist_list") {
            guard case .string(let url) = links.corporationURL(named: l.text("client")) else { continue }
            let filed = l.string("name")
            let name = filed.contains(where: \.isLowercase) ? filed : filed.split(separator: " ").map { Vocabulary.readingCase(String($0)) }.joined(separator: " ")
            search.add(.init(name: name, url: url, kind: "Lobbyist", detail: "for \(l.string("client"))", keywords: ""))
        }
        for l in politicianListings + committeeListings + corporationListings + billListings {
            search.add(.init(name: l.name, url: l.url, kind: l.kind, detail: l.searchDetail, keywords: l.keywords))
        }
        var otherPages = ListPages.pages(
            base: "/politicians/", title: "Politicians", description: "Every candidate in the FEC files, by office, state and party.",
            columns: [("Name", false), ("Office", false), ("State", false), ("Party", false)], listings: politicianListings,
            pageSize: options.listPageSize)
        otherPages += ListPages.pages(
            base: "/pacs/", title: "Committees and PACs", description: "Every committee in the FEC files, by kind: super PACs, hybrid PACs, leadership PACs, parties, campaigns and PACs.",
            columns: [("Name", false), ("Kind", false), ("Type", false), ("State", false), ("Candidate", false)], listings: committeeListings,
            pageSize: options.listPageSize)

        otherPages += ListPages.pages(
            base: "/corporations/", title: "Corporations",
            description: "Every company that lobbies, sponsors a PAC or files insider trades, joined across sources by name and CIK.",
            columns: [("Name", false), ("Tickers", false), ("CIK", false)], listings: corporationListings, pageSize: options.listPageSize)
        if !billListings.isEmpty {
            otherPages += ListPages.pages(
                base: "/bills/", title: "Bills",
                description: "Every bill a roll call or a lobbying report names, newest vote first.",
                columns: [("Bill", false), ("Description", false), ("Latest vote", false), ("Roll calls", false), ("Lobbying", false)],
                listings: billListings, pageSize: options.listPageSize)
        }

        // Committees of Congress and who sits on them.
        let congressCommittees = CongressCommitteePages(links: links)
            .build(committees: try queries.optionalRows("congress_committee_list"), members: try queries.optionalRows("congress_committee_members"))
        otherPages += congressCommittees.pages
        if !congressCommittees.listings.isEmpty {
            otherPages += ListPages.pages(
                base: "/congress/committees/", title: "Committees of Congress",
                description: "Every committee and subcommittee of the House and Senate, with who sits on it.",
                columns: [("Committee", false), ("Chamber", false), ("Part of", false), ("Members", true)],
                listings: congressCommittees.listings, pageSize: options.listPageSize)
        }
        for l in congressCommittees.listings { search.add(.init(name: l.name, url: l.url, kind: l.kind, detail: l.searchDetail, keywords: l.keywords)) }

        // The trade explorer: paged tables, and the JSON its script filters.
        var companiesByTicker: [String: (name: String, url: String)] = [:]
        for c in corporations { for t in c.strings("tickers") where companiesByTicker[t] == nil { companiesByTicker[t] = (c.string("name"), URLs.corporation(c.string("id"))) } }
        let explorer = TradeExplorer(links: links, companies: companiesByTicker, explorerJS: try writeAsset("explorer.js", writer))
            .build(try queries.optionalRows("trades_explorer"))
        otherPages += explorer.pages

        // Home, feeds, content pages.
        let newest = try queries.rows("newest_contributions", limit: options.feedEntries)
        let newestIE = try queries.rows("newest_independent_expenditures", limit: options.feedEntries)
        let home = HomePage(site: site, links: links)
        otherPages.append(try home.page(
            totals: queries.rows("totals").first, newest: newest, newestIE: newestIE,
            trades: homeTrades, newestTrades: queries.optionalRows("home_newest_trades", limit: HomePage.homeTrades),
            lobbying: queries.optionalRows("home_lobbying").first, votes: queries.optionalRows("home_votes").first,
            intro: content.first { $0.slug == "index" }))
        let snapshots = try queries.optionalRows("status_sources")
        for page in content where page.slug != "index" {
            var document: Object = [
                "kind": "content", "title": .string(page.title), "description": .string(page.description),
                "markdown": .string(page.markdown), "_body_html": .string(Markdown.html(page.markdown)),
            ]
            // The About page lists the sources this build holds and the lake sources of each.
            if page.slug == "about", !families.isEmpty {
                document["sources"] = SourceFamilies.aboutList(families, loaded: snapshots)
                document["has_sources"] = true
            }
            otherPages.append(Page(path: Slug.make(page.slug) + "/", template: page.template, document: .object(document)))
        }
        let reports = try reportPages.build(links: links)
        otherPages += reports.pages
        if let datasets { otherPages += datasets.pages() }
        // Reports and datasets are found like the entities: by their titles and names.
        for r in reports.listings { search.add(.init(name: r.title, url: r.url, kind: "Report", detail: r.description.count > 80 ? String(r.description.prefix(79)) + "…" : r.description)) }
        for d in datasets?.manifest.datasets ?? [] {
            search.add(.init(name: d.title, url: DatasetPages.url(d.name), kind: "Dataset", detail: d.family, keywords: d.name))
        }
        otherPages.append(Page(path: "search/", template: "search", document: ["title": "Search"], hasJSON: false))
        try render(otherPages)
        report.otherPages = otherPages.count + 1
        let notFound = try PageRenderer(site: site, renderer: Renderer(templates))
            .render(Page(path: "", template: "404", document: ["title": "Page not found"], hasJSON: false))
        try writer.write("404.html", notFound.html)

        // The JSON Schemas of the twins, published beside them for researchers' tools.
        let schemaDir = options.templates.appendingPathComponent("schemas")
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: schemaDir.path)) ?? []).sorted() where name.hasSuffix(".schema.json") {
            guard let data = FileManager.default.contents(atPath: schemaDir.appendingPathComponent(name).path) else { continue }
            try writer.write("schemas/\(name)", [UInt8](data))
        }
        if let datasets {
            try datasets.publishFiles(writer)
            try writer.write("datasets/datapackage.json", datasets.datapackage())
        }
        // Compressed on every core: the search shards alone are 0.6 s of one.
        var files = reports.downloads + explorer.files
        files += search.shards().map { (path: "search/\($0.key).json", bytes: $0.json) }
        files.append(("feeds/contributions.xml", home.contributionsFeed(newest)))
        files.append(("feeds/independent-expenditures.xml", home.independentExpendituresFeed(newestIE)))
        let listed = pageURLs.filter { $0 != "/search/" }.sorted().map(site.absolute)
        files += Sitemap.files(urls: listed, baseURL: site.baseURL).map { (path: $0.0, bytes: $0.1) }
        try Self.write(files, writer: writer, workers: options.workers)
        try writer.write("robots.txt", Array("User-agent: *\nAllow: /\nSitemap: \(site.absolute("/sitemap.xml"))\n".utf8))

        // Last before the manifest, so its file counts cover the whole site but itself.
        if let status = options.status {
            let pages = try StatusPages(queries: queries, status: status)
                .pages(filesWritten: writer.filesWritten, filesUnchanged: writer.filesUnchanged, bytesWritten: writer.bytesWritten)
            try Self.render(pages, site: site, templates: templates, writer: writer, workers: options.workers)
            report.otherPages += pages.count
        }
        if options.writer.manifest { try writer.writeManifest() }
        try writer.removeStale()
        if let state = options.filesState { try SiteFiles.write(writer.manifest, to: state, output: output, options: options.writer) }
        if let state = options.pageState { try PageState.write(fingerprints, context: context, to: state) }
        report.files = writer.filesWritten
        report.unchanged = writer.filesUnchanged
        report.removed = writer.filesRemoved
        report.bytes = writer.bytesWritten
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Renders pages on `workers` threads, each with its own renderer (renderers cache and
    /// are not shared). The first error stops the build.
    public static func render(_ pages: [Page], site: SiteContext, templates: TemplateSet, writer: SiteWriter, workers: Int) throws {
        try render(count: pages.count, site: site, templates: templates, writer: writer, workers: workers) { pages[$0] }
    }

    /// Renders pages 0..<count, building page `i` with `page(i)` on the worker that renders it,
    /// so building documents runs in parallel too.
    public static func render(count: Int, site: SiteContext, templates: TemplateSet, writer: SiteWriter, workers: Int,
                              page: @Sendable (Int) throws -> Page) throws {
        let failure = FirstError()
        let workers = max(1, min(workers, count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let renderer = PageRenderer(site: site, renderer: Renderer(templates))
            var i = w
            while i < count, !failure.isSet {
                do {
                    let page = try page(i)
                    let files = try renderer.render(page)
                    var outputs = [(name: "index.html", bytes: files.html)]
                    if let json = files.json { outputs.append((name: "index.json", bytes: json)) }
                    if let feed = files.feed { outputs.append((name: "feed.xml", bytes: feed)) }
                    try writer.write(directory: String(page.path.dropLast(page.path.hasSuffix("/") ? 1 : 0)), files: outputs)
                } catch {
                    failure.set(error)
                }
                i += workers
            }
        }
        if let error = failure.error { throw error }
    }

    /// Writes files (and their twins) on `workers` threads; the first error stops the build.
    static func write(_ files: [(path: String, bytes: [UInt8])], writer: SiteWriter, workers: Int) throws {
        let failure = FirstError(), workers = max(1, min(workers, files.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for i in stride(from: w, to: files.count, by: workers) where !failure.isSet {
                do { try writer.write(files[i].path, files[i].bytes) } catch { failure.set(error) }
            }
        }
        if let error = failure.error { throw error }
    }

    /// A sort key that orders ISO dates newest first, and no date last.
    static func newestFirst(_ date: String) -> String {
        date.isEmpty ? "~" : String(date.map { $0.wholeNumberValue.map { Character(String(9 - $0)) } ?? $0 })
    }

    private func writeAsset(_ name: String, _ writer: SiteWriter) throws -> String {
        let path = options.templates.appendingPathComponent("assets/\(name)").path
        guard let data = FileManager.default.contents(atPath: path) else { throw SiteError.output(path: path, message: "asset not found") }
        let bytes = [UInt8](data)
        let dot = name.lastIndex(of: ".")!
        let fingerprinted = "assets/\(name[..<dot]).\(SHA256.hex(bytes).prefix(10))\(name[dot...])"
        try writer.write(fingerprinted, bytes)
        return "/" + fingerprinted
    }
}

/// The first error any render thread hit.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return error != nil }
    func set(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
}

/// URLs of pages rendered on several threads (the sitemap sorts them).
final class URLCollector: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var urls: [String] = []
    func add(_ url: String) { lock.lock(); urls.append(url); lock.unlock() }
}

extension Array where Element: Sendable {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }

    /// Consecutive slices of at most `size` elements whose weights add up to at most
    /// `maxWeight`, except an element heavier than that alone.
    func chunked(_ size: Int, weight: (Element) -> Int, maxWeight: Int) -> [[Element]] {
        var chunks: [[Element]] = [], current: [Element] = [], total = 0
        for element in self {
            let w = weight(element)
            if !current.isEmpty && (current.count == size || total + w > maxWeight) {
                chunks.append(current)
                (current, total) = ([], 0)
            }
            current.append(element)
            total += w
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }
}

/// Work started on its own thread now, its result taken later (the next chunk's queries).
final class Prefetch<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, Error>?

    init(_ work: @escaping @Sendable () throws -> T) {
        let thread = Thread { [self] in
            result = Result { try work() }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    func value() throws -> T {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
