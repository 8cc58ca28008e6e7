-- One row per corporation: a digest of the rows its page is made from (see
-- committee_fingerprints.sql for how digests are made): the corporation, its name keys and
-- the names behind them, its employees' giving and the PACs it sponsors with what they gave.
-- The trades, insider filings and lobbying sections read the tables below whole.
-- whole: congress_trades_matched, legislators, sec_insider_trades, lda_activities, lda_filing_items
SELECT c.corp_id AS id, toString(cityHash64(c.h, k.h, nm.h, g.h, p.h)) AS fingerprint
FROM (SELECT corp_id, sum(cityHash64(tuple(*))) AS h FROM corporations GROUP BY corp_id) AS c
LEFT JOIN (SELECT corp_id, sum(cityHash64(tuple(*))) AS h FROM corporation_keys GROUP BY corp_id) AS k ON k.corp_id = c.corp_id
LEFT JOIN (SELECT ck.corp_id AS corp_id, sum(cityHash64(tuple(n.*))) AS h
           FROM corporation_keys AS ck INNER JOIN corporation_names AS n ON n.corp_key = ck.corp_key GROUP BY ck.corp_id) AS nm ON nm.corp_id = c.corp_id
LEFT JOIN (SELECT corp_id, sum(cityHash64(tuple(*))) AS h FROM corporation_employee_giving GROUP BY corp_id) AS g ON g.corp_id = c.corp_id
LEFT JOIN (
    SELECT ck.corp_id AS corp_id, sum(m.h + t.h) AS h
    FROM (SELECT cycle, cmte_id, connected_org_nm, cityHash64(tuple(*)) AS h FROM fec_committees) AS m
    INNER JOIN corporation_keys AS ck ON ck.corp_key = spotlight_corp_key(ifNull(m.connected_org_nm, ''))
    LEFT JOIN (SELECT cycle, cmte_id, sum(cityHash64(tuple(*))) AS h FROM fec_committee_to_candidate GROUP BY cycle, cmte_id) AS t
        ON t.cycle = m.cycle AND t.cmte_id = m.cmte_id
    GROUP BY ck.corp_id
) AS p ON p.corp_id = c.corp_id
ORDER BY id
SETTINGS join_use_nulls = 0
