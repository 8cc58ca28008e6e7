-- Contributions to the candidate from committees (itpas2), by giving committee; independent
-- expenditures (24A, 24E) and memo entries excluded.
SELECT p.cycle AS cycle, p.cand_id AS id, p.cmte_id AS committee_id, any(cm.cmte_nm) AS committee_name,
       any(cm.cmte_tp) AS type, toInt64(sum(p.transaction_amt) * 100) AS cents, count() AS contributions
FROM fec_committee_to_candidate AS p
LEFT JOIN fec_committees AS cm ON cm.cycle = p.cycle AND cm.cmte_id = p.cmte_id
WHERE p.cand_id IN {ids} AND ifNull(p.transaction_tp, '') NOT IN ('24A', '24E') AND ifNull(p.memo_cd, '') != 'X'
GROUP BY cycle, id, committee_id
ORDER BY id, cycle DESC, cents DESC, committee_id
LIMIT 10 BY id, cycle
SETTINGS join_use_nulls = 1
