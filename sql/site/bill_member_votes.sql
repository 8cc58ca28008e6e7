-- How each member voted in Voteview's roll calls on each bill, named as congress-legislators
-- names them where Voteview gives a bioguide id (else as Voteview writes the name), with party
-- (D, R, I or the code) and state. "not a member" rows (not seated for that vote) are left out.
SELECT r.bill_key AS id, r.chamber AS chamber, r.rollnumber AS rollnumber, v.vote AS vote,
       ifNull(m.bioguide_id, '') AS bioguide,
       if(l.last_name != '', concat(l.first_name, ' ', l.last_name), ifNull(m.bioname, toString(v.icpsr))) AS name,
       multiIf(m.party_code = 100, 'D', m.party_code = 200, 'R', m.party_code = 328, 'I', toString(ifNull(m.party_code, 0))) AS party,
       m.state_abbrev AS state
FROM voteview_rollcalls AS r
INNER JOIN voteview_votes AS v ON v.period = r.period AND v.chamber = r.chamber AND v.rollnumber = r.rollnumber
INNER JOIN voteview_members AS m ON m.period = v.period AND m.chamber = v.chamber AND m.icpsr = v.icpsr
LEFT JOIN (SELECT bioguide, any(ifNull(first_name, '')) AS first_name, any(ifNull(last_name, '')) AS last_name FROM legislators GROUP BY bioguide) AS l
    ON l.bioguide = m.bioguide_id
WHERE r.bill_key IN {ids} AND v.vote != 'not a member'
ORDER BY id, chamber, rollnumber, name
SETTINGS join_use_nulls = 0
