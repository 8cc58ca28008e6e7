import Testing

@testable import Site

@Suite struct TemplateTests {
    func errorOf(_ source: String, partials: [String: String] = [:]) -> TemplateError? {
        var sources = partials
        sources["page"] = source
        do {
            _ = try TemplateSet(sources: sources, files: ["page": "templates/page.mustache"], strict: true)
            return nil
        } catch let e as TemplateError { return e } catch { return nil }
    }

    @Test func errorsNameFileLineAndColumn() {
        #expect(errorOf("<p>\n  {{#rows}}\n  {{name}}\n")?.description == "templates/page.mustache:2:3: 'rows' is never closed")
        #expect(errorOf("a\nb {{/rows}}")?.description == "templates/page.mustache:2:3: '{{/rows}}' closes nothing")
        #expect(errorOf("{{#a}}\n{{/b}}")?.description == "templates/page.mustache:2:1: '{{/b}}' does not close 'a' (opened at 1:1)")
        #expect(errorOf("x {{name")?.description == "templates/page.mustache:1:3: unclosed tag: no }} after {{")
        #expect(errorOf("{{> partials/missing}}")?.description == "templates/page.mustache:1:1: no template named 'partials/missing' (looked in 1 templates)")
        #expect(errorOf("{{=<% %>}}")?.description == "templates/page.mustache:1:1: set-delimiter tag must end with '='")
    }

    @Test func hostileTextIsEscapedInTextAndAttributes() throws {
        let set = try TemplateSet(sources: ["page": #"<a title="{{name}}" data-x='{{name}}'>{{name}}</a>{{{name}}}"#])
        let name = #"<script>alert(1)</script>"><img src=x onerror='alert(1)'>&"#
        let html = String(decoding: try Renderer(set).render("page", [["name": .string(name)]]), as: UTF8.self)
        let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;"
        #expect(html == #"<a title="\#(escaped)" data-x='\#(escaped)'>\#(escaped)</a>"# + name)
    }

    @Test func moneyRendersForReadersAndExactlyInJSON() throws {
        let set = try TemplateSet(sources: ["page": "{{a}} {{b}} {{c}} {{n}}"])
        let page: Value = ["a": .money(123_456_789), "b": .money(-5), "c": .money(0), "n": .int(-42)]
        #expect(String(decoding: try Renderer(set).render("page", [page]), as: UTF8.self) == "$1,234,567.89 −$0.05 $0.00 -42")
        #expect(String(decoding: page.jsonBytes, as: UTF8.self) == #"{"a":1234567.89,"b":-0.05,"c":0.00,"n":-42}"#)
        let hostile: Value = ["</script><b>": "a\"\\\n\u{1}<&>"]
        #expect(String(decoding: hostile.jsonBytes, as: UTF8.self) == #"{"\u003c/script\u003e\u003cb\u003e":"a\"\\\n\u0001\u003c\u0026\u003e"}"#)
    }
}
