-- Members' trades near their votes on each bill, in companies that lobbied on it: the rows of
-- the trades-near-votes report (its SQL says how each link is made, and the window it uses).
SELECT bill AS id, bioguide, member, ticker, company, transaction_date, type, amount, vote_date, roll_call, vote, days_from_vote
FROM report_trades_near_votes
WHERE bill IN {ids}
ORDER BY id, transaction_date DESC, member, ticker
