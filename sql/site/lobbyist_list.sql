-- Lobbyists named in the LD-2 activities that stand (amendments applied), with each client they
-- lobbied for: search finds a lobbyist and leads to the client's corporation page, which lists
-- them under what it lobbied on.
SELECT lobbyist AS name, client
FROM (SELECT arrayJoin(a.lobbyists) AS lobbyist, ifNull(f.client_name, '') AS client
      FROM lda_activities AS a
      INNER JOIN lda_filing_items AS f ON f.period = a.period AND f.filing_uuid = a.filing_uuid AND f.superseded_by IS NULL)
WHERE lobbyist != '' AND client != ''
GROUP BY name, client
ORDER BY name, client
