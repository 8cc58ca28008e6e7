-- Roll calls for the home page: each vote once, whether Voteview or the chamber's clerk (or
-- both) published it, known by chamber, Congress, session and the clerk's number (a Voteview
-- roll call without one counts on its own).
SELECT count() AS rollcalls, uniqExact(congress) AS congresses
FROM (
    SELECT chamber, congress, ifNull(session, 0) AS session, ifNull(clerk_rollnumber, 1000000 + rollnumber) AS number FROM voteview_rollcalls
    UNION DISTINCT
    SELECT chamber, congress, session, rollcall AS number FROM official_rollcalls
)
