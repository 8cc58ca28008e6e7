-- Reviewed aliases (content/member_aliases.csv): a member as one trades source writes them —
-- name and, for the House, the seat — mapped to the bioguide id when the name-and-seat rule
-- cannot find them (an archive's stale district, a last seat without dates, a name written
-- differently). Each row says why it is right; nothing here is guessed.
CREATE TABLE IF NOT EXISTS member_aliases
(
    period UInt16,
    source LowCardinality(String),
    member_name String,
    district String,                 -- as the source writes it; '' for the Senate
    bioguide String,
    reason String,
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (source, member_name, district);

-- load: the 5 columns of member_aliases.csv: source, member_name, district, bioguide, reason.
SELECT
    {cycle} AS period,
    f[1] AS source,
    f[2] AS member_name,
    f[3] AS district,
    f[4] AS bioguide,
    f[5] AS reason,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 5),
        if(f[1] NOT IN ('senate_stock_watcher', 'house_stock_watcher', 'senate_efd', 'house_ptr'),
           concat('source is not a trades source (senate_stock_watcher, house_stock_watcher, senate_efd, house_ptr): ', f[1]), ''),
        check_required('member_name', f[2]),
        if(NOT match(f[4], '^[A-Z][0-9]{6}$'), concat('bioguide is not an id like C000127: ', f[4]), ''),
        check_required('reason', f[5])
    ]) AS _problem
FROM {lines}
