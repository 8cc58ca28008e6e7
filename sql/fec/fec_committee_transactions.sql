-- fec_committee_transactions: FEC bulk file "Any transaction from one committee to another" (oth),
-- oth{YY}.zip → itoth.txt. Same 21-field layout as the individual contributions file (itcont),
-- so the table has the same columns and is loaded by the same SQL. Memo rows (MEMO_CD = 'X',
-- e.g. joint-fundraising attributions) are loaded and flagged, never dropped: sum them apart.
-- depends: fec_individual_contributions
CREATE TABLE IF NOT EXISTS fec_committee_transactions AS fec_individual_contributions;

-- load: same as fec/fec_individual_contributions.sql
