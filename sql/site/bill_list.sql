-- Every bill a roll call names (Voteview's bill number): its latest vote and how many roll calls.
-- Bills named only by the clerks' roll calls or by lobbying come from bill_official_list.sql and
-- bill_lobbied_list.sql; the site joins the three (a build may hold any of the families).
SELECT bill_key AS id, count() AS rollcalls, max(date) AS last_date,
       argMax(ifNull(vote_desc, ''), (date, rollnumber)) AS description
FROM voteview_rollcalls
WHERE bill_key IS NOT NULL
GROUP BY id
ORDER BY id
