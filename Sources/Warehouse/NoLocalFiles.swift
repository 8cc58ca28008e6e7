import Core
import Foundation

/// An engine that refuses every statement reading or writing a file on the warehouse's machine
/// (`file()`, `filesystem()`, `ENGINE = File`, `Filesystem` databases, `INFILE`/`OUTFILE`): the
/// constraint a ClickHouse server on another machine imposes, kept by an embedded engine
/// (`[warehouse] local_files = false`) so a whole build can prove on one machine that it needs
/// nothing of the warehouse's filesystem. clickhouse-local has no such setting of its own (it
/// is not bound by `user_files_path`), hence the check here, before a statement runs.
public final class NoLocalFiles: WarehouseEngine, @unchecked Sendable {
    public let engine: any WarehouseEngine

    public init(_ engine: any WarehouseEngine) { self.engine = engine }

    public var description: String { engine.description + " (reading no local files)" }
    public var readsLocalFiles: Bool { false }

    public func stream(_ sql: String, cancellation: Cancellation?, onSchema: ([ColumnInfo]) throws -> Void, onBatch: (Batch) throws -> Void) throws {
        try Self.check(sql)
        try engine.stream(sql, cancellation: cancellation, onSchema: onSchema, onBatch: onBatch)
    }

    public func insert(_ sql: String, data: Data) throws {
        try Self.check(sql)
        try engine.insert(sql, data: data)
    }

    /// The result comes back to this machine as a server's would (the engine writes it where
    /// it runs, which is here); the SELECT itself reads no file.
    public func writeResult(of select: String, format: String, settings: [(String, String)], to file: URL) throws {
        do { try Self.check(select) } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
        try engine.writeResult(of: select, format: format, settings: settings, to: file)
    }

    /// Throws when `sql`, outside its string literals and quoted names, uses a local file.
    public static func check(_ sql: String) throws {
        guard let code = unquoted(sql) else {
            throw WarehouseError(.query, "this warehouse reads and writes no files on its machine (as a server on another machine cannot), "
                                 + "and a statement quotes a name with an escape in it, which could spell a call to file()", sql: sql)
        }
        if let hit = code.firstMatch(of: /(?i)\b(file(cluster)?\s*\(|filesystem\s*\(|engine\s*=\s*(file|filesystem)\b|infile\b|outfile\b)/) {
            throw WarehouseError(.query, "this warehouse reads and writes no files on its machine (as a server on another machine cannot), "
                                 + "but a statement uses \(hit.output.1)…", sql: sql)
        }
    }

    /// `sql` with its comments dropped, the contents of its '…' strings blanked (a path or a
    /// remark may say "file(" without being a call), and its "…" and `…` names unquoted when they
    /// are plain words (a quoted name can be a call: `file`('/etc/passwd')) or blanked when not
    /// (`source file (FEC)` calls nothing). Nil when a quoted name holds an escape: ClickHouse
    /// decodes it (`\x66ile` is `file`), so it is refused rather than decoded here.
    static func unquoted(_ sql: String) -> String? {
        var out = "", quote: Character? = nil, escaped = false, comment: Character? = nil, name = ""
        let chars = Array(sql)
        var i = 0
        while i < chars.count {
            let c = chars[i], next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            defer { i += 1 }
            if let kind = comment {
                if kind == "-" && c == "\n" { comment = nil; out.append(" ") }
                if kind == "*" && c == "*" && next == "/" { comment = nil; out.append(" "); i += 1 }
                continue
            }
            if let q = quote {
                if q == "'" {
                    if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == q { quote = nil; out.append(c) }
                } else if c == "\\" {
                    return nil
                } else if c == q {
                    quote = nil
                    out += name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? name : " "
                } else {
                    name.append(c)
                }
                continue
            }
            if c == "-" && next == "-" { comment = "-"; continue }
            if c == "/" && next == "*" { comment = "*"; i += 1; continue }
            if c == "'" { quote = c; out.append(c); continue }
            if c == "\"" || c == "`" { quote = c; name = ""; continue }
            out.append(c)
        }
        return out
    }
}
