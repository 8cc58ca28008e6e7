-- Every committee with a page: the newest cycle's name, type, designation and state, the
-- candidate it names (so six committees called QUILLFEATHER FOR CONGRESS are told apart in the
-- list and in search), and how many itemized contributions it received (the render sizes its
-- chunks of pages by these).
SELECT m.id AS id, m.name AS name, m.type AS type, m.designation AS designation, m.state AS state,
       ifNull(cand.name, '') AS candidate, ifNull(c.n, 0) AS contributions
FROM (
    SELECT cmte_id AS id, argMax(cmte_nm, cycle) AS name, argMax(cmte_tp, cycle) AS type,
           argMax(cmte_dsgn, cycle) AS designation, argMax(cmte_st, cycle) AS state, argMax(cand_id, cycle) AS cand_id
    FROM fec_committees
    GROUP BY cmte_id
) AS m
LEFT JOIN (SELECT cmte_id, count() AS n FROM fec_individual_contributions GROUP BY cmte_id) AS c ON c.cmte_id = m.id
LEFT JOIN (SELECT cand_id, argMax(cand_name, cycle) AS name FROM fec_candidates GROUP BY cand_id) AS cand ON cand.cand_id = m.cand_id
ORDER BY id
SETTINGS join_use_nulls = 1
