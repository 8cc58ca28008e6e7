-- Trades by members of Congress in the corporation's stock (its tickers), newest first.
SELECT c.corp_id AS id, t.transaction_date AS transaction_date, t.ticker AS ticker, t.type AS type, t.amount_text AS amount,
       ifNull(t.member_bioguide, '') AS bioguide,
       if(l.last_name != '', concat(l.first_name, ' ', l.last_name), t.member_name) AS member,
       t.days_to_disclose AS days_to_disclose, t.source AS source, t.source_line AS source_line, ifNull(t.link, '') AS link
FROM congress_trades_matched AS t
INNER JOIN (SELECT corp_id, arrayJoin(tickers) AS ticker FROM corporations WHERE corp_id IN {ids}) AS c ON c.ticker = t.ticker
LEFT JOIN (SELECT bioguide, any(ifNull(first_name, '')) AS first_name, any(ifNull(last_name, '')) AS last_name FROM legislators GROUP BY bioguide) AS l
    ON l.bioguide = t.member_bioguide
ORDER BY id, transaction_date DESC, member, t.source_line
LIMIT 50 BY id
