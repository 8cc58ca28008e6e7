-- fec_independent_expenditures: FEC bulk file "Independent expenditures" (24- and 48-hour
-- reports), independent_expenditure_{YYYY}.csv, published unzipped. Unlike the other bulk files
-- it is comma-separated with quoting and a header row, and dates are DD-MON-YY (15-MAY-26).
-- Columns keep the file's own names. The FEC notes that it holds transactions from original
-- and amended reports alike, so a transaction can appear more than once (see amndt_ind,
-- prev_file_num): this table keeps every row as published.
CREATE TABLE IF NOT EXISTS fec_independent_expenditures
(
    cycle UInt16,
    cand_id Nullable(String),
    cand_name Nullable(String),
    spe_id String,
    spe_nam Nullable(String),
    ele_type LowCardinality(Nullable(String)),
    can_office_state LowCardinality(Nullable(String)),
    can_office_dis Nullable(String),
    can_office LowCardinality(Nullable(String)),
    cand_pty_aff LowCardinality(Nullable(String)),
    exp_amo Decimal(14, 2),
    exp_date Nullable(Date32),
    agg_amo Nullable(Decimal(14, 2)),
    sup_opp LowCardinality(Nullable(String)),
    pur Nullable(String),
    pay Nullable(String),
    file_num Nullable(UInt64),
    amndt_ind LowCardinality(Nullable(String)),
    tran_id Nullable(String),
    image_num Nullable(String),
    receipt_dat Nullable(Date32),
    fec_election_yr Nullable(UInt16),
    prev_file_num Nullable(UInt64),
    dissem_dt Nullable(Date32),
    dates_outside_cycle Array(LowCardinality(String)),  -- official names of dates kept as filed but outside the cycle
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY cycle
ORDER BY (spe_id, source_line);

-- load: the typed rows of one file. {lines} yields (line, raw, f): line is the line a CSV record
-- starts on, f its unquoted fields; rows whose _problem is not empty go to quarantine.
SELECT
    {cycle} AS cycle,
    spotlight_text(f[1]) AS cand_id,
    spotlight_text(f[2]) AS cand_name,
    f[3] AS spe_id,
    spotlight_text(f[4]) AS spe_nam,
    spotlight_text(f[5]) AS ele_type,
    spotlight_text(f[6]) AS can_office_state,
    spotlight_text(f[7]) AS can_office_dis,
    spotlight_text(f[8]) AS can_office,
    spotlight_text(f[9]) AS cand_pty_aff,
    assumeNotNull(fec_amount(f[10])) AS exp_amo,
    filed_date(f[11], '%d-%b-%y') AS exp_date,
    fec_amount(f[12]) AS agg_amo,
    spotlight_text(f[13]) AS sup_opp,
    spotlight_text(f[14]) AS pur,
    spotlight_text(f[15]) AS pay,
    toUInt64OrNull(f[16]) AS file_num,
    spotlight_text(f[17]) AS amndt_ind,
    spotlight_text(f[18]) AS tran_id,
    spotlight_text(f[19]) AS image_num,
    filed_date(f[20], '%d-%b-%y') AS receipt_dat,
    toUInt16OrNull(f[21]) AS fec_election_yr,
    toUInt64OrNull(f[22]) AS prev_file_num,
    filed_date(f[23], '%d-%b-%y') AS dissem_dt,
    fec_dates_outside_cycle(['EXP_DATE', 'RECEIPT_DAT', 'DISSEM_DT'], [exp_date, receipt_dat, dissem_dt], {cycle}) AS dates_outside_cycle,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 23),
        check_required('SPE_ID', f[3]),
        check_required('EXP_AMO', f[10]),
        check_fec_amount('EXP_AMO', f[10]),
        check_filed_date('EXP_DATE', f[11], '%d-%b-%y'),
        check_fec_amount('AGG_AMO', f[12]),
        if(f[13] IN ('S', 'O', ''), '', concat('SUP_OPP is not S or O: ', f[13])),
        check_whole_number('FILE_NUM', f[16]),
        check_filed_date('RECEIPT_DAT', f[20], '%d-%b-%y'),
        if(f[21] != '' AND NOT match(f[21], '^[0-9]{4}$'), concat('FEC_ELECTION_YR is not a year: ', f[21]), ''),
        check_whole_number('PREV_FILE_NUM', f[22]),
        check_filed_date('DISSEM_DT', f[23], '%d-%b-%y')
    ]) AS _problem
FROM {lines}
