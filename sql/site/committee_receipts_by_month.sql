-- Itemized individual contributions per month of the cycle (memo entries, undated lines and
-- lines dated outside the cycle excluded: the page counts those apart).
SELECT cycle, cmte_id AS id, formatDateTime(toStartOfMonth(transaction_dt), '%Y-%m') AS month,
       toInt64(sum(transaction_amt) * 100) AS cents
FROM fec_individual_contributions
WHERE cmte_id IN {ids} AND ifNull(memo_cd, '') != 'X' AND transaction_dt IS NOT NULL AND empty(dates_outside_cycle)
GROUP BY cycle, id, month
ORDER BY id, cycle DESC, month
