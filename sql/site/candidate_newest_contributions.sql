-- A politician's feed: the newest large itemized contributions ($1,000 or more, memo entries
-- excluded, and lines dated outside their cycle, whose place in time is unknown) to the candidate's authorized committees, 20 per candidate.
SELECT l.cand_id AS id, i.transaction_dt AS date, ifNull(i.name, '') AS donor, ifNull(i.employer, '') AS employer,
       toInt64(i.transaction_amt * 100) AS cents, i.sub_id AS sub_id, i.cmte_id AS committee_id
FROM fec_individual_contributions AS i
INNER JOIN (SELECT DISTINCT cycle, cand_id, cmte_id FROM fec_candidate_committee_links WHERE cand_id IN {ids}) AS l
    ON l.cycle = i.cycle AND l.cmte_id = i.cmte_id
WHERE ifNull(i.memo_cd, '') != 'X' AND i.transaction_amt >= 1000 AND i.transaction_dt IS NOT NULL AND empty(i.dates_outside_cycle)
ORDER BY id, date DESC, sub_id
LIMIT 20 BY id
