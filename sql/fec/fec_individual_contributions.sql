-- fec_individual_contributions: FEC bulk file "Contributions by individuals" (indiv), indiv{YY}.zip → itcont.txt.
-- 21 pipe-delimited fields, no header, no quoting. Columns keep the FEC's names in lower case,
-- plus the cycle, and the file and line each row came from.
-- Memo rows (MEMO_CD = 'X') are loaded and flagged by memo_cd, never dropped: sum them apart.
CREATE TABLE IF NOT EXISTS fec_individual_contributions
(
    cycle UInt16,
    cmte_id String,
    amndt_ind LowCardinality(Nullable(String)),
    rpt_tp LowCardinality(Nullable(String)),
    transaction_pgi LowCardinality(Nullable(String)),
    image_num Nullable(String),
    transaction_tp LowCardinality(Nullable(String)),
    entity_tp LowCardinality(Nullable(String)),
    name Nullable(String),
    city Nullable(String),
    state LowCardinality(Nullable(String)),
    zip_code Nullable(String),
    employer Nullable(String),
    occupation Nullable(String),
    transaction_dt Nullable(Date32),
    transaction_amt Decimal(14, 2),
    other_id Nullable(String),
    tran_id Nullable(String),
    file_num Nullable(UInt64),
    memo_cd LowCardinality(Nullable(String)),
    memo_text Nullable(String),
    sub_id UInt64,
    dates_outside_cycle Array(LowCardinality(String)),  -- official names of dates kept as filed but outside the cycle
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY cycle
ORDER BY (cmte_id, sub_id);

-- load: the typed rows of one file. {lines} yields (line, raw, f) with f the fields of the
-- line; rows whose _problem is not empty go to quarantine (with _raw, the line as read).
SELECT
    {cycle} AS cycle,
    f[1] AS cmte_id,
    spotlight_text(f[2]) AS amndt_ind,
    spotlight_text(f[3]) AS rpt_tp,
    spotlight_text(f[4]) AS transaction_pgi,
    spotlight_text(f[5]) AS image_num,
    spotlight_text(f[6]) AS transaction_tp,
    spotlight_text(f[7]) AS entity_tp,
    spotlight_text(f[8]) AS name,
    spotlight_text(f[9]) AS city,
    spotlight_text(f[10]) AS state,
    spotlight_text(f[11]) AS zip_code,
    spotlight_text(f[12]) AS employer,
    spotlight_text(f[13]) AS occupation,
    filed_date(f[14], '%m%d%Y') AS transaction_dt,
    assumeNotNull(fec_amount(f[15])) AS transaction_amt,
    spotlight_text(f[16]) AS other_id,
    spotlight_text(f[17]) AS tran_id,
    toUInt64OrNull(f[18]) AS file_num,
    spotlight_text(f[19]) AS memo_cd,
    spotlight_text(f[20]) AS memo_text,
    toUInt64OrZero(f[21]) AS sub_id,
    fec_dates_outside_cycle(['TRANSACTION_DT'], [transaction_dt], {cycle}) AS dates_outside_cycle,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 21),
        check_required('CMTE_ID', f[1]),
        check_filed_date('TRANSACTION_DT', f[14], '%m%d%Y'),
        check_required('TRANSACTION_AMT', f[15]),
        check_fec_amount('TRANSACTION_AMT', f[15]),
        check_whole_number('FILE_NUM', f[18]),
        check_required('SUB_ID', f[21]),
        check_whole_number('SUB_ID', f[21])
    ]) AS _problem
FROM {lines}
