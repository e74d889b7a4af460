-- Save an enquiry's fields.
UPDATE enquiry SET focus = ?, question = ?, hunch = ?, why_it_matters = ?, context = ?, target_groups = ?,
    year_groups = ?, ethics_plan = ?, ethics_agreed = ?, status = ?, updated_at = ?
WHERE id = ?;
