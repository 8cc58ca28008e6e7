-- The newest large itemized contributions (home page and Atom feed): $1,000 or more, memo
-- entries and lines dated outside their cycle excluded, newest first; sub_id (FEC's unique row id) breaks ties so order is stable.
SELECT i.cycle AS cycle, i.sub_id AS sub_id, i.cmte_id AS committee_id, cm.cmte_nm AS committee_name,
       i.name AS donor, i.city AS city, i.state AS state, i.employer AS employer, i.transaction_dt AS date,
       toInt64(i.transaction_amt * 100) AS cents, i.image_num AS image_num
FROM fec_individual_contributions AS i
LEFT JOIN fec_committees AS cm ON cm.cycle = i.cycle AND cm.cmte_id = i.cmte_id
WHERE i.transaction_amt >= 1000 AND ifNull(i.memo_cd, '') != 'X' AND i.transaction_dt IS NOT NULL AND empty(i.dates_outside_cycle)
ORDER BY date DESC, cents DESC, sub_id
LIMIT {limit}
SETTINGS join_use_nulls = 1
