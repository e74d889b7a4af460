-- Set the alliance's reference style (an official CSL style name).
UPDATE alliance SET reference_style = ? WHERE id = 1;
