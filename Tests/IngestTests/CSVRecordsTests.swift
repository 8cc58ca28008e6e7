import Foundation
import Testing
@testable import Ingest

@Suite struct CSVRecordsTests {
    func records(_ text: String) throws -> [(Int, String, [String])] {
        var out: [(Int, String, [String])] = []
        try CSVRecords.parse(Data(text.utf8)) { out.append(($0, $1, $2)) }
        return out
    }

    @Test func quotesCommasDoubledQuotesAndNewlines() throws {
        let parsed = try records("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nplain,,last")
        #expect(parsed.map(\.0) == [1, 2, 4])
        #expect(parsed.map(\.2) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["plain", "", "last"]])
        #expect(parsed[1].1 == "\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"")
    }

    @Test func unclosedQuoteNamesItsLine() {
        #expect(throws: IngestError.input("line 2: a quoted field is never closed")) {
            _ = try records("h\n\"open,\nmore\n")
        }
    }

    @Test func convertWritesJSONLinesAndCountsRecords() throws {
        let dir = FileManager.default.temporaryDirectory
        let input = dir.appendingPathComponent("csv-\(getpid()).csv"), output = dir.appendingPathComponent("csv-\(getpid()).jsonl")
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: output) }
        try "id,name\n1,\"<b>\"\n".write(to: input, atomically: true, encoding: .utf8)
        let result = try CSVRecords.convert(input, to: output)
        #expect(result == CSVRecords.Result(header: ["id", "name"], records: 1))
        #expect(try String(contentsOf: output, encoding: .utf8) == "{\"line\":2,\"raw\":\"1,\\\"\\u003cb\\u003e\\\"\",\"f\":[\"1\",\"\\u003cb\\u003e\"]}\n")
    }
}
