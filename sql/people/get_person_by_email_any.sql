-- Anyone (active or not) holding this email, to keep emails unique.
SELECT id FROM person WHERE lower(email) = lower(?);
