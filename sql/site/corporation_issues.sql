-- What the corporation lobbied on: per LDA general issue code (with its name as the LDA gives it), the activities, the bills the
-- descriptions name, and the lobbyists (with any covered position they disclose).
SELECT c.corp_id AS id, a.general_issue_code AS issue, anyIf(a.general_issue, a.general_issue IS NOT NULL) AS issue_name, count() AS activities,
       arrayStringConcat(arraySort(arrayDistinct(arrayFlatten(groupArray(a.bill_keys)))), ' ') AS bills,
       arrayStringConcat(arraySort(arrayDistinct(arrayFlatten(groupArray(
           arrayMap((l, p) -> if(p = '', l, concat(l, ' (', p, ')')), a.lobbyists, a.covered_positions))))), '; ') AS lobbyists
FROM lda_activities AS a
INNER JOIN lda_filing_items AS f ON f.period = a.period AND f.filing_uuid = a.filing_uuid AND f.superseded_by IS NULL
INNER JOIN corporation_keys AS ck ON ck.corp_key = spotlight_corp_key(ifNull(f.client_name, ''))
INNER JOIN corporations AS c ON c.corp_id = ck.corp_id
WHERE c.corp_id IN {ids}
GROUP BY id, issue
ORDER BY id, activities DESC, issue
