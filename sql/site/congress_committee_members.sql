-- Who sits on each committee (committee-membership): the member as congress-legislators names
-- them (else as the membership file does), the party of their latest term, side, rank and title.
SELECT s.committee_id AS id, s.bioguide AS bioguide,
       if(l.last_name != '', concat(l.first_name, ' ', l.last_name), ifNull(s.name, s.bioguide)) AS member,
       ifNull(t.party, '') AS party, ifNull(t.state, '') AS state, ifNull(s.side, '') AS side, s.rank AS rank, ifNull(s.title, '') AS title
FROM committee_seats AS s
LEFT JOIN (SELECT bioguide, any(ifNull(first_name, '')) AS first_name, any(ifNull(last_name, '')) AS last_name FROM legislators GROUP BY bioguide) AS l
    ON l.bioguide = s.bioguide
LEFT JOIN (SELECT bioguide, argMax(ifNull(party, ''), term) AS party, argMax(state, term) AS state FROM legislator_terms GROUP BY bioguide) AS t
    ON t.bioguide = s.bioguide
ORDER BY id, side, ifNull(s.rank, 65535), member
SETTINGS join_use_nulls = 0
