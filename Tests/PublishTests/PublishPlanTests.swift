import Foundation
import Testing

@testable import Publish

/// Which file goes up when and how it is served: pure, no target.
@Suite struct PublishPlanTests {
    @Test func kindsFollowWhatTheFileIsFor() {
        let expected: [(String, PublishKind)] = [
            ("assets/site.726c158026.css", .asset), ("assets/site.726c158026.css.br", .asset), ("schemas/committee.schema.json", .asset),
            ("datasets/fec-committees.parquet", .download), ("datasets/fec-committees.csv.gz", .download), ("reports/top-pacs/top-pacs.csv", .download),
            ("index.html", .page), ("pacs/C00000042/index.json.gz", .page), ("search/ab.json", .page), ("datasets/datapackage.json", .page),
            ("feeds/contributions.xml", .discovery), ("pacs/C00000042/feed.xml", .discovery), ("sitemap.xml", .discovery),
            ("sitemaps/sitemap-1.xml.gz", .discovery), ("robots.txt", .discovery), ("manifest.json", .manifest),
        ]
        for (path, kind) in expected { #expect(PublishKind.of(path) == kind, "\(path)") }
    }

    @Test func headersByFile() {
        func headers(_ path: String) -> [String: String] {
            // A twin is served as its original, encoded.
            let original = path.hasSuffix(".br") || (path.hasSuffix(".gz") && !path.hasSuffix(".csv.gz")) ? String(path.dropLast(3)) : nil
            return Dictionary(uniqueKeysWithValues: PublishedFile.headers(path, twinOf: original))
        }
        #expect(headers("assets/site.726c158026.css") == ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable"])
        #expect(headers("assets/site.726c158026.js.br") == ["Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable", "Content-Encoding": "br"])
        #expect(headers("index.html") == ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=300"])
        #expect(headers("pacs/C1/index.json.gz") == ["Content-Type": "application/json", "Cache-Control": "public, max-age=300", "Content-Encoding": "gzip"])
        // A .csv.gz download is a gzip file in its own right: no Content-Encoding, or browsers would unpack it.
        #expect(headers("datasets/x.csv.gz") == ["Content-Type": "application/gzip", "Cache-Control": "public, max-age=3600"])
        #expect(headers("datasets/x.parquet") == ["Content-Type": "application/vnd.apache.parquet", "Cache-Control": "public, max-age=3600"])
        #expect(headers("feeds/contributions.xml")["Content-Type"] == "application/atom+xml")
        #expect(headers("sitemap.xml")["Content-Type"] == "application/xml")
        #expect(headers("manifest.json") == ["Content-Type": "application/json", "Cache-Control": "public, max-age=300"])
    }

    static func file(_ path: String, _ version: Int = 1) -> SiteManifest.File {
        SiteManifest.File(path: path, size: path.count + version, sha256: "\(version)-\(path)")
    }

    static let site = SiteManifest(files: [
        file("index.html"), file("index.html.br"), file("index.html.gz"), file("assets/site.0123456789.css"),
        file("datasets/a.parquet"), file("feeds/contributions.xml"), file("pacs/C1/index.html"), file("pacs/C2/index.html"), file("sitemap.xml"),
    ])

    @Test func firstPublishUploadsEverythingInKindOrderManifestLast() {
        let plan = PublishPlan(new: Self.site, manifestSize: 900, published: nil, twins: false)
        #expect(plan.uploads.map(\.path) == ["assets/site.0123456789.css", "datasets/a.parquet", "index.html", "pacs/C1/index.html", "pacs/C2/index.html",
                                             "feeds/contributions.xml", "sitemap.xml", "manifest.json"])
        #expect(plan.deletions.isEmpty)
        #expect(plan.byKind.map(\.files) == [1, 1, 3, 2, 1])
        #expect(plan.byKind.last!.bytes == 900)
        // With twins (a directory for nginx) the .gz/.br files go too, beside their pages.
        let withTwins = PublishPlan(new: Self.site, manifestSize: 900, published: nil, twins: true)
        #expect(withTwins.uploads.filter { $0.kind == .page }.map(\.path) == ["index.html", "index.html.br", "index.html.gz", "pacs/C1/index.html", "pacs/C2/index.html"])
    }

    @Test func anUnchangedSiteUploadsNothingNotEvenTheManifest() {
        let plan = PublishPlan(new: Self.site, manifestSize: 900, published: Self.site, twins: false)
        #expect(plan.uploads.isEmpty)
        #expect(plan.deletions.isEmpty)
        #expect(plan.unchanged == 7)
    }

    @Test func aChangeUploadsTheChangedFilesAndTheManifestAndDeletesOnlyAfter() {
        var next = Self.site
        next.files.removeAll { $0.path == "pacs/C2/index.html" }
        next.files[next.files.firstIndex { $0.path == "pacs/C1/index.html" }!] = Self.file("pacs/C1/index.html", 2)
        next.files.append(Self.file("pacs/C3/index.html"))
        let plan = PublishPlan(new: next, manifestSize: 901, published: Self.site, twins: false)
        #expect(plan.uploads.map(\.path) == ["pacs/C1/index.html", "pacs/C3/index.html", "manifest.json"])
        #expect(plan.deletions == ["pacs/C2/index.html"])
        #expect(plan.unchanged == 5)  // 7 files, less the changed and the removed page
    }
}

/// Twins by the manifest, and what an interrupted publish leaves for the next.
@Suite struct PublishJournalTests {
    static func file(_ path: String, _ version: Int = 1) -> SiteManifest.File { PublishPlanTests.file(path, version) }

    @Test func aReportsCSVTwinIsATwinADatasetsCSVGzIsNot() {
        let site = SiteManifest(files: [Self.file("reports/r/rows.csv"), Self.file("reports/r/rows.csv.gz"), Self.file("reports/r/rows.csv.br"),
                                        Self.file("datasets/x.csv.gz")])
        let plan = PublishPlan(new: site, manifestSize: 10, published: nil, twins: false)
        #expect(plan.uploads.map(\.path) == ["reports/r/rows.csv", "datasets/x.csv.gz", "manifest.json"])
        let withTwins = PublishPlan(new: site, manifestSize: 10, published: nil, twins: true)
        let twin = withTwins.uploads.first { $0.path == "reports/r/rows.csv.gz" }!
        func lines(_ upload: PublishPlan.Upload) -> [String] { upload.headers.map { "\($0.0): \($0.1)" } }
        #expect(lines(twin) == ["Content-Type: text/csv; charset=utf-8", "Cache-Control: public, max-age=3600", "Content-Encoding: gzip"])
        #expect(lines(withTwins.uploads.first { $0.path == "datasets/x.csv.gz" }!) == ["Content-Type: application/gzip", "Cache-Control: public, max-age=3600"])
    }

    @Test func filesAnInterruptedPublishWasUploadingGoUpAgainAndItsDeletionsAreDone() {
        let site = PublishPlanTests.site
        let journal = PublishJournal(target: "t", uploading: ["pacs/C1/index.html"], deleting: ["pacs/C9/index.html"], deferred: ["assets/site.aaaaaaaaaa.css"])
        let plan = PublishPlan(new: site, manifestSize: 900, published: site, twins: false, journal: journal)
        // Its bytes at the target are unknown: it goes up again, and the manifest with it.
        #expect(plan.uploads.map(\.path) == ["pacs/C1/index.html", "manifest.json"])
        #expect(plan.deletions == [])
        #expect(plan.overdue == ["assets/site.aaaaaaaaaa.css", "pacs/C9/index.html"])
        // Deferred deletions alone do not make an unchanged site upload anything.
        let quiet = PublishPlan(new: site, manifestSize: 900, published: site, twins: false, journal: PublishJournal(target: "t", deferred: ["assets/site.aaaaaaaaaa.css"]))
        #expect(quiet.uploads.isEmpty && quiet.overdue == ["assets/site.aaaaaaaaaa.css"])
    }
}
