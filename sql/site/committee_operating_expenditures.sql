-- Operating expenditures (oppexp) by the filer's category; memo entries excluded. Rows with
-- no category are grouped as "Uncategorized".
SELECT cycle, cmte_id AS id, ifNull(category_desc, 'Uncategorized') AS category,
       toInt64(sum(transaction_amt) * 100) AS cents, count() AS expenditures
FROM fec_operating_expenditures
WHERE cmte_id IN {ids} AND ifNull(memo_cd, '') != 'X'
GROUP BY cycle, id, category
ORDER BY id, cycle DESC, cents DESC, category
