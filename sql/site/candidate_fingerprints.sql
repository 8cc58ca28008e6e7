-- One row per candidate: a digest of the FEC rows the politician page is made from (see
-- committee_fingerprints.sql for how digests are made), so that a rebuild queries and renders
-- only the candidates whose digest changed. The names of the committees the page shows (its
-- own, the PACs that gave to it, those that spent for or against it) count too.
-- committees: the committees linked to the candidate, whose itemized contributions the page
-- sums; the render adds their contributions digests from committee_fingerprints.sql.
-- The member of Congress behind a candidacy is digested by candidate_member_fingerprints.sql.
-- whole: (none; the page reads no FEC table beyond these rows)
WITH
    committee_rows AS (SELECT cmte_id, sum(cityHash64(tuple(*))) AS h FROM fec_committees GROUP BY cmte_id),
    named_committees AS (
        SELECT DISTINCT cand_id, cmte_id FROM (
            SELECT cand_id, cmte_id FROM fec_candidate_committee_links
            UNION ALL SELECT assumeNotNull(cand_id), cmte_id FROM fec_committee_to_candidate WHERE cand_id IS NOT NULL
            UNION ALL SELECT assumeNotNull(cand_id), spe_id FROM fec_independent_expenditure_items WHERE cand_id IS NOT NULL
        )
    )
SELECT cn.cand_id AS id,
       toString(cityHash64(cn.h, s.h, l.h, p.h, ie.h, n.h)) AS fingerprint,
       l.committees AS committees
FROM (SELECT cand_id, sum(cityHash64(tuple(*))) AS h FROM fec_candidates GROUP BY cand_id) AS cn
LEFT JOIN (SELECT cand_id, sum(cityHash64(tuple(*))) AS h FROM fec_candidate_summaries GROUP BY cand_id) AS s ON s.cand_id = cn.cand_id
LEFT JOIN (SELECT cand_id, sum(cityHash64(tuple(*))) AS h, arraySort(groupUniqArray(cmte_id)) AS committees
           FROM fec_candidate_committee_links GROUP BY cand_id) AS l ON l.cand_id = cn.cand_id
LEFT JOIN (SELECT cand_id, sum(cityHash64(tuple(*))) AS h FROM fec_committee_to_candidate GROUP BY cand_id) AS p ON p.cand_id = cn.cand_id
LEFT JOIN (SELECT cand_id, sum(cityHash64(tuple(*))) AS h FROM fec_independent_expenditure_items GROUP BY cand_id) AS ie ON ie.cand_id = cn.cand_id
LEFT JOIN (SELECT nc.cand_id AS cand_id, sum(cr.h) AS h FROM named_committees AS nc INNER JOIN committee_rows AS cr ON cr.cmte_id = nc.cmte_id
           GROUP BY nc.cand_id) AS n ON n.cand_id = cn.cand_id
ORDER BY id
SETTINGS join_use_nulls = 0
