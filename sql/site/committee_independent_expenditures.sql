-- Independent expenditures by a committee, per candidate and support (S) / oppose (O), without
-- the items an amendment replaced. The page lists the 25 largest per cycle; the totals for and
-- against count every row.
SELECT ie.cycle AS cycle, ie.spe_id AS id, ifNull(ie.cand_id, '') AS candidate_id,
       any(ifNull(cn.cand_name, ie.cand_name)) AS candidate_name, ifNull(ie.sup_opp, '') AS support_oppose,
       toInt64(sum(ie.exp_amo) * 100) AS cents, count() AS expenditures,
       sum(if(support_oppose = 'S', cents, 0)) OVER (PARTITION BY id, cycle) AS support_total_cents,
       sum(if(support_oppose = 'O', cents, 0)) OVER (PARTITION BY id, cycle) AS oppose_total_cents
FROM fec_independent_expenditure_items AS ie
LEFT JOIN (SELECT cycle, cand_id, any(cand_name) AS cand_name FROM fec_candidates GROUP BY cycle, cand_id) AS cn
    ON cn.cycle = ie.cycle AND cn.cand_id = ie.cand_id
WHERE ie.spe_id IN {ids} AND ie.superseded_by IS NULL
GROUP BY cycle, id, candidate_id, support_oppose
ORDER BY id, cycle DESC, cents DESC, candidate_id, support_oppose
LIMIT 25 BY id, cycle
SETTINGS join_use_nulls = 1
