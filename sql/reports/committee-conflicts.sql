-- Committee conflicts: trades by members of Congress in companies whose industry falls under a
-- committee the member sits on. Both links are reviewed mapping files (content/
-- committee_industries.toml: committee → industries; content/company_industries.toml: ticker →
-- industry), a subcommittee counting under its parent; seats are the current committee
-- membership (congress-legislators), so an older trade is matched to today's seat.
-- chart: label=member value=trades unit=count
SELECT
    ifNull(t.member_bioguide, '') AS bioguide,
    any(if(l.last_name != '', concat(l.first_name, ' ', l.last_name), t.member_name)) AS member,
    any(ifNull(c.name, s.committee_id)) AS committee,
    ci.industry AS industry,
    count() AS trades,
    arrayStringConcat(arraySort(groupUniqArray(t.ticker)), ' ') AS tickers,
    min(t.transaction_date) AS first_trade,
    max(t.transaction_date) AS last_trade,
    toInt64(sum(t.amount_min) * 100) AS amount_min_total_cents
FROM congress_trades_matched AS t
INNER JOIN company_industries AS ci ON ci.ticker = t.ticker
INNER JOIN (SELECT DISTINCT bioguide, committee_id, substring(committee_id, 1, 4) AS parent_id FROM committee_seats) AS s ON s.bioguide = t.member_bioguide
INNER JOIN committee_industries AS m ON m.committee_id = s.parent_id AND m.industry = ci.industry
LEFT JOIN congress_committees AS c ON c.committee_id = s.parent_id
LEFT JOIN (SELECT bioguide, any(ifNull(first_name, '')) AS first_name, any(ifNull(last_name, '')) AS last_name FROM legislators GROUP BY bioguide) AS l
    ON l.bioguide = t.member_bioguide
GROUP BY t.member_bioguide, s.parent_id, ci.industry
ORDER BY trades DESC, member, committee, industry
SETTINGS join_use_nulls = 1
