-- Insider trades in the corporation's own shares (Forms 3/4/5, by issuer CIK): open-market
-- purchases (P) and sales (S) with their value, and all transactions counted.
SELECT c.corp_id AS id, count() AS transactions,
       countIf(t.trans_code = 'P') AS purchases, toInt64(sumIf(ifNull(t.value, 0), t.trans_code = 'P') * 100) AS purchase_cents,
       countIf(t.trans_code = 'S') AS sales, toInt64(sumIf(ifNull(t.value, 0), t.trans_code = 'S') * 100) AS sale_cents,
       uniqExact(arrayStringConcat(t.owner_ciks, ',')) AS filers
FROM sec_insider_trades AS t
INNER JOIN corporations AS c ON c.cik = t.issuer_cik
WHERE c.corp_id IN {ids} AND c.cik != ''
GROUP BY id
ORDER BY id
