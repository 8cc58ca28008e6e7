-- Insider transactions data sets (Forms 3, 4, 5), SUBMISSION.tsv: one row per filing.
-- period = the quarter as YYYYQ (20243 = 2024 Q3). Dates are DD-MON-YYYY in the files.
CREATE TABLE IF NOT EXISTS sec_insider_submissions
(
    period UInt32,
    accession_number String,
    filing_date Date32,
    period_of_report Nullable(Date32),
    date_of_orig_sub Nullable(Date32),
    no_securities_owned Nullable(UInt8),
    not_subject_sec16 Nullable(UInt8),
    form3_holdings_reported Nullable(UInt8),
    form4_trans_reported Nullable(UInt8),
    document_type LowCardinality(String),   -- 3, 3/A, 4, 4/A, 5, 5/A
    issuercik String,                       -- 10 digits, zero-padded
    issuername Nullable(String),
    issuertradingsymbol Nullable(String),
    remarks Nullable(String),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (issuercik, accession_number);

-- load: the 13 columns of SUBMISSION.tsv in order (the header is checked before loading).
SELECT
    {cycle} AS period,
    f[1] AS accession_number,
    assumeNotNull(filed_date(f[2], '%d-%b-%Y')) AS filing_date,
    filed_date(f[3], '%d-%b-%Y') AS period_of_report,
    filed_date(f[4], '%d-%b-%Y') AS date_of_orig_sub,
    sec_flag(f[5]) AS no_securities_owned,
    sec_flag(f[6]) AS not_subject_sec16,
    sec_flag(f[7]) AS form3_holdings_reported,
    sec_flag(f[8]) AS form4_trans_reported,
    f[9] AS document_type,
    f[10] AS issuercik,
    spotlight_text(f[11]) AS issuername,
    spotlight_text(f[12]) AS issuertradingsymbol,
    spotlight_text(f[13]) AS remarks,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 13),
        if(NOT match(f[1], '^[0-9]{10}-[0-9]{2}-[0-9]{6}$'), concat('ACCESSION_NUMBER is not an accession number: ', f[1]), ''),
        if(filed_date(f[2], '%d-%b-%Y') IS NULL, concat('FILING_DATE is not a date (DD-MON-YYYY): ', f[2]), ''),
        check_filed_date('PERIOD_OF_REPORT', f[3], '%d-%b-%Y'),
        check_filed_date('DATE_OF_ORIG_SUB', f[4], '%d-%b-%Y'),
        if(f[9] NOT IN ('3', '3/A', '4', '4/A', '5', '5/A'), concat('DOCUMENT_TYPE is not a Form 3, 4 or 5: ', f[9]), ''),
        if(NOT match(f[10], '^[0-9]{10}$'), concat('ISSUERCIK is not a 10-digit CIK: ', f[10]), '')
    ]) AS _problem
FROM {lines}
