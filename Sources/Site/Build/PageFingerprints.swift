import Core
import Foundation
import Warehouse

/// Per-entity page fingerprints: a digest of the rows each committee, politician and
/// corporation page is made from, computed in SQL (`sql/site/*_fingerprints.sql`) before any
/// page query runs. A page whose fingerprint equals the last build's, made in the same context
/// (templates, content, page SQL, program, site settings, dataset links), is neither queried
/// nor rendered: its files are left as they are. A page's fingerprint covers:
/// - the rows its own queries read by the entity's key, and the rows of the other entities
///   whose names and links it shows (the SQL);
/// - the tables a kind's sections read whole, named on the SQL file's `-- whole:` line
///   (members' votes, trades, lobbying): any change there re-renders the pages that read them;
/// - what the render resolves itself: committees' links to corporation pages, politicians'
///   "in the reports" mentions, the committees whose contributions a politician page sums.
///
/// `Tests/SiteTests/PageFingerprintTests` checks that every table a kind's page queries read is
/// named by its fingerprint SQL, so a new section cannot be forgotten here.
struct PageFingerprints {
    let queries: PageQueries
    /// The warehouse's tables, listed once: a partial build lacks some.
    let tables: Set<String>

    init(queries: PageQueries) throws {
        self.queries = queries
        tables = Set(try queries.engine.query("SELECT name FROM system.tables WHERE database = currentDatabase()").rows.compactMap { $0.first?.description })
    }

    /// Committee id → fingerprint, and → the digest of its itemized contributions alone.
    struct Committees { var pages: [String: String] = [:]; var contributions: [String: String] = [:] }

    func committees(links: LinkRegistry) throws -> Committees {
        var found = Committees()
        for row in try queries.rows("committee_fingerprints") {
            let id = row.string("id")
            // The corporation pages its cycles link to are the render's own lookup.
            let orgs = row.strings("connected_orgs").map { "\(links.corporationURL(named: $0))" }
            found.pages[id] = Self.combine([row.string("fingerprint")] + orgs)
            found.contributions[id] = row.string("contributions")
        }
        return found
    }

    /// `mentions`: a digest of the reports' mentions of members, which only members' pages show.
    func candidates(committees: Committees, mentions: String) throws -> [String: String] {
        var members: [String: String] = [:]
        if tables.contains("legislator_ids") {
            let whole = try wholeTables("candidate_member_fingerprints")
            for row in try queries.rows("candidate_member_fingerprints") {
                members[row.string("id")] = Self.combine([row.string("fingerprint"), whole, mentions])
            }
        }
        var found: [String: String] = [:]
        for row in try queries.rows("candidate_fingerprints") {
            let id = row.string("id")
            let sums = row.strings("committees").map { committees.contributions[$0] ?? "none" }
            found[id] = Self.combine([row.string("fingerprint"), members[id] ?? "not a member"] + sums)
        }
        return found
    }

    /// None when the model's corporation tables are not there (no corporation pages either).
    /// `memberLinks`: the digest of which member's page each bioguide id links to, which the
    /// members' trades on the page resolve.
    func corporations(memberLinks: String) throws -> [String: String] {
        guard Set(["corporations", "corporation_keys", "corporation_names", "corporation_employee_giving"]).isSubset(of: tables) else { return [:] }
        let whole = try wholeTables("corporation_fingerprints")
        var found: [String: String] = [:]
        for row in try queries.rows("corporation_fingerprints") {
            found[row.string("id")] = Self.combine([row.string("fingerprint"), whole, memberLinks])
        }
        return found
    }

    /// What every bill page is made from (bill_fingerprints.sql) and the member pages its votes
    /// link to: a bill's fingerprint is its key with this.
    func bills(memberLinks: String) throws -> String { Self.combine([try wholeTables("bill_fingerprints"), memberLinks]) }

    /// Which page each member of Congress links to (`LinkRegistry.memberURLs`): the render's own
    /// lookup, so pages that link members digest it rather than the candidate tables behind it.
    static func memberLinks(_ links: LinkRegistry) -> String {
        combine(links.memberURLs.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" })
    }

    /// The tables named on a fingerprint file's `-- whole:` line, each digested over all its
    /// rows (a table a partial build lacks counts as absent).
    func wholeTables(_ name: String) throws -> String {
        let names = try Self.wholeTableNames(queries.library.read("site/\(name).sql"))
        var parts: [String] = []
        for table in names {
            guard tables.contains(table) else { parts.append("\(table) absent"); continue }
            let row = try queries.engine.query("SELECT toString(count()), toString(sum(cityHash64(tuple(*)))) FROM \(table)").rows.first ?? []
            parts.append("\(table) \(row.map(\.description).joined(separator: " "))")
        }
        return Self.combine(parts)
    }

    static func wholeTableNames(_ sql: String) -> [String] {
        guard let line = sql.split(separator: "\n").first(where: { $0.hasPrefix("-- whole:") }) else { return [] }
        return line.dropFirst("-- whole:".count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("(") }
    }

    /// The context a fingerprint is valid in: what every entity page is made from besides its
    /// rows. Candidate slugs, committee names and which pages exist are not here: the SQL digests
    /// the rows of the entities a page names, which is what those are made from.
    static func context(_ declared: String, site: SiteContext, writer: SiteWriter.Options, links: LinkRegistry) -> String {
        combine([
            declared,
            String(decoding: site.value.jsonBytes, as: UTF8.self),
            "gzip=\(writer.gzip) level=\(writer.gzipLevel) brotli=\(writer.brotli)",
            links.datasetLinks.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n"),
            links.datasetPages.sorted().joined(separator: " "),
        ])
    }

    /// The reports' mentions of members (politician pages' "in the reports").
    static func mentions(_ links: LinkRegistry) -> String {
        combine(links.reportMentions.sorted { $0.key < $1.key }.map { "\($0.key) " + String(decoding: Value.list($0.value).jsonBytes, as: UTF8.self) })
    }

    /// One short digest of several parts (order matters).
    static func combine(_ parts: [String]) -> String {
        String(SHA256.hex(Array(parts.joined(separator: "\u{1F}").utf8)).prefix(32))
    }
}

/// The fingerprints of the pages the last finished build wrote, kept in the build state next to
/// `SiteFiles`, with the context they were made in. Taken away when a build starts and written
/// back when it finishes, like `SiteFiles`: after a failed build every page is rendered again.
enum PageState {
    static let magic = "spotlight-page-fingerprints 1"

    /// Page path → fingerprint; empty when there is no state or it was made in another context.
    static func take(_ file: URL, context: String) -> [String: String] {
        defer { unlink(file.path) }
        guard let data = FileManager.default.contents(atPath: file.path) else { return [:] }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n")[...]
        guard lines.popFirst().map(String.init) == "\(magic) \(context)" else { return [:] }
        var pages: [String: String] = [:]
        pages.reserveCapacity(lines.count)
        for line in lines {
            guard let space = line.firstIndex(of: " ") else { return [:] }
            pages[String(line[line.index(after: space)...])] = String(line[..<space])
        }
        return pages
    }

    static func write(_ pages: [String: String], context: String, to file: URL) throws {
        var text = "\(magic) \(context)\n"
        text.reserveCapacity(pages.count * 80)
        for (path, fingerprint) in pages.sorted(by: { $0.key < $1.key }) { text += "\(fingerprint) \(path)\n" }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
}
