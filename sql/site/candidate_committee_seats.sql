-- The member's seats on congressional committees and subcommittees (committee-membership).
SELECT i.value AS id, s.committee_id AS committee_id, ifNull(c.name, s.committee_id) AS committee_name,
       ifNull(p.name, '') AS parent_name, s.side AS side, s.rank AS rank, ifNull(s.title, '') AS title
FROM legislator_ids AS i
INNER JOIN committee_seats AS s ON s.bioguide = i.bioguide
LEFT JOIN congress_committees AS c ON c.committee_id = s.committee_id
LEFT JOIN congress_committees AS p ON p.committee_id = c.parent_id
WHERE i.scheme = 'fec' AND i.value IN {ids}
ORDER BY id, parent_name, committee_name
SETTINGS join_use_nulls = 1
