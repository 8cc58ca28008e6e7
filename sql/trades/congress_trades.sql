-- Congressional trades in one normalised table, from every source (period: 1 Senate Stock
-- Watcher archive, 2 House Stock Watcher archive, 3 Senate eFD pages, 4 House PTR PDFs), each
-- replacing its own rows.
-- Amounts are the disclosure's range as numbers (max NULL for "Over $50,000,000");
-- ticker "--" becomes NULL; asset names are plain text (HTML removed, entities decoded).
CREATE TABLE IF NOT EXISTS congress_trades
(
    period UInt16,
    source LowCardinality(String),
    chamber LowCardinality(String),
    member_name String,
    bioguide Nullable(String),               -- where the source or a crosswalk gives it; never guessed
    district LowCardinality(Nullable(String)),
    transaction_date Date32,
    disclosure_date Nullable(Date32),
    days_to_disclose Nullable(Int32),
    date_implausible UInt8,                  -- 1: the transaction date as filed is after the disclosure or before 2012
    owner LowCardinality(Nullable(String)),
    ticker Nullable(String),
    asset_name Nullable(String),
    asset_type LowCardinality(Nullable(String)),
    type LowCardinality(String),             -- purchase, sale_full, sale_partial, exchange
    amount_min UInt64,
    amount_max Nullable(UInt64),
    amount_text String,
    link Nullable(String),
    superseded_by Nullable(String),          -- the amendment (its link) that replaces this row's report; NULL while it stands
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (transaction_date, member_name);

-- load: f = [source, chamber, member, bioguide, district, transaction date, date style (mdy|iso),
--            disclosure date (MM/DD/YYYY), owner, ticker, asset name, asset type, type, amount, link,
--            the link of the amendment replacing the report ('' while it stands)].
SELECT
    {cycle} AS period,
    f[1] AS source,
    f[2] AS chamber,
    f[3] AS member_name,
    spotlight_text(f[4]) AS bioguide,
    spotlight_text(f[5]) AS district,
    assumeNotNull(trade_date(f[6], f[7])) AS transaction_date,
    filed_date(f[8], '%m/%d/%Y') AS disclosure_date,
    if(disclosure_date IS NULL, NULL, toInt32(dateDiff('day', transaction_date, disclosure_date))) AS days_to_disclose,
    -- Kept as filed, flagged: a trade cannot follow its disclosure, and the STOCK Act's
    -- disclosures begin in 2012.
    toUInt8(ifNull(days_to_disclose, 0) < 0 OR transaction_date < toDate32('2012-01-01')) AS date_implausible,
    spotlight_text(f[9]) AS owner,
    if(f[10] IN ('', '--', 'N/A'), NULL, upper(f[10])) AS ticker,
    spotlight_text(f[11]) AS asset_name,
    spotlight_text(f[12]) AS asset_type,
    multiIf(lower(f[13]) IN ('purchase'), 'purchase',
            lower(f[13]) IN ('sale (full)', 'sale_full'), 'sale_full',
            lower(f[13]) IN ('sale (partial)', 'sale_partial'), 'sale_partial',
            lower(f[13]) IN ('exchange'), 'exchange', '') AS type,
    toUInt64(assumeNotNull(amount_range_min(f[14]))) AS amount_min,
    amount_range_max(f[14]) AS amount_max,
    f[14] AS amount_text,
    spotlight_text(f[15]) AS link,
    spotlight_text(f[16]) AS superseded_by,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 16),
        if(f[13] = 'N/A' AND f[14] = 'Unknown', 'a placeholder for a paper filing, not a transaction', ''),
        check_required('member', f[3]),
        check_required('transaction date', f[6]),
        check_trade_date('transaction date', f[6], f[7]),
        check_filed_date('disclosure date', f[8], '%m/%d/%Y'),
        if(lower(f[13]) NOT IN ('purchase', 'sale (full)', 'sale_full', 'sale (partial)', 'sale_partial', 'exchange'), concat('type is not a purchase, sale or exchange: ', f[13]), ''),
        if(amount_range_min(f[14]) IS NULL, concat('amount is not a disclosure range: ', f[14]), '')
    ]) AS _problem
FROM {lines}
