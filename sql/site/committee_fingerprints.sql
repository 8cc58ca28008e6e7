-- One row per committee: a digest of every row its page is made from, so that a rebuild
-- queries and renders only the committees whose digest changed (SiteBuilder). A digest is a
-- sum of cityHash64 over whole rows: independent of order, and any column's change counts,
-- whether or not the page shows it today. Rows of other entities the page shows (the names of
-- the candidates it gave to or spent on) count too. The page's links to corporations are
-- resolved by the render, which adds them from connected_orgs.
-- contributions: the digest of the committee's itemized contributions alone; the politician
-- pages of the candidates it is linked to show them too.
-- whole: (none; the page reads no table beyond these rows)
WITH
    candidate_rows AS (SELECT cand_id, sum(cityHash64(tuple(*))) AS h FROM fec_candidates GROUP BY cand_id),
    named_candidates AS (
        SELECT DISTINCT cmte_id, cand_id FROM (
            SELECT cmte_id, assumeNotNull(cand_id) AS cand_id FROM fec_committees WHERE cand_id IS NOT NULL
            UNION ALL SELECT cmte_id, assumeNotNull(cand_id) FROM fec_committee_to_candidate WHERE cand_id IS NOT NULL
            UNION ALL SELECT spe_id, assumeNotNull(cand_id) FROM fec_independent_expenditure_items WHERE cand_id IS NOT NULL
        )
    )
SELECT m.cmte_id AS id,
       toString(cityHash64(m.h, c.h, s.h, t.h, ie.h, oe.h, n.h)) AS fingerprint,
       toString(c.h) AS contributions,
       m.connected_orgs AS connected_orgs
FROM (SELECT cmte_id, sum(cityHash64(tuple(*))) AS h, arraySort(groupUniqArray(connected_org_nm)) AS connected_orgs
      FROM fec_committees GROUP BY cmte_id) AS m
LEFT JOIN (SELECT cmte_id, sum(cityHash64(tuple(*))) AS h FROM fec_individual_contributions GROUP BY cmte_id) AS c ON c.cmte_id = m.cmte_id
LEFT JOIN (SELECT cmte_id, sum(cityHash64(tuple(*))) AS h FROM fec_pac_summaries GROUP BY cmte_id) AS s ON s.cmte_id = m.cmte_id
LEFT JOIN (SELECT cmte_id, sum(cityHash64(tuple(*))) AS h FROM fec_committee_to_candidate GROUP BY cmte_id) AS t ON t.cmte_id = m.cmte_id
LEFT JOIN (SELECT spe_id, sum(cityHash64(tuple(*))) AS h FROM fec_independent_expenditure_items GROUP BY spe_id) AS ie ON ie.spe_id = m.cmte_id
LEFT JOIN (SELECT cmte_id, sum(cityHash64(tuple(*))) AS h FROM fec_operating_expenditures GROUP BY cmte_id) AS oe ON oe.cmte_id = m.cmte_id
LEFT JOIN (SELECT nc.cmte_id AS cmte_id, sum(cr.h) AS h FROM named_candidates AS nc INNER JOIN candidate_rows AS cr ON cr.cand_id = nc.cand_id
           GROUP BY nc.cmte_id) AS n ON n.cmte_id = m.cmte_id
ORDER BY id
SETTINGS join_use_nulls = 0
