import Core
import Foundation
import FoundationXML

/// The Senate's own member list (`senators_cfm.xml`): each senator's LIS id — the id Senate
/// roll-call XML names members by — with the bioguide id, name, party, state and committees.
struct SenateMemberList {
    var asOf = ""     // "Wednesday, July 7, 2021" → 2021-07-07
    var senators: [Senator] = []

    struct Senator {
        var lis = "", bioguide = "", first = "", last = "", suffix = "", party = "", state = "", stateRank = ""
        var committees: [String] = []   // committee codes (SSFI00)
    }

    /// Parses a `<senators>` document; nil for anything else (a roll call).
    static func parse(_ data: Data) -> SenateMemberList? {
        final class Reader: NSObject, XMLParserDelegate {
            var list = SenateMemberList()
            var isList = false
            var current: Senator?
            var text = ""
            func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if element == "senators" { isList = true }
                if element == "senator" { current = Senator(lis: attributes["lis_member_id"] ?? "") }
                if element == "committee", let code = attributes["code"] { current?.committees.append(code) }
                text = ""
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
            func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
                let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
                switch element {
                case "senator": if let current { list.senators.append(current) }; current = nil
                case "first": current?.first = value
                case "last": current?.last = value
                case "suffix": current?.suffix = value
                case "party": current?.party = value
                case "state": current?.state = value
                case "stateRank": current?.stateRank = value
                case "bioguideId": current?.bioguide = value
                case "date" where current == nil: list.asOf = SenateMemberList.isoDate(value)
                default: break
                }
                text = ""
            }
        }
        let reader = Reader()
        let parser = XMLInput.parser(data)
        parser.delegate = reader
        guard parser.parse(), reader.isList else { return nil }
        return reader.list
    }

    /// "Wednesday, July 7, 2021" → "2021-07-07"; left as written when it is not such a date.
    static func isoDate(_ text: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEEE, MMMM d, yyyy"
        guard let date = f.date(from: text) else { return text }
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }
}
