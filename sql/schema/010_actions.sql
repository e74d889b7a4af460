-- Action stage: an impact review that names a data set comparison keeps the choices that draw it
-- (measure, group column, intervention and comparison groups, whether the pre-test is allowed
-- for) as JSON, so the chart shown later is the one the team chose.
ALTER TABLE impact_review ADD COLUMN chart_options VARCHAR;
