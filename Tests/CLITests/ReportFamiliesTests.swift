import Foundation
import Testing
import TestSupport

/// Which reports run follows from which source families are loaded, said in words; any other
/// failure of a report fails the build with its file.
@Suite struct ReportFamiliesTests {
    /// A site built from the FEC's real 2020 files alone: the two FEC reports run, and each of
    /// the other nine says which families it reads hold no rows (read from its SQL:
    /// congress_trades_matched and congress_trades are the trades family's, legislators and
    /// committee_seats the members', lda_* lobbying, sec_* the SEC's, voteview_* the votes').
    @Test(.enabled(if: TestEnvironment.realdata != nil, "../shared/realdata is absent"))
    func aSiteFromTheFECAloneSaysWhichFamiliesItsOtherReportsLack() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-fec-only-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let config = root.appendingPathComponent("spotlight.toml").path
        try """
            \(TestEnvironment.siteSection(title: "FEC only", output: root.appendingPathComponent("public")))

            [fetch]
            demo = false
            sources = []
            fec_cycles = [2020]
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let env = ["SPOTLIGHT_HOME": root.appendingPathComponent("home").path]
        let snapshot = TestEnvironment.realdata!.appendingPathComponent("fec/2020_cycle_snapshot_2019-03").path
        let ingest = try spotlight(["ingest", "fec", "--cycle", "2020", "--dir", snapshot, "--config", config], environment: env)
        #expect(ingest.status == 0, "\(ingest.output)")
        let build = try spotlight(["build", "--config", config], environment: env)
        #expect(build.status == 0, "\(build.output)")
        let reports = build.output.split(separator: "\n").filter { $0.hasPrefix("report ") }.map(String.init)
        func skipped(_ families: String) -> String { "skipped (it reads the \(families), which hold\(families.hasSuffix("family") ? "s" : "") no rows)" }
        #expect(reports.filter { $0.contains("skipped") } == [
            "report committee-conflicts: " + skipped("legislators, trades families"),
            "report corporate-influence: " + skipped("lobbying, sec, trades families"),
            "report disclosure-delays: " + skipped("trades family"),
            "report late-disclosures-by-member: " + skipped("legislators, trades families"),
            "report late-disclosures: " + skipped("legislators, trades families"),
            "report most-active-traders: " + skipped("legislators, trades families"),
            "report most-traded-tickers: " + skipped("sec, trades families"),
            "report revolving-door: " + skipped("lobbying family"),
            "report trades-near-votes: " + skipped("legislators, lobbying, trades, votes families"),
            // The Markdown report reads the demo's contributed dataset, which a non-demo build leaves out.
            "report sponsored-travel: skipped (it reads dataset_sponsored_travel, which this build has not loaded; it reads the lobbying family, which holds no rows)",
        ], "\(build.output)")
        #expect(reports.filter { !$0.contains("skipped") }.map { $0.prefix { $0 != ":" } } == ["report super-pac-spending", "report super-pac-top-donors"])
        #expect(!build.output.contains("Code: 60"))
    }
}
