-- Corporations with a page: every one some source other than the SEC's ticker list mentions
-- (lobbying client, PAC sponsor, Form 4 issuer), by name.
SELECT corp_id AS id, name, cik, corp_keys, tickers, sources
FROM corporations
WHERE has_activity
ORDER BY name, corp_id
