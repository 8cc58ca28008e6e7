-- Insider transactions data sets, NONDERIV_TRANS.tsv: Table I of Forms 3/4/5, transactions in
-- the issuer's shares themselves (the open-market purchases, code P, and sales, code S, that
-- reporters mean by "insider trades"). Footnote columns (*_FN) are kept as their footnote ids.
-- The readme names the swap footnote column EQUITY_SWAP_TRANS_CD_FN, FORM_345_metadata.json
-- EQUITY_SWAP_INVOLVED_FN; both headers are accepted (SECIngest.swift).
CREATE TABLE IF NOT EXISTS sec_insider_nonderivative_transactions
(
    period UInt32,
    accession_number String,
    nonderiv_trans_sk UInt64,
    security_title Nullable(String),
    trans_date Nullable(Date32),
    deemed_execution_date Nullable(Date32),
    trans_form_type LowCardinality(Nullable(String)),
    trans_code LowCardinality(Nullable(String)),
    equity_swap_involved Nullable(UInt8),
    trans_timeliness LowCardinality(Nullable(String)),   -- E early, L late, NULL on time
    trans_shares Nullable(Decimal(38, 6)),
    trans_pricepershare Nullable(Decimal(38, 6)),
    trans_acquired_disp_cd LowCardinality(Nullable(String)),  -- A acquired, D disposed
    shrs_ownd_folwng_trans Nullable(Decimal(38, 6)),
    valu_ownd_folwng_trans Nullable(Decimal(38, 6)),
    direct_indirect_ownership LowCardinality(Nullable(String)),
    nature_of_ownership Nullable(String),
    footnotes Array(String),        -- the footnote ids of every *_FN column, in column order
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (accession_number, nonderiv_trans_sk);

-- load: the 28 columns of NONDERIV_TRANS.tsv in order; each value column after SECURITY_TITLE
-- is followed by its *_FN footnote column, except TRANS_FORM_TYPE and TRANS_CODE.
SELECT
    {cycle} AS period,
    f[1] AS accession_number,
    toUInt64OrZero(f[2]) AS nonderiv_trans_sk,
    spotlight_text(f[3]) AS security_title,
    filed_date(f[5], '%d-%b-%Y') AS trans_date,
    filed_date(f[7], '%d-%b-%Y') AS deemed_execution_date,
    spotlight_text(f[9]) AS trans_form_type,
    spotlight_text(f[10]) AS trans_code,
    sec_flag(f[11]) AS equity_swap_involved,
    spotlight_text(f[13]) AS trans_timeliness,
    sec_decimal(f[15]) AS trans_shares,
    sec_decimal(f[17]) AS trans_pricepershare,
    spotlight_text(f[19]) AS trans_acquired_disp_cd,
    sec_decimal(f[21]) AS shrs_ownd_folwng_trans,
    sec_decimal(f[23]) AS valu_ownd_folwng_trans,
    spotlight_text(f[25]) AS direct_indirect_ownership,
    spotlight_text(f[27]) AS nature_of_ownership,
    arrayFilter(x -> x != '', [f[4], f[6], f[8], f[12], f[14], f[16], f[18], f[20], f[22], f[24], f[26], f[28]]) AS footnotes,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 28),
        if(NOT match(f[1], '^[0-9]{10}-[0-9]{2}-[0-9]{6}$'), concat('ACCESSION_NUMBER is not an accession number: ', f[1]), ''),
        check_whole_number('NONDERIV_TRANS_SK', f[2]),
        check_filed_date('TRANS_DATE', f[5], '%d-%b-%Y'),
        check_filed_date('DEEMED_EXECUTION_DATE', f[7], '%d-%b-%Y'),
        check_sec_decimal('TRANS_SHARES', f[15]),
        check_sec_decimal('TRANS_PRICEPERSHARE', f[17]),
        check_sec_decimal('SHRS_OWND_FOLWNG_TRANS', f[21]),
        check_sec_decimal('VALU_OWND_FOLWNG_TRANS', f[23]),
        if(f[11] NOT IN ('', '0', '1', 'false', 'true'), concat('EQUITY_SWAP_INVOLVED is not 0/1/false/true: ', f[11]), ''),
        if(f[19] NOT IN ('', 'A', 'D'), concat('TRANS_ACQUIRED_DISP_CD is not A or D: ', f[19]), '')
    ]) AS _problem
FROM {lines}
