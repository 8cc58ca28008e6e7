-- The House Clerk's annual financial-disclosure index ({YEAR}FD.xml): every filing with its
-- filer, type and document id. FilingType P is a periodic transaction report (trades); its PDF
-- is at pdf_url. period = the index year.
CREATE TABLE IF NOT EXISTS house_fd_filings
(
    period UInt16,
    doc_id String,
    prefix Nullable(String),
    last_name String,
    first_name Nullable(String),
    suffix Nullable(String),
    filing_type LowCardinality(String),
    state_district LowCardinality(Nullable(String)),   -- AL04; 00 = at-large
    year UInt16,
    filing_date Nullable(Date32),       -- blank on some filings (withdrawn notices)
    pdf_url Nullable(String),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (filing_type, doc_id);

-- load: f = [Prefix, Last, First, Suffix, FilingType, StateDst, Year, FilingDate, DocID], the date
-- rewritten from M/D/YYYY to YYYY-MM-DD by the reader (left as written when it is not a date).
SELECT
    {cycle} AS period,
    f[9] AS doc_id,
    spotlight_text(f[1]) AS prefix,
    f[2] AS last_name,
    spotlight_text(f[3]) AS first_name,
    spotlight_text(f[4]) AS suffix,
    f[5] AS filing_type,
    spotlight_text(f[6]) AS state_district,
    toUInt16OrZero(f[7]) AS year,
    spotlight_iso_date(f[8]) AS filing_date,
    if(f[5] = 'P', concat('https://disclosures-clerk.house.gov/public_disc/ptr-pdfs/', f[7], '/', f[9], '.pdf'), NULL) AS pdf_url,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 9),
        check_required('DocID', f[9]),
        check_required('Last', f[2]),
        check_whole_number('Year', f[7]),
        -- The reader leaves a value that is not M/D/YYYY as written.
        if(f[8] = '' OR filed_date_exact(f[8], '%Y-%m-%d'), check_filed_date('FilingDate', f[8], '%Y-%m-%d'), concat('FilingDate is not a date (M/D/YYYY): ', f[8]))
    ]) AS _problem
FROM {lines}
