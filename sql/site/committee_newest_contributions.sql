-- A committee's feed: its newest large itemized contributions ($1,000 or more, memo entries
-- excluded, and lines dated outside their cycle, whose place in time is unknown), 20 per committee.
SELECT cmte_id AS id, transaction_dt AS date, ifNull(name, '') AS donor, ifNull(employer, '') AS employer,
       toInt64(transaction_amt * 100) AS cents, sub_id
FROM fec_individual_contributions
WHERE cmte_id IN {ids} AND ifNull(memo_cd, '') != 'X' AND transaction_amt >= 1000 AND transaction_dt IS NOT NULL AND empty(dates_outside_cycle)
ORDER BY id, date DESC, sub_id
LIMIT 20 BY id
