import Foundation
import Testing
import TestSupport
@testable import Site

/// An entity page is re-rendered only when its fingerprint changes, so every table its page
/// queries read must be digested by its kind's fingerprint SQL: keyed by the entity, or named on
/// the `-- whole:` line. A new section reading a new table fails here until it is added.
/// (Whether the digests catch each change is proved by IncrementalBuildTests against clean builds.)
@Suite struct PageFingerprintTests {
    let site = TestEnvironment.projectRoot.appendingPathComponent("sql/site")

    func read(_ name: String) throws -> String { try String(contentsOf: site.appendingPathComponent(name), encoding: .utf8) }

    /// Tables after FROM or JOIN, without the query's own CTE names.
    func tables(_ sql: String) -> Set<String> {
        let text = sql.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
        func matches(_ pattern: String) -> Set<String> {
            let regex = try! NSRegularExpression(pattern: pattern)
            return Set(regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range(at: 1), in: text)!]) })
        }
        return matches(#"\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)"#).subtracting(matches(#"\b([a-z_][a-z0-9_]*) AS \("#))
    }

    @Test(arguments: [("committee", ["committee_fingerprints"]),
                      ("candidate", ["candidate_fingerprints", "candidate_member_fingerprints"]),
                      ("corporation", ["corporation_fingerprints"]),
                      ("bill", ["bill_fingerprints"])])
    func everyTableAPageReadsIsDigested(kind: String, fingerprints: [String]) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: site.path).filter {
            ($0.hasPrefix(kind + "_") || $0 == kind + "s.sql") && !$0.hasSuffix("_fingerprints.sql") && $0 != "\(kind)_list.sql"
        }
        #expect(files.count >= 5, "\(files)")
        var digested = Set<String>()
        for name in fingerprints {
            let sql = try read(name + ".sql")
            digested.formUnion(tables(sql))
            digested.formUnion(PageFingerprints.wholeTableNames(sql))
        }
        // Politician pages' contributions are digested through their committees' contribution
        // digests (committee_fingerprints.sql), which PageFingerprints.candidates adds.
        if kind == "candidate" { digested.insert("fec_individual_contributions") }
        for file in files.sorted() {
            let missing = try tables(read(file)).subtracting(digested)
            #expect(missing.isEmpty, "sql/site/\(file) reads \(missing.sorted()), which \(fingerprints) do not digest")
        }
    }

    @Test func wholeTablesAreReadFromTheHeader() {
        #expect(PageFingerprints.wholeTableNames("-- about\n-- whole: a, b_c ,d\nSELECT 1") == ["a", "b_c", "d"])
        #expect(PageFingerprints.wholeTableNames("-- whole: (none; the page reads no table beyond these rows)\nSELECT 1") == [])
        #expect(PageFingerprints.wholeTableNames("SELECT 1") == [])
    }

    @Test func pageStateIsKeptForTheSameContextOnly() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-page-state-\(getpid()).txt")
        defer { unlink(file.path) }
        let pages = ["pacs/c1/": "abc", "politicians/x-h1/": "def"]
        try PageState.write(pages, context: "ctx1", to: file)
        #expect(PageState.take(file, context: "ctx1") == pages)
        // Taken away: a build that fails before writing it back leaves none.
        #expect(PageState.take(file, context: "ctx1") == [:])
        try PageState.write(pages, context: "ctx1", to: file)
        #expect(PageState.take(file, context: "ctx2") == [:])
    }
}
