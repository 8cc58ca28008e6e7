-- Voteview's roll calls on each bill, as the chambers number them, so a clerk's roll call on a
-- bill that Voteview also holds is counted once (bill_official_list.sql).
SELECT DISTINCT bill_key AS id, chamber, congress, ifNull(session, 0) AS session, clerk_rollnumber AS number
FROM voteview_rollcalls
WHERE bill_key IS NOT NULL AND clerk_rollnumber IS NOT NULL
