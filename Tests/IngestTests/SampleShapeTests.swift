import Core
import Foundation
import Sample
import Testing

/// The cycle-scale generator: its corporations stay distinct after name matching, its members
/// fit Congress, its receipts are skewed, and every family is drawn from the same world.
@Suite struct SampleShapeTests {
    @Test func generatedCorporationsAreDistinctEvenWithoutTheirLegalSuffix() {
        let all = SampleCorporation.demo + (0..<6_000).map(SampleCorporation.generated)
        #expect(Set(all.map(\.name)).count == 6_005)
        #expect(Set(all.map { CorporateName.key($0.name) }).count == 6_005)
        #expect(Set(all.map(\.ticker)).count == 6_005)
        #expect(Set(all.map(\.cik)).count == 6_005)
        let first = SampleCorporation.generated(0)
        #expect([first.name, first.ticker, first.title] == ["ZEPHYRA ATLANTIC WIDGETS INC", "XAAA", "Zephyra Atlantic Widgets Inc"])
        #expect(first.cik == 9_100_000)
        #expect(SampleCorporation.generated(5_999).ticker == "XIWT")  // 5,999 = 8·26² + 22·26 + 19
        #expect(SampleShape.cycle.corporations.count == 5_005)
    }

    @Test func aScaledShapeWritesEveryFamilyFromOneWorld() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sample-shape-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: root) }
        var shape = SampleShape.demo(contributions: 20_000)  // 80 races: 160 candidates
        shape.corporations += (0..<40).map(SampleCorporation.generated)
        shape.extraSuperPACs = 30
        shape.extraCommittees = 50
        shape.maxIncumbents = 12
        shape.skewed = true
        let fec = try FECSample(cycle: 2024, seed: 3, shape: shape, packaging: .text).write(to: root.appendingPathComponent("fec"))
        #expect(fec.incumbents.count == 12)
        #expect(fec.corporations.count == 45)
        func lines(_ path: String) throws -> [Substring] {
            // itcont.txt carries Latin-1 bytes on purpose, as real files do.
            String(decoding: try Data(contentsOf: root.appendingPathComponent(path)), as: UTF8.self).split(separator: "\n")
        }
        // 160 principal committees, 45 corporate PACs, 3 + 30 super PACs, the demo's party
        // committee and leadership PAC, 50 more parties and nonconnected PACs.
        let committees = try lines("fec/cm.txt")
        #expect(committees.count == 160 + 45 + 33 + 2 + 50)
        #expect(committees.filter { $0.split(separator: "|", omittingEmptySubsequences: false)[9] == "O" }.count == 33)
        #expect(try lines("fec/cn.txt").filter { $0.split(separator: "|", omittingEmptySubsequences: false)[7] == "I" }.count == 12)
        // Skewed: the most-given-to committee holds over a tenth of the rows (u⁵: ≈ 1/7 at
        // 290 recipients … (1/290)^(1/5) = 0.32 of draws land in the first index or two).
        var perRecipient: [Substring: Int] = [:]
        let contributions = try lines("fec/itcont.txt")
        for line in contributions { perRecipient[line.prefix(9), default: 0] += 1 }
        #expect(perRecipient.values.max()! > contributions.count / 10)

        try SampleFamilies(root: root).write(fec: fec, seed: 3)
        let tickers = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("sec/company_tickers.json"))) as! [String: Any]
        #expect(tickers.count == 45 + 3)  // the listings and three companies nobody else names
        let filings = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("lda/filings").path)
        #expect(filings.count == 18)  // 45 clients × 4 quarters, 10 a page
        let members = try String(contentsOf: root.appendingPathComponent("legislators/legislators-current.yaml"), encoding: .utf8)
        #expect(members.components(separatedBy: "\n- id:").count == 12)
    }
}
