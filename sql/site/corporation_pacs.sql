-- The corporation's PACs (FEC committees naming it as connected organization) and what each
-- gave to candidates (committee-to-candidate contributions, itpas2), by cycle.
SELECT c.corp_id AS id, m.cycle AS cycle, m.cmte_id AS committee_id, ifNull(m.cmte_nm, m.cmte_id) AS committee_name,
       toInt64(ifNull(g.cents, 0)) AS to_candidates_cents, ifNull(g.n, 0) AS contributions
FROM fec_committees AS m
INNER JOIN corporation_keys AS ck ON ck.corp_key = spotlight_corp_key(ifNull(m.connected_org_nm, ''))
INNER JOIN corporations AS c ON c.corp_id = ck.corp_id
LEFT JOIN (SELECT cycle, cmte_id, sum(transaction_amt) * 100 AS cents, count() AS n FROM fec_committee_to_candidate GROUP BY cycle, cmte_id) AS g
    ON g.cycle = m.cycle AND g.cmte_id = m.cmte_id
WHERE c.corp_id IN {ids}
ORDER BY id, cycle DESC, to_candidates_cents DESC, committee_id
SETTINGS join_use_nulls = 1
