-- Every bill the House Clerk's or the Senate's own roll calls name (bill keys from the vote's
-- document), with each roll call's identity so the site can leave out those Voteview also holds.
SELECT arrayJoin(bill_keys) AS id, chamber, congress, session, rollcall AS number, date, ifNull(document, '') AS description
FROM official_rollcalls
ORDER BY id, date, chamber, rollcall
