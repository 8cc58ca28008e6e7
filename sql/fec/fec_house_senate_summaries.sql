-- fec_house_senate_summaries: FEC bulk file "House and Senate current campaigns" (webl),
-- webl{YY}.zip → webl{YY}.txt. The FEC publishes it in exactly the layout of the all-candidates
-- summary (weball), so the table has the same columns and is loaded by the same SQL.
-- depends: fec_candidate_summaries
CREATE TABLE IF NOT EXISTS fec_house_senate_summaries AS fec_candidate_summaries;

-- load: same as fec/fec_candidate_summaries.sql
