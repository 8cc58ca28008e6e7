import Foundation
import Testing
@testable import Site
import TestSupport

/// The Mustache parser, the JSON reader and the Markdown renderer, fed seeded mutations of the
/// project's own templates, page documents and content: each may reject an input with an
/// error, and must never trap or hang.
@Suite struct TemplateFuzzTests {
    @Test func mustacheTemplates() throws {
        let root = TestEnvironment.projectRoot.appendingPathComponent("templates")
        let inputs = try ["committee.mustache", "politician.mustache", "base.mustache"].compactMap { name -> [UInt8]? in
            let url = root.appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: url.path) ? Array(try Data(contentsOf: url)) : nil
        }
        #expect(inputs.count >= 2)
        let runs = Mutator.fuzz(seeds: inputs, seed: 11) { bytes in
            _ = try Parser(source: String(decoding: bytes, as: UTF8.self), file: "fuzz.mustache").parse()
        }
        #expect(runs == inputs.count * Mutator.runs)
    }

    @Test func jsonDocuments() throws {
        let schema = try Array(Data(contentsOf: TestEnvironment.projectRoot.appendingPathComponent("templates/schemas/committee.schema.json")))
        let document = Array(#"{"name": "A \"quoted\" name", "n": [1, -2.5e3, true, null, {"x": "\u00e9\ud83d\ude00"}]}"#.utf8)
        Mutator.fuzz(seeds: [schema, document], seed: 12) { bytes in _ = try Value.parseJSON(Data(bytes)) }
    }

    /// cmark-gfm (a C library) under content pages and Markdown reports: besides not crashing,
    /// whatever the bytes, its HTML carries no script and no `javascript:` link, since raw
    /// HTML in the source is omitted and unsafe link schemes dropped.
    @Test func markdownContent() throws {
        let root = TestEnvironment.projectRoot.appendingPathComponent("content")
        let seeds = try ["methodology.md", "reports/sponsored-travel.md"].map { Array(try Data(contentsOf: root.appendingPathComponent($0))) }
            + [Array("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n| a | b |\n|---|---|\n| <b>1</b> | 2 |\n".utf8)]
        var unsafe: [String] = []
        let runs = Mutator.fuzz(seeds: seeds, seed: 15) { bytes in
            let html = Markdown.html(String(decoding: bytes, as: UTF8.self)).lowercased()
            if html.contains("<script") || html.contains("href=\"javascript:") || html.contains("<img src=x") { unsafe.append(html) }
        }
        #expect(runs == seeds.count * Mutator.runs)
        #expect(unsafe.isEmpty, "\(unsafe.prefix(1))")
    }
}
