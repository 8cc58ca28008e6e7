-- The largest individual donors to super PACs (FEC committee type O, independent-expenditure-
-- only) per cycle: itemized contributions (memo entries excluded), a donor being a name plus a
-- five-digit ZIP as on committee pages. Top 50 per cycle.
-- chart: label=donor value=total_cents unit=dollars
SELECT
    i.cycle AS cycle,
    ifNull(i.name, '') AS donor,
    substring(ifNull(i.zip_code, ''), 1, 5) AS zip5,
    any(ifNull(i.employer, '')) AS employer,
    toInt64(sum(i.transaction_amt) * 100) AS total_cents,
    count() AS contributions,
    uniqExact(i.cmte_id) AS super_pacs,
    arrayStringConcat(arraySort(groupUniqArray(5)(ifNull(c.cmte_nm, i.cmte_id))), '; ') AS recipients
FROM fec_individual_contributions AS i
INNER JOIN fec_committees AS c ON c.cycle = i.cycle AND c.cmte_id = i.cmte_id
WHERE c.cmte_tp = 'O' AND ifNull(i.memo_cd, '') != 'X' AND ifNull(i.entity_tp, 'IND') = 'IND'
GROUP BY cycle, donor, zip5
ORDER BY cycle DESC, total_cents DESC, donor, zip5
LIMIT 50 BY cycle
