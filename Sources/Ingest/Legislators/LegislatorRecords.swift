import Core
import Foundation
import Yams

/// Rows for the loader, written as JSON lines `{"line":N,"raw":"…","f":[…]}` (as `CSVRecords`
/// does for CSV): `line` is where the record starts in the source file, `raw` the record's
/// values as read, `f` the fields in the table's order ("" for absent).
struct RecordFile {
    let url: URL
    private var buffer = ""
    private(set) var count = 0
    private let handle: FileHandle

    init(_ url: URL) throws {
        self.url = url
        FileManager.default.createFile(atPath: url.path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: url.path) else { throw IngestError.input("cannot write \(url.path)") }
        self.handle = handle
    }

    mutating func add(line: Int, _ fields: [String]) {
        count += 1
        let quoted = fields.map(JSONText.quoted).joined(separator: ",")
        buffer += "{\"line\":\(line),\"raw\":\(JSONText.quoted("[" + quoted + "]")),\"f\":[\(quoted)]}\n"
        if buffer.utf8.count > 1 << 20 { flush() }
    }

    mutating func flush() {
        handle.write(Data(buffer.utf8))
        buffer = ""
    }

    mutating func close() {
        flush()
        try? handle.close()
    }
}

/// congress-legislators YAML read into rows: people, their terms, their ids in other systems
/// (one row per id; `fec` is a list), committees and subcommittees, and committee seats.
enum LegislatorRecords {
    /// A YAML document's root node, with line numbers; a syntax error names file and line.
    static func load(_ url: URL) throws -> Node {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw IngestError.input("cannot read \(url.path) as UTF-8") }
        do {
            guard let node = try Yams.compose(yaml: text) else { throw IngestError.input("\(url.lastPathComponent): empty YAML document") }
            return node
        } catch let error as YamlError {
            throw IngestError.input("\(url.lastPathComponent): not valid YAML: \(error)")
        }
    }

    static func line(_ node: Node) -> Int { (node.mark?.line ?? 0) }

    static func text(_ node: Node?) -> String {
        guard let node else { return "" }
        if let scalar = node.scalar { return scalar.string }
        return ""
    }

    /// Legislators (current or historical YAML): a sequence of people.
    static func people(_ root: Node, current: Bool, legislators: inout RecordFile, terms: inout RecordFile, ids: inout RecordFile) {
        for person in root.sequence ?? [] {
            let at = line(person)
            let idMap = person["id"]?.mapping
            let bioguide = text(person["id"]?["bioguide"])
            let name = person["name"], bio = person["bio"]
            legislators.add(line: at, [bioguide, text(name?["first"]), text(name?["middle"]), text(name?["last"]), text(name?["suffix"]),
                                       text(name?["nickname"]), text(name?["official_full"]), text(bio?["birthday"]), text(bio?["gender"]),
                                       current ? "1" : "0"])
            for (index, term) in (person["terms"]?.sequence ?? []).enumerated() {
                terms.add(line: line(term), [bioguide, String(index + 1), text(term["type"]), text(term["start"]), text(term["end"]),
                                             text(term["state"]), text(term["district"]), text(term["class"]), text(term["state_rank"]),
                                             text(term["party"]), text(term["caucus"]), text(term["how"]), text(term["url"])])
            }
            for (key, value) in idMap ?? [:] {
                let scheme = text(key)
                if let list = value.sequence {
                    for item in list { ids.add(line: line(item), [bioguide, scheme, text(item)]) }
                } else {
                    ids.add(line: line(value), [bioguide, scheme, text(value)])
                }
            }
        }
    }

    /// legislators-historical.csv: one row per person with the last seat held (no term dates:
    /// that term is numbered 0 and its dates are NULL) and the ids (`fec_ids` comma-separated).
    static func peopleCSV(_ url: URL, legislators: inout RecordFile, terms: inout RecordFile, ids: inout RecordFile) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw IngestError.input("cannot read \(url.path)") }
        var columns: [String: Int] = [:]
        let required = ["bioguide_id", "first_name", "middle_name", "last_name", "suffix", "nickname", "full_name", "birthday", "gender",
                        "type", "state", "district", "senate_class", "party", "url"]
        let idColumns = ["thomas_id", "opensecrets_id", "lis_id", "fec_ids", "cspan_id", "govtrack_id", "votesmart_id", "ballotpedia_id",
                         "washington_post_id", "icpsr_id", "wikipedia_id"]
        try CSVRecords.parse(data) { line, raw, fields in
            if columns.isEmpty {
                for (i, name) in fields.enumerated() { columns[name] = i }
                let missing = (required + idColumns).filter { columns[$0] == nil }
                guard missing.isEmpty else {
                    throw IngestError.input("\(url.lastPathComponent): line 1: missing column(s) \(missing.joined(separator: ", "))")
                }
                return
            }
            guard fields.count == columns.count else {
                legislators.add(line: line, [raw])  // wrong field count: quarantined by the load
                return
            }
            func at(_ name: String) -> String { fields[columns[name]!] }
            let bioguide = at("bioguide_id")
            legislators.add(line: line, [bioguide, at("first_name"), at("middle_name"), at("last_name"), at("suffix"), at("nickname"),
                                         at("full_name"), at("birthday"), at("gender"), "0"])
            terms.add(line: line, [bioguide, "0", at("type"), "", "", at("state"), at("district"), at("senate_class"), "", at("party"), "", "", at("url")])
            // Named as the YAML names them: thomas_id → thomas, fec_ids → fec (one row per id).
            for column in ["bioguide_id"] + idColumns {
                let scheme = column == "fec_ids" ? "fec" : String(column.dropLast(3))
                for value in at(column).split(separator: ",") {
                    ids.add(line: line, [bioguide, scheme, value.trimmingCharacters(in: .whitespaces)])
                }
            }
        }
    }

    /// committees-current.yaml: committees with nested subcommittees (id = parent + sub thomas_id).
    static func committees(_ root: Node, into out: inout RecordFile) {
        for committee in root.sequence ?? [] {
            let id = text(committee["thomas_id"])
            out.add(line: line(committee), [id, "", text(committee["type"]), text(committee["name"]), id, text(committee["house_committee_id"]),
                                            text(committee["senate_committee_id"]), text(committee["url"]), text(committee["jurisdiction"])])
            for sub in committee["subcommittees"]?.sequence ?? [] {
                let subID = text(sub["thomas_id"])
                out.add(line: line(sub), [id + subID, id, text(committee["type"]), text(sub["name"]), subID, "", "", "", ""])
            }
        }
    }

    /// committee-membership-current.yaml: committee id → seats.
    static func seats(_ root: Node, into out: inout RecordFile) {
        for (key, members) in root.mapping ?? [:] {
            for seat in members.sequence ?? [] {
                out.add(line: line(seat), [text(key), text(seat["bioguide"]), text(seat["name"]), text(seat["party"]), text(seat["rank"]),
                                           text(seat["title"]), text(seat["chamber"])])
            }
        }
    }
}
