-- Every candidate with a page: the newest cycle's name, office, state and party (argMax by
-- cycle), for list pages, the search index and slugs, and the itemized contributions to the
-- candidate's linked committees (the render sizes its chunks of pages by these).
SELECT cn.id AS id, cn.name AS name, cn.office AS office, cn.state AS state, cn.party AS party,
       ifNull(c.n, 0) AS contributions
FROM (
    SELECT cand_id AS id, argMax(cand_name, cycle) AS name, argMax(cand_office, cycle) AS office,
           argMax(cand_office_st, cycle) AS state, argMax(cand_pty_affiliation, cycle) AS party
    FROM fec_candidates
    GROUP BY cand_id
) AS cn
LEFT JOIN (
    SELECT l.cand_id AS cand_id, sum(i.n) AS n
    FROM (SELECT DISTINCT cycle, cand_id, cmte_id FROM fec_candidate_committee_links) AS l
    INNER JOIN (SELECT cycle, cmte_id, count() AS n FROM fec_individual_contributions GROUP BY cycle, cmte_id) AS i
        ON i.cycle = l.cycle AND i.cmte_id = l.cmte_id
    GROUP BY l.cand_id
) AS c ON c.cand_id = cn.id
ORDER BY id
SETTINGS join_use_nulls = 1
