-- Trades near votes: a member's trade in a company's stock within {trade_vote_window_days} days
-- (before or after) of a roll-call vote the member cast on a bill that company lobbied on.
-- The chain, each link deterministic: trade ticker → corporation (SEC tickers → CIK) → the
-- corporation as an LDA client (name key) → bill keys in its lobbying activities' descriptions
-- (hr1234-118, congress from the filing year) → Voteview roll calls on that bill → the member's
-- vote (Voteview member → bioguide) → the member's trades (congress_trades_matched).
WITH
lobbied AS (
    SELECT DISTINCT c.corp_id AS corp_id, c.name AS company, arrayJoin(a.bill_keys) AS bill_key
    FROM lda_activities AS a
    INNER JOIN lda_filing_items AS f ON f.period = a.period AND f.filing_uuid = a.filing_uuid AND f.superseded_by IS NULL
    INNER JOIN corporation_keys AS ck ON ck.corp_key = spotlight_corp_key(ifNull(f.client_name, ''))
    INNER JOIN corporations AS c ON c.corp_id = ck.corp_id
),
company_tickers AS (
    SELECT corp_id, arrayJoin(tickers) AS ticker FROM corporations
),
member_votes AS (
    SELECT m.bioguide_id AS bioguide, r.bill_key AS bill_key, r.date AS vote_date, r.congress AS congress, r.chamber AS chamber,
           r.rollnumber AS rollnumber, v.vote AS vote, ifNull(r.vote_question, '') AS question
    FROM voteview_votes AS v
    INNER JOIN voteview_members AS m ON m.period = v.period AND m.chamber = v.chamber AND m.icpsr = v.icpsr
    INNER JOIN voteview_rollcalls AS r ON r.period = v.period AND r.chamber = v.chamber AND r.rollnumber = v.rollnumber
    WHERE r.bill_key IS NOT NULL AND m.bioguide_id IS NOT NULL AND v.vote IN ('yea', 'nay', 'present')
)
SELECT
    t.member_bioguide AS bioguide,
    any(if(l.last_name != '', concat(l.first_name, ' ', l.last_name), t.member_name)) AS member,
    t.ticker AS ticker,
    any(lb.company) AS company,
    t.transaction_date AS transaction_date,
    t.type AS type,
    t.amount_text AS amount,
    mv.bill_key AS bill,
    mv.vote_date AS vote_date,
    concat(mv.chamber, ' ', toString(mv.congress), '-', toString(mv.rollnumber)) AS roll_call,
    any(mv.vote) AS vote,
    toInt32(dateDiff('day', mv.vote_date, t.transaction_date)) AS days_from_vote
FROM congress_trades_matched AS t
INNER JOIN company_tickers AS ct ON ct.ticker = t.ticker
INNER JOIN lobbied AS lb ON lb.corp_id = ct.corp_id
INNER JOIN member_votes AS mv ON mv.bioguide = t.member_bioguide AND mv.bill_key = lb.bill_key
LEFT JOIN (SELECT bioguide, any(ifNull(first_name, '')) AS first_name, any(ifNull(last_name, '')) AS last_name FROM legislators GROUP BY bioguide) AS l
    ON l.bioguide = t.member_bioguide
WHERE abs(dateDiff('day', mv.vote_date, t.transaction_date)) <= {trade_vote_window_days}
GROUP BY bioguide, ticker, transaction_date, type, amount, bill, vote_date, roll_call, t.source, t.source_line
ORDER BY member, transaction_date, bill, roll_call, ticker
