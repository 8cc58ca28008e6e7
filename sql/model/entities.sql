-- Politicians and PACs (after corporations.sql, which creates corporation_keys). Every source table exists,
-- empty when its family is not loaded.
-- depends: corporation_keys, employer_corporations, fec_independent_expenditure_items, lda_filing_items

-- One row per person: every member of Congress (current and former) by bioguide id, with
-- every id the crosswalk gives, the latest term and the FEC candidate ids; then every FEC
-- candidate the crosswalk does not name, by candidate id.
CREATE OR REPLACE TABLE politicians ENGINE = MergeTree ORDER BY politician_id AS
WITH ids AS (
    SELECT bioguide, groupArrayIf(value, scheme = 'fec') AS fec_ids, anyIf(value, scheme = 'icpsr') AS icpsr, anyIf(value, scheme = 'lis') AS lis,
           anyIf(value, scheme = 'opensecrets') AS opensecrets, anyIf(value, scheme = 'govtrack') AS govtrack,
           anyIf(value, scheme = 'wikidata') AS wikidata, anyIf(value, scheme = 'thomas') AS thomas
    FROM legislator_ids GROUP BY bioguide
),
latest AS (
    SELECT bioguide, argMax(type, (ifNull(end_date, toDate32('1900-01-01')), term)) AS chamber_type,
           argMax(state, (ifNull(end_date, toDate32('1900-01-01')), term)) AS state,
           argMax(party, (ifNull(end_date, toDate32('1900-01-01')), term)) AS party,
           min(start_date) AS first_term_start, max(end_date) AS last_term_end, count() AS terms
    FROM legislator_terms GROUP BY bioguide
)
SELECT
    l.bioguide AS politician_id,
    l.bioguide AS bioguide,
    trimBoth(concat(ifNull(any(l.first_name), ''), ' ', ifNull(any(l.last_name), ''))) AS name,
    any(t.party) AS party,
    any(t.state) AS state,
    multiIf(any(t.chamber_type) = 'sen', 'Senate', any(t.chamber_type) = 'rep', 'House', '') AS chamber,
    max(l.is_current) AS is_current,
    any(t.first_term_start) AS first_term_start,
    any(t.last_term_end) AS last_term_end,
    any(i.fec_ids) AS fec_candidate_ids,
    any(i.icpsr) AS icpsr, any(i.lis) AS lis, any(i.opensecrets) AS opensecrets, any(i.govtrack) AS govtrack,
    any(i.wikidata) AS wikidata, any(i.thomas) AS thomas
FROM legislators AS l
LEFT JOIN latest AS t ON t.bioguide = l.bioguide
LEFT JOIN ids AS i ON i.bioguide = l.bioguide
GROUP BY l.bioguide
UNION ALL
SELECT
    c.cand_id, '', ifNull(argMax(c.cand_name, c.cycle), ''), ifNull(argMax(c.cand_pty_affiliation, c.cycle), ''),
    ifNull(argMax(c.cand_office_st, c.cycle), ''),
    multiIf(argMax(c.cand_office, c.cycle) = 'S', 'Senate', argMax(c.cand_office, c.cycle) = 'H', 'House', argMax(c.cand_office, c.cycle) = 'P', 'President', ''),
    0, NULL, NULL, [c.cand_id], '', '', '', '', '', ''
FROM fec_candidates AS c
-- (a crosswalk entry whose person's record was quarantined does not hide the candidate)
WHERE c.cand_id NOT IN (SELECT value FROM legislator_ids WHERE scheme = 'fec' AND bioguide IN (SELECT bioguide FROM legislators))
GROUP BY c.cand_id;

-- One row per FEC committee and cycle: its kind in words (as the site says it), designation,
-- connected organization and its corporation, and the candidates it is linked to.
CREATE OR REPLACE TABLE pacs ENGINE = MergeTree ORDER BY (cmte_id, cycle) AS
SELECT
    m.cmte_id AS cmte_id,
    m.cycle AS cycle,
    ifNull(m.cmte_nm, '') AS name,
    multiIf(m.cmte_dsgn = 'D', 'Leadership PAC', m.cmte_tp IN ('O', 'U'), 'Super PAC', m.cmte_tp IN ('V', 'W'), 'Hybrid PAC',
            m.cmte_tp IN ('X', 'Y', 'Z'), 'Party', m.cmte_tp IN ('H', 'S', 'P'), 'Campaign', m.cmte_tp IN ('N', 'Q'), 'PAC', 'Other') AS kind,
    ifNull(m.cmte_tp, '') AS cmte_tp,
    ifNull(m.cmte_dsgn, '') AS cmte_dsgn,
    ifNull(m.connected_org_nm, '') AS connected_organization,
    ifNull(c.corp_id, '') AS corporation_id,
    ifNull(l.candidates, []) AS linked_candidates
FROM fec_committees AS m
LEFT JOIN corporation_keys AS c ON c.corp_key = spotlight_corp_key(ifNull(m.connected_org_nm, '')) AND ifNull(m.connected_org_nm, '') NOT IN ('', 'NONE', 'N/A')
LEFT JOIN (SELECT cycle, cmte_id, arraySort(groupUniqArray(cand_id)) AS candidates FROM fec_candidate_committee_links GROUP BY cycle, cmte_id) AS l
    ON l.cycle = m.cycle AND l.cmte_id = m.cmte_id
SETTINGS join_use_nulls = 1;

-- Money and influence between entities, one row per flow, payer and payee and cycle or year:
-- PAC → candidate (itpas2), super PAC spending for or against a candidate (independent
-- expenditures), employees → committees (itemized contributions by corporation), a
-- corporation's lobbying (LDA client → registrant, by year), lobbyists' LD-203 contributions
-- to honorees (by name as filed). Candidates are politician ids (bioguide when a member).
CREATE OR REPLACE TABLE money_flows
(
    flow LowCardinality(String),
    period UInt16,                 -- FEC cycle, or LDA filing year
    from_kind LowCardinality(String),
    from_id String,
    from_name String,
    to_kind LowCardinality(String),
    to_id String,
    to_name String,
    amount_cents Int64,
    transactions UInt64
)
-- Sorted as its download is (content/datasets/model.toml), so the export reads it in order
-- instead of sorting 6.7 M rows twice at cycle scale (13.5 s → 7.8 s for the Parquet file).
ENGINE = MergeTree ORDER BY (to_id, flow, period, from_id);

-- A name filed in several spellings across a group's rows is given as the alphabetically first
-- (min, never any): every build, clean or incremental, must pick the same one.
INSERT INTO money_flows
SELECT 'committee_to_candidate', g.cycle, 'pac', g.cmte_id, min(ifNull(m.cmte_nm, '')), 'politician',
       ifNull(any(x.bioguide), ifNull(g.cand_id, '')), min(ifNull(g.name, '')), toInt64(sum(g.transaction_amt) * 100), count()
FROM fec_committee_to_candidate AS g
LEFT JOIN fec_committees AS m ON m.cycle = g.cycle AND m.cmte_id = g.cmte_id
LEFT JOIN (SELECT value, min(bioguide) AS bioguide FROM legislator_ids WHERE scheme = 'fec' GROUP BY value) AS x ON x.value = g.cand_id
WHERE g.cand_id IS NOT NULL AND ifNull(g.memo_cd, '') != 'X'
GROUP BY g.cycle, g.cmte_id, g.cand_id
SETTINGS join_use_nulls = 1;

INSERT INTO money_flows
SELECT if(e.sup_opp = 'S', 'independent_expenditure_support', 'independent_expenditure_oppose'), e.cycle, 'pac', e.spe_id, min(ifNull(e.spe_nam, '')),
       'politician', ifNull(any(x.bioguide), ifNull(e.cand_id, '')), min(ifNull(e.cand_name, '')), toInt64(sum(e.exp_amo) * 100), count()
FROM fec_independent_expenditure_items AS e
LEFT JOIN (SELECT value, min(bioguide) AS bioguide FROM legislator_ids WHERE scheme = 'fec' GROUP BY value) AS x ON x.value = e.cand_id
WHERE e.cand_id IS NOT NULL AND e.superseded_by IS NULL
GROUP BY e.cycle, e.spe_id, e.cand_id, e.sup_opp
SETTINGS join_use_nulls = 1;

INSERT INTO money_flows
SELECT 'employees_to_committee', g.cycle, 'corporation', g.corp_id, c.name, 'pac', g.cmte_id, '', g.cents, g.contributions
FROM (
    -- (the corporation's name joined after the sums: one string fewer in each of millions of groups)
    SELECT i.cycle AS cycle, e.corp_id AS corp_id, i.cmte_id AS cmte_id, toInt64(sum(i.transaction_amt) * 100) AS cents, count() AS contributions
    FROM fec_individual_contributions AS i
    INNER JOIN employer_corporations AS e ON e.employer = i.employer
    WHERE ifNull(i.memo_cd, '') != 'X'
    GROUP BY cycle, corp_id, cmte_id
) AS g
INNER JOIN corporations AS c ON c.corp_id = g.corp_id;

INSERT INTO money_flows
SELECT 'lobbying', f.filing_year, 'corporation', ifNull(any(c.corp_id), ''), min(ifNull(f.client_name, '')), 'registrant',
       toString(ifNull(f.registrant_id, 0)), min(ifNull(f.registrant_name, '')),
       toInt64(sum(ifNull(f.income, 0) + ifNull(f.expenses, 0)) * 100), count()
FROM lda_filing_items AS f
LEFT JOIN corporation_keys AS c ON c.corp_key = spotlight_corp_key(ifNull(f.client_name, ''))
WHERE f.superseded_by IS NULL
GROUP BY f.filing_year, f.client_name, f.registrant_id
SETTINGS join_use_nulls = 1;

-- LD-203 honorees who are members of Congress. Honorees are filed as text, usually "Last, First"
-- ("Courtney, Joseph", "Blunt Rochester, Lisa"); a name is a member's when, for that filing year,
-- exactly one legislator has the same last name (spotlight_name_key), a first name or nickname
-- equal to a word of the filed first name (either side read through the reviewed short forms of
-- content/given_names.toml: Joe = Joseph), and a term from four years before the year to the year
-- itself or later (contributions go to sitting members and to candidates soon elected). Former
-- members from legislators-historical.csv carry no term dates: they qualify when they have an FEC
-- candidate id, as every honoree (a federal candidate or officeholder) of the LD-203 era does.
-- Middle names are not compared (Brian Joseph Donnelly is not "Donnelly, Joe"). Several such
-- people or none → no match: the name is kept as filed, never guessed.
CREATE OR REPLACE TABLE ld203_honorees ENGINE = MergeTree ORDER BY (period, honoree_name) AS
WITH names AS (
    SELECT DISTINCT period, assumeNotNull(honoree_name) AS honoree_name,
           spotlight_name_key(splitByString(', ', honoree_name)[1]) AS last_key,
           splitByChar(' ', spotlight_name_key(arrayStringConcat(arraySlice(splitByString(', ', honoree_name), 2), ' '))) AS first_words
    FROM lda_contributions WHERE position(honoree_name, ', ') > 0
),
name_words AS (SELECT period, honoree_name, last_key, word FROM names ARRAY JOIN first_words AS word WHERE word != ''),
name_forms AS (
    SELECT period, honoree_name, last_key, word AS given FROM name_words
    UNION ALL
    SELECT w.period, w.honoree_name, w.last_key, g.formal_key FROM name_words AS w INNER JOIN given_names AS g ON g.short_key = w.word
),
person_words AS (
    SELECT bioguide, spotlight_name_key(ifNull(last_name, '')) AS last_key, word
    FROM legislators
    ARRAY JOIN arrayFilter(x -> x != '', [spotlight_name_key(ifNull(first_name, '')), spotlight_name_key(ifNull(nickname, ''))]) AS word
),
person_forms AS (
    SELECT bioguide, last_key, word AS given FROM person_words
    UNION ALL
    SELECT p.bioguide, p.last_key, g.formal_key FROM person_words AS p INNER JOIN given_names AS g ON g.short_key = p.word
),
candidates AS (
    SELECT DISTINCT n.period AS period, n.honoree_name AS honoree_name, p.bioguide AS bioguide
    FROM name_forms AS n
    INNER JOIN person_forms AS p ON p.last_key = n.last_key AND p.given = n.given
    INNER JOIN legislator_terms AS t ON t.bioguide = p.bioguide
    WHERE if(t.start_date IS NULL, t.bioguide IN (SELECT bioguide FROM legislator_ids WHERE scheme = 'fec'),
             toYear(t.start_date) <= n.period + 4 AND toYear(t.end_date) >= n.period)
)
SELECT period, honoree_name, if(count() = 1, any(bioguide), '') AS bioguide, toUInt16(count()) AS candidates
FROM candidates
GROUP BY period, honoree_name;

INSERT INTO money_flows
SELECT 'ld203_contribution', c.period, 'lobbyist', ifNull(c.lobbyist_name, ifNull(c.registrant_name, '')), ifNull(c.contributor_name, ''),
       if(ifNull(h.bioguide, '') != '', 'politician', 'honoree'), ifNull(h.bioguide, ''), ifNull(c.honoree_name, ''),
       toInt64(sum(ifNull(c.amount, 0)) * 100), count()
FROM lda_contributions AS c
LEFT JOIN ld203_honorees AS h ON h.period = c.period AND h.honoree_name = c.honoree_name
GROUP BY c.period, c.lobbyist_name, c.registrant_name, c.contributor_name, c.honoree_name, h.bioguide
SETTINGS join_use_nulls = 1;
