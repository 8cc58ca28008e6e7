-- Members of Congress by number of disclosed trades, with the span, distinct tickers and the
-- sum of the disclosed ranges' lower bounds (ranges are all the law requires; the true amounts
-- are not public). Top 100.
-- chart: label=member value=trades unit=count
SELECT
    ifNull(any(t.member_bioguide), '') AS bioguide,
    any(if(l.last_name != '', concat(l.first_name, ' ', l.last_name), t.member_name)) AS member,
    any(t.chamber) AS chamber,
    count() AS trades,
    countIf(t.type = 'purchase') AS purchases,
    countIf(t.type IN ('sale_full', 'sale_partial')) AS sales,
    uniqExact(t.ticker) AS tickers,
    min(t.transaction_date) AS first_trade,
    max(t.transaction_date) AS last_trade,
    toInt64(sum(t.amount_min) * 100) AS amount_min_total_cents
FROM congress_trades_matched AS t
LEFT JOIN (SELECT bioguide, any(ifNull(first_name, '')) AS first_name, any(ifNull(last_name, '')) AS last_name FROM legislators GROUP BY bioguide) AS l
    ON l.bioguide = t.member_bioguide
GROUP BY ifNull(t.member_bioguide, concat('unmatched: ', t.member_name)) AS member_key
ORDER BY trades DESC, member, member_key
LIMIT 100
