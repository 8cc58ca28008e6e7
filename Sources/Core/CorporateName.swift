import Foundation

/// The one normalisation of company names, so "Apple Inc.", "APPLE INC" and "The Apple
/// Company" meet: accents and case folded (ASCII letters only), `&` read as AND, apostrophes
/// and periods dropped ("L.L.C." is LLC), other punctuation a space, EDGAR's trailing
/// state-of-incorporation marker ("/DE/", "/NEW") dropped, a leading THE and trailing legal
/// suffixes removed (with the AND of "& Co"). `spotlight_corp_key` in `sql/functions.sql` is the same
/// function in SQL; a test holds the two to the same answer on every real name in the samples.
/// No fuzzy matching: names that still differ are joined only by a reviewed alias.
public enum CorporateName {
    /// Trailing words that say what kind of company it is, not which one.
    public static let legalSuffixes: Set<String> = ["INC", "INCORPORATED", "CORP", "CORPORATION", "CO", "COMPANY", "LLC", "LP", "LLP",
                                                    "LTD", "LIMITED", "PLC", "THE", "AND"]

    public static func key(_ name: String) -> String {
        var folded = ""
        // The state mark ("/MD/") needs a slash: most names have none, and skip the regex.
        let unmarked = name.contains("/") ? name.replacing(/\s*\/[A-Za-z]{2,3}\/?\s*$/, with: "") : name
        for scalar in unmarked.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            switch scalar {
            case "a"..."z": folded.unicodeScalars.append(Unicode.Scalar(scalar.value - 32)!)
            case "&": folded += " AND "
            case "'", "\u{2019}", ".": continue
            case "A"..."Z", "0"..."9": folded.unicodeScalars.append(scalar)
            default: folded += " "
            }
        }
        var words = folded.split(separator: " ").map(String.init)
        let all = words
        if words.first == "THE" { words.removeFirst() }
        while let last = words.last, legalSuffixes.contains(last) { words.removeLast() }
        // A name made only of such words ("The Company") keeps them rather than vanish.
        return (words.isEmpty ? all : words).joined(separator: " ")
    }
}
