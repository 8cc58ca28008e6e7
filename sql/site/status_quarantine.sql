-- Every quarantined source line with its reason, as the status pages list them: by source
-- family, table and period, then file and line.
SELECT source, table_name, toInt64(period) AS period, file, toInt64(line) AS line, reason, raw
FROM quarantine
ORDER BY source, table_name, period, file, line
