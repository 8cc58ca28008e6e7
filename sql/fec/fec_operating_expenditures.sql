-- fec_operating_expenditures: FEC bulk file "Operating expenditures" (oppexp), oppexp{YY}.zip → oppexp.txt.
-- 26 pipe-delimited fields, no header, no quoting. Columns keep the FEC's names in lower case,
-- plus the cycle, and the file and line each row came from.
-- Memo rows (MEMO_CD = 'X') are loaded and flagged by memo_cd, never dropped: sum them apart.
CREATE TABLE IF NOT EXISTS fec_operating_expenditures
(
    cycle UInt16,
    cmte_id String,
    amndt_ind Nullable(String),
    rpt_yr Nullable(UInt16),
    rpt_tp Nullable(String),
    image_num Nullable(String),
    line_num Nullable(String),
    form_tp_cd Nullable(String),
    sched_tp_cd Nullable(String),
    name Nullable(String),
    city Nullable(String),
    state Nullable(String),
    zip_code Nullable(String),
    transaction_dt Nullable(Date32),
    transaction_amt Decimal(14, 2),
    transaction_pgi Nullable(String),
    purpose Nullable(String),
    category Nullable(String),
    category_desc Nullable(String),
    memo_cd Nullable(String),
    memo_text Nullable(String),
    entity_tp Nullable(String),
    sub_id UInt64,
    file_num Nullable(UInt64),
    tran_id Nullable(String),
    back_ref_tran_id Nullable(String),
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
    toUInt16OrNull(f[3]) AS rpt_yr,
    spotlight_text(f[4]) AS rpt_tp,
    spotlight_text(f[5]) AS image_num,
    spotlight_text(f[6]) AS line_num,
    spotlight_text(f[7]) AS form_tp_cd,
    spotlight_text(f[8]) AS sched_tp_cd,
    spotlight_text(f[9]) AS name,
    spotlight_text(f[10]) AS city,
    spotlight_text(f[11]) AS state,
    spotlight_text(f[12]) AS zip_code,
    filed_date(f[13], '%m/%d/%Y') AS transaction_dt,
    assumeNotNull(fec_amount(f[14])) AS transaction_amt,
    spotlight_text(f[15]) AS transaction_pgi,
    spotlight_text(f[16]) AS purpose,
    spotlight_text(f[17]) AS category,
    spotlight_text(f[18]) AS category_desc,
    spotlight_text(f[19]) AS memo_cd,
    spotlight_text(f[20]) AS memo_text,
    spotlight_text(f[21]) AS entity_tp,
    toUInt64OrZero(f[22]) AS sub_id,
    toUInt64OrNull(f[23]) AS file_num,
    spotlight_text(f[24]) AS tran_id,
    spotlight_text(f[25]) AS back_ref_tran_id,
    fec_dates_outside_cycle(['TRANSACTION_DT'], [transaction_dt], {cycle}) AS dates_outside_cycle,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 26),
        check_required('CMTE_ID', f[1]),
        if(f[3] != '' AND NOT match(f[3], '^[0-9]{4}$'), concat('RPT_YR is not a year: ', f[3]), ''),
        check_filed_date('TRANSACTION_DT', f[13], '%m/%d/%Y'),
        check_required('TRANSACTION_AMT', f[14]),
        check_fec_amount('TRANSACTION_AMT', f[14]),
        check_required('SUB_ID', f[22]),
        check_whole_number('SUB_ID', f[22]),
        check_whole_number('FILE_NUM', f[23]),
        if(f[26] = '', '', concat('field 26 should be empty (trailing pipe): ', f[26]))
    ]) AS _problem
FROM {lines}
