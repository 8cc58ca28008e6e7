-- One row per candidate and cycle: the politician page's header and totals. Receipts and
-- disbursements come from the all-candidates summary file (weball) where present; itemized
-- individual contributions are summed over the candidate's authorized committees (ccl),
-- memo entries excluded.
SELECT
    cn.cycle AS cycle,
    cn.cand_id AS id,
    cn.cand_name AS name,
    cn.cand_pty_affiliation AS party,
    cn.cand_office AS office,
    cn.cand_office_st AS state,
    cn.cand_office_district AS district,
    cn.cand_election_yr AS election_year,
    cn.cand_ici AS incumbency,
    cn.cand_status AS status,
    cn.cand_pcc AS principal_committee_id,
    toInt64(ws.ttl_receipts * 100) AS summary_receipts_cents,
    toInt64(ws.ttl_disb * 100) AS summary_disbursements_cents,
    toInt64(ws.coh_cop * 100) AS summary_cash_cents,
    ws.cvg_end_dt AS summary_through,
    toInt64(ifNull(it.cents, 0)) AS itemized_cents,
    ifNull(it.n, 0) AS itemized_count,
    toInt64(ifNull(it.outside_cents, 0)) AS itemized_outside_cycle_cents,
    ifNull(it.outside_n, 0) AS itemized_outside_cycle_count,
    cn.source_file AS source_file,
    cn.source_line AS source_line
FROM fec_candidates AS cn
LEFT JOIN fec_candidate_summaries AS ws ON ws.cycle = cn.cycle AND ws.cand_id = cn.cand_id
LEFT JOIN (
    SELECT l.cycle AS cycle, l.cand_id AS cand_id, sum(i.transaction_amt) * 100 AS cents, count() AS n,
           sumIf(i.transaction_amt, notEmpty(i.dates_outside_cycle)) * 100 AS outside_cents, countIf(notEmpty(i.dates_outside_cycle)) AS outside_n
    FROM fec_individual_contributions AS i
    INNER JOIN (SELECT DISTINCT cycle, cand_id, cmte_id FROM fec_candidate_committee_links WHERE cand_id IN {ids}) AS l
        ON l.cycle = i.cycle AND l.cmte_id = i.cmte_id
    WHERE ifNull(i.memo_cd, '') != 'X'
    GROUP BY cycle, cand_id
) AS it ON it.cycle = cn.cycle AND it.cand_id = cn.cand_id
WHERE cn.cand_id IN {ids}
ORDER BY id, cycle DESC
SETTINGS join_use_nulls = 1
