-- Lobbying for the corporation as an LDA client, by filing year: income reported by outside
-- firms hired for it plus expenses of its own in-house lobbying, and the filings behind them
-- (a report an amendment replaced left out).
SELECT c.corp_id AS id, f.filing_year AS year, count() AS filings,
       toInt64(sum(ifNull(f.income, 0)) * 100) AS income_cents, toInt64(sum(ifNull(f.expenses, 0)) * 100) AS expenses_cents,
       arrayStringConcat(arraySort(groupUniqArray(ifNull(f.registrant_name, ''))), '; ') AS registrants
FROM lda_filing_items AS f
INNER JOIN corporation_keys AS ck ON ck.corp_key = spotlight_corp_key(ifNull(f.client_name, ''))
INNER JOIN corporations AS c ON c.corp_id = ck.corp_id
WHERE c.corp_id IN {ids} AND f.superseded_by IS NULL
GROUP BY id, year
ORDER BY id, year DESC
