-- Insider trades by issuer: every Table I (shares) and Table II (derivative) transaction of a
-- Form 3/4/5 with the issuer's CIK and ticker from its filing and the filing's reporting
-- owners and their roles. value = shares × price per share, in dollars, to the cent; NULL when
-- the filing gives no price (gifts, awards at no cost, conversions).
-- Created after the SEC tables are; recreated on every SEC ingest (a view holds no rows).
CREATE OR REPLACE VIEW sec_insider_trades AS
WITH owners AS
(
    SELECT accession_number,
           groupArray(rptownercik) AS owner_ciks,
           groupArray(rptownername) AS owner_names,
           arrayDistinct(arrayFlatten(groupArray(roles))) AS owner_roles,
           arrayFilter(t -> t != '', groupArray(ifNull(rptowner_title, ''))) AS owner_titles
    FROM sec_insider_reporting_owners
    GROUP BY accession_number
),
transactions AS
(
    SELECT period, accession_number, 'non-derivative' AS table_name, nonderiv_trans_sk AS trans_sk, security_title, trans_date,
           trans_code, trans_acquired_disp_cd, trans_shares, trans_pricepershare, trans_timeliness, source_file, source_line
    FROM sec_insider_nonderivative_transactions
    UNION ALL
    SELECT period, accession_number, 'derivative', deriv_trans_sk, security_title, trans_date,
           trans_code, trans_acquired_disp_cd, trans_shares, trans_pricepershare, trans_timeliness, source_file, source_line
    FROM sec_insider_derivative_transactions
)
SELECT
    t.period AS period,
    t.accession_number AS accession_number,
    t.table_name AS table_name,
    t.trans_sk AS trans_sk,
    s.issuercik AS issuer_cik,
    s.issuername AS issuer_name,
    s.issuertradingsymbol AS ticker,
    s.document_type AS document_type,
    s.filing_date AS filing_date,
    o.owner_ciks AS owner_ciks,
    o.owner_names AS owner_names,
    o.owner_roles AS owner_roles,
    o.owner_titles AS owner_titles,
    t.security_title AS security_title,
    t.trans_date AS trans_date,
    t.trans_code AS trans_code,
    sec_transaction_code(t.trans_code) AS trans_code_meaning,
    t.trans_acquired_disp_cd AS acquired_disposed,
    t.trans_shares AS shares,
    t.trans_pricepershare AS price_per_share,
    CAST(round(t.trans_shares * t.trans_pricepershare, 2) AS Nullable(Decimal(38, 2))) AS value,
    t.trans_timeliness AS timeliness,
    t.source_file AS source_file,
    t.source_line AS source_line
FROM transactions AS t
INNER JOIN sec_insider_submissions AS s ON s.period = t.period AND s.accession_number = t.accession_number
LEFT JOIN owners AS o ON o.accession_number = t.accession_number;
