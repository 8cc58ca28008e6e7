-- SEC company_tickers.json: CIK ↔ ticker ↔ company title, one row per ticker (share classes
-- repeat a CIK: BRK-A and BRK-B). period = 0: replaced whole on every ingest.
CREATE TABLE IF NOT EXISTS sec_company_tickers
(
    period UInt16,
    cik UInt32,
    cik10 String,                  -- zero-padded to 10 digits, as EDGAR URLs and Form 345 use it
    ticker String,
    title String,
    source_file LowCardinality(String),
    source_line UInt64             -- the record's key in the JSON object ("0", "1", …) plus 1
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (ticker, cik);

-- load: f = [cik_str, ticker, title].
SELECT
    {cycle} AS period,
    toUInt32OrZero(f[1]) AS cik,
    leftPad(f[1], 10, '0') AS cik10,
    f[2] AS ticker,
    f[3] AS title,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 3),
        if(NOT match(f[1], '^[0-9]{1,10}$'), concat('cik_str is not a CIK: ', f[1]), ''),
        check_required('ticker', f[2]),
        check_required('title', f[3])
    ]) AS _problem
FROM {lines}
