-- Headline figures for the home page, over every ingested cycle.
SELECT
    (SELECT count() FROM (SELECT DISTINCT cand_id FROM fec_candidates)) AS candidates,
    (SELECT count() FROM (SELECT DISTINCT cmte_id FROM fec_committees)) AS committees,
    (SELECT toInt64(sum(transaction_amt) * 100) FROM fec_individual_contributions WHERE ifNull(memo_cd, '') != 'X') AS itemized_cents,
    (SELECT count() FROM fec_individual_contributions WHERE ifNull(memo_cd, '') != 'X') AS itemized_count,
    (SELECT toInt64(sum(exp_amo) * 100) FROM fec_independent_expenditure_items WHERE superseded_by IS NULL) AS independent_cents,
    (SELECT groupArray(cycle) FROM (SELECT DISTINCT cycle FROM fec_committees ORDER BY cycle DESC)) AS cycles
