-- The newest independent expenditures (home page and Atom feed), newest first; items an
-- amendment replaced are left out.
SELECT ie.cycle AS cycle, ie.spe_id AS committee_id, ifNull(cm.cmte_nm, ie.spe_nam) AS committee_name,
       cm.cmte_tp AS type, ie.cand_id AS candidate_id, ie.cand_name AS candidate_name, ie.sup_opp AS support_oppose,
       ie.pur AS purpose, ie.exp_date AS date, toInt64(ie.exp_amo * 100) AS cents, ie.tran_id AS tran_id,
       ie.source_line AS source_line
FROM fec_independent_expenditure_items AS ie
LEFT JOIN fec_committees AS cm ON cm.cycle = ie.cycle AND cm.cmte_id = ie.spe_id
WHERE ie.exp_date IS NOT NULL AND ie.superseded_by IS NULL
ORDER BY date DESC, cents DESC, committee_id, source_line
LIMIT {limit}
SETTINGS join_use_nulls = 1
