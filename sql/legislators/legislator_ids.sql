-- The id crosswalk: one row per (person, scheme, value). Schemes are congress-legislators' id
-- keys: bioguide, fec (several per person), icpsr (Voteview), lis (Senate votes),
-- opensecrets, govtrack, thomas, wikidata, votesmart…
CREATE TABLE IF NOT EXISTS legislator_ids
(
    period UInt16,
    bioguide String,
    scheme LowCardinality(String),
    value String,
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (scheme, value, bioguide);

-- load: f = [bioguide, scheme, value].
SELECT
    {cycle} AS period,
    f[1] AS bioguide,
    f[2] AS scheme,
    f[3] AS value,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 3),
        check_required('bioguide', f[1]),
        check_required('id scheme', f[2]),
        check_required('id value', f[3])
    ]) AS _problem
FROM {lines}
