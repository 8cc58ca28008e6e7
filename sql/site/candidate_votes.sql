-- The member's most recent roll-call votes (Voteview: the member by ICPSR id, matched to the
-- bioguide id Voteview gives), with the bill and the outcome; the latest 20.
SELECT i.value AS id, r.date AS date, r.congress AS congress, r.chamber AS chamber, r.rollnumber AS rollnumber,
       ifNull(r.bill_number, '') AS bill_number, ifNull(r.bill_key, '') AS bill_key,
       ifNull(r.vote_question, '') AS question, ifNull(r.vote_desc, '') AS description, ifNull(r.vote_result, '') AS result,
       v.vote AS vote
FROM legislator_ids AS i
INNER JOIN voteview_members AS m ON m.bioguide_id = i.bioguide
INNER JOIN voteview_votes AS v ON v.period = m.period AND v.chamber = m.chamber AND v.icpsr = m.icpsr
INNER JOIN voteview_rollcalls AS r ON r.period = v.period AND r.chamber = v.chamber AND r.rollnumber = v.rollnumber
WHERE i.scheme = 'fec' AND i.value IN {ids}
ORDER BY id, date DESC, rollnumber DESC
LIMIT 20 BY id
