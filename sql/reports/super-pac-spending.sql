-- What super PACs spent for and against each candidate, per cycle: independent expenditures
-- (24/48-hour reports) by committees of FEC type O, summed by spender, candidate and position;
-- items of a filing a later amendment replaced are left out.
-- depends: fec_independent_expenditure_items
-- chart: label=super_pac value=total_cents unit=dollars
SELECT
    e.cycle AS cycle,
    ifNull(min(e.spe_nam), e.spe_id) AS super_pac,
    e.spe_id AS committee_id,
    ifNull(min(e.cand_name), ifNull(e.cand_id, '')) AS candidate,
    ifNull(e.cand_id, '') AS candidate_id,
    if(e.sup_opp = 'S', 'support', 'oppose') AS position,
    toInt64(sum(e.exp_amo) * 100) AS total_cents,
    count() AS expenditures
FROM fec_independent_expenditure_items AS e
INNER JOIN (SELECT DISTINCT cycle, cmte_id FROM fec_committees WHERE cmte_tp = 'O') AS c ON c.cycle = e.cycle AND c.cmte_id = e.spe_id
WHERE e.superseded_by IS NULL
GROUP BY cycle, committee_id, candidate_id, position
ORDER BY cycle DESC, total_cents DESC, super_pac, candidate, position
LIMIT 200 BY cycle
