-- Independent expenditures for (S) and against (O) the candidate, by spending committee;
-- the committee type tells a super PAC (O) from other spenders. Items an amendment replaced
-- are left out. The page lists the 25 largest per cycle; the totals for and against count every row.
SELECT ie.cycle AS cycle, ifNull(ie.cand_id, '') AS id, ie.spe_id AS committee_id,
       any(ifNull(cm.cmte_nm, ie.spe_nam)) AS committee_name, any(cm.cmte_tp) AS type,
       ifNull(ie.sup_opp, '') AS support_oppose, toInt64(sum(ie.exp_amo) * 100) AS cents, count() AS expenditures,
       sum(if(support_oppose = 'S', cents, 0)) OVER (PARTITION BY id, cycle) AS support_total_cents,
       sum(if(support_oppose = 'O', cents, 0)) OVER (PARTITION BY id, cycle) AS oppose_total_cents
FROM fec_independent_expenditure_items AS ie
LEFT JOIN fec_committees AS cm ON cm.cycle = ie.cycle AND cm.cmte_id = ie.spe_id
WHERE ie.cand_id IN {ids} AND ie.superseded_by IS NULL
GROUP BY cycle, id, committee_id, support_oppose
ORDER BY id, cycle DESC, cents DESC, committee_id, support_oppose
LIMIT 25 BY id, cycle
SETTINGS join_use_nulls = 1
