import Core
import Foundation
import Testing

/// Errors as a person reads them: Foundation's file errors become the file and the system's
/// reason; everything else keeps its own description.
@Suite struct ErrorTextTests {
    @Test func fileErrorsNameTheFileAndTheSystemsReason() throws {
        // A write under a regular file: the errno (ENOTDIR) comes with the error.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("error-text-\(getpid())")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let underFile = file.appendingPathComponent("child")
        let write = #expect(throws: (any Error).self) { try Data("y".utf8).write(to: underFile) }
        #expect(ErrorText.describe(try #require(write)) == "\(underFile.path): Not a directory")
        // A missing file read.
        let missing = file.path + "-missing"
        let read = #expect(throws: (any Error).self) { _ = try Data(contentsOf: URL(fileURLWithPath: missing)) }
        #expect(ErrorText.describe(try #require(read)) == "\(missing): No such file or directory")
        // A full disk as Foundation reports it without an errno.
        #expect(ErrorText.describe(CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: "/lake/exports.json"])) == "/lake/exports.json: No space left on device")
    }

    @Test func otherErrorsKeepTheirOwnWords() throws {
        struct Row: Decodable { let a: Int }
        let decoding = #expect(throws: DecodingError.self) { _ = try JSONDecoder().decode(Row.self, from: Data("{}".utf8)) }
        let text = ErrorText.describe(try #require(decoding))
        #expect(text == "\(try #require(decoding))" && text.contains("\"a\""), "\(text)")
        let json = #expect(throws: (any Error).self) { _ = try JSONSerialization.jsonObject(with: Data("{".utf8)) }
        #expect(ErrorText.describe(try #require(json)) == "\(try #require(json))")
    }
}
