import Core
import Foundation
import Testing
@testable import Ingest
import TestSupport

/// Every parser Spotlight owns on the ingest side, fed seeded mutations of the real samples
/// (`SPOTLIGHT_FUZZ_RUNS` per seed, 300 in `make test`): each may reject an input with an
/// error, and must never trap, hang or crash. A failure reproduces from its seed.
@Suite struct ParserFuzzTests {
    static let real = TestEnvironment.realdata

    func seeds(_ paths: [String], limit: Int = 64 * 1024) throws -> [[UInt8]] {
        try paths.map { Array(try Data(contentsOf: Self.real!.appendingPathComponent($0)).prefix(limit)) }
    }

    @Test(.enabled(if: real != nil, "../shared/realdata is absent"))
    func csvRecords() throws {
        let inputs = try seeds(["fec/ie_efile/efile-2025-09-14T09_04_58.csv", "stock_trades/house_stock_watcher_all_transactions.csv", "votes/H117_members.csv"])
        let runs = Mutator.fuzz(seeds: inputs, seed: 1) { bytes in try CSVRecords.parse(Data(bytes)) { _, _, _ in } }
        #expect(runs == 3 * Mutator.runs)
    }

    @Test(.enabled(if: real != nil, "../shared/realdata is absent"))
    func senateEFDPages() throws {
        let inputs = try seeds(["stock_trades/senate_efd/ptr_1540a3ec-a046-4774-983e-be70a0245e63.html", "stock_trades/senate_efd/efd_paper_report_sample.html"])
        Mutator.fuzz(seeds: inputs, seed: 2) { bytes in _ = SenateEFDReport.parse(Data(bytes)) }
    }

    @Test(.enabled(if: real != nil, "../shared/realdata is absent"))
    func senateAndHouseXML() throws {
        let lists = try seeds(["votes/senate_lis/senators_cfm_member_data_2021-07-07.xml"])
        Mutator.fuzz(seeds: lists, seed: 3) { bytes in _ = SenateMemberList.parse(Data(bytes)) }
        let rollCalls = try seeds(["votes/senate_lis/vote_117_1_00001.xml", "votes/house_clerk/roll2021_001.xml"])
        Mutator.fuzz(seeds: rollCalls, seed: 4) { bytes in _ = OfficialRollCall.parse(Data(bytes)) }
        let index = try seeds(["stock_trades/house_clerk_2022FD.xml"], limit: 16 * 1024)
        Mutator.fuzz(seeds: index, seed: 5) { bytes in _ = try HouseFDIndex.parse(Data(bytes)) }
    }

    /// Foundation's XMLParser trapped on an element name that is not valid UTF-8 (found by the
    /// mutations above): every XML reader goes through XMLInput, which repairs the bytes first.
    @Test(.enabled(if: real != nil, "../shared/realdata is absent"))
    func anElementNameThatIsNotUTF8IsReadNotFatal() throws {
        var list = try Data(contentsOf: Self.real!.appendingPathComponent("votes/senate_lis/senators_cfm_member_data_2021-07-07.xml"))
        let at = try #require(list.range(of: Data("<committee".utf8)))
        list.replaceSubrange(at, with: Data("<comm".utf8) + Data([0xDF, 0xDF, 0xDF]) + Data("ittee".utf8))
        // The opening tag no longer matches its closing one: not well-formed, so no list.
        #expect(SenateMemberList.parse(list) == nil)
        var vote = try Data(contentsOf: Self.real!.appendingPathComponent("votes/senate_lis/vote_117_1_00001.xml"))
        vote.replaceSubrange(try #require(vote.range(of: Data("<vote_number>".utf8))), with: Data("<vote_n".utf8) + Data([0xFF]) + Data("umber>".utf8))
        #expect(OfficialRollCall.parse(vote) == nil)
    }

    @Test func htmlText() {
        let html = "AT&amp;T Inc. <div class=\"text-muted\"><em>Rate/Coupon:</em> 5.5%</div> Caf&#233; &lt;x&gt;"
        Mutator.fuzz(seeds: [Array(html.utf8)], seed: 10) { bytes in _ = HTMLText.plain(String(decoding: bytes, as: UTF8.self)) }
    }

    @Test func housePTRText() {
        let text = """
            Filing ID #20016861
            Name: Hon. John McGuire
            Status: Member State/District: VA05
            ID Owner Asset Transaction Type Date Notification Date Amount Cap. Gains > $200?
            SP Apple Inc. (AAPL) [ST] P 04/15/2025 04/30/2025 $1,001 - $15,000
            F S : New
            Filing Status: New
            """
        Mutator.fuzz(seeds: [Array(text.utf8)], seed: 6) { bytes in _ = HousePTR.parse(String(decoding: bytes, as: UTF8.self)) }
    }

    /// congress-legislators' YAML (libyaml through Yams, then the people, committees and seats
    /// readers), from the real files' first 16 KB.
    @Test(.enabled(if: real != nil, "../shared/realdata is absent"))
    func legislatorsYAML() throws {
        let inputs = try seeds(["congress_legislators/legislators-current.yaml", "congress_legislators/committees-current.yaml",
                                "congress_legislators/committee-membership-current.yaml"], limit: 16 * 1024)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input.yaml")
        let runs = Mutator.fuzz(seeds: inputs, seed: 16) { bytes in
            try Data(bytes).write(to: input)
            let root = try LegislatorRecords.load(input)
            var legislators = try RecordFile(dir.appendingPathComponent("legislators.jsonl")), terms = try RecordFile(dir.appendingPathComponent("terms.jsonl"))
            var ids = try RecordFile(dir.appendingPathComponent("ids.jsonl")), rows = try RecordFile(dir.appendingPathComponent("rows.jsonl"))
            defer { legislators.close(); terms.close(); ids.close(); rows.close() }
            LegislatorRecords.people(root, current: true, legislators: &legislators, terms: &terms, ids: &ids)
            LegislatorRecords.committees(root, into: &rows)
            LegislatorRecords.seats(root, into: &rows)
        }
        #expect(runs == inputs.count * Mutator.runs)
    }

    @Test func frontMatterAndConfiguration() throws {
        let page = "---\ntitle: About\ndescription: What Spotlight is\norder: 2\n---\n# About\n\nText with <b>markup</b>.\n"
        Mutator.fuzz(seeds: [Array(page.utf8)], seed: 7) { bytes in _ = try ContentPage.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.md", slug: "fuzz") }
        let config = try Array(Data(contentsOf: TestEnvironment.projectRoot.appendingPathComponent("spotlight.toml")))
        Mutator.fuzz(seeds: [config], seed: 8) { bytes in _ = try SpotlightConfig.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.toml") }
    }

    /// The contributed datasets' definitions and the Markdown reports, seeded from the worked
    /// examples: a definition is read from a file in its folder, so each mutation is written there.
    @Test func datasetDefinitionsAndMarkdownReports() throws {
        let report = try Array(Data(contentsOf: TestEnvironment.projectRoot.appendingPathComponent("content/reports/sponsored-travel.md")))
        let reports = Mutator.fuzz(seeds: [report], seed: 13) { bytes in
            _ = try MarkdownReport.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.md", slug: "fuzz")
        }
        #expect(reports == Mutator.runs)
        let definition = try Array(Data(contentsOf: TestEnvironment.projectRoot.appendingPathComponent("content/datasets/sponsored-travel/dataset.toml")))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spotlight-fuzz-\(getpid())/fuzz-dataset", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let file = folder.appendingPathComponent("dataset.toml")
        Mutator.fuzz(seeds: [definition], seed: 14) { bytes in
            try Data(bytes).write(to: file)
            _ = try DatasetDefinition.load(file)
        }
    }
}
