-- Voteview's roll calls on each bill, newest first, with the chamber's own number where Voteview
-- gives it and the tally by party from the members' votes (Voteview party codes: 100 Democrat,
-- 200 Republican, 328 Independent).
SELECT r.bill_key AS id, r.chamber AS chamber, r.congress AS congress, ifNull(r.session, 0) AS session,
       r.clerk_rollnumber AS number, r.rollnumber AS rollnumber, r.date AS date,
       ifNull(r.vote_question, '') AS question, ifNull(r.vote_result, '') AS result, ifNull(r.vote_desc, '') AS description,
       r.yea_count AS yeas, r.nay_count AS nays
FROM voteview_rollcalls AS r
WHERE r.bill_key IN {ids}
ORDER BY id, date DESC, rollnumber DESC
