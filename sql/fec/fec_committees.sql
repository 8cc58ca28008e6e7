-- fec_committees: FEC bulk file "Committee master" (cm), cm{YY}.zip → cm.txt.
-- 15 pipe-delimited fields, no header, no quoting. Columns keep the FEC's names in lower case,
-- plus the cycle, and the file and line each row came from.
CREATE TABLE IF NOT EXISTS fec_committees
(
    cycle UInt16,
    cmte_id String,
    cmte_nm Nullable(String),
    tres_nm Nullable(String),
    cmte_st1 Nullable(String),
    cmte_st2 Nullable(String),
    cmte_city Nullable(String),
    cmte_st Nullable(String),
    cmte_zip Nullable(String),
    cmte_dsgn Nullable(String),
    cmte_tp Nullable(String),
    cmte_pty_affiliation Nullable(String),
    cmte_filing_freq Nullable(String),
    org_tp Nullable(String),
    connected_org_nm Nullable(String),
    cand_id Nullable(String),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY cycle
ORDER BY (cmte_id);

-- load: the typed rows of one file. {lines} yields (line, raw, f) with f the fields of the
-- line; rows whose _problem is not empty go to quarantine (with _raw, the line as read).
SELECT
    {cycle} AS cycle,
    f[1] AS cmte_id,
    spotlight_text(f[2]) AS cmte_nm,
    spotlight_text(f[3]) AS tres_nm,
    spotlight_text(f[4]) AS cmte_st1,
    spotlight_text(f[5]) AS cmte_st2,
    spotlight_text(f[6]) AS cmte_city,
    spotlight_text(f[7]) AS cmte_st,
    spotlight_text(f[8]) AS cmte_zip,
    spotlight_text(f[9]) AS cmte_dsgn,
    spotlight_text(f[10]) AS cmte_tp,
    spotlight_text(f[11]) AS cmte_pty_affiliation,
    spotlight_text(f[12]) AS cmte_filing_freq,
    spotlight_text(f[13]) AS org_tp,
    spotlight_text(f[14]) AS connected_org_nm,
    spotlight_text(f[15]) AS cand_id,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 15),
        check_required('CMTE_ID', f[1])
    ]) AS _problem
FROM {lines}
