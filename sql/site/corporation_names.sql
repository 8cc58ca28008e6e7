-- Every name a corporation appears under, and where.
SELECT c.corp_id AS id, n.source AS source, n.name AS name
FROM corporation_keys AS c INNER JOIN corporation_names AS n ON n.corp_key = c.corp_key
WHERE c.corp_id IN {ids}
ORDER BY id, source, name
