-- Every disclosed trade by a member of Congress, for the trade explorer (/trades/): newest first,
-- then the member and the source row, so shards and pages are stable. The member is named as
-- congress-legislators names them where the trade was matched (else as filed), with the party
-- and state of their latest term; a trade whose date cannot be right is kept and flagged.
SELECT t.transaction_date AS date, t.disclosure_date AS disclosure_date, t.days_to_disclose AS days,
       t.date_implausible AS date_implausible,
       if(l.last_name != '', concat(l.first_name, ' ', l.last_name), t.member_name) AS member,
       ifNull(t.member_bioguide, '') AS bioguide, t.chamber AS chamber,
       ifNull(term.party, '') AS party, if(term.state != '', term.state, substring(ifNull(t.district, ''), 1, 2)) AS state,
       ifNull(t.owner, '') AS owner, ifNull(t.ticker, '') AS ticker, ifNull(t.asset_name, '') AS asset,
       t.type AS type, t.amount_text AS amount, t.amount_min AS amount_min, ifNull(t.link, '') AS link
FROM congress_trades_matched AS t
LEFT JOIN (SELECT bioguide, any(ifNull(first_name, '')) AS first_name, any(ifNull(last_name, '')) AS last_name FROM legislators GROUP BY bioguide) AS l
    ON l.bioguide = t.member_bioguide
LEFT JOIN (SELECT bioguide, argMax(ifNull(party, ''), term) AS party, argMax(state, term) AS state FROM legislator_terms GROUP BY bioguide) AS term
    ON term.bioguide = t.member_bioguide
ORDER BY t.transaction_date DESC, member, t.source, t.source_line
SETTINGS join_use_nulls = 0
