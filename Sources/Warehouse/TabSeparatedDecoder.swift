import Foundation

/// Streaming decoder for ClickHouse's `TabSeparatedWithNamesAndTypes` output, which every
/// server version since 2016 speaks. Feed it chunks as they arrive; it emits batches of
/// `batchSize` rows and keeps only the unfinished line between chunks.
struct TabSeparatedDecoder {
    let batchSize: Int
    private var pending: [UInt8] = []
    private var names: [String]?
    private(set) var columns: [ColumnInfo]?
    private var builders: [ColumnBuilder] = []
    private var rowsInBatch = 0
    private(set) var line = 0

    init(batchSize: Int = 65_536) { self.batchSize = batchSize }

    /// Consumes a chunk; calls `onSchema` when the header is complete and `onBatch` per full batch.
    mutating func feed(_ chunk: UnsafeRawBufferPointer,
                       onSchema: ([ColumnInfo]) throws -> Void,
                       onBatch: (Batch) throws -> Void) throws {
        var start = 0
        let bytes = chunk.bindMemory(to: UInt8.self)
        var index = 0
        while index < bytes.count {
            // memchr is much faster than a Swift byte loop for long lines.
            guard let found = memchr(bytes.baseAddress! + index, 0x0A, bytes.count - index) else { break }
            let newline = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if pending.isEmpty {
                try consumeLine(UnsafeBufferPointer(rebasing: bytes[start..<newline]), onSchema: onSchema, onBatch: onBatch)
            } else {
                pending.append(contentsOf: bytes[start..<newline])
                let lineBytes = pending
                pending.removeAll(keepingCapacity: true)
                try lineBytes.withUnsafeBufferPointer { try consumeLine($0, onSchema: onSchema, onBatch: onBatch) }
            }
            start = newline + 1
            index = start
        }
        if start < bytes.count { pending.append(contentsOf: bytes[start...]) }
    }

    /// Ends the stream: flushes the last partial batch. A dangling partial line means the
    /// response was cut off (or carries a mid-stream exception), which is an error.
    mutating func finish(onSchema: ([ColumnInfo]) throws -> Void, onBatch: (Batch) throws -> Void) throws {
        if !pending.isEmpty {
            let text = String(decoding: pending, as: UTF8.self)
            throw WarehouseError(.query, code: WarehouseError.clickHouseCode(in: text),
                                 text.hasPrefix("Code:") ? text : "result ended in the middle of line \(line + 1)")
        }
        if columns == nil {
            // Statements without a result set send no header at all.
            columns = []
            try onSchema([])
        }
        try flush(onBatch)
    }

    private mutating func consumeLine(_ bytes: UnsafeBufferPointer<UInt8>,
                                      onSchema: ([ColumnInfo]) throws -> Void,
                                      onBatch: (Batch) throws -> Void) throws {
        line += 1
        if names == nil {
            names = TabSeparatedDecoder.split(bytes).map { TabSeparatedDecoder.unescape($0) }
            return
        }
        if columns == nil {
            let types = TabSeparatedDecoder.split(bytes).map { TabSeparatedDecoder.unescape($0) }
            guard let names, types.count == names.count else {
                throw WarehouseError(.decode, "header has \(names?.count ?? 0) names but \(types.count) types")
            }
            let infos = zip(names, types).map { ColumnInfo(name: $0, type: $1) }
            builders = try infos.map { try ColumnBuilder(info: $0) }
            columns = infos
            try onSchema(infos)
            return
        }
        // A server that fails after sending rows appends its exception as plain text.
        if bytes.starts(with: Array("Code: ".utf8)) {
            let text = String(decoding: bytes, as: UTF8.self)
            throw WarehouseError(.query, code: WarehouseError.clickHouseCode(in: text), text)
        }
        var field = 0
        var fieldStart = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x09 {
            guard field < builders.count else { break }
            try builders[field].append(UnsafeBufferPointer(rebasing: bytes[fieldStart..<i]), line: line)
            field += 1
            fieldStart = i + 1
        }
        guard field == builders.count, fieldStart > bytes.count else {
            throw WarehouseError(.decode, "line \(line) has a different number of fields than the header (\(builders.count))")
        }
        rowsInBatch += 1
        if rowsInBatch == batchSize { try flush(onBatch) }
    }

    private mutating func flush(_ onBatch: (Batch) throws -> Void) throws {
        guard rowsInBatch > 0 else { return }
        let batch = Batch(columns: builders.map { $0.take() }, rowCount: rowsInBatch)
        rowsInBatch = 0
        try onBatch(batch)
    }

    static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [UnsafeBufferPointer<UInt8>] {
        var fields: [UnsafeBufferPointer<UInt8>] = []
        var start = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x09 {
            fields.append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            start = i + 1
        }
        return fields
    }

    /// TabSeparated escapes: `\t \n \r \b \f \0 \\ \' \N`-style backslash sequences.
    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out = [UInt8]()
        unescape(bytes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard bytes.contains(0x5C) else { out.append(contentsOf: bytes); return }
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x5C, i + 1 < bytes.count {
                i += 1
                switch bytes[i] {
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "0"): out.append(0x00)
                case UInt8(ascii: "a"): out.append(0x07)
                case UInt8(ascii: "v"): out.append(0x0B)
                default: out.append(bytes[i])
                }
            } else {
                out.append(byte)
            }
            i += 1
        }
    }
}

/// Accumulates one column's text fields into typed values.
private final class ColumnBuilder {
    let info: ColumnInfo
    let type: ClickHouseType
    private var ints: [Int64] = []
    private var uints: [UInt64] = []
    private var floats: [Double] = []
    private var bools: [Bool] = []
    private var strings = StringColumn()
    private var decimals: [Int128] = []
    private var dates: [Int32] = []
    private var dateTimes: [Int64] = []
    private var arrayOffsets: [Int] = [0]
    private var element: ColumnBuilder?
    private var nulls: [Bool] = []
    private var anyNull = false
    private var count = 0

    init(info: ColumnInfo) throws {
        self.info = info
        self.type = try ClickHouseType(parsing: info.type)
        if case .array = type.base {
            // Array is always the outermost wrapper: `Array(Nullable(String))`.
            let inner = String(info.type.trimmingCharacters(in: .whitespaces).dropFirst("Array(".count).dropLast())
            element = try ColumnBuilder(info: ColumnInfo(name: info.name, type: inner))
        }
    }

    func append(_ field: UnsafeBufferPointer<UInt8>, line: Int) throws {
        count += 1
        if type.isNullable {
            let isNull = field.count == 2 && field[0] == 0x5C && field[1] == UInt8(ascii: "N")
            nulls.append(isNull)
            if isNull { anyNull = true; appendDefault(); return }
        }
        try appendValue(field, line: line, quoted: false)
    }

    private func appendDefault() {
        switch type.base {
        case .signed: ints.append(0)
        case .unsigned: uints.append(0)
        case .float: floats.append(0)
        case .bool: bools.append(false)
        case .string, .nothing: strings.append(EmptyCollection<UInt8>())
        case .decimal: decimals.append(0)
        case .date: dates.append(0)
        case .dateTime: dateTimes.append(0)
        case .array: arrayOffsets.append(arrayOffsets.last!)
        case .nullable, .lowCardinality: break
        }
    }

    /// `quoted` is true for array elements, which ClickHouse writes as `'text'`.
    fileprivate func appendValue(_ field: UnsafeBufferPointer<UInt8>, line: Int, quoted: Bool) throws {
        func bad() -> WarehouseError {
            WarehouseError(.decode, "line \(line): column \(info.name) (\(info.type)): cannot read \"\(String(decoding: field, as: UTF8.self))\"")
        }
        switch type.base {
        case .signed:
            guard let v = Int64(String(decoding: field, as: UTF8.self)) else { throw bad() }
            ints.append(v)
        case .unsigned:
            guard let v = UInt64(String(decoding: field, as: UTF8.self)) else { throw bad() }
            uints.append(v)
        case .float:
            let text = String(decoding: field, as: UTF8.self)
            switch text {
            case "nan", "-nan": floats.append(.nan)
            case "inf", "+inf": floats.append(.infinity)
            case "-inf": floats.append(-.infinity)
            default:
                guard let v = Double(text) else { throw bad() }
                floats.append(v)
            }
        case .bool:
            let text = String(decoding: field, as: UTF8.self)
            guard text == "true" || text == "false" || text == "1" || text == "0" else { throw bad() }
            bools.append(text == "true" || text == "1")
        case .string, .nothing:
            var out = [UInt8]()
            var body = field
            if quoted, body.count >= 2, body.first == 0x27, body.last == 0x27 {
                body = UnsafeBufferPointer(rebasing: body[1..<(body.count - 1)])
            }
            TabSeparatedDecoder.unescape(body, into: &out)
            strings.append(out)
        case .decimal(let scale):
            guard let v = ColumnBuilder.parseDecimal(field, scale: scale) else { throw bad() }
            decimals.append(v)
        case .date:
            guard let days = ColumnBuilder.parseDate(field) else { throw bad() }
            dates.append(Int32(days))
        case .dateTime:
            var body = field
            if quoted, body.count >= 2, body.first == 0x27 { body = UnsafeBufferPointer(rebasing: body[1..<(body.count - 1)]) }
            guard body.count >= 19, let days = ColumnBuilder.parseDate(UnsafeBufferPointer(rebasing: body[0..<10])),
                  let h = Int64(String(decoding: body[11..<13], as: UTF8.self)),
                  let m = Int64(String(decoding: body[14..<16], as: UTF8.self)),
                  let s = Int64(String(decoding: body[17..<19], as: UTF8.self)) else { throw bad() }
            dateTimes.append(days == 0 && body.starts(with: "0000".utf8) ? 0 : days * 86400 + h * 3600 + m * 60 + s)
        case .array:
            guard let element, field.count >= 2, field.first == UInt8(ascii: "["), field.last == UInt8(ascii: "]") else { throw bad() }
            var n = 0
            for item in ColumnBuilder.splitArray(UnsafeBufferPointer(rebasing: field[1..<(field.count - 1)])) {
                if element.type.isNullable {
                    let isNull = item.elementsEqual("NULL".utf8)
                    element.nulls.append(isNull)
                    element.count += 1
                    if isNull { element.anyNull = true; element.appendDefault(); n += 1; continue }
                } else {
                    element.count += 1
                }
                try element.appendValue(item, line: line, quoted: true)
                n += 1
            }
            arrayOffsets.append(arrayOffsets.last! + n)
        case .nullable, .lowCardinality:
            throw bad()
        }
    }

    /// Returns the accumulated column and starts a new one.
    func take() -> Column {
        let values: ColumnValues
        switch type.base {
        case .signed: values = .int(ints); ints = []
        case .unsigned: values = .uint(uints); uints = []
        case .float: values = .float(floats); floats = []
        case .bool: values = .bool(bools); bools = []
        case .string, .nothing, .nullable, .lowCardinality: values = .string(strings); strings = StringColumn()
        case .decimal(let scale): values = .decimal(decimals, scale: scale); decimals = []
        case .date: values = .date(dates); dates = []
        case .dateTime: values = .dateTime(dateTimes); dateTimes = []
        case .array:
            values = .array(offsets: arrayOffsets, elements: element!.take())
            arrayOffsets = [0]
        }
        let column = Column(info: info, values: values, nulls: anyNull ? nulls : nil)
        nulls = []
        anyNull = false
        count = 0
        return column
    }

    static func parseDecimal(_ field: UnsafeBufferPointer<UInt8>, scale: Int) -> Int128? {
        var value: Int128 = 0
        var negative = false
        var fraction = -1
        for (i, byte) in field.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where i == 0: negative = true
            case UInt8(ascii: "."): guard fraction < 0 else { return nil }; fraction = 0
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if fraction >= scale { continue } // ClickHouse never sends extra digits; ignore if any
                // More digits than 128 bits hold is a broken answer, not a trap.
                let (shifted, over) = value.multipliedReportingOverflow(by: 10)
                let (sum, carry) = shifted.addingReportingOverflow(Int128(byte - 48))
                guard !over, !carry else { return nil }
                value = sum
                if fraction >= 0 { fraction += 1 }
            default: return nil
            }
        }
        guard !field.isEmpty else { return nil }
        for _ in max(fraction, 0)..<scale {
            let (shifted, over) = value.multipliedReportingOverflow(by: 10)
            guard !over else { return nil }
            value = shifted
        }
        return negative ? -value : value
    }

    static func parseDate(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
        // Old servers print the zero date as 0000-00-00 rather than 1970-01-01.
        if field.elementsEqual("0000-00-00".utf8) { return 0 }
        guard field.count == 10, field[4] == UInt8(ascii: "-"), field[7] == UInt8(ascii: "-"),
              let y = Int64(String(decoding: field[0..<4], as: UTF8.self)),
              let m = Int64(String(decoding: field[5..<7], as: UTF8.self)),
              let d = Int64(String(decoding: field[8..<10], as: UTF8.self)) else { return nil }
        return Value.days(year: y, month: m, day: d)
    }

    /// Splits `'a','b\'c',NULL` at the commas that are outside quotes.
    static func splitArray(_ body: UnsafeBufferPointer<UInt8>) -> [UnsafeBufferPointer<UInt8>] {
        var items: [UnsafeBufferPointer<UInt8>] = []
        guard !body.isEmpty else { return items }
        var start = 0
        var inQuote = false
        var i = 0
        while i < body.count {
            let byte = body[i]
            if inQuote {
                if byte == 0x5C { i += 1 } else if byte == 0x27 { inQuote = false }
            } else if byte == 0x27 {
                inQuote = true
            } else if byte == UInt8(ascii: ",") {
                items.append(UnsafeBufferPointer(rebasing: body[start..<i]))
                start = i + 1
            }
            i += 1
        }
        items.append(UnsafeBufferPointer(rebasing: body[start..<body.count]))
        return items
    }
}
