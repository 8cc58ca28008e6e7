-- Itemized individual contributions per month (memo entries and undated lines excluded).
SELECT cycle, cmte_id AS id, formatDateTime(toStartOfMonth(transaction_dt), '%Y-%m') AS month,
       toInt64(sum(transaction_amt) * 100) AS cents
FROM fec_individual_contributions
WHERE cmte_id IN {ids} AND ifNull(memo_cd, '') != 'X' AND transaction_dt IS NOT NULL
GROUP BY cycle, id, month
ORDER BY id, cycle DESC, month
