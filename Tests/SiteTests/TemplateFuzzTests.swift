import Foundation
import Testing
@testable import Site
import TestSupport

/// The Mustache parser and the JSON reader, fed seeded mutations of the project's own templates
/// and page documents: each may reject an input with an error, and must never trap or hang.
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
}
