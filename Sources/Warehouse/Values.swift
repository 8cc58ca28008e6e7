import Foundation

/// A result column's name and its ClickHouse type, e.g. `Nullable(Decimal(18, 2))`.
public struct ColumnInfo: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let type: String
    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
    public var description: String { "\(name) \(type)" }
}

/// UTF-8 strings of one column, stored as one byte buffer plus offsets, so a 65k-row batch is
/// two allocations rather than 65k. Invalid UTF-8 decodes with replacement characters.
public struct StringColumn: Sendable, Equatable {
    public var bytes: [UInt8]
    /// `count + 1` offsets into `bytes`.
    public var offsets: [Int]

    public init(bytes: [UInt8] = [], offsets: [Int] = [0]) {
        self.bytes = bytes
        self.offsets = offsets
    }

    public var count: Int { offsets.count - 1 }

    public subscript(index: Int) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[offsets[index]..<offsets[index + 1]]), as: UTF8.self)
        }
    }

    public mutating func append<C: Collection>(_ utf8: C) where C.Element == UInt8 {
        bytes.append(contentsOf: utf8)
        offsets.append(bytes.count)
    }
}

/// The values of one column in a batch, in the widest Swift type of their ClickHouse family.
public indirect enum ColumnValues: Sendable, Equatable {
    /// Int8 … Int64.
    case int([Int64])
    /// UInt8 … UInt64 (and DateTime when the engine cannot tell them apart, see `dateTime`).
    case uint([UInt64])
    /// Float32, Float64.
    case float([Double])
    case bool([Bool])
    /// String, LowCardinality(String), FixedString.
    case string(StringColumn)
    /// Decimal(P, S): the unscaled integer and the scale.
    case decimal([Int128], scale: Int)
    /// Date, Date32: days since 1970-01-01.
    case date([Int32])
    /// DateTime: seconds since the epoch, UTC.
    case dateTime([Int64])
    /// Array(T): `count + 1` offsets into the element column.
    case array(offsets: [Int], elements: Column)

    public var count: Int {
        switch self {
        case .int(let v): v.count
        case .uint(let v): v.count
        case .float(let v): v.count
        case .bool(let v): v.count
        case .string(let v): v.count
        case .decimal(let v, _): v.count
        case .date(let v): v.count
        case .dateTime(let v): v.count
        case .array(let offsets, _): offsets.count - 1
        }
    }
}

/// One column of a batch: its values and, for Nullable columns, which rows are NULL.
public struct Column: Sendable, Equatable {
    public let info: ColumnInfo
    public let values: ColumnValues
    /// `nulls[i]` is true where row `i` is NULL; nil when the column has no NULLs in this batch.
    public let nulls: [Bool]?

    public init(info: ColumnInfo, values: ColumnValues, nulls: [Bool]? = nil) {
        self.info = info
        self.values = values
        self.nulls = nulls
    }

    public var count: Int { values.count }

    public func isNull(_ row: Int) -> Bool { nulls?[row] ?? false }

    public func value(_ row: Int) -> Value {
        if isNull(row) { return .null }
        switch values {
        case .int(let v): return .int(v[row])
        case .uint(let v): return .uint(v[row])
        case .float(let v): return .float(v[row])
        case .bool(let v): return .bool(v[row])
        case .string(let v): return .string(v[row])
        case .decimal(let v, let scale): return .decimal(v[row], scale: scale)
        case .date(let v): return .date(v[row])
        case .dateTime(let v): return .dateTime(v[row])
        case .array(let offsets, let elements):
            return .array((offsets[row]..<offsets[row + 1]).map { elements.value($0) })
        }
    }
}

/// Up to ~65k rows of a result, decoded and owned (valid after the engine moves on).
public struct Batch: Sendable, Equatable {
    public let columns: [Column]
    public let rowCount: Int

    public init(columns: [Column], rowCount: Int) {
        self.columns = columns
        self.rowCount = rowCount
    }

    public func value(row: Int, column: Int) -> Value { columns[column].value(row) }

    public func row(_ index: Int) -> [Value] { columns.map { $0.value(index) } }
}

/// One decoded value, for display and for tests. Pipelines read the typed columns directly.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case null
    case int(Int64)
    case uint(UInt64)
    case float(Double)
    case bool(Bool)
    case string(String)
    case decimal(Int128, scale: Int)
    case date(Int32)
    case dateTime(Int64)
    case array([Value])

    /// ClickHouse's own text rendering (as in its TabSeparated output, unescaped).
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .int(let v): return String(v)
        case .uint(let v): return String(v)
        case .float(let v): return Value.formatFloat(v)
        case .bool(let v): return v ? "true" : "false"
        case .string(let v): return v
        case .decimal(let v, let scale): return Value.formatDecimal(v, scale: scale)
        case .date(let days): return Value.formatDate(days: Int64(days))
        case .dateTime(let seconds): return Value.formatDateTime(seconds)
        case .array(let values):
            return "[" + values.map { value -> String in
                if case .string(let s) = value { return "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'" }
                return value.description
            }.joined(separator: ",") + "]"
        }
    }

    static func formatFloat(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    public static func formatDecimal(_ value: Int128, scale: Int) -> String {
        guard scale > 0 else { return String(value) }
        let negative = value < 0
        var digits = String(negative ? (0 - value).magnitude : value.magnitude)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        let point = digits.index(digits.endIndex, offsetBy: -scale)
        return (negative ? "-" : "") + digits[..<point] + "." + digits[point...]
    }

    /// Proleptic Gregorian civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    public static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since 1970-01-01 of a civil date.
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func formatDate(days: Int64) -> String {
        let (y, m, d) = civil(days: days)
        return String(format: "%04lld-%02lld-%02lld", y, m, d)
    }

    public static func formatDateTime(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        return formatDate(days: days) + String(format: " %02lld:%02lld:%02lld", rest / 3600, (rest % 3600) / 60, rest % 60)
    }
}
