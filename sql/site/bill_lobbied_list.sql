-- Every bill an LD-2 lobbying activity names (bill keys from its description, the congress from
-- the filing year), counted in the reports that stand (amendments applied), with its clients
-- counted by name's key as on the home page.
SELECT bill_key AS id, uniqExact(spotlight_corp_key(client)) AS clients
FROM (SELECT arrayJoin(a.bill_keys) AS bill_key, ifNull(f.client_name, '') AS client
      FROM lda_activities AS a
      INNER JOIN lda_filing_items AS f ON f.period = a.period AND f.filing_uuid = a.filing_uuid AND f.superseded_by IS NULL)
WHERE client != ''
GROUP BY id
ORDER BY id
