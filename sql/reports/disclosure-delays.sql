-- How long congressional trades took to be disclosed: trades per delay band, from the
-- transaction date to the disclosure date. Bands past 45 days are late under the STOCK Act;
-- a trade dated after its disclosure or before 2012 (date_implausible) has a band of its own.
-- chart: label=delay value=trades unit=count
SELECT
    multiIf(date_implausible = 1, 'implausible trade date (a source error)', days_to_disclose <= 30, '0–30 days', days_to_disclose <= 45, '31–45 days',
            days_to_disclose <= 90, '46–90 days (late)', days_to_disclose <= 365, '91–365 days (late)', 'over a year (late)') AS delay,
    multiIf(date_implausible = 1, 0, days_to_disclose <= 30, 1, days_to_disclose <= 45, 2, days_to_disclose <= 90, 3, days_to_disclose <= 365, 4, 5) AS band,
    count() AS trades,
    round(trades / (SELECT count() FROM congress_trades_matched WHERE days_to_disclose IS NOT NULL) * 100, 1) AS percent
FROM congress_trades_matched
WHERE days_to_disclose IS NOT NULL
GROUP BY delay, band
ORDER BY band
