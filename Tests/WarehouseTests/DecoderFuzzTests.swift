import CChDB
import Foundation
import Testing
import Sample
import TestSupport
@testable import Warehouse

/// The two decoders that turn a warehouse's bytes into columns, fed seeded mutations: the
/// TabSeparated reader of the server's HTTP answers (bytes over a network) and the Arrow C
/// Data Interface reader of chDB's batches (offsets and indices a producer could get wrong).
/// Each may refuse an input with an error; none may trap, hang or read outside its buffers
/// (the AddressSanitizer run of these suites is in docs/SECURITY.md).
@Suite struct DecoderFuzzTests {
    /// One row per kind of value the server sends, in the exact bytes ClickHouse writes for
    /// `TabSeparatedWithNamesAndTypes` (escapes, NULLs, arrays of quoted strings, old zero dates).
    static let tabSeparated = """
        name\tcommittee\tamount\tcount\tshare\tfiled\tat\tcities\tflag\tmemo
        String\tNullable(String)\tDecimal(18, 2)\tUInt64\tFloat64\tDate\tDateTime\tArray(Nullable(String))\tBool\tLowCardinality(String)
        O\\'Brien\\tJr.\tC00401224\t-1250.50\t18446744073709551615\tnan\t2024-02-29\t2024-11-05 23:59:59\t['Austin','O\\'Fallon',NULL]\ttrue\tline\\nbreak
        <script>\t\\N\t0.01\t0\t-inf\t0000-00-00\t1970-01-01 00:00:00\t[]\tfalse\t\\\\
        \u{202E}\t\\N\t99999999999999.99\t7\t1e-300\t2149-06-06\t2106-02-07 06:28:15\t[NULL]\t1\t

        """

    @Test func tabSeparatedAnswers() throws {
        let seed = Array(Self.tabSeparated.utf8)
        // The seed itself decodes, and to the same columns however the network cuts it.
        let whole = try Self.decode(seed, chunk: seed.count)
        #expect(whole.map(\.rowCount) == [2, 1])
        // (Compared as text: the seed's NaN is not equal to itself.)
        for chunk in [1, 2, 7, 64] { #expect(try "\(Self.decode(seed, chunk: chunk))" == "\(whole)") }

        var cuts = SeededRandom(seed: 21)
        let runs = Mutator.fuzz(seeds: [seed], seed: 20) { bytes in
            _ = try Self.decode(bytes, chunk: 1 + Int(cuts.next() % 97))
        }
        #expect(runs == Mutator.runs)
    }

    /// Decimal digits beyond what 128 bits hold were a trap (found by the run above), and a
    /// type header with a negative or huge scale a trap or a hang (found by a second read):
    /// now decode errors.
    @Test func anOverlongDecimalIsAnErrorNotATrap() throws {
        for text in ["amount\nDecimal(38, 2)\n" + String(repeating: "9", count: 60) + "\n",
                     "amount\nDecimal(18, -2)\n0\n", "amount\nDecimal(18, 99999999999)\n0\n", "amount\nDecimal64(77)\n0\n"] {
            #expect(throws: WarehouseError.self) { try Self.decode(Array(text.utf8), chunk: 1 << 20) }
        }
    }

    static func decode(_ bytes: [UInt8], chunk: Int) throws -> [Batch] {
        var decoder = TabSeparatedDecoder(batchSize: 2)
        var batches: [Batch] = []
        var at = 0
        while at < bytes.count {
            let end = min(bytes.count, at + chunk)
            try bytes[at..<end].withUnsafeBytes { try decoder.feed($0, onSchema: { _ in }, onBatch: { batches.append($0) }) }
            at = end
        }
        try decoder.finish(onSchema: { _ in }, onBatch: { batches.append($0) })
        return batches
    }

    // MARK: Arrow

    /// Dictionary-encoded strings (how chDB sends LowCardinality), lists of integers (Array)
    /// and plain strings with NULLs, with their offsets, indices and lengths mutated inside
    /// buffers of honest size: whatever a producer puts there, the decoder reads only what the
    /// buffers hold and says which column was wrong.
    @Test func arrowOffsetsAndIndices() throws {
        var random = SeededRandom(seed: 22)
        let rows = 6
        var refused = 0
        for run in 0..<(Mutator.runs * 3) {
            let built = ArrowFixture(rows: rows)
            switch run % 3 {
            case 0: built.scramble(\ArrowFixture.indices, &random)
            case 1: built.scramble(\ArrowFixture.listOffsets, &random)
            default: built.scramble(\ArrowFixture.stringOffsets, &random)
            }
            // A shorter array, but not for the strings: their last offset would then be a scrambled one.
            if run % 3 != 2, random.next() % 4 == 0 { built.length = Int64(random.next() % UInt64(rows + 1)) }
            do { try built.decode() } catch { refused += 1 }
        }
        // Most mutations leave an inconsistent array, which must be refused, not read.
        #expect(refused > Mutator.runs)
        // The fixture untouched decodes to its values.
        let clean = try ArrowFixture(rows: rows).decode()
        #expect(clean.map { $0.map(\.description) } == [
            ["Austin", "Boise", "NULL", "Austin", "Boise", "NULL"],
            ["[0,1]", "[2,3]", "[4,5]", "[6,7]", "[8,9]", "[10,11]"],
            ["C00", "401", "NULL", "C00", "703", "NULL"],
        ])
    }
}

/// Arrow arrays built by hand in buffers the test owns, the way chDB lays them out.
final class ArrowFixture {
    var indices: [Int32]
    var listOffsets: [Int32]
    var stringOffsets: [Int32]
    let dictionaryOffsets: [Int32] = [0, 6, 11, 11]
    let dictionaryBytes = Array("AustinBoise".utf8)
    let listValues: [Int64]
    let stringBytes = Array("C00401224C00703975".utf8)
    var length: Int64

    init(rows: Int) {
        indices = (0..<rows).map { Int32($0 % 3) }
        listOffsets = (0...rows).map { Int32($0 * 2) }
        listValues = (0..<(rows * 2)).map { Int64($0) }
        stringOffsets = (0...rows).map { Int32(min($0 * 3, 18)) }
        length = Int64(rows)
    }

    /// Changes one value. A string column's last offset is left alone: the C Data Interface
    /// carries no buffer sizes, so that offset is the producer's word for where the bytes end.
    func scramble(_ buffer: ReferenceWritableKeyPath<ArrowFixture, [Int32]>, _ random: inout SeededRandom) {
        let count = self[keyPath: buffer].count - (buffer == \ArrowFixture.stringOffsets ? 1 : 0)
        let at = Int(random.next() % UInt64(count))
        let values: [Int32] = [-1, 0, 1, 2, 3, 11, 12, 13, 18, 19, 1 << 20, .max, .min]
        self[keyPath: buffer][at] = values[Int(random.next() % UInt64(values.count))]
    }

    /// Decodes the three columns from C structures pointing into this object's arrays and
    /// reads every value of each, as a page query would: an accepted column must be whole.
    @discardableResult
    func decode() throws -> [[Value]] {
        var columns: [Column] = []
        try withArrays { dictionary, list, strings in
            let city = ArrowDecoder.Field(name: "city", format: "i", nullable: true, children: [],
                                          dictionary: .init(.init(name: "city", format: "u", nullable: false, children: [], dictionary: nil)))
            columns.append(try ArrowDecoder.column(city, dictionary))
            let item = ArrowDecoder.Field(name: "item", format: "l", nullable: false, children: [], dictionary: nil)
            columns.append(try ArrowDecoder.column(.init(name: "amounts", format: "+l", nullable: false, children: [item], dictionary: nil), list))
            columns.append(try ArrowDecoder.column(.init(name: "committee", format: "u", nullable: true, children: [], dictionary: nil), strings))
        }
        return columns.map { column in (0..<column.count).map { column.value($0) } }
    }

    private func withArrays(_ body: (UnsafePointer<ArrowArray>, UnsafePointer<ArrowArray>, UnsafePointer<ArrowArray>) throws -> Void) throws {
        // Every third city and committee is NULL: a validity bitmap with bits 0, 1, 3, 4 set
        // (the NULL slots' dictionary indices may be anything, and are scrambled too).
        let validity: [UInt8] = [0b0001_1011]
        try indices.withUnsafeBytes { indices in
        try dictionaryOffsets.withUnsafeBytes { dictionaryOffsets in
        try dictionaryBytes.withUnsafeBytes { dictionaryBytes in
        try listOffsets.withUnsafeBytes { listOffsets in
        try listValues.withUnsafeBytes { listValues in
        try stringOffsets.withUnsafeBytes { stringOffsets in
        try stringBytes.withUnsafeBytes { stringBytes in
        try validity.withUnsafeBytes { validity in
            var dictionaryBuffers: [UnsafeRawPointer?] = [nil, dictionaryOffsets.baseAddress, dictionaryBytes.baseAddress]
            var indexBuffers: [UnsafeRawPointer?] = [validity.baseAddress, indices.baseAddress]
            var valueBuffers: [UnsafeRawPointer?] = [nil, listValues.baseAddress]
            var listBuffers: [UnsafeRawPointer?] = [nil, listOffsets.baseAddress]
            var stringBuffers: [UnsafeRawPointer?] = [validity.baseAddress, stringOffsets.baseAddress, stringBytes.baseAddress]
            try dictionaryBuffers.withUnsafeMutableBufferPointer { dictionaryBuffers in
            try indexBuffers.withUnsafeMutableBufferPointer { indexBuffers in
            try valueBuffers.withUnsafeMutableBufferPointer { valueBuffers in
            try listBuffers.withUnsafeMutableBufferPointer { listBuffers in
            try stringBuffers.withUnsafeMutableBufferPointer { stringBuffers in
                var dictionary = Self.array(length: Int64(dictionaryOffsets.count / 4 - 1), buffers: dictionaryBuffers, count: 3)
                try withUnsafeMutablePointer(to: &dictionary) { dictionary in
                    var city = Self.array(length: length, buffers: indexBuffers, count: 2)
                    city.null_count = 2
                    city.dictionary = dictionary
                    var values = Self.array(length: Int64(listValues.count / 8), buffers: valueBuffers, count: 2)
                    try withUnsafeMutablePointer(to: &values) { values in
                        var children: [UnsafeMutablePointer<ArrowArray>?] = [values]
                        try children.withUnsafeMutableBufferPointer { children in
                            var list = Self.array(length: length, buffers: listBuffers, count: 2)
                            list.n_children = 1
                            list.children = children.baseAddress
                            var strings = Self.array(length: length, buffers: stringBuffers, count: 3)
                            strings.null_count = 2
                            try body(&city, &list, &strings)
                        }
                    }
                }
            }}}}}
        }}}}}}}}
    }

    private static func array(length: Int64, buffers: UnsafeMutableBufferPointer<UnsafeRawPointer?>, count: Int64) -> ArrowArray {
        ArrowArray(length: length, null_count: 0, offset: 0, n_buffers: count, n_children: 0,
                   buffers: buffers.baseAddress, children: nil, dictionary: nil, release: nil, private_data: nil)
    }
}
