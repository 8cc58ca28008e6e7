import Core
import Foundation
import Testing

@testable import Site

@Suite struct OutputTests {
    @Test func sha256MatchesTheStandardVectors() {
        // FIPS 180-2 examples (also what `sha256sum` prints).
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // 56 bytes: the padding spills into a second block.
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func gzipAndBrotliRoundTripAndAreDeterministic() throws {
        let page = Array(String(repeating: "<tr><td>VANTREE, ELLIS</td><td class=\"num\">$2,800.00</td></tr>\n", count: 200).utf8)
        let gz = Compression.gzip(page), br = Compression.brotli(page)
        #expect(Array(gz.prefix(3)) == [0x1F, 0x8B, 0x08])  // gzip magic, deflate
        #expect(Array(gz[4..<8]) == [0, 0, 0, 0])  // mtime 0: reproducible
        #expect(Compression.gunzip(gz) == page)
        #expect(Compression.unbrotli(br) == page)
        #expect(Compression.gzip(page) == gz && Compression.brotli(page) == br)
        #expect(gz.count < page.count / 10 && br.count < gz.count)
        #expect(Compression.gunzip(Array(gz.dropLast(4))) == nil)
    }

    @Test func slugsAreLowercaseASCIIWithoutDotsOrSlashes() {
        #expect(Slug.make("VANTREE, ROSALIND") == "vantree-rosalind")
        #expect(Slug.make("BLÉRIOT, ANAÏS ") == "bleriot-anais")
        #expect(Slug.make("../../etc/passwd") == "etc-passwd")
        #expect(Slug.make("<script>alert(1)</script> ACTION FUND") == "script-alert-1-script-action-fund")
        #expect(Slug.make("\"><img src=x onerror=alert(1)>") == "img-src-x-onerror-alert-1")
        #expect(Slug.make("日本") == "")
        #expect(Slug.candidate(name: "VANTREE, ROSALIND", id: "H4ZA00001") == "vantree-rosalind-h4za00001")
        #expect(Slug.candidate(name: nil, id: "H4ZA00001") == "h4za00001")
        #expect(URLs.committee("C00401224") == "/pacs/c00401224/")
    }

    /// Two real name keys that share their first 60 characters (the LDA and FEC samples) once
    /// got one URL and overwrote each other's page; a long id now ends in its hash.
    @Test func longCorporationIDsKeepDistinctURLs() {
        let a = "key-international-association-of-sheet-metal-air-rail-and-transportation-workers"
        let b = "key-international-association-of-sheet-metal-air-rail-and-transport-workers-pac"
        #expect(Slug.corporation(a) == "key-international-association-of-sheet-metal-air-ra-3b1f37e7")
        #expect(Slug.corporation(b) == "key-international-association-of-sheet-metal-air-ra-f689d2c7")
        #expect(Slug.corporation("cik0000320193") == "cik0000320193")
        #expect(URLs.corporation("key-acme-widgets") == "/corporations/key-acme-widgets/")
    }

    @Test func chartsEscapeLabelsAndCarryTextAlternatives() {
        let chart = BarChart(id: "c2024-donors", title: "Top donors", bars: [
            .init(label: "\"><img src=x onerror=alert(1)>", cents: 330_000), .init(label: "B & C", cents: 110_000),
        ])
        let svg = chart.horizontalSVG()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 380 88\" width=\"380\" height=\"88\" role=\"img\" aria-labelledby=\"c2024-donors-title c2024-donors-desc\"><title id=\"c2024-donors-title\">Top donors</title>"))
        #expect(svg.contains("<desc id=\"c2024-donors-desc\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;: $3,300.00; B &amp; C: $1,100.00</desc>"))
        // Each label on its own line, its bar and value below it: as narrow as a phone.
        #expect(svg.contains("<text x=\"0\" y=\"17\" class=\"chart-label\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</text><rect x=\"0\" y=\"23\" width=\"270\" height=\"14\" class=\"chart-bar\"/><text x=\"276\" y=\"35\" class=\"chart-value\">$3,300.00</text>"))
        #expect(svg.contains("<rect x=\"0\" y=\"65\" width=\"90\" height=\"14\" class=\"chart-bar\"/>"))
        let months = BarChart(id: "m", title: "By month", bars: [.init(label: "24-01", cents: 100)]).verticalSVG()
        #expect(months.hasPrefix("<div class=\"chart-scroll\" tabindex=\"0\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-wide\"") && months.hasSuffix("</svg></div>"))
        #expect(!svg.contains("<img"))
        #expect(BarChart(id: "x", title: "t", bars: []).horizontalSVG() == "")
        #expect(BarChart.compact(123_456_789) == "$1.2M" && BarChart.compact(3_500_000) == "$35K" && BarChart.compact(-39_700) == "−$397")
    }

    /// Markdown reports' line and stacked charts: stacked segments sum to the total printed
    /// above each column, a line's points follow its values, series are named in the legend
    /// and every value is in the description, all labels escaped.
    @Test func seriesChartsStackAndDrawLinesWithTextAlternatives() {
        let stacked = SeriesChart(id: "s", title: "By <month>", style: .stacked, x: ["2023-01", "2023-02"],
                                  series: [("Democrat", [30, 10]), ("<b>R</b>", [10, 0])], dollars: true).svg()
        #expect(stacked.hasPrefix("<div class=\"chart-scroll\" tabindex=\"0\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-wide\" viewBox=\"0 0 240 232\""))
        #expect(stacked.contains("<title id=\"s-title\">By &lt;month&gt;</title><desc id=\"s-desc\">2023-01: Democrat $30, &lt;b&gt;R&lt;/b&gt; $10; 2023-02: Democrat $10, &lt;b&gt;R&lt;/b&gt; $0</desc>"))
        // Columns 66px wide for 7-character labels. Column 1: 40 in all, the plot's full 146px (170 - 24): 30 → 109.5px up from y=170, 10 → 36.5px above it (rounded).
        #expect(stacked.contains("<rect x=\"8\" y=\"61\" width=\"50\" height=\"110\" class=\"chart-series-1\"/><rect x=\"8\" y=\"24\" width=\"50\" height=\"37\" class=\"chart-series-2\"/>"))
        #expect(stacked.contains("<text x=\"33\" y=\"20\" text-anchor=\"middle\" class=\"chart-value\">$40</text>"))
        #expect(stacked.contains(">&lt;b&gt;R&lt;/b&gt;</text>") && !stacked.contains("<b>"))
        let line = SeriesChart(id: "l", title: "Trips", style: .line, x: ["a", "b", "c"], series: [("trips", [2, 4, 1])], dollars: false).svg()
        #expect(line.contains("<polyline points=\"28,97 84,24 140,134\" fill=\"none\" stroke-width=\"2.5\" class=\"chart-series-1 chart-line\"/>"))
        #expect(line.contains("<desc id=\"l-desc\">a: 2; b: 4; c: 1</desc>"))
        #expect(SeriesChart(id: "e", title: "t", style: .line, x: [], series: [], dollars: false).svg() == "")
    }

    @Test func markdownIsGitHubFlavouredWithRawHTMLOmitted() {
        let html = Markdown.html("""
            # Title

            ~~old~~ <script>alert(1)</script> see https://www.fec.gov

            - [x] done

            Table: Sources

            | a | b |
            |---|--:|
            | 1 | 2 |
            """)
        #expect(html.contains("<h1>Title</h1>"))
        #expect(html.contains("<del>old</del>"))
        #expect(html.contains("<a href=\"https://www.fec.gov\">https://www.fec.gov</a>"))
        #expect(html.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" /> done"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
        #expect(html.contains("<table>\n<caption>Sources</caption>\n<thead>\n<tr>\n<th scope=\"col\">a</th>\n<th scope=\"col\" align=\"right\">b</th>"))
    }

    @Test func frontMatterErrorsNameFileAndLine() throws {
        let page = try ContentPage.parse("---\ntitle: About\norder: 2\n---\nBody *text*\n", file: "content/about.md", slug: "about")
        #expect(page == ContentPage(slug: "about", title: "About", description: "", template: "page", order: 2, markdown: "Body *text*\n"))
        #expect(throws: ContentPage.FrontMatterError.self) { try ContentPage.parse("no front matter", file: "c.md", slug: "c") }
        do {
            _ = try ContentPage.parse("---\ntitle: A\ntitel: B\n---\n", file: "content/a.md", slug: "a")
            Issue.record("expected an error")
        } catch let e as ContentPage.FrontMatterError {
            #expect(e.description == "content/a.md:3: unknown front matter key 'titel' (known: title, description, template, order)")
        }
    }

    @Test func searchShardsHoldEveryEntryUnderEachTokenPrefix() throws {
        var index = SearchIndex()
        index.add(.init(name: "VANTREE FOR CONGRESS", url: "/pacs/c1/", kind: "Campaign", detail: "QX", keywords: "C1"))
        index.add(.init(name: "<script>alert(1)</script> ACTION FUND", url: "/pacs/c2/", kind: "Super PAC", detail: "", keywords: "C2"))
        let shards = Dictionary(uniqueKeysWithValues: index.shards().map { ($0.key, String(decoding: $0.json, as: UTF8.self)) })
        #expect(shards.keys.sorted() == ["1_", "ac", "al", "c1", "c2", "co", "fo", "fu", "sc", "va"])
        #expect(shards["va"] == #"{"entries":[{"n":"VANTREE FOR CONGRESS","u":"/pacs/c1/","k":"Campaign","d":"QX","t":["vantree","for","congress","c1"]}]}"#)
        #expect(shards["sc"]!.contains(#""n":"\u003cscript\u003ealert(1)\u003c/script\u003e ACTION FUND""#))
    }
}
