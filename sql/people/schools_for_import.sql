-- Every school's id, URN and name, to find the school a row of a people import names.
SELECT id, urn, name FROM school;
