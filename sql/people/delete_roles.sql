-- Remove all of a person's roles (before setting them anew).
DELETE FROM person_role WHERE person_id = ?;
