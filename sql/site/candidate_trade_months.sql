-- The member's disclosed trades by month of trade, for the page's timeline (every trade, not
-- only the newest 100 the table lists); trades whose date cannot be right are left out.
SELECT i.value AS id, toStartOfMonth(t.transaction_date) AS month, count() AS trades
FROM legislator_ids AS i
INNER JOIN congress_trades_matched AS t ON t.member_bioguide = i.bioguide
WHERE i.scheme = 'fec' AND i.value IN {ids} AND t.date_implausible = 0
GROUP BY id, month
ORDER BY id, month
