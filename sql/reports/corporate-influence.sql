-- Corporate influence: for each corporation some source names (lobbying client, PAC sponsor,
-- Form 3/4/5 issuer), its lobbying spend (LDA income paid to firms plus in-house expenses), its
-- PACs' contributions to candidates, its employees' itemized giving, insider transactions in
-- its shares and congressional trades in its stock — all years and cycles loaded. Top 200 by
-- the three money columns together.
-- chart: label=corporation value=lobbying_cents unit=dollars
SELECT
    c.name AS corporation,
    c.cik AS cik,
    arrayStringConcat(c.tickers, ' ') AS tickers,
    ifNull(l.cents, 0) AS lobbying_cents,
    ifNull(p.cents, 0) AS pac_to_candidates_cents,
    ifNull(e.cents, 0) AS employees_cents,
    ifNull(i.n, 0) AS insider_transactions,
    ifNull(x.n, 0) AS congress_trades
FROM corporations AS c
LEFT JOIN (SELECT k.corp_id AS corp_id, toInt64(sum(ifNull(f.income, 0) + ifNull(f.expenses, 0)) * 100) AS cents
           FROM lda_filing_items AS f INNER JOIN corporation_keys AS k ON k.corp_key = spotlight_corp_key(ifNull(f.client_name, ''))
           WHERE f.superseded_by IS NULL
           GROUP BY corp_id) AS l ON l.corp_id = c.corp_id
LEFT JOIN (SELECT k.corp_id AS corp_id, toInt64(sum(g.transaction_amt) * 100) AS cents
           FROM fec_committee_to_candidate AS g INNER JOIN fec_committees AS m ON m.cycle = g.cycle AND m.cmte_id = g.cmte_id
           INNER JOIN corporation_keys AS k ON k.corp_key = spotlight_corp_key(ifNull(m.connected_org_nm, ''))
           GROUP BY corp_id) AS p ON p.corp_id = c.corp_id
LEFT JOIN (SELECT corp_id, sum(cents) AS cents FROM corporation_employee_giving GROUP BY corp_id) AS e ON e.corp_id = c.corp_id
LEFT JOIN (SELECT issuer_cik, count() AS n FROM sec_insider_trades GROUP BY issuer_cik) AS i ON i.issuer_cik = c.cik AND c.cik != ''
LEFT JOIN (SELECT ct.corp_id AS corp_id, count() AS n FROM congress_trades_matched AS t
           INNER JOIN (SELECT corp_id, arrayJoin(tickers) AS ticker FROM corporations) AS ct ON ct.ticker = t.ticker GROUP BY corp_id) AS x
    ON x.corp_id = c.corp_id
WHERE c.has_activity
ORDER BY lobbying_cents + pac_to_candidates_cents + employees_cents DESC, corporation
LIMIT 200
SETTINGS join_use_nulls = 1
