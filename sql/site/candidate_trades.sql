-- The member's disclosed trades (congress_trades_matched: an archive's copy of an official
-- filing counted once), newest first, the latest 100; totals over all of them per member. A
-- trade whose date cannot be right (date_implausible) is listed as filed but never judged late.
SELECT i.value AS id, t.transaction_date AS transaction_date, t.disclosure_date AS disclosure_date,
       t.days_to_disclose AS days_to_disclose, t.date_implausible AS date_implausible, ifNull(t.owner, '') AS owner, ifNull(t.ticker, '') AS ticker,
       ifNull(t.asset_name, '') AS asset_name, t.type AS type, t.amount_text AS amount, t.source AS source, ifNull(t.link, '') AS link, t.source_line AS source_line,
       count() OVER (PARTITION BY i.value) AS total_trades,
       countIf(t.days_to_disclose > 45 AND t.date_implausible = 0) OVER (PARTITION BY i.value) AS late_trades
FROM legislator_ids AS i
INNER JOIN congress_trades_matched AS t ON t.member_bioguide = i.bioguide
WHERE i.scheme = 'fec' AND i.value IN {ids}
ORDER BY id, transaction_date DESC, ticker, asset_name, t.source, t.source_line
LIMIT 100 BY id
