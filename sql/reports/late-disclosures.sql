-- Every trade disclosed more than 45 days after it was made (see late-disclosures-by-member for
-- the statute), longest delay first, with the source filing to check it against. Trades whose date
-- cannot be right (date_implausible) are left out.
SELECT
    ifNull(t.member_bioguide, '') AS bioguide,
    if(l.last_name != '', concat(l.first_name, ' ', l.last_name), t.member_name) AS member,
    t.chamber AS chamber,
    t.transaction_date AS transaction_date,
    t.disclosure_date AS disclosure_date,
    t.days_to_disclose AS days_to_disclose,
    ifNull(t.ticker, '') AS ticker,
    ifNull(t.asset_name, '') AS asset_name,
    t.type AS type,
    t.amount_text AS amount,
    t.source AS source,
    ifNull(t.link, '') AS link
FROM congress_trades_matched AS t
LEFT JOIN (SELECT bioguide, any(ifNull(first_name, '')) AS first_name, any(ifNull(last_name, '')) AS last_name FROM legislators GROUP BY bioguide) AS l
    ON l.bioguide = t.member_bioguide
WHERE t.days_to_disclose > 45 AND t.date_implausible = 0
ORDER BY days_to_disclose DESC, transaction_date, member, t.source, t.source_line
