-- Lobbying reports as they stand. A registrant files one LD-2 report per client and period
-- (Q1-Q4; a T suffix ends the engagement, a Y suffix says no activity over $5,000) and may
-- amend it (1A-4A, 1@-4@): the amendment replaces the report whole. For each registrant,
-- client, year and period, the LD-2 filing posted last stands and the earlier ones name it in
-- superseded_by; registrations (RR, RA) carry no money and are never superseded. Superseded
-- filings stay in the download, marked; every total, report and page counts only the filings
-- that stand (the real 2017 sample's Q4 and its 4A amendment are one $15,000, not $30,000).
-- family: lobbying
CREATE OR REPLACE TABLE lda_filing_items ENGINE = MergeTree ORDER BY filing_uuid AS
SELECT f.*, if(f.filing_type IN ('RR', 'RA') OR s.standing = f.filing_uuid, NULL, s.standing) AS superseded_by
FROM lda_filings AS f
LEFT JOIN (
    SELECT registrant_id, client_id, filing_year, filing_period, argMax(filing_uuid, (dt_posted, filing_uuid)) AS standing
    FROM lda_filings
    WHERE filing_type NOT IN ('RR', 'RA')
    GROUP BY registrant_id, client_id, filing_year, filing_period
) AS s ON s.registrant_id = f.registrant_id AND s.client_id = f.client_id AND s.filing_year = f.filing_year
      AND s.filing_period = f.filing_period
SETTINGS join_use_nulls = 1;
