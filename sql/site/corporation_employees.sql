-- Giving by the corporation's employees (model table corporation_employee_giving), by cycle.
SELECT c.corp_id AS id, g.cycle AS cycle, g.cents AS cents, g.contributions AS contributions, g.donors AS donors
FROM corporation_employee_giving AS g
INNER JOIN corporations AS c ON c.corp_id = g.corp_id
WHERE c.corp_id IN {ids}
ORDER BY id, cycle DESC
