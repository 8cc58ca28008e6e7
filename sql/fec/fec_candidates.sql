-- fec_candidates: FEC bulk file "Candidate master" (cn), cn{YY}.zip → cn.txt.
-- 15 pipe-delimited fields, no header, no quoting. Columns keep the FEC's names in lower case,
-- plus the cycle, and the file and line each row came from.
CREATE TABLE IF NOT EXISTS fec_candidates
(
    cycle UInt16,
    cand_id String,
    cand_name Nullable(String),
    cand_pty_affiliation Nullable(String),
    cand_election_yr Nullable(UInt16),
    cand_office_st Nullable(String),
    cand_office Nullable(String),
    cand_office_district Nullable(String),
    cand_ici Nullable(String),
    cand_status Nullable(String),
    cand_pcc Nullable(String),
    cand_st1 Nullable(String),
    cand_st2 Nullable(String),
    cand_city Nullable(String),
    cand_st Nullable(String),
    cand_zip Nullable(String),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY cycle
ORDER BY (cand_id);

-- load: the typed rows of one file. {lines} yields (line, raw, f) with f the fields of the
-- line; rows whose _problem is not empty go to quarantine (with _raw, the line as read).
SELECT
    {cycle} AS cycle,
    f[1] AS cand_id,
    spotlight_text(f[2]) AS cand_name,
    spotlight_text(f[3]) AS cand_pty_affiliation,
    toUInt16OrNull(f[4]) AS cand_election_yr,
    spotlight_text(f[5]) AS cand_office_st,
    spotlight_text(f[6]) AS cand_office,
    spotlight_text(f[7]) AS cand_office_district,
    spotlight_text(f[8]) AS cand_ici,
    spotlight_text(f[9]) AS cand_status,
    spotlight_text(f[10]) AS cand_pcc,
    spotlight_text(f[11]) AS cand_st1,
    spotlight_text(f[12]) AS cand_st2,
    spotlight_text(f[13]) AS cand_city,
    spotlight_text(f[14]) AS cand_st,
    spotlight_text(f[15]) AS cand_zip,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 15),
        check_required('CAND_ID', f[1]),
        if(f[4] != '' AND NOT match(f[4], '^[0-9]{4}$'), concat('CAND_ELECTION_YR is not a year: ', f[4]), '')
    ]) AS _problem
FROM {lines}
