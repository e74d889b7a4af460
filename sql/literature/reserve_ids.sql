-- Reserve ids for references about to be added together.
SELECT nextval('literature_id_seq') AS id FROM range(?);
