-- Insider transactions data sets, REPORTINGOWNER.tsv: who filed (one row per owner per filing;
-- a filing can have several owners). RPTOWNER_RELATIONSHIP lists one or more of OFFICER,
-- DIRECTOR, TENPERCENTOWNER, OTHER, comma-separated; kept as a lower-case array of roles.
CREATE TABLE IF NOT EXISTS sec_insider_reporting_owners
(
    period UInt32,
    accession_number String,
    rptownercik String,                     -- 10 digits, zero-padded
    rptownername String,
    roles Array(LowCardinality(String)),    -- officer, director, ten_percent_owner, other
    rptowner_relationship String,           -- as filed
    rptowner_title Nullable(String),        -- the officer's title (CEO, CFO, …)
    rptowner_txt Nullable(String),          -- what "other" means
    rptowner_street1 Nullable(String),
    rptowner_street2 Nullable(String),
    rptowner_city Nullable(String),
    rptowner_state LowCardinality(Nullable(String)),
    rptowner_zipcode Nullable(String),
    rptowner_state_desc Nullable(String),
    file_number Nullable(String),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (accession_number, rptownercik);

-- load: the 13 columns of REPORTINGOWNER.tsv in order (the header is checked before loading).
SELECT
    {cycle} AS period,
    f[1] AS accession_number,
    f[2] AS rptownercik,
    trimBoth(f[3]) AS rptownername,
    arrayMap(r -> multiIf(r = 'TENPERCENTOWNER', 'ten_percent_owner', lower(r)),
             arrayFilter(r -> r != '', splitByChar(',', replaceAll(upper(f[4]), ' ', '')))) AS roles,
    f[4] AS rptowner_relationship,
    spotlight_text(f[5]) AS rptowner_title,
    spotlight_text(f[6]) AS rptowner_txt,
    spotlight_text(f[7]) AS rptowner_street1,
    spotlight_text(f[8]) AS rptowner_street2,
    spotlight_text(f[9]) AS rptowner_city,
    spotlight_text(f[10]) AS rptowner_state,
    spotlight_text(f[11]) AS rptowner_zipcode,
    spotlight_text(f[12]) AS rptowner_state_desc,
    spotlight_text(f[13]) AS file_number,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 13),
        if(NOT match(f[1], '^[0-9]{10}-[0-9]{2}-[0-9]{6}$'), concat('ACCESSION_NUMBER is not an accession number: ', f[1]), ''),
        if(NOT match(f[2], '^[0-9]{10}$'), concat('RPTOWNERCIK is not a 10-digit CIK: ', f[2]), ''),
        if(trimBoth(f[3]) = '', 'RPTOWNERNAME is blank', ''),
        if(NOT match(replaceAll(upper(f[4]), ' ', ''), '^(OFFICER|DIRECTOR|TENPERCENTOWNER|OTHER)(,(OFFICER|DIRECTOR|TENPERCENTOWNER|OTHER))*$'),
           concat('RPTOWNER_RELATIONSHIP is not OFFICER, DIRECTOR, TENPERCENTOWNER or OTHER: ', f[4]), '')
    ]) AS _problem
FROM {lines}
