-- fec_candidate_committee_links: FEC bulk file "Candidate-committee linkages" (ccl), ccl{YY}.zip → ccl.txt.
-- 7 pipe-delimited fields, no header, no quoting. Columns keep the FEC's names in lower case,
-- plus the cycle, and the file and line each row came from.
CREATE TABLE IF NOT EXISTS fec_candidate_committee_links
(
    cycle UInt16,
    cand_id String,
    cand_election_yr Nullable(UInt16),
    fec_election_yr Nullable(UInt16),
    cmte_id String,
    cmte_tp Nullable(String),
    cmte_dsgn Nullable(String),
    linkage_id UInt64,
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY cycle
ORDER BY (cand_id, cmte_id, linkage_id);

-- load: the typed rows of one file. {lines} yields (line, raw, f) with f the fields of the
-- line; rows whose _problem is not empty go to quarantine (with _raw, the line as read).
SELECT
    {cycle} AS cycle,
    f[1] AS cand_id,
    toUInt16OrNull(f[2]) AS cand_election_yr,
    toUInt16OrNull(f[3]) AS fec_election_yr,
    f[4] AS cmte_id,
    spotlight_text(f[5]) AS cmte_tp,
    spotlight_text(f[6]) AS cmte_dsgn,
    toUInt64OrZero(f[7]) AS linkage_id,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 7),
        check_required('CAND_ID', f[1]),
        if(f[2] != '' AND NOT match(f[2], '^[0-9]{4}$'), concat('CAND_ELECTION_YR is not a year: ', f[2]), ''),
        if(f[3] != '' AND NOT match(f[3], '^[0-9]{4}$'), concat('FEC_ELECTION_YR is not a year: ', f[3]), ''),
        check_required('CMTE_ID', f[4]),
        check_required('LINKAGE_ID', f[7]),
        check_whole_number('LINKAGE_ID', f[7])
    ]) AS _problem
FROM {lines}
