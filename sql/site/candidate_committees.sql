-- The candidate's principal and authorized committees (ccl), with their names and types.
SELECT l.cycle AS cycle, l.cand_id AS id, l.cmte_id AS committee_id, any(cm.cmte_nm) AS committee_name,
       any(ifNull(l.cmte_dsgn, cm.cmte_dsgn)) AS designation, any(ifNull(l.cmte_tp, cm.cmte_tp)) AS type
FROM fec_candidate_committee_links AS l
LEFT JOIN fec_committees AS cm ON cm.cycle = l.cycle AND cm.cmte_id = l.cmte_id
WHERE l.cand_id IN {ids}
GROUP BY cycle, id, committee_id
ORDER BY id, cycle DESC, designation = 'P' DESC, committee_id
SETTINGS join_use_nulls = 1
