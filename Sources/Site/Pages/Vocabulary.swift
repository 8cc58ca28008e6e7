import Core
/// FEC codes in words, as the FEC's data dictionaries define them. A code we do not know is
/// shown as the code itself, never guessed.
enum Vocabulary {
    static func committeeType(_ code: String?) -> String {
        switch code ?? "" {
        case "C": "Communication cost filer"
        case "D": "Delegate committee"
        case "E": "Electioneering communication filer"
        case "H": "House campaign committee"
        case "I": "Independent expenditure filer (not a committee)"
        case "N": "PAC (nonqualified)"
        case "O": "Super PAC (independent expenditure-only)"
        case "P": "Presidential campaign committee"
        case "Q": "PAC (qualified)"
        case "S": "Senate campaign committee"
        case "U": "Single-candidate independent expenditure committee"
        case "V": "Hybrid PAC (nonqualified)"
        case "W": "Hybrid PAC (qualified)"
        case "X": "Party committee (nonqualified)"
        case "Y": "Party committee (qualified)"
        case "Z": "National party nonfederal account"
        case "": "Unknown type"
        case let other: "Type \(other)"
        }
    }

    /// The short badge a reader scans for: super PAC, hybrid PAC, leadership PAC, party, campaign, PAC.
    static func committeeKind(type: String?, designation: String?) -> String {
        if designation == "D" { return "Leadership PAC" }
        switch type ?? "" {
        case "O", "U": return "Super PAC"
        case "V", "W": return "Hybrid PAC"
        case "X", "Y", "Z": return "Party"
        case "H", "S", "P": return "Campaign"
        case "N", "Q": return "PAC"
        default: return "Other"
        }
    }

    static func designation(_ code: String?) -> String? {
        switch code ?? "" {
        case "A": "Authorized by a candidate"
        case "B": "Lobbyist/registrant PAC"
        case "D": "Leadership PAC"
        case "J": "Joint fundraiser"
        case "P": "Principal campaign committee"
        case "U": "Unauthorized"
        case "": nil
        case let other: "Designation \(other)"
        }
    }

    static func party(_ code: String?) -> String? {
        switch code ?? "" {
        case "DEM": "Democratic"
        case "REP": "Republican"
        case "LIB": "Libertarian"
        case "GRE": "Green"
        case "IND": "Independent"
        case "NNE", "NON": "None"
        case "UNK", "": nil
        case let other: other
        }
    }

    static func office(_ code: String?) -> String {
        switch code ?? "" {
        case "H": "House"
        case "S": "Senate"
        case "P": "President"
        case let other: other.isEmpty ? "Unknown office" : other
        }
    }

    static func candidateStatus(_ code: String?) -> String? {
        switch code ?? "" {
        case "C": "Statutory candidate"
        case "F": "Statutory candidate for a future election"
        case "N": "Not yet a statutory candidate"
        case "P": "Statutory candidate in a prior cycle"
        case "": nil
        case let other: "Status \(other)"
        }
    }

    static func incumbency(_ code: String?) -> String? {
        switch code ?? "" {
        case "I": "Incumbent"
        case "C": "Challenger"
        case "O": "Open seat"
        case "": nil
        case let other: other
        }
    }

    static func organizationType(_ code: String?) -> String? {
        switch code ?? "" {
        case "C": "Corporation"
        case "L": "Labor organization"
        case "M": "Membership organization"
        case "T": "Trade association"
        case "V": "Cooperative"
        case "W": "Corporation without capital stock"
        case "": nil
        case let other: other
        }
    }

    static func supportOppose(_ code: String?) -> String {
        switch code ?? "" {
        case "S": "Support"
        case "O": "Oppose"
        default: "Not stated"
        }
    }

    /// corporation_names.source in words.
    static func nameSource(_ source: String) -> String {
        switch source {
        case "sec_tickers": "SEC company tickers"
        case "sec_form345": "SEC Form 3/4/5 issuer"
        case "lda_client": "Lobbying client (LDA)"
        case "fec_connected_org": "PAC sponsor (FEC connected organization)"
        case "donor_employer": "Donors' employer (FEC)"
        case "reviewed_alias": "Reviewed alias"
        default: source
        }
    }

    /// Where a congressional trade row was loaded from, in words.
    static func tradeSource(_ code: String) -> String {
        switch code {
        case "house_ptr": "House periodic transaction report"
        case "senate_efd": "Senate eFD report"
        case "house_stock_watcher": "House Stock Watcher (archive)"
        case "senate_stock_watcher": "Senate Stock Watcher (archive)"
        default: code
        }
    }

    /// A bill key as Voteview and the LDA give it (`hr104-118`) as a reader writes it:
    /// "H.R. 104 (118th Congress)". A key of another shape is shown as it is.
    static func bill(_ key: String) -> String {
        guard let match = key.wholeMatch(of: /([a-z]+)(\d+)-(\d+)/),
              let prefix = billTypes[String(match.1)], let congress = Int(match.3) else { return key }
        return "\(prefix) \(match.2) (\(ordinal(congress)) Congress)"
    }

    static let billTypes = ["hr": "H.R.", "s": "S.", "hres": "H.Res.", "sres": "S.Res.", "hjres": "H.J.Res.", "sjres": "S.J.Res.",
                            "hconres": "H.Con.Res.", "sconres": "S.Con.Res."]

    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }

    /// A person's name as the FEC and Voteview file it ("SCHMIDT II, JAMES A MR.") in reading
    /// order and case ("James A Schmidt II"): courtesy titles dropped, generational suffixes
    /// kept at the end. A name already in mixed case, or with no comma, is an organisation's or
    /// was written by hand: it is returned as filed. The filed form stays in the JSON twins.
    static func personName(_ filed: String) -> String {
        guard !filed.contains(where: \.isLowercase), let comma = filed.firstIndex(of: ",") else { return filed }
        let titles: Set<String> = ["MR", "MRS", "MS", "MISS", "DR", "HON", "REV", "SEN", "REP"]
        let suffixes: [String: String] = ["JR": "Jr.", "SR": "Sr.", "II": "II", "III": "III", "IV": "IV"]
        var givenNames: [String] = [], familyNames: [String] = [], endings: [String] = []
        for (words, isFamily) in [(filed[..<comma], true), (filed[filed.index(after: comma)...], false)] {
            for word in words.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) {
                let bare = word.filter { $0 != "." }
                if let suffix = suffixes[bare] { endings.append(suffix) } else if isFamily { familyNames.append(word) } else if !titles.contains(bare) { givenNames.append(word) }
            }
        }
        let words = givenNames + familyNames
        let read = (words.map(readingCase) + endings).joined(separator: " ")
        return read.isEmpty ? filed : read
    }

    /// One word of a name in reading case: capitals after a hyphen or apostrophe (Holloway-Finch,
    /// O'Rourke) and after Mc (McCorkle).
    static func readingCase(_ word: String) -> String {
        var out = "", upper = true
        for c in word {
            out += upper ? c.uppercased() : c.lowercased()
            upper = !c.isLetter
        }
        if out.hasPrefix("Mc"), out.count > 3 {
            let third = out.index(out.startIndex, offsetBy: 2)
            out = "Mc" + out[third...].prefix(1).uppercased() + out[out.index(after: third)...]
        }
        return out
    }

    /// congress_trades.type in words.
    static func tradeType(_ type: String) -> String {
        switch type {
        case "purchase": "Purchase"
        case "sale_full": "Sale (full)"
        case "sale_partial": "Sale (partial)"
        case "exchange": "Exchange"
        default: type
        }
    }
}

/// URL slugs: lowercase ASCII letters, digits and single hyphens — never `.`, `/` or `..`.
public enum Slug {
    public static func make(_ text: String, maxLength: Int = 60) -> String {
        var out = ""
        var pendingHyphen = false
        for scalar in text.unicodeScalars {
            let folded: Character? = switch scalar.value {
            case 0x30...0x39, 0x61...0x7A: Character(scalar)
            case 0x41...0x5A: Character(Unicode.Scalar(scalar.value + 32)!)
            default: foldLatin(scalar)
            }
            if let c = folded {
                if pendingHyphen && !out.isEmpty { out.append("-") }
                pendingHyphen = false
                out.append(c)
                if out.count >= maxLength { break }
            } else {
                pendingHyphen = true
            }
        }
        return out
    }

    /// Common accented Latin letters to their base letter (É → e); others separate words.
    private static func foldLatin(_ s: Unicode.Scalar) -> Character? {
        switch s.value {
        case 0xC0...0xC5, 0xE0...0xE5: "a"
        case 0xC7, 0xE7: "c"
        case 0xC8...0xCB, 0xE8...0xEB: "e"
        case 0xCC...0xCF, 0xEC...0xEF: "i"
        case 0xD1, 0xF1: "n"
        case 0xD2...0xD6, 0xF2...0xF6: "o"
        case 0xD9...0xDC, 0xF9...0xFC: "u"
        case 0xDD, 0xFD, 0xFF: "y"
        default: nil
        }
    }

    /// A corporation's slug: its id as a slug, or, when that is longer than 60 characters,
    /// the first 51 and 8 hex digits of the id's SHA-256 — cut to 60 alone, two long name
    /// keys that share a beginning would get one URL and overwrite each other's page.
    public static func corporation(_ id: String) -> String {
        let full = make(id, maxLength: Int.max)
        guard full.count > 60 else { return full }
        var head = String(full.prefix(51))
        while head.hasSuffix("-") { head.removeLast() }
        return head + "-" + SHA256.hex(Array(id.utf8)).prefix(8)
    }

    /// A politician's slug: the name, then the FEC candidate id, which keeps it unique.
    public static func candidate(name: String?, id: String) -> String {
        let name = make(name ?? "", maxLength: 48)
        let id = make(id)
        return name.isEmpty ? id : "\(name)-\(id)"
    }

}
