import Foundation
import Testing

@testable import Site
import Warehouse

@Suite struct PagesTests {
    @Test func listPagesPaginateAtStableURLs() throws {
        let listings = (1...250).map { i in
            Listing(name: "NAME \(1000 - i)", url: "/politicians/p\(i)/", kind: "Politician", cells: ["House", "QX", "Democratic"],
                    sortKey: ["House", "QX", "NAME \(1000 - i)"], searchDetail: "", keywords: "")
        }
        let pages = ListPages.pages(base: "/politicians/", title: "Politicians", description: "All.", columns: [("Name", false)],
                                    listings: listings, pageSize: 100)
        #expect(pages.map(\.path) == ["politicians/", "politicians/page/2/", "politicians/page/3/"])
        let third = pages[2].document
        #expect(third["page"] == .int(3) && third["pages"] == .int(3) && third["total"] == .int(250))
        guard case .list(let items)? = third["items"], case .list(let links)? = third["pagination"] else { Issue.record("shape"); return }
        #expect(items.count == 50)
        // Sorted by the sort key (names NAME 750 … NAME 999): page 3 holds the last 50.
        #expect(items.first?["name"] == .string("NAME 950") && items.last?["name"] == .string("NAME 999"))
        #expect(links.map { $0["url"]! } == [.string("/politicians/"), .string("/politicians/page/2/"), .string("/politicians/page/3/")])
        #expect(links.map { $0["current"]! } == [.bool(false), .bool(false), .bool(true)])
        // One page: no pagination links at all.
        let single = ListPages.pages(base: "/pacs/", title: "Committees", description: "", columns: [], listings: Array(listings.prefix(3)), pageSize: 100)
        #expect(single.count == 1 && single[0].document["pagination"] == .list([]))
    }

    @Test func sitemapsSplitAtFiftyThousandURLs() throws {
        let urls = (0..<120_001).map { "https://example.org/pacs/c\($0)/" }
        let files = Sitemap.files(urls: urls, baseURL: "https://example.org")
        #expect(files.map(\.0) == ["sitemap.xml", "sitemaps/sitemap-1.xml", "sitemaps/sitemap-2.xml", "sitemaps/sitemap-3.xml"])
        let counts = files.dropFirst().map { String(decoding: $0.1, as: UTF8.self).components(separatedBy: "<url>").count - 1 }
        #expect(counts == [50_000, 50_000, 20_001])
        let index = String(decoding: files[0].1, as: UTF8.self)
        #expect(index.contains("<sitemap><loc>https://example.org/sitemaps/sitemap-3.xml</loc></sitemap>"))
    }

    /// People's names as the FEC and Voteview file them read in reading order and case; names of
    /// organisations and names already in mixed case are left as filed.
    @Test func peoplesNamesReadAsWritten() {
        let cases = [
            "SCHMIDT II, JAMES A MR.": "James A Schmidt II", "MCCORKLE, ISAAC IAN": "Isaac Ian McCorkle",
            "O'ROURKE, ROBERT (BETO)": "Robert (Beto) O'Rourke", "VAN HOLLEN, CHRIS": "Chris Van Hollen",
            "GOSAR, PAUL DR.": "Paul Gosar", "SMITH, JOHN JR.": "John Smith Jr.", "HOLLOWAY-FINCH, IKE": "Ike Holloway-Finch",
            "QUILLFEATHER FOR CONGRESS": "QUILLFEATHER FOR CONGRESS", "Nell Holloway-Finch": "Nell Holloway-Finch",
            "SMITH, JOHN V": "John V Smith", "SMITH, JOHN, JR.": "John Smith Jr.", "": "",
        ]
        for (filed, read) in cases { #expect(Vocabulary.personName(filed) == read, "\(filed)") }
    }

    /// Codes a reader would have to look up are written out: bills as Congress numbers them,
    /// trade types and sources, report headers with their acronyms.
    @Test func codesAreShownAsWords() {
        #expect(Vocabulary.bill("hr104-118") == "H.R. 104 (118th Congress)")
        #expect(Vocabulary.bill("sjres7-101") == "S.J.Res. 7 (101st Congress)")
        #expect(Vocabulary.bill("hconres3-112") == "H.Con.Res. 3 (112th Congress)")
        #expect(Vocabulary.bill("s1-113") == "S. 1 (113th Congress)" && Vocabulary.bill("hres2-102") == "H.Res. 2 (102nd Congress)")
        #expect(Vocabulary.bill("pn12-118") == "pn12-118" && Vocabulary.bill("HR104") == "HR104")  // not a bill key we know
        #expect(Vocabulary.tradeSource("house_stock_watcher") == "House Stock Watcher (archive)" && Vocabulary.tradeSource("x") == "x")
        #expect(ReportPages.label("committee_id") == "Committee ID" && ReportPages.label("cik") == "CIK" && ReportPages.label("zip5") == "ZIP code")
        #expect(ReportPages.label("pac_to_candidates_cents") == "PAC money to candidates" && ReportPages.label("first_trade") == "First trade")
        #expect(ReportPages.words(.string("sale_full"), column: "type") == "Sale (full)")
        #expect(ReportPages.words(.string("hr104-118"), column: "bill") == "H.R. 104 (118th Congress)")
        #expect(ReportPages.words(.string("oppose"), column: "position") == "Oppose")
        #expect(ReportPages.words(.string("Chief of staff"), column: "position") == "Chief of staff")
    }

    @Test func vocabularyNamesCommitteeKinds() {
        #expect(Vocabulary.committeeKind(type: "O", designation: "U") == "Super PAC")
        #expect(Vocabulary.committeeKind(type: "W", designation: nil) == "Hybrid PAC")
        #expect(Vocabulary.committeeKind(type: "Q", designation: "D") == "Leadership PAC")
        #expect(Vocabulary.committeeKind(type: "Y", designation: "U") == "Party")
        #expect(Vocabulary.committeeKind(type: "H", designation: "P") == "Campaign")
        #expect(Vocabulary.committeeKind(type: "N", designation: "B") == "PAC")
        #expect(Vocabulary.committeeType("K") == "Type K")  // unknown codes are shown, never guessed
        #expect(Vocabulary.party("DEM") == "Democratic" && Vocabulary.party("UNK") == nil)
    }
}
