-- The lobbying clients whose LD-2 activities name each bill, in the reports that stand
-- (amendments applied): clients by name's key (the LDA gives each registrant its own record of
-- a client), the registrants, the reports and what those reports disclose in all (income paid
-- to firms plus in-house expenses: the LDA does not split a report's money by bill).
SELECT id, spotlight_corp_key(client_name) AS client_key, any(client_name) AS client, arraySort(groupUniqArray(registrant)) AS registrants,
       uniqExact(filing_uuid) AS reports, min(filing_year) AS first_year, max(filing_year) AS last_year,
       toInt64(sum(money) * 100) AS cents
FROM (
    SELECT DISTINCT arrayJoin(a.bill_keys) AS id, f.filing_uuid AS filing_uuid, ifNull(f.client_name, '') AS client_name, ifNull(f.registrant_name, '') AS registrant,
           f.filing_year AS filing_year, ifNull(f.income, 0) + ifNull(f.expenses, 0) AS money
    FROM lda_activities AS a
    INNER JOIN lda_filing_items AS f ON f.period = a.period AND f.filing_uuid = a.filing_uuid AND f.superseded_by IS NULL
    WHERE id IN {ids} AND ifNull(f.client_name, '') != ''
)
GROUP BY id, client_key
ORDER BY id, cents DESC, client_key
