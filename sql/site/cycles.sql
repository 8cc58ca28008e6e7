-- The cycles in the warehouse, newest first.
SELECT DISTINCT cycle FROM fec_committees ORDER BY cycle DESC
