-- Members' disclosed trades in the corporation's tickers by month of trade: the page's timeline
-- leaves out the months of trades whose date cannot be right (date_implausible), its count of
-- trades does not.
SELECT c.corp_id AS id, toStartOfMonth(t.transaction_date) AS month, t.date_implausible AS implausible, count() AS trades
FROM (SELECT corp_id, arrayJoin(tickers) AS ticker FROM corporations WHERE corp_id IN {ids}) AS c
INNER JOIN congress_trades_matched AS t ON t.ticker = c.ticker
GROUP BY id, month, implausible
ORDER BY id, month
