-- Which member of Congress made each trade (one row per congress_trades row, by period and
-- source_line). Rebuilt whole after trades or legislators are ingested. The rules, in order,
-- each deterministic; a trade no rule settles is kept and counted as unmatched, never guessed:
--   source         the source names the member's bioguide id (Senate Stock Watcher, through
--                  the daily summaries' filings);
--   alias          a reviewed row of content/member_aliases.csv for this source, name and seat;
--   name_and_seat  House: the one representative who held the trade's state and district on
--                  the transaction date and whose last name is a word of the filer's name;
--   name_and_term  Senate: the one senator serving on the transaction date whose last name is
--                  a word of the filer's name;
--   either of the last two, when several people qualify, settles only if exactly one of them
--   also has a first name or nickname in the filer's name (Mrs. Kelly Loeffler, not Mark Kelly);
--   ambiguous      still several candidates;  unmatched  none.
-- Names compare by spotlight_name_key (accents, case and punctuation removed). Former members
-- loaded from legislators-historical.csv have a last seat without dates: any date qualifies.
CREATE TABLE IF NOT EXISTS congress_trade_members
(
    period UInt16,
    source_line UInt64,
    bioguide Nullable(String),
    method LowCardinality(String),   -- source, alias, name_and_seat, name_and_term, ambiguous, unmatched
    candidates UInt16                -- people the name rules found (0 for source and alias)
)
ENGINE = MergeTree
ORDER BY (period, source_line);

TRUNCATE TABLE congress_trade_members;

INSERT INTO congress_trade_members
WITH
people AS (
    SELECT l.bioguide AS bioguide, t.type AS type, t.state AS state, t.district AS district, t.start_date AS start_date, t.end_date AS end_date,
           spotlight_name_key(ifNull(l.last_name, '')) AS last_key,
           arrayFilter(x -> x != '', [spotlight_name_key(ifNull(l.first_name, '')), spotlight_name_key(ifNull(l.nickname, ''))]) AS first_keys
    FROM legislators AS l INNER JOIN legislator_terms AS t ON t.bioguide = l.bioguide AND t.period = l.period
),
-- Names first (a few hundred), then trades: comparing every trade with every term is slow.
names AS (
    SELECT DISTINCT chamber, member_name, ifNull(district, '') AS seat, concat(' ', spotlight_name_key(member_name), ' ') AS name_key
    FROM congress_trades WHERE bioguide IS NULL
),
-- A last name is a word of the filer's name, or a run of words ("van hollen"): each name
-- meets the people by every run of its words, an equality join rather than a search of every
-- name in every term (1.7 s of the real sample's match, now a few milliseconds).
name_runs AS (
    SELECT chamber, member_name, seat, name_key, run
    FROM (SELECT *, splitByChar(' ', trimBoth(name_key)) AS words FROM names)
    ARRAY JOIN arrayDistinct(arrayFlatten(arrayMap(
        n -> arrayMap(i -> arrayStringConcat(arraySlice(words, i, n), ' '), range(1, length(words) - n + 2)),
        range(1, length(words) + 1)))) AS run
    WHERE run != ''
),
name_candidates AS (
    SELECT n.chamber AS chamber, n.member_name AS member_name, n.seat AS seat, p.bioguide AS bioguide,
           p.start_date AS start_date, p.end_date AS end_date,
           arrayExists(f -> position(n.name_key, concat(' ', f, ' ')) > 0, p.first_keys) AS first_matches
    FROM name_runs AS n INNER JOIN people AS p ON p.type = if(n.chamber = 'Senate', 'sen', 'rep') AND p.last_key = n.run
    WHERE n.chamber = 'Senate' OR (substring(n.seat, 1, 2) = p.state AND toInt16OrNull(substring(n.seat, 3)) = p.district)
),
by_name AS (
    SELECT t.period AS period, t.source_line AS source_line, uniqExact(c.bioguide) AS found, uniqExactIf(c.bioguide, c.first_matches) AS found_by_first,
           multiIf(found = 1, any(c.bioguide), found_by_first = 1, anyIf(c.bioguide, c.first_matches), NULL) AS matched
    FROM congress_trades AS t
    INNER JOIN name_candidates AS c ON c.chamber = t.chamber AND c.member_name = t.member_name AND c.seat = ifNull(t.district, '')
    -- A trade dated as filed in a year it cannot be (0009-06-09) meets its member by the date
    -- of the disclosure, which the member filed while holding the seat.
    WHERE t.bioguide IS NULL AND (c.start_date IS NULL
          OR if(t.date_implausible = 1, ifNull(t.disclosure_date, t.transaction_date), t.transaction_date) BETWEEN c.start_date AND c.end_date)
    GROUP BY period, source_line
)
SELECT
    t.period,
    t.source_line,
    multiIf(t.bioguide IS NOT NULL, t.bioguide, a.bioguide != '', a.bioguide, b.matched) AS bioguide,
    multiIf(t.bioguide IS NOT NULL, 'source', a.bioguide != '', 'alias', b.matched IS NOT NULL, if(t.chamber = 'Senate', 'name_and_term', 'name_and_seat'),
            b.found > 1, 'ambiguous', 'unmatched') AS method,
    if(t.bioguide IS NOT NULL OR a.bioguide != '', 0, b.found) AS candidates
FROM congress_trades AS t
LEFT JOIN member_aliases AS a ON a.source = t.source AND a.member_name = t.member_name AND a.district = ifNull(t.district, '')
LEFT JOIN by_name AS b ON b.period = t.period AND b.source_line = t.source_line
SETTINGS join_use_nulls = 1;

-- Trades with their member, every report as filed (the download): the community archives
-- copied the official filings, so a filing loaded from both (the same eFD or PTR link) would
-- count twice: the archive's copy gives way to the official one (Senate archive → eFD page,
-- House archive → PTR PDF); congress_trades keeps both for checking. A report an amendment
-- replaced is here with superseded_by set.
CREATE OR REPLACE VIEW congress_trades_filed AS
SELECT t.*, m.bioguide AS member_bioguide, m.method AS member_match
FROM congress_trades AS t
LEFT JOIN congress_trade_members AS m ON m.period = t.period AND m.source_line = t.source_line
WHERE NOT (t.period = 1 AND ifNull(t.link, '') IN (SELECT link FROM congress_trades WHERE period = 3 AND link IS NOT NULL))
  AND NOT (t.period = 2 AND ifNull(t.link, '') IN (SELECT link FROM congress_trades WHERE period = 4 AND link IS NOT NULL));

-- The trades that stand: what reports and pages read (an amended report's rows give way to
-- the amendment's).
CREATE OR REPLACE VIEW congress_trades_matched AS
SELECT * FROM congress_trades_filed WHERE superseded_by IS NULL;
