-- The newest trades members of Congress disclosed (home page): newest trade first, then the
-- member's name and the source row, so the order is stable; trades whose date cannot be right
-- are left out.
SELECT t.transaction_date AS date, t.disclosure_date AS disclosure_date, t.days_to_disclose AS days,
       t.days_to_disclose > 45 AS late,
       if(l.last_name != '', concat(l.first_name, ' ', l.last_name), t.member_name) AS member,
       t.member_bioguide AS bioguide,
       ifNull(t.ticker, '') AS ticker, ifNull(t.asset_name, '') AS asset, t.type AS type, t.amount_text AS amount
FROM congress_trades_matched AS t
LEFT JOIN (SELECT bioguide, any(ifNull(first_name, '')) AS first_name, any(ifNull(last_name, '')) AS last_name FROM legislators GROUP BY bioguide) AS l
    ON l.bioguide = t.member_bioguide
WHERE t.date_implausible = 0
ORDER BY t.transaction_date DESC, member, t.source, t.source_line
LIMIT {limit}
