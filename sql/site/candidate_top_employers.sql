-- Itemized individual contributions to the candidate's authorized committees, by donor
-- employer as written on the filing (blank written as "Not reported"); memo entries excluded.
-- Ten per candidate and cycle by groupArraySorted over (-cents, employer), the page's order, rather
-- than a sort of every employer (see committee_top_donors.sql).
SELECT cycle, id, top.2 AS employer, -top.1 AS cents, top.3 AS contributions
FROM (
    SELECT cycle, id, arrayJoin(groupArraySorted(10)((-cents, employer, contributions))) AS top
    FROM (
        SELECT l.cycle AS cycle, l.cand_id AS id, if(ifNull(i.employer, '') = '', 'Not reported', i.employer) AS employer,
               toInt64(sum(i.transaction_amt) * 100) AS cents, count() AS contributions
        FROM fec_individual_contributions AS i
        INNER JOIN (SELECT DISTINCT cycle, cand_id, cmte_id FROM fec_candidate_committee_links WHERE cand_id IN {ids}) AS l
            ON l.cycle = i.cycle AND l.cmte_id = i.cmte_id
        WHERE ifNull(i.memo_cd, '') != 'X'
        GROUP BY cycle, id, employer
    )
    GROUP BY cycle, id
)
ORDER BY id, cycle DESC, cents DESC, employer
