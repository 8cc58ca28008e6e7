-- Independent expenditures as they stand. The FEC's file holds the items of original and
-- amended 24- and 48-hour reports alike: an amended report (amndt_ind A, prev_file_num naming
-- the filing it amends) replaces that filing whole, and a second amendment replaces the first.
-- Each row says which later filing supersedes its own (superseded_by, NULL while it stands):
-- superseded rows stay in the download, marked, and every total, report and page counts only
-- the rows that stand.
-- family: fec
CREATE OR REPLACE TABLE fec_independent_expenditure_items ENGINE = MergeTree ORDER BY (spe_id, source_line) AS
SELECT e.*, a.amended_by AS superseded_by
FROM fec_independent_expenditures AS e
LEFT JOIN (
    SELECT cycle, assumeNotNull(prev_file_num) AS amended_file, min(assumeNotNull(file_num)) AS amended_by
    FROM fec_independent_expenditures
    WHERE prev_file_num IS NOT NULL AND file_num IS NOT NULL AND prev_file_num != file_num
    GROUP BY cycle, amended_file
) AS a ON a.cycle = e.cycle AND a.amended_file = e.file_num
SETTINGS join_use_nulls = 1;
