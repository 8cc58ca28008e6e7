-- Every committee with a page: the newest cycle's name, type, designation and state.
SELECT cmte_id AS id, argMax(cmte_nm, cycle) AS name, argMax(cmte_tp, cycle) AS type,
       argMax(cmte_dsgn, cycle) AS designation, argMax(cmte_st, cycle) AS state
FROM fec_committees
GROUP BY cmte_id
ORDER BY cmte_id
