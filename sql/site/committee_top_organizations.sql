-- Top organisation donors (itcont lines whose entity type is not an individual: ORG, PAC,
-- COM, PTY, CCM), by name. Memo entries excluded.
SELECT cycle, cmte_id AS id, ifNull(name, '') AS name, any(entity_tp) AS entity_type,
       toInt64(sum(transaction_amt) * 100) AS cents, count() AS contributions
FROM fec_individual_contributions
WHERE cmte_id IN {ids} AND ifNull(memo_cd, '') != 'X' AND ifNull(entity_tp, 'IND') != 'IND'
GROUP BY cycle, id, name
ORDER BY id, cycle DESC, cents DESC, name
LIMIT 10 BY id, cycle
