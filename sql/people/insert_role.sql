-- Give a person a role.
INSERT INTO person_role (person_id, role) VALUES (?, ?);
