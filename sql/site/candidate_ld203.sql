-- LD-203 contributions honouring the member (lobbyists' and registrants' semiannual reports),
-- by year and contributor, the honoree matched to the member by name (ld203_honorees).
SELECT i.value AS id, c.period AS year, ifNull(c.contributor_name, '') AS contributor, ifNull(c.registrant_name, '') AS registrant,
       ifNull(c.payee_name, '') AS payee, toInt64(sum(ifNull(c.amount, 0)) * 100) AS cents, count() AS items
FROM legislator_ids AS i
INNER JOIN ld203_honorees AS h ON h.bioguide = i.bioguide
INNER JOIN lda_contributions AS c ON c.period = h.period AND c.honoree_name = h.honoree_name
WHERE i.scheme = 'fec' AND i.value IN {ids} AND h.bioguide != ''
GROUP BY id, year, contributor, registrant, payee
ORDER BY id, year DESC, cents DESC, contributor
LIMIT 25 BY id
