-- Insider transactions data sets, DERIV_TRANS.tsv: transactions in derivative securities
-- (options, warrants, units). Footnote columns (*_FN) are kept as the footnote ids they hold.
-- Quantities and prices are exact decimals; EQUITY_SWAP_INVOLVED mixes 0/1 and false/true.
CREATE TABLE IF NOT EXISTS sec_insider_derivative_transactions
(
    period UInt32,
    accession_number String,
    deriv_trans_sk UInt64,
    security_title Nullable(String),
    conv_exercise_price Nullable(Decimal(38, 6)),
    trans_date Nullable(Date32),
    deemed_execution_date Nullable(Date32),
    trans_form_type LowCardinality(Nullable(String)),
    trans_code LowCardinality(Nullable(String)),
    equity_swap_involved Nullable(UInt8),
    trans_timeliness LowCardinality(Nullable(String)),
    trans_shares Nullable(Decimal(38, 6)),
    trans_total_value Nullable(Decimal(38, 6)),
    trans_pricepershare Nullable(Decimal(38, 6)),
    trans_acquired_disp_cd LowCardinality(Nullable(String)),
    excercise_date Nullable(Date32),
    expiration_date Nullable(Date32),
    undlyng_sec_title Nullable(String),
    undlyng_sec_shares Nullable(Decimal(38, 6)),
    undlyng_sec_value Nullable(Decimal(38, 6)),
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
ORDER BY (accession_number, deriv_trans_sk);

-- load: the 42 columns of DERIV_TRANS.tsv in order: values at odd positions after SECURITY_TITLE
-- are followed by their *_FN footnote column (see the header check in SECIngest.swift).
SELECT
    {cycle} AS period,
    f[1] AS accession_number,
    toUInt64OrZero(f[2]) AS deriv_trans_sk,
    spotlight_text(f[3]) AS security_title,
    sec_decimal(f[5]) AS conv_exercise_price,
    filed_date(f[7], '%d-%b-%Y') AS trans_date,
    filed_date(f[9], '%d-%b-%Y') AS deemed_execution_date,
    spotlight_text(f[11]) AS trans_form_type,
    spotlight_text(f[12]) AS trans_code,
    sec_flag(f[13]) AS equity_swap_involved,
    spotlight_text(f[15]) AS trans_timeliness,
    sec_decimal(f[17]) AS trans_shares,
    sec_decimal(f[19]) AS trans_total_value,
    sec_decimal(f[21]) AS trans_pricepershare,
    spotlight_text(f[23]) AS trans_acquired_disp_cd,
    filed_date(f[25], '%d-%b-%Y') AS excercise_date,
    filed_date(f[27], '%d-%b-%Y') AS expiration_date,
    spotlight_text(f[29]) AS undlyng_sec_title,
    sec_decimal(f[31]) AS undlyng_sec_shares,
    sec_decimal(f[33]) AS undlyng_sec_value,
    sec_decimal(f[35]) AS shrs_ownd_folwng_trans,
    sec_decimal(f[37]) AS valu_ownd_folwng_trans,
    spotlight_text(f[39]) AS direct_indirect_ownership,
    spotlight_text(f[41]) AS nature_of_ownership,
    arrayFilter(x -> x != '', [f[4], f[6], f[8], f[10], f[14], f[16], f[18], f[20], f[22], f[24], f[26], f[28], f[30], f[32], f[34], f[36], f[38], f[40], f[42]]) AS footnotes,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 42),
        if(NOT match(f[1], '^[0-9]{10}-[0-9]{2}-[0-9]{6}$'), concat('ACCESSION_NUMBER is not an accession number: ', f[1]), ''),
        check_whole_number('DERIV_TRANS_SK', f[2]),
        check_filed_date('TRANS_DATE', f[7], '%d-%b-%Y'),
        check_filed_date('DEEMED_EXECUTION_DATE', f[9], '%d-%b-%Y'),
        check_filed_date('EXCERCISE_DATE', f[25], '%d-%b-%Y'),
        check_filed_date('EXPIRATION_DATE', f[27], '%d-%b-%Y'),
        check_sec_decimal('CONV_EXERCISE_PRICE', f[5]),
        check_sec_decimal('TRANS_SHARES', f[17]),
        check_sec_decimal('TRANS_TOTAL_VALUE', f[19]),
        check_sec_decimal('TRANS_PRICEPERSHARE', f[21]),
        check_sec_decimal('UNDLYNG_SEC_SHARES', f[31]),
        check_sec_decimal('UNDLYNG_SEC_VALUE', f[33]),
        check_sec_decimal('SHRS_OWND_FOLWNG_TRANS', f[35]),
        check_sec_decimal('VALU_OWND_FOLWNG_TRANS', f[37]),
        if(f[13] NOT IN ('', '0', '1', 'false', 'true'), concat('EQUITY_SWAP_INVOLVED is not 0/1/false/true: ', f[13]), '')
    ]) AS _problem
FROM {lines}
