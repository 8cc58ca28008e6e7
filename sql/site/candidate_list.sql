-- Every candidate with a page: the newest cycle's name, office, state and party (argMax by
-- cycle), for list pages, the search index and slugs.
SELECT cand_id AS id, argMax(cand_name, cycle) AS name, argMax(cand_office, cycle) AS office,
       argMax(cand_office_st, cycle) AS state, argMax(cand_pty_affiliation, cycle) AS party
FROM fec_candidates
GROUP BY cand_id
ORDER BY cand_id
