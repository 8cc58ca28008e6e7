-- How each member voted in the clerks' roll calls on each bill. House votes name members by
-- bioguide id, Senate votes by LIS id (legislator_ids maps it). Votes are normalised as Voteview
-- writes them: Yea/Aye → yea, Nay/No → nay, Present, Not Voting; anything else (a name, in a
-- Speaker election) is kept as written.
SELECT id, chamber, congress, session, number, vote, bioguide,
       if(l.last_name != '', concat(l.first_name, ' ', l.last_name), member_name) AS name, party, state
FROM (
    SELECT r.id AS id, v.chamber AS chamber, v.congress AS congress, v.session AS session, v.rollcall AS number,
           multiIf(v.vote IN ('Yea', 'Aye'), 'yea', v.vote IN ('Nay', 'No'), 'nay', v.vote = 'Present', 'present',
                   v.vote = 'Not Voting', 'not voting', v.vote) AS vote,
           if(v.chamber = 'Senate', ifNull(lis.bioguide, ''), v.member_id) AS bioguide,
           ifNull(v.member_name, v.member_id) AS member_name, ifNull(v.party, '') AS party, ifNull(v.state, '') AS state
    FROM (SELECT arrayJoin(bill_keys) AS id, chamber, congress, session, rollcall FROM official_rollcalls) AS r
    INNER JOIN official_votes AS v ON v.chamber = r.chamber AND v.congress = r.congress AND v.session = r.session AND v.rollcall = r.rollcall
    LEFT JOIN (SELECT value, any(bioguide) AS bioguide FROM legislator_ids WHERE scheme = 'lis' GROUP BY value) AS lis ON lis.value = v.member_id
    WHERE r.id IN {ids}
) AS o
LEFT JOIN (SELECT bioguide, any(ifNull(first_name, '')) AS first_name, any(ifNull(last_name, '')) AS last_name FROM legislators GROUP BY bioguide) AS l
    ON l.bioguide = o.bioguide
ORDER BY id, chamber, congress, session, number, name
SETTINGS join_use_nulls = 0
