-- Each member of Congress's FEC candidate ids (congress-legislators' crosswalk), so reports and
-- the home page can link a member to their politician page.
SELECT bioguide, arraySort(groupUniqArray(value)) AS candidate_ids
FROM legislator_ids
WHERE scheme = 'fec'
GROUP BY bioguide
ORDER BY bioguide
