-- One row per candidate who is (or was) a member of Congress: a digest of the rows tying the
-- candidacy to the member. The member's sections (seats, trades, votes, bills, LD-203
-- honours) read the tables below whole; their digest is added to these candidates' pages only,
-- so a new vote file re-renders members' pages, not every candidate's.
-- whole: legislators, voteview_members, voteview_votes, voteview_rollcalls, committee_seats, congress_committees, ld203_honorees, lda_contributions, congress_trades_matched, lda_activities, lda_filing_items
SELECT value AS id, toString(sum(cityHash64(tuple(*)))) AS fingerprint
FROM legislator_ids
WHERE scheme = 'fec'
GROUP BY id
ORDER BY id
SETTINGS join_use_nulls = 0
