-- Independent expenditures for (S) and against (O) the candidate, by spending committee;
-- the committee type tells a super PAC (O) from other spenders. Items an amendment replaced
-- are left out.
SELECT ie.cycle AS cycle, ifNull(ie.cand_id, '') AS id, ie.spe_id AS committee_id,
       any(ifNull(cm.cmte_nm, ie.spe_nam)) AS committee_name, any(cm.cmte_tp) AS type,
       ifNull(ie.sup_opp, '') AS support_oppose, toInt64(sum(ie.exp_amo) * 100) AS cents, count() AS expenditures
FROM fec_independent_expenditure_items AS ie
LEFT JOIN fec_committees AS cm ON cm.cycle = ie.cycle AND cm.cmte_id = ie.spe_id
WHERE ie.cand_id IN {ids} AND ie.superseded_by IS NULL
GROUP BY cycle, id, committee_id, support_oppose
ORDER BY id, cycle DESC, cents DESC, committee_id, support_oppose
LIMIT 25 BY id, cycle
SETTINGS join_use_nulls = 1
