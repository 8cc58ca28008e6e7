-- Corporations, joined across every source by one name key (spotlight_corp_key; the Swift
-- CorporateName.key is the same function) and, where the SEC knows them, by CIK. No fuzzy
-- matching: a name the key cannot join is joined only by a reviewed alias
-- (content/corporate_aliases.toml, loaded into corporate_aliases before this file runs).
-- Each INSERT reads one family; one whose tables are not loaded is skipped (ReportBuilder).

-- Every company name seen, with its key and the CIK the source itself gives (SEC only).
CREATE OR REPLACE TABLE corporation_names
(
    corp_key String,
    source LowCardinality(String),   -- sec_tickers, sec_form345, lda_client, fec_connected_org, donor_employer
    name String,
    cik String                       -- 10 digits, or '' when the source has none
)
ENGINE = MergeTree ORDER BY (corp_key, source, name);

INSERT INTO corporation_names
SELECT DISTINCT spotlight_corp_key(title), 'sec_tickers', title, cik10 FROM sec_company_tickers;

INSERT INTO corporation_names
SELECT DISTINCT spotlight_corp_key(issuername), 'sec_form345', issuername, issuercik
FROM sec_insider_submissions WHERE issuername IS NOT NULL;

INSERT INTO corporation_names
SELECT spotlight_corp_key(client_name), 'lda_client', client_name, '' FROM lda_filings WHERE client_name IS NOT NULL GROUP BY client_name;

INSERT INTO corporation_names
SELECT spotlight_corp_key(connected_org_nm), 'fec_connected_org', connected_org_nm, ''
FROM fec_committees WHERE ifNull(connected_org_nm, '') NOT IN ('', 'NONE', 'N/A') GROUP BY connected_org_nm;

-- Every distinct employer written on a contribution with its name key, worked out once per
-- employer: the key is a chain of string functions, and computed per contribution it cost 20 s
-- of the 10 M-contribution model (a filter on it in a query is pushed below the DISTINCT, so the
-- keys are kept in a table of their own).
CREATE OR REPLACE TABLE fec_employers ENGINE = MergeTree ORDER BY employer AS
SELECT employer, spotlight_corp_key(employer) AS corp_key
FROM (SELECT DISTINCT assumeNotNull(employer) AS employer FROM fec_individual_contributions WHERE employer IS NOT NULL);

-- Employers only where the key is already a company above: employers are mostly people's own
-- descriptions (SELF-EMPLOYED, RETIRED) and would swamp the table.
INSERT INTO corporation_names
SELECT corp_key, 'donor_employer', employer, ''
FROM fec_employers
WHERE corp_key IN (SELECT corp_key FROM corporation_names WHERE corp_key != '');

-- Reviewed aliases name a CIK for a name the key alone cannot join.
INSERT INTO corporation_names
SELECT spotlight_corp_key(name), 'reviewed_alias', name, cik FROM corporate_aliases;

-- Which corporation each name key belongs to: the CIK when the key's names agree on exactly one
-- (a renamed company's old and new names — KELLOGG and KELLANOVA — share it and so join one
-- corporation), else the key itself.
CREATE OR REPLACE TABLE corporation_keys ENGINE = MergeTree ORDER BY corp_key AS
SELECT corp_key,
       if(length(ciks) = 1, concat('cik', ciks[1]), concat('key-', replaceAll(lower(corp_key), ' ', '-'))) AS corp_id,
       if(length(ciks) = 1, ciks[1], '') AS cik
FROM (SELECT corp_key, arrayFilter(c -> c != '', groupUniqArray(cik)) AS ciks FROM corporation_names WHERE corp_key != '' GROUP BY corp_key);

-- One row per corporation: its keys, the SEC's name for it when listed (else a reviewed
-- alias's, else the most common spelling's), its tickers, and which sources mention it.
CREATE OR REPLACE TABLE corporations ENGINE = MergeTree ORDER BY corp_id AS
SELECT
    k.corp_id AS corp_id,
    arraySort(groupUniqArray(n.corp_key)) AS corp_keys,
    any(k.cik) AS cik,
    argMin(n.name, (multiIf(n.source = 'sec_tickers', 0, n.source = 'sec_form345', 1, n.source = 'reviewed_alias', 2, 3), n.name)) AS name,
    arraySort(groupUniqArray(n.source)) AS sources,
    uniqExact(n.name) AS names,
    any(t.tickers) AS tickers,
    hasAny(groupUniqArray(n.source), ['lda_client', 'fec_connected_org', 'sec_form345']) AS has_activity
FROM corporation_names AS n
INNER JOIN corporation_keys AS k ON k.corp_key = n.corp_key
LEFT JOIN (SELECT cik10, arraySort(groupArray(ticker)) AS tickers FROM sec_company_tickers GROUP BY cik10) AS t ON t.cik10 = k.cik
GROUP BY k.corp_id;

-- Which corporation each employer written on a contribution is (only corporations with activity
-- of their own: lobbying, a PAC, SEC filings): the small side of every join
-- from contributions to corporations.
CREATE OR REPLACE TABLE employer_corporations ENGINE = MergeTree ORDER BY employer AS
SELECT e.employer AS employer, c.corp_id AS corp_id
FROM fec_employers AS e
INNER JOIN corporation_keys AS k ON k.corp_key = e.corp_key
INNER JOIN corporations AS c ON c.corp_id = k.corp_id AND c.has_activity;

-- Employees' giving per corporation and cycle: itemized individual contributions, memo entries
-- excluded, whose employer is a corporation's.
CREATE OR REPLACE TABLE corporation_employee_giving ENGINE = MergeTree ORDER BY (corp_id, cycle) AS
SELECT e.corp_id AS corp_id, i.cycle AS cycle, toInt64(sum(i.transaction_amt) * 100) AS cents, count() AS contributions,
       uniqExact(i.name, substring(ifNull(i.zip_code, ''), 1, 5)) AS donors
FROM fec_individual_contributions AS i
INNER JOIN employer_corporations AS e ON e.employer = i.employer
WHERE ifNull(i.memo_cd, '') != 'X'
GROUP BY corp_id, cycle;
