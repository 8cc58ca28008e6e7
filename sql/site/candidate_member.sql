-- Candidates who are (or were) members of Congress: the FEC candidate id → bioguide id through
-- the congress-legislators crosswalk (legislator_ids, scheme fec), with the member's name and
-- Voteview's ICPSR ids for them (a new one after a change of party).
SELECT i.value AS id, i.bioguide AS bioguide,
       any(trimBoth(concat(ifNull(l.first_name, ''), ' ', ifNull(l.last_name, '')))) AS member_name,
       any(ifNull(v.icpsrs, [])) AS icpsrs
FROM legislator_ids AS i
LEFT JOIN legislators AS l ON l.bioguide = i.bioguide
LEFT JOIN (SELECT bioguide_id, arraySort(groupUniqArray(toString(icpsr))) AS icpsrs FROM voteview_members GROUP BY bioguide_id) AS v
    ON v.bioguide_id = i.bioguide
WHERE i.scheme = 'fec' AND i.value IN {ids}
GROUP BY id, bioguide
ORDER BY id, bioguide
