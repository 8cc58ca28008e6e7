-- The House Clerk's and the Senate's own roll calls on each bill, newest first (the site leaves
-- out those Voteview also holds: same chamber, Congress, session and number).
SELECT id, chamber, congress, session, rollcall AS number, date, ifNull(question, '') AS question, ifNull(result, '') AS result,
       ifNull(document, '') AS description, yeas, nays
FROM (SELECT arrayJoin(bill_keys) AS id, * FROM official_rollcalls)
WHERE id IN {ids}
ORDER BY id, date DESC, number DESC
