-- Giving by the corporation's employees: itemized individual contributions whose employer's
-- key is the corporation's (memo entries excluded), by cycle.
SELECT c.corp_id AS id, i.cycle AS cycle, toInt64(sum(i.transaction_amt) * 100) AS cents, count() AS contributions,
       uniqExact(i.name, substring(ifNull(i.zip_code, ''), 1, 5)) AS donors
FROM fec_individual_contributions AS i
INNER JOIN corporations AS c ON c.corp_key = spotlight_corp_key(ifNull(i.employer, ''))
WHERE c.corp_id IN {ids} AND ifNull(i.memo_cd, '') != 'X'
GROUP BY id, cycle
ORDER BY id, cycle DESC
