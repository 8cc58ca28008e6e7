-- Contributions from a committee to candidates (itpas2), by candidate. Independent
-- expenditures reported on the same file (24A against, 24E for) are left out here: they are
-- not contributions, and the independent-expenditure table lists them.
SELECT p.cycle AS cycle, p.cmte_id AS id, p.cand_id AS candidate_id, any(cn.cand_name) AS candidate_name,
       any(cn.cand_pty_affiliation) AS party, toInt64(sum(p.transaction_amt) * 100) AS cents, count() AS contributions
FROM fec_committee_to_candidate AS p
LEFT JOIN (SELECT cycle, cand_id, any(cand_name) AS cand_name, any(cand_pty_affiliation) AS cand_pty_affiliation
           FROM fec_candidates GROUP BY cycle, cand_id) AS cn ON cn.cycle = p.cycle AND cn.cand_id = p.cand_id
WHERE p.cmte_id IN {ids} AND p.cand_id IS NOT NULL AND ifNull(p.transaction_tp, '') NOT IN ('24A', '24E')
  AND ifNull(p.memo_cd, '') != 'X'
GROUP BY cycle, id, candidate_id
ORDER BY id, cycle DESC, cents DESC, candidate_id
LIMIT 25 BY id, cycle
SETTINGS join_use_nulls = 1
