-- Members' stock trades for the home page: how many were disclosed, how many late (more than 45
-- days after the trade, as the late-disclosures report counts them), by how many members.
SELECT count() AS trades,
       countIf(days_to_disclose > 45 AND date_implausible = 0) AS late,
       uniqExactIf(member_bioguide, member_bioguide IS NOT NULL) AS members
FROM congress_trades_matched
