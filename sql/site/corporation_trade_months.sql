-- Members' disclosed trades in the corporation's tickers by month of trade, for the page's
-- timeline; trades whose date cannot be right are left out.
SELECT c.corp_id AS id, toStartOfMonth(t.transaction_date) AS month, count() AS trades
FROM (SELECT corp_id, arrayJoin(tickers) AS ticker FROM corporations WHERE corp_id IN {ids}) AS c
INNER JOIN congress_trades_matched AS t ON t.ticker = c.ticker
WHERE t.date_implausible = 0
GROUP BY id, month
ORDER BY id, month
