-- Every committee and subcommittee of Congress (congress-legislators' committees files): its
-- chamber, parent, jurisdiction and official page, for /congress/committees/.
SELECT c.committee_id AS id, c.name AS name, c.type AS type, ifNull(c.parent_id, '') AS parent_id,
       ifNull(p.name, '') AS parent_name, ifNull(c.jurisdiction, '') AS jurisdiction, ifNull(c.url, '') AS url
FROM congress_committees AS c
LEFT JOIN congress_committees AS p ON p.committee_id = c.parent_id
ORDER BY id
SETTINGS join_use_nulls = 0
