-- Lobbying for the home page: what the LD-2 reports that stand (amendments applied) disclose,
-- paid to outside firms (income) plus spent in house (expenses), for how many clients. The LDA
-- gives each registrant its own record of a client, so clients are counted by name's key.
SELECT toInt64(sum(ifNull(income, 0) + ifNull(expenses, 0)) * 100) AS cents,
       count() AS reports,
       uniqExact(spotlight_corp_key(ifNull(client_name, ''))) AS clients
FROM lda_filing_items
WHERE superseded_by IS NULL AND filing_type NOT IN ('RR', 'RA')
