import CChDB
import Foundation

/// Decodes Arrow C Data Interface batches (as chDB's ADBC driver produces them) into owned
/// `Batch` values: validity bitmaps, offsets and value buffers are copied once, with the
/// array's `offset` applied, so the Arrow memory can be released right after.
enum ArrowDecoder {
    /// A schema node with the ClickHouse type it stands for.
    struct Field {
        let name: String
        let format: String
        let nullable: Bool
        let children: [Field]
        let dictionary: Box?
        var clickHouseType: String {
            let base = ArrowDecoder.clickHouseType(format: format, children: children, dictionary: dictionary?.field)
            return nullable ? "Nullable(\(base))" : base
        }
        var info: ColumnInfo { ColumnInfo(name: name, type: clickHouseType) }
    }

    final class Box { let field: Field; init(_ field: Field) { self.field = field } }

    static func field(_ schema: UnsafePointer<ArrowSchema>) -> Field {
        let s = schema.pointee
        var children: [Field] = []
        for i in 0..<Int(s.n_children) {
            if let child = s.children[i] { children.append(field(child)) }
        }
        return Field(name: s.name.map { String(cString: $0) } ?? "",
                     format: s.format.map { String(cString: $0) } ?? "",
                     nullable: (s.flags & Int64(SPOTLIGHT_ARROW_FLAG_NULLABLE)) != 0,
                     children: children,
                     dictionary: s.dictionary.map { Box(field($0)) })
    }

    static func clickHouseType(format: String, children: [Field], dictionary: Field?) -> String {
        if let dictionary { return "LowCardinality(\(dictionary.clickHouseType))" }
        switch format {
        case "n": return "Nothing"
        case "b": return "Bool"
        case "c": return "Int8"
        case "C": return "UInt8"
        case "s": return "Int16"
        case "S": return "UInt16"
        case "i": return "Int32"
        // DateTime also arrives as `I`: Arrow carries no ClickHouse DateTime type.
        case "I": return "UInt32"
        case "l": return "Int64"
        case "L": return "UInt64"
        case "e": return "Float16"
        case "f": return "Float32"
        case "g": return "Float64"
        case "u", "U", "vu", "z", "Z", "vz": return "String"
        case "tdD", "tdm": return "Date"
        case "+l", "+L":
            return "Array(\(children.first?.clickHouseType ?? "Nothing"))"
        default:
            if format.hasPrefix("w:") { return "FixedString(\(format.dropFirst(2)))" }
            if format.hasPrefix("d:") {
                let parts = format.dropFirst(2).split(separator: ",")
                if parts.count >= 2 { return "Decimal(\(parts[0]), \(parts[1]))" }
            }
            if format.hasPrefix("ts") { return "DateTime64" }
            return "Arrow(\(format))"
        }
    }

    static func column(_ field: Field, _ array: UnsafePointer<ArrowArray>) throws -> Column {
        let a = array.pointee
        let length = Int(a.length)
        let offset = Int(a.offset)
        let nulls = (a.null_count != 0 && a.n_buffers > 0) ? bitmap(a.buffers[0], offset: offset, length: length, invert: true) : nil

        if let dictionary = field.dictionary?.field {
            guard let dictArray = a.dictionary else { throw decodeError(field, "dictionary column without dictionary values") }
            let dict = try column(dictionary, dictArray)
            let indices = try integers(field, a, offset: offset, length: length)
            // A NULL slot's index may be anything (the format leaves it undefined): read as 0.
            let count = dict.count
            var checked = indices
            for i in checked.indices where !(0..<count).contains(checked[i]) {
                guard nulls?[i] == true, count > 0 else { throw decodeError(field, "dictionary index \(checked[i]) outside its \(count) values") }
                checked[i] = 0
            }
            return Column(info: field.info, values: try gather(dict.values, indices: checked, field: field), nulls: nulls)
        }

        let values: ColumnValues
        switch field.format {
        case "n": // Nullable(Nothing): every row is NULL and there are no buffers.
            return Column(info: field.info, values: .string(StringColumn(bytes: [], offsets: Array(repeating: 0, count: length + 1))),
                          nulls: Array(repeating: true, count: length))
        case "c": values = .int(widen(a.buffers[1], Int8.self, offset, length))
        case "s": values = .int(widen(a.buffers[1], Int16.self, offset, length))
        case "i": values = .int(widen(a.buffers[1], Int32.self, offset, length))
        case "l": values = .int(copy(a.buffers[1], Int64.self, offset, length))
        case "C": values = .uint(widen(a.buffers[1], UInt8.self, offset, length))
        case "S": values = .uint(widen(a.buffers[1], UInt16.self, offset, length))
        case "I": values = .uint(widen(a.buffers[1], UInt32.self, offset, length))
        case "L": values = .uint(copy(a.buffers[1], UInt64.self, offset, length))
        case "f": values = .float(widen(a.buffers[1], Float.self, offset, length))
        case "g": values = .float(copy(a.buffers[1], Double.self, offset, length))
        case "b": values = .bool(bitmap(a.buffers[1], offset: offset, length: length, invert: false) ?? Array(repeating: false, count: length))
        case "u", "z": values = .string(try strings(field, a, Int32.self, offset: offset, length: length))
        case "U", "Z": values = .string(try strings(field, a, Int64.self, offset: offset, length: length))
        case "tdD": values = .date(copy(a.buffers[1], Int32.self, offset, length))
        case "tdm": values = .date(copy(a.buffers[1], Int64.self, offset, length).map { Int32($0 / 86_400_000) })
        case "+l":
            guard let childField = field.children.first, let child = a.children[0] else { throw decodeError(field, "list without a child array") }
            var raw = copy(a.buffers[1], Int32.self, offset, length + 1).map { Int($0) }
            if length == 0 && raw.isEmpty { raw = [0] }  // an empty list column may come without offsets
            let elements = try column(childField, child)
            guard raw.count == length + 1, ascending(raw, within: elements.count) else { throw decodeError(field, "list offsets out of order or beyond the child's \(elements.count) values") }
            values = .array(offsets: raw, elements: elements)
        default:
            if field.format.hasPrefix("w:"), let width = Int(field.format.dropFirst(2)) {
                var column = StringColumn()
                column.bytes = copy(a.buffers[1], UInt8.self, offset * width, length * width)
                column.offsets = (0...length).map { $0 * width }
                values = .string(column)
            } else if field.format.hasPrefix("d:") {
                let parts = field.format.dropFirst(2).split(separator: ",")
                let scale = parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
                let bits = parts.count >= 3 ? Int(parts[2]) ?? 128 : 128
                guard (0...76).contains(scale) else { throw decodeError(field, "decimal scale \(scale) out of range") }
                switch bits {
                case 32: values = .decimal(widen(a.buffers[1], Int32.self, offset, length), scale: scale)
                case 64: values = .decimal(widen(a.buffers[1], Int64.self, offset, length), scale: scale)
                case 128: values = .decimal(copy(a.buffers[1], Int128.self, offset, length), scale: scale)
                default: throw decodeError(field, "\(bits)-bit decimals are not supported")
                }
            } else if field.format.hasPrefix("ts") {
                let divisor: Int64 = switch field.format.dropFirst(2).first {
                case "m": 1_000
                case "u": 1_000_000
                case "n": 1_000_000_000
                default: 1
                }
                values = .dateTime(copy(a.buffers[1], Int64.self, offset, length).map { $0 / divisor })
            } else {
                throw decodeError(field, "Arrow format \(field.format) is not supported")
            }
        }
        return Column(info: field.info, values: values, nulls: nulls)
    }

    /// Gives a decoded column its exact ClickHouse type, converting what Arrow could not carry:
    /// DateTime arrives as UInt32 seconds.
    static func retype(_ column: Column, as type: String?) -> Column {
        guard let type else { return column }
        let info = ColumnInfo(name: column.info.name, type: type)
        let isDateTime = type.hasPrefix("DateTime") || type.hasPrefix("Nullable(DateTime")
        if isDateTime, case .uint(let seconds) = column.values {
            return Column(info: info, values: .dateTime(seconds.map { Int64($0) }), nulls: column.nulls)
        }
        return Column(info: info, values: column.values, nulls: column.nulls)
    }

    private static func decodeError(_ field: Field, _ message: String) -> WarehouseError {
        WarehouseError(.decode, "column \(field.name) (\(field.clickHouseType)): \(message)")
    }

    private static func copy<T>(_ buffer: UnsafeRawPointer?, _: T.Type, _ offset: Int, _ length: Int) -> [T] {
        guard let buffer, length > 0 else { return [] }
        let typed = buffer.assumingMemoryBound(to: T.self) + offset
        return Array(UnsafeBufferPointer(start: typed, count: length))
    }

    private static func widen<T: BinaryInteger, R: FixedWidthInteger>(_ buffer: UnsafeRawPointer?, _: T.Type, _ offset: Int, _ length: Int) -> [R] {
        guard let buffer, length > 0 else { return [] }
        let typed = UnsafeBufferPointer(start: buffer.assumingMemoryBound(to: T.self) + offset, count: length)
        return typed.map { R($0) }
    }

    private static func widen(_ buffer: UnsafeRawPointer?, _: Float.Type, _ offset: Int, _ length: Int) -> [Double] {
        guard let buffer, length > 0 else { return [] }
        return UnsafeBufferPointer(start: buffer.assumingMemoryBound(to: Float.self) + offset, count: length).map { Double($0) }
    }

    /// Arrow bitmaps are LSB-first. With `invert`, a validity bitmap becomes "is NULL" flags.
    private static func bitmap(_ buffer: UnsafeRawPointer?, offset: Int, length: Int, invert: Bool) -> [Bool]? {
        guard let buffer else { return nil }
        let bytes = buffer.assumingMemoryBound(to: UInt8.self)
        return [Bool](unsafeUninitializedCapacity: length) { out, count in
            for i in 0..<length {
                let bit = offset + i
                let set = bytes[bit >> 3] & (1 << UInt8(bit & 7)) != 0
                out[i] = set != invert
            }
            count = length
        }
    }

    /// The last offset is where the producer says the bytes end (the interface carries no
    /// buffer sizes); offsets running backwards would read outside them, so they are refused.
    private static func strings<O: FixedWidthInteger>(_ field: Field, _ a: ArrowArray, _: O.Type, offset: Int, length: Int) throws -> StringColumn {
        guard length > 0, let rawOffsets = a.buffers[1] else { return StringColumn() }
        let offsets = rawOffsets.assumingMemoryBound(to: O.self) + offset
        let start = Int(offsets[0])
        let end = Int(offsets[length])
        guard start >= 0, ascending(UnsafeBufferPointer(start: offsets, count: length + 1), within: end) else {
            throw decodeError(field, "string offsets out of order")
        }
        var column = StringColumn()
        if end > start, let data = a.buffers[2] {
            column.bytes = Array(UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self) + start, count: end - start))
        }
        column.offsets = [Int](unsafeUninitializedCapacity: length + 1) { out, count in
            for i in 0...length { out[i] = Int(offsets[i]) - start }
            count = length + 1
        }
        return column
    }

    /// Offsets from 0 or more, never decreasing, none past `limit`.
    private static func ascending<C: Collection>(_ offsets: C, within limit: Int) -> Bool where C.Element: BinaryInteger {
        var previous = 0
        for value in offsets {
            let v = Int(value)
            guard v >= previous, v <= limit else { return false }
            previous = v
        }
        return true
    }

    private static func integers(_ field: Field, _ a: ArrowArray, offset: Int, length: Int) throws -> [Int] {
        switch field.format {
        case "c": return widen(a.buffers[1], Int8.self, offset, length)
        case "C": return widen(a.buffers[1], UInt8.self, offset, length)
        case "s": return widen(a.buffers[1], Int16.self, offset, length)
        case "S": return widen(a.buffers[1], UInt16.self, offset, length)
        case "i": return widen(a.buffers[1], Int32.self, offset, length)
        case "I": return widen(a.buffers[1], UInt32.self, offset, length)
        case "l": return widen(a.buffers[1], Int64.self, offset, length)
        case "L": return widen(a.buffers[1], UInt64.self, offset, length)
        default: throw decodeError(field, "dictionary index format \(field.format) is not supported")
        }
    }

    /// Resolves dictionary indices (LowCardinality) into plain values.
    private static func gather(_ values: ColumnValues, indices: [Int], field: Field) throws -> ColumnValues {
        switch values {
        case .string(let dict):
            var out = StringColumn()
            out.offsets.reserveCapacity(indices.count + 1)
            for i in indices { out.append(dict.bytes[dict.offsets[i]..<dict.offsets[i + 1]]) }
            return .string(out)
        case .int(let v): return .int(indices.map { v[$0] })
        case .uint(let v): return .uint(indices.map { v[$0] })
        case .float(let v): return .float(indices.map { v[$0] })
        case .date(let v): return .date(indices.map { v[$0] })
        case .dateTime(let v): return .dateTime(indices.map { v[$0] })
        case .decimal(let v, let scale): return .decimal(indices.map { v[$0] }, scale: scale)
        case .bool(let v): return .bool(indices.map { v[$0] })
        case .array: throw decodeError(field, "dictionary of arrays is not supported")
        }
    }
}
