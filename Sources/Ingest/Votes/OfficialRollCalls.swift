import Core
import Foundation
import FoundationXML

/// One official roll call (House Clerk or Senate XML) as parsed: the vote's metadata and each
/// member's vote. The XML is read with the external DTD never fetched.
struct OfficialRollCall {
    var chamber = ""            // House or Senate
    var congress = 0
    var session = ""
    var number = ""
    var date = ""               // YYYY-MM-DD
    var question = ""
    var result = ""
    var document = ""           // legis-num, or the Senate document / amended document
    var yeas = ""
    var nays = ""
    var members: [(id: String, name: String, party: String, state: String, vote: String)] = []

    /// Parses a House `<rollcall-vote>` or Senate `<roll_call_vote>` document.
    static func parse(_ data: Data) -> OfficialRollCall? {
        let reader = Reader()
        let parser = XMLInput.parser(data)
        parser.delegate = reader
        guard parser.parse(), !reader.call.chamber.isEmpty else { return nil }
        return reader.call
    }

    /// "3-Jan-2021" (House) or "February 5, 2021,  05:07 AM" (Senate, with a double space) → ISO.
    static func isoDate(_ text: String) -> String {
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for format in ["d-MMM-yyyy", "MMMM d, yyyy, hh:mm a", "MMMM d, yyyy"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = format
            if let date = f.date(from: collapsed) {
                f.dateFormat = "yyyy-MM-dd"
                return f.string(from: date)
            }
        }
        return text  // left as written: the load quarantines it as not a date
    }

    final class Reader: NSObject, XMLParserDelegate {
        var call = OfficialRollCall()
        var text = ""
        var member: [String: String] = [:]
        var attributes: [String: String] = [:]
        var inDocument = false

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            text = ""
            switch element {
            case "rollcall-vote": call.chamber = "House"
            case "roll_call_vote": call.chamber = "Senate"
            case "member", "recorded-vote": member = [:]
            case "legislator": self.attributes = attributes
            case "document", "amendment": inDocument = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch element {
            case "congress" where !inDocument: call.congress = Int(value) ?? 0
            case "session": call.session = value.filter(\.isNumber)
            case "rollcall-num", "vote_number": call.number = value
            case "action-date", "vote_date": call.date = OfficialRollCall.isoDate(value)
            case "vote-question", "question": call.question = value
            case "vote-result", "vote_result": call.result = value
            case "legis-num": call.document = value
            case "document_type", "document_number": if !value.isEmpty { call.document += (call.document.isEmpty ? "" : " ") + value }
            case "amendment_to_document_number": if call.document.isEmpty || !call.document.contains(where: \.isNumber) { call.document = value }
            case "document", "amendment": inDocument = false
            // House totals come per party, then overall (totals-by-vote): the last one stands.
            case "yea-total": call.yeas = value
            case "nay-total": call.nays = value
            case "yeas": call.yeas = value
            case "nays": call.nays = value
            // House members: the legislator element carries the bioguide id in name-id.
            case "legislator":
                member["id"] = attributes["name-id"] ?? ""
                member["name"] = value
                member["party"] = attributes["party"] ?? ""
                member["state"] = attributes["state"] ?? ""
            case "vote" where call.chamber == "House": member["vote"] = value
            case "recorded-vote":
                call.members.append((member["id"] ?? "", member["name"] ?? "", member["party"] ?? "", member["state"] ?? "", member["vote"] ?? ""))
            // Senate members: lis_member_id, mapped to bioguide through congress-legislators.
            case "member_full": member["name"] = value
            case "party" where call.chamber == "Senate": member["party"] = value
            case "state" where call.chamber == "Senate": member["state"] = value
            case "vote_cast": member["vote"] = value
            case "lis_member_id": member["id"] = value
            case "member" where call.chamber == "Senate":
                call.members.append((member["id"] ?? "", member["name"] ?? "", member["party"] ?? "", member["state"] ?? "", member["vote"] ?? ""))
            default: break
            }
            text = ""
        }
    }
}
