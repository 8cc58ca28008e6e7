/// Bills as keys (`hr1234-118`): from lobbying descriptions, roll-call documents and vote
/// metadata, so a vote, a lobbying activity and a trade can meet on the same bill.
public enum BillKeys {
    /// Bills named in text: H.R. 1234, H R 1234, S. 56, H.Res. 7, H RES 8, S.J.Res. 3,
    /// H.Con.Res. 9… → `hr1234-118` (congress given by the caller: filing year or vote).
    public static func find(in text: String, congress: Int) -> [String] {
        var keys: [String] = []
        let pattern = /(?i)\b(H\.?\s?R|H\.?\s?Res|H\.?\s?J\.?\s?Res|H\.?\s?Con\.?\s?Res|S\.?\s?Res|S\.?\s?J\.?\s?Res|S\.?\s?Con\.?\s?Res|S)\.?\s?(\d{1,5})\b/
        for match in text.matches(of: pattern) {
            let kind = match.1.lowercased().filter(\.isLetter)
            // A bare "S" must be written "S." or "S " before the number to be a Senate bill.
            if kind == "s" && !match.0.contains(".") && !match.0.contains(" ") { continue }
            let key = "\(kind)\(Int(match.2) ?? 0)-\(congress)"
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }
}
