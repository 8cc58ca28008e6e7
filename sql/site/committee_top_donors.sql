-- Top individual donors of each committee and cycle. A donor is a name plus a five-digit ZIP:
-- FEC has no donor id, and name + ZIP5 is the common convention (it splits a donor who moved
-- and can merge two namesakes in one ZIP; the page says so). Memo entries excluded.
SELECT cycle, cmte_id AS id, name, zip5, any(city) AS city, any(state) AS state,
       any(employer) AS employer, any(occupation) AS occupation,
       toInt64(sum(transaction_amt) * 100) AS cents, count() AS contributions
FROM (
    SELECT cycle, cmte_id, ifNull(name, '') AS name, substring(ifNull(zip_code, ''), 1, 5) AS zip5,
           city, state, employer, occupation, transaction_amt
    FROM fec_individual_contributions
    WHERE cmte_id IN {ids} AND ifNull(memo_cd, '') != 'X' AND ifNull(entity_tp, 'IND') = 'IND'
)
GROUP BY cycle, id, name, zip5
ORDER BY id, cycle DESC, cents DESC, name, zip5
LIMIT 10 BY id, cycle
