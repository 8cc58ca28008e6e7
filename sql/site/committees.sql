-- One row per committee and cycle: the committee page's header and totals.
-- {ids} is replaced by the chunk of committee ids being rendered.
-- Totals come from the PAC summary file (webk) where the committee appears in it; itemized
-- individual contributions are summed from itcont with memo entries (memo_cd = 'X') excluded,
-- because memo lines repeat money already counted on another line. Contributions dated outside
-- the cycle (kept as filed) count in the total and are also counted apart.
SELECT
    cm.cycle AS cycle,
    cm.cmte_id AS id,
    cm.cmte_nm AS name,
    cm.tres_nm AS treasurer,
    cm.cmte_city AS city,
    cm.cmte_st AS state,
    cm.cmte_dsgn AS designation,
    cm.cmte_tp AS type,
    cm.cmte_pty_affiliation AS party,
    cm.org_tp AS org_type,
    cm.connected_org_nm AS connected_org,
    cm.cand_id AS candidate_id,
    cn.cand_name AS candidate_name,
    toInt64(webk.ttl_receipts * 100) AS summary_receipts_cents,
    toInt64(webk.ttl_disb * 100) AS summary_disbursements_cents,
    toInt64(webk.indv_contrib * 100) AS summary_individual_cents,
    toInt64(webk.coh_cop * 100) AS summary_cash_cents,
    webk.cvg_end_dt AS summary_through,
    toInt64(ifNull(it.cents, 0)) AS itemized_cents,
    ifNull(it.n, 0) AS itemized_count,
    toInt64(ifNull(it.outside_cents, 0)) AS itemized_outside_cycle_cents,
    ifNull(it.outside_n, 0) AS itemized_outside_cycle_count,
    cm.source_file AS source_file,
    cm.source_line AS source_line
FROM fec_committees AS cm
LEFT JOIN (SELECT cycle, cand_id, any(cand_name) AS cand_name FROM fec_candidates GROUP BY cycle, cand_id) AS cn
    ON cn.cycle = cm.cycle AND cn.cand_id = cm.cand_id
LEFT JOIN fec_pac_summaries AS webk ON webk.cycle = cm.cycle AND webk.cmte_id = cm.cmte_id
LEFT JOIN (
    SELECT cycle, cmte_id, sum(transaction_amt) * 100 AS cents, count() AS n,
           sumIf(transaction_amt, notEmpty(dates_outside_cycle)) * 100 AS outside_cents, countIf(notEmpty(dates_outside_cycle)) AS outside_n
    FROM fec_individual_contributions
    WHERE ifNull(memo_cd, '') != 'X' AND cmte_id IN {ids}
    GROUP BY cycle, cmte_id
) AS it ON it.cycle = cm.cycle AND it.cmte_id = cm.cmte_id
WHERE cm.cmte_id IN {ids}
ORDER BY id, cycle DESC
SETTINGS join_use_nulls = 1
