-- Late STOCK Act disclosures by member: trades reported more than 45 days after they were made.
-- The STOCK Act of 2012 (Pub. L. 112-105, § 6, adding § 103(l) to the Ethics in Government Act)
-- requires a periodic transaction report within 30 days of learning of a transaction and no
-- later than 45 days after it. days_to_disclose = disclosure date − transaction date, as the
-- sources give them; trades without a disclosure date, or whose transaction date cannot be
-- right (date_implausible: after the disclosure or before 2012), are left out: they cannot be judged.
-- A member is the bioguide id the trade was matched to (congress_trade_members); unmatched
-- trades are kept under the filer's name as written.
-- chart: label=member value=late_trades unit=count
SELECT
    ifNull(any(t.member_bioguide), '') AS bioguide,
    any(if(l.last_name != '', concat(l.first_name, ' ', l.last_name), t.member_name)) AS member,
    any(t.chamber) AS chamber,
    count() AS trades,
    countIf(t.days_to_disclose > 45) AS late_trades,
    round(late_trades / trades * 100, 1) AS late_percent,
    toInt32(quantileExact(0.5)(t.days_to_disclose)) AS median_days,
    max(t.days_to_disclose) AS longest_days
FROM congress_trades_matched AS t
LEFT JOIN (SELECT bioguide, any(ifNull(first_name, '')) AS first_name, any(ifNull(last_name, '')) AS last_name FROM legislators GROUP BY bioguide) AS l
    ON l.bioguide = t.member_bioguide
WHERE t.days_to_disclose IS NOT NULL AND t.date_implausible = 0
GROUP BY ifNull(t.member_bioguide, concat('unmatched: ', t.member_name)) AS member_key
HAVING late_trades > 0
ORDER BY late_trades DESC, member, member_key
