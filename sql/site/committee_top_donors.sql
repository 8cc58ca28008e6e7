-- Top individual donors of each committee and cycle. A donor is a name plus a five-digit ZIP:
-- FEC has no donor id, and name + ZIP5 is the common convention (it splits a donor who moved
-- and can merge two namesakes in one ZIP; the page says so). Memo entries excluded. City,
-- state, employer and occupation are those of the donor's first filed contribution (lowest
-- SUB_ID), so a rebuild shows the same ones.
-- Ten per committee are kept by groupArraySorted over (-cents, name, zip5), the order of the
-- page, instead of sorting every donor (at 10 M contributions most donors give once, and the
-- full sort was 11 of the query's 17 s); the other columns are read for the kept ones only.
WITH ranked AS (
    SELECT cycle, id, arrayJoin(groupArraySorted(10)((-cents, name, zip5, contributions, first_sub_id))) AS donor
    FROM (
        SELECT cycle, cmte_id AS id, ifNull(name, '') AS name, substring(ifNull(zip_code, ''), 1, 5) AS zip5,
               toInt64(sum(transaction_amt) * 100) AS cents, count() AS contributions, min(sub_id) AS first_sub_id
        FROM fec_individual_contributions
        WHERE cmte_id IN {ids} AND ifNull(memo_cd, '') != 'X' AND ifNull(entity_tp, 'IND') = 'IND'
        GROUP BY cycle, id, name, zip5
    )
    GROUP BY cycle, id
)
SELECT r.cycle AS cycle, r.id AS id, r.donor.2 AS name, r.donor.3 AS zip5, c.city AS city, c.state AS state,
       c.employer AS employer, c.occupation AS occupation, -r.donor.1 AS cents, r.donor.4 AS contributions
FROM fec_individual_contributions AS c
INNER JOIN ranked AS r ON r.donor.5 = c.sub_id
WHERE c.cmte_id IN {ids}
ORDER BY id, cycle DESC, cents DESC, name, zip5
