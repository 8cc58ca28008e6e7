import Foundation
import Testing
import TestSupport

@testable import Site

/// The official Mustache spec, run file by file: every test's template, partials and data
/// rendered by our renderer must equal the spec's expected text exactly. Lambdas and dynamic
/// names are optional parts of the spec and not implemented.
@Suite struct MustacheSpecTests {
    struct SpecCase: CustomTestStringConvertible, Sendable {
        let file: String
        let name: String
        let template: String
        let partials: [String: String]
        let data: Value
        let expected: String
        var testDescription: String { "\(file): \(name)" }
    }

    static let files = ["comments", "delimiters", "interpolation", "inverted", "partials", "sections", "~inheritance"]

    static func cases(_ file: String) -> [SpecCase] {
        guard let dir = TestEnvironment.mustacheSpecs,
            let data = FileManager.default.contents(atPath: dir.appendingPathComponent("\(file).json").path),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let tests = root["tests"] as? [[String: Any]]
        else { return [] }
        return tests.map { t in
            SpecCase(
                file: file, name: t["name"] as! String, template: t["template"] as! String,
                partials: t["partials"] as? [String: String] ?? [:], data: Value.from(t["data"]!),
                expected: t["expected"] as! String)
        }
    }

    @Test(
        "every case of the required spec files", .enabled(if: TestEnvironment.mustacheSpecs != nil, "../shared/specs/mustache is absent"),
        arguments: files)
    func specFile(_ file: String) throws {
        let cases = Self.cases(file)
        let counts = ["comments": 12, "delimiters": 14, "interpolation": 42, "inverted": 22, "partials": 12, "sections": 34, "~inheritance": 27]
        #expect(cases.count == counts[file])
        for c in cases {
            var sources = c.partials
            sources["__template__"] = c.template
            let set = try TemplateSet(sources: sources)
            let output = try Renderer(set).render("__template__", [c.data])
            #expect(String(decoding: output, as: UTF8.self) == c.expected, "\(c.file): \(c.name)")
        }
    }
}
