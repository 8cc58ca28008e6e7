-- Official roll-call votes with the member's bioguide id: the House XML names members by
-- bioguide already; the Senate XML by LIS id, resolved through the Senate's own member list
-- and, for senators no longer on it, the congress-legislators crosswalk (scheme 'lis', current
-- and former members). A LIS id neither knows keeps a NULL bioguide.
CREATE OR REPLACE VIEW official_votes_members AS
SELECT v.*,
       multiIf(v.chamber = 'House', v.member_id, s.bioguide != '', s.bioguide, l.bioguide != '', l.bioguide, NULL) AS bioguide
FROM official_votes AS v
LEFT JOIN (SELECT lis_member_id, any(bioguide) AS bioguide FROM senate_members GROUP BY lis_member_id) AS s
    ON v.chamber = 'Senate' AND s.lis_member_id = v.member_id
LEFT JOIN (SELECT value, any(bioguide) AS bioguide FROM legislator_ids WHERE scheme = 'lis' GROUP BY value) AS l
    ON v.chamber = 'Senate' AND l.value = v.member_id;
