-- Each member of Congress's FEC candidate ids (congress-legislators' crosswalk), newest
-- candidacy first (the latest election year the FEC gives it), so reports and the home page
-- link a senator who once ran for the House to the Senate campaign's page.
SELECT i.bioguide AS bioguide,
       arrayMap(x -> x.2, arrayReverseSort(groupUniqArray((ifNull(c.year, 0), i.value)))) AS candidate_ids
FROM legislator_ids AS i
LEFT JOIN (SELECT cand_id, max(cand_election_yr) AS year FROM fec_candidates GROUP BY cand_id) AS c ON c.cand_id = i.value
WHERE i.scheme = 'fec'
GROUP BY bioguide
ORDER BY bioguide
