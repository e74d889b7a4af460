-- Every email already held (active or not, lower case), so an import never repeats one.
SELECT lower(email) AS email FROM person;
