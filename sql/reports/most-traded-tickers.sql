-- The tickers members of Congress traded most, with the company SEC lists for the ticker (when
-- it is listed) and how many members traded it. Trades without a ticker (bonds, funds, "--")
-- are left out. Top 100.
-- chart: label=ticker value=trades unit=count
SELECT
    t.ticker AS ticker,
    ifNull(any(c.title), '') AS company,
    ifNull(any(c.cik10), '') AS cik,
    count() AS trades,
    uniqExact(ifNull(t.member_bioguide, t.member_name)) AS members,
    countIf(t.type = 'purchase') AS purchases,
    countIf(t.type IN ('sale_full', 'sale_partial')) AS sales
FROM congress_trades_matched AS t
LEFT JOIN (SELECT ticker, any(title) AS title, any(cik10) AS cik10 FROM sec_company_tickers GROUP BY ticker) AS c ON c.ticker = t.ticker
WHERE t.ticker IS NOT NULL
GROUP BY t.ticker
ORDER BY trades DESC, ticker
LIMIT 100
SETTINGS join_use_nulls = 1
