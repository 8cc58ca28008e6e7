import Foundation

/// One of the FEC's per-cycle bulk files: its official zip, the member inside, and its table.
public struct FECBulkFile: Sendable, Equatable {
    public enum Layout: Sendable, Equatable {
        /// Headerless, unquoted, `|`-delimited (every zipped bulk file).
        case pipe
        /// Comma-separated with quoting and a header row that must match these names.
        case csv(header: [String])
    }

    /// Zip name prefix on fec.gov: `indiv` → `indiv16.zip`.
    public let abbreviation: String
    /// The text member inside the zip; summary files keep the two-digit year (`weball20.txt`).
    public let memberName: @Sendable (_ yy: String) -> String
    public let table: String
    public var layout: Layout = .pipe
    /// Published as a plain file, not a zip.
    public var unzipped = false

    public static func == (lhs: FECBulkFile, rhs: FECBulkFile) -> Bool { lhs.table == rhs.table }

    public func zipName(cycle: Int) -> String { "\(abbreviation)\(FECBulkFile.yy(cycle)).zip" }
    public func member(cycle: Int) -> String { memberName(FECBulkFile.yy(cycle)) }
    public var sqlFile: String { "fec/\(table).sql" }

    static func yy(_ cycle: Int) -> String { String(format: "%02d", cycle % 100) }

    /// Every pipe-delimited bulk file, in load order (masters before transactions).
    public static let all: [FECBulkFile] = [
        FECBulkFile(abbreviation: "cn", memberName: { _ in "cn.txt" }, table: "fec_candidates"),
        FECBulkFile(abbreviation: "cm", memberName: { _ in "cm.txt" }, table: "fec_committees"),
        FECBulkFile(abbreviation: "ccl", memberName: { _ in "ccl.txt" }, table: "fec_candidate_committee_links"),
        FECBulkFile(abbreviation: "indiv", memberName: { _ in "itcont.txt" }, table: "fec_individual_contributions"),
        FECBulkFile(abbreviation: "pas2", memberName: { _ in "itpas2.txt" }, table: "fec_committee_to_candidate"),
        FECBulkFile(abbreviation: "oth", memberName: { _ in "itoth.txt" }, table: "fec_committee_transactions"),
        FECBulkFile(abbreviation: "oppexp", memberName: { _ in "oppexp.txt" }, table: "fec_operating_expenditures"),
        FECBulkFile(abbreviation: "weball", memberName: { "weball\($0).txt" }, table: "fec_candidate_summaries"),
        FECBulkFile(abbreviation: "webl", memberName: { "webl\($0).txt" }, table: "fec_house_senate_summaries"),
        FECBulkFile(abbreviation: "webk", memberName: { "webk\($0).txt" }, table: "fec_pac_summaries"),
        FECBulkFile(abbreviation: "independent_expenditure", memberName: { "independent_expenditure_20\($0).csv" },
                    table: "fec_independent_expenditures", layout: .csv(header: independentExpenditureHeader), unzipped: true),
    ]

    /// The header of `independent_expenditure_YYYY.csv` (24- and 48-hour reports).
    public static let independentExpenditureHeader = [
        "cand_id", "cand_name", "spe_id", "spe_nam", "ele_type", "can_office_state", "can_office_dis", "can_office", "cand_pty_aff",
        "exp_amo", "exp_date", "agg_amo", "sup_opp", "pur", "pay", "file_num", "amndt_ind", "tran_id", "image_num", "receipt_dat",
        "fec_election_yr", "prev_file_num", "dissem_dt",
    ]
}
