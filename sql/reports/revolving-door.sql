-- Revolving door: lobbyists who disclose a covered position — a former Member of Congress or
-- former congressional or executive-branch official, which the LDA requires them to report —
-- with the clients they lobbied for, the registrants that employed them and the government
-- entities their activities named. The position as worded in the newest filing.
-- chart: label=lobbyist value=filings unit=count
SELECT
    lobbyist,
    argMax(position, (year, position)) AS covered_position,
    uniqExact(filing_uuid) AS filings,
    arrayStringConcat(arraySort(groupUniqArray(client)), '; ') AS clients,
    arrayStringConcat(arraySort(groupUniqArray(registrant)), '; ') AS registrants,
    arrayStringConcat(arraySort(arrayDistinct(arrayFlatten(groupArray(entities)))), '; ') AS entities_contacted,
    min(year) AS first_year,
    max(year) AS last_year
FROM (
    SELECT a.filing_uuid AS filing_uuid, f.filing_year AS year, ifNull(f.client_name, '') AS client, ifNull(f.registrant_name, '') AS registrant,
           a.government_entities AS entities, p.1 AS lobbyist, p.2 AS position
    FROM (SELECT period, filing_uuid, government_entities, arrayJoin(arrayZip(lobbyists, covered_positions)) AS p FROM lda_activities) AS a
    INNER JOIN lda_filing_items AS f ON f.period = a.period AND f.filing_uuid = a.filing_uuid AND f.superseded_by IS NULL
    WHERE p.2 != ''
)
GROUP BY lobbyist
ORDER BY filings DESC, lobbyist
