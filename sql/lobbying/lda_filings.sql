-- Senate LDA filings (LD-1 registrations, LD-2 quarterly reports) from the API's pages: one row
-- per filing, with registrant and client. Money arrives as strings ("50000.00") → exact decimals.
-- period = filing year.
CREATE TABLE IF NOT EXISTS lda_filings
(
    period UInt16,
    filing_uuid String,
    filing_type LowCardinality(String),
    filing_year UInt16,
    filing_period LowCardinality(Nullable(String)),
    income Nullable(Decimal(18, 2)),
    expenses Nullable(Decimal(18, 2)),
    dt_posted Nullable(DateTime64(0, 'UTC')),
    termination_date Nullable(Date32),
    registrant_id Nullable(UInt32),
    registrant_name Nullable(String),
    client_id Nullable(UInt32),
    client_name Nullable(String),
    client_state LowCardinality(Nullable(String)),
    filing_document_url Nullable(String),
    source_file LowCardinality(String),
    source_line UInt64                       -- the record's number in its load (source_file names the page)
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY filing_uuid;

-- load: the last two fields of f are the page file of the filing's first copy when this one is
-- a duplicate ('' otherwise) and the page file the record came from; f = [filing_uuid, filing_type, filing_year, filing_period, income, expenses, dt_posted,
--            termination_date, registrant_id, registrant_name, client_id, client_name, client_state, document_url].
SELECT
    {cycle} AS period,
    f[1] AS filing_uuid,
    f[2] AS filing_type,
    toUInt16OrZero(f[3]) AS filing_year,
    spotlight_text(f[4]) AS filing_period,
    fec_amount(f[5]) AS income,
    fec_amount(f[6]) AS expenses,
    parseDateTime64BestEffortOrNull(f[7], 0, 'UTC') AS dt_posted,
    spotlight_iso_date(f[8]) AS termination_date,
    toUInt32OrNull(f[9]) AS registrant_id,
    spotlight_text(f[10]) AS registrant_name,
    toUInt32OrNull(f[11]) AS client_id,
    spotlight_text(f[12]) AS client_name,
    spotlight_text(f[13]) AS client_state,
    spotlight_text(f[14]) AS filing_document_url,
    f[16] AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 16),
        if(f[15] != '', concat('duplicate: this filing was already read from ', f[15]), ''),
        check_required('filing_uuid', f[1]),
        check_required('filing_type', f[2]),
        check_whole_number('filing_year', f[3]),
        check_fec_amount('income', f[5]),
        check_fec_amount('expenses', f[6]),
        if(f[7] != '' AND parseDateTime64BestEffortOrNull(f[7], 0, 'UTC') IS NULL, concat('dt_posted is not a timestamp: ', f[7]), ''),
        check_iso_date('termination_date', f[8])
    ]) AS _problem
FROM {lines}
