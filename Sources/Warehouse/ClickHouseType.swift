/// A parsed ClickHouse type name, as the server reports it in `…WithNamesAndTypes` formats.
indirect enum ClickHouseType: Equatable {
    case nullable(ClickHouseType)
    case lowCardinality(ClickHouseType)
    case signed, unsigned, float, bool, string, date, dateTime, nothing
    case decimal(scale: Int)
    case array(ClickHouseType)

    init(parsing raw: String) throws {
        let name = raw.trimmingCharacters(in: .whitespaces)
        func inner(_ prefix: String) -> String? {
            guard name.hasPrefix(prefix + "("), name.hasSuffix(")") else { return nil }
            return String(name.dropFirst(prefix.count + 1).dropLast())
        }
        if let t = inner("Nullable") { self = .nullable(try ClickHouseType(parsing: t)); return }
        if let t = inner("LowCardinality") { self = .lowCardinality(try ClickHouseType(parsing: t)); return }
        if let t = inner("Array") { self = .array(try ClickHouseType(parsing: t)); return }
        if let args = inner("Decimal") {
            let parts = args.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            // ClickHouse's scales run 0 … 76; anything else is a broken header, not a type.
            guard parts.count == 2, let scale = Int(parts[1]), (0...76).contains(scale) else { throw WarehouseError(.decode, "cannot read type \(raw)") }
            self = .decimal(scale: scale); return
        }
        for bits in ["32", "64", "128", "256"] {
            if let s = inner("Decimal" + bits), let scale = Int(s.trimmingCharacters(in: .whitespaces)), (0...76).contains(scale) { self = .decimal(scale: scale); return }
        }
        if name.hasPrefix("FixedString(") || name == "String" || name.hasPrefix("Enum8(") || name.hasPrefix("Enum16(") || name == "UUID" { self = .string; return }
        if name.hasPrefix("DateTime") { self = .dateTime; return }
        switch name {
        case "Int8", "Int16", "Int32", "Int64": self = .signed
        case "UInt8", "UInt16", "UInt32", "UInt64": self = .unsigned
        case "Float32", "Float64": self = .float
        case "Bool": self = .bool
        case "Date", "Date32": self = .date
        case "Nothing": self = .nothing
        default: throw WarehouseError(.decode, "ClickHouse type \(raw) is not supported by the TabSeparated decoder")
        }
    }

    /// The type with Nullable and LowCardinality wrappers removed.
    var base: ClickHouseType {
        switch self {
        case .nullable(let t), .lowCardinality(let t): t.base
        default: self
        }
    }

    var isNullable: Bool {
        switch self {
        case .nullable: true
        case .lowCardinality(let t): t.isNullable
        default: false
        }
    }
}
