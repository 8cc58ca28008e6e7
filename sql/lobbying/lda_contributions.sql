-- LD-203 contribution items: who (a registrant or lobbyist's PAC or themselves) gave what to
-- whom, honouring whom, on which date. One row per item of each report.
CREATE TABLE IF NOT EXISTS lda_contributions
(
    period UInt16,
    filing_uuid String,
    item UInt16,
    filer_type LowCardinality(Nullable(String)),
    registrant_name Nullable(String),
    lobbyist_name Nullable(String),
    contribution_type LowCardinality(Nullable(String)),
    contributor_name Nullable(String),
    payee_name Nullable(String),
    honoree_name Nullable(String),
    amount Nullable(Decimal(18, 2)),
    date Nullable(Date32),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (filing_uuid, item);

-- load: the last two fields of f are the page file of the filing's first copy when this one is
-- a duplicate ('' otherwise) and the page file the record came from; f = [filing_uuid, item, filer_type, registrant, lobbyist, type, contributor, payee, honoree, amount, date].
SELECT
    {cycle} AS period,
    f[1] AS filing_uuid,
    toUInt16OrZero(f[2]) AS item,
    spotlight_text(f[3]) AS filer_type,
    spotlight_text(f[4]) AS registrant_name,
    spotlight_text(f[5]) AS lobbyist_name,
    spotlight_text(f[6]) AS contribution_type,
    spotlight_text(f[7]) AS contributor_name,
    spotlight_text(f[8]) AS payee_name,
    spotlight_text(f[9]) AS honoree_name,
    fec_amount(f[10]) AS amount,
    spotlight_iso_date(f[11]) AS date,
    f[13] AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 13),
        if(f[12] != '', concat('duplicate: this filing was already read from ', f[12]), ''),
        check_required('filing_uuid', f[1]),
        check_fec_amount('amount', f[10]),
        check_iso_date('date', f[11])
    ]) AS _problem
FROM {lines}
