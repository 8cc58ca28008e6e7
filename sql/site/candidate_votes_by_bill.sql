-- The bills the member cast roll-call votes on (Voteview roll calls naming a bill), latest vote
-- first: how many roll calls, how the member voted across them, the latest question and vote,
-- and how many lobbying clients reported lobbying on the bill (LD-2 activities naming it, the
-- same bill keys the trades-near-votes report joins on).
WITH member_votes AS (
    SELECT i.value AS id, r.bill_key AS bill_key, ifNull(r.bill_number, '') AS bill_number, r.date AS date, r.rollnumber AS rollnumber,
           ifNull(r.vote_question, '') AS question, v.vote AS vote
    FROM legislator_ids AS i
    INNER JOIN voteview_members AS m ON m.bioguide_id = i.bioguide
    INNER JOIN voteview_votes AS v ON v.period = m.period AND v.chamber = m.chamber AND v.icpsr = m.icpsr
    INNER JOIN voteview_rollcalls AS r ON r.period = v.period AND r.chamber = v.chamber AND r.rollnumber = v.rollnumber
    WHERE i.scheme = 'fec' AND i.value IN {ids} AND r.bill_key IS NOT NULL AND v.vote != 'not a member'
),
lobbied AS (
    SELECT bill_key, uniqExact(client) AS clients
    FROM (SELECT arrayJoin(a.bill_keys) AS bill_key, ifNull(f.client_name, '') AS client
          FROM lda_activities AS a INNER JOIN lda_filing_items AS f ON f.period = a.period AND f.filing_uuid = a.filing_uuid AND f.superseded_by IS NULL)
    WHERE client != ''
    GROUP BY bill_key
)
SELECT mv.id AS id, mv.bill_key AS bill_key, any(mv.bill_number) AS bill_number, count() AS rollcalls,
       countIf(mv.vote = 'yea') AS yea, countIf(mv.vote = 'nay') AS nay, countIf(mv.vote NOT IN ('yea', 'nay')) AS other,
       max(mv.date) AS last_date, argMax(mv.question, (mv.date, mv.rollnumber)) AS last_question,
       argMax(mv.vote, (mv.date, mv.rollnumber)) AS last_vote, any(ifNull(l.clients, 0)) AS lobbying_clients
FROM member_votes AS mv
LEFT JOIN lobbied AS l ON l.bill_key = mv.bill_key
GROUP BY id, bill_key
ORDER BY id, last_date DESC, bill_key
LIMIT 25 BY id
SETTINGS join_use_nulls = 1
