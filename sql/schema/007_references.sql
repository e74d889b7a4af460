-- References: the alliance's reference style (an official CSL style: Cite Them Right Harvard by
-- default, APA 7 as the option), and literature keeps each entry's abstract and the day its web
-- address was accessed (Cite Them Right prints it).
ALTER TABLE alliance ADD COLUMN reference_style VARCHAR DEFAULT 'harvard-cite-them-right';
ALTER TABLE literature ADD COLUMN abstract VARCHAR DEFAULT '';
ALTER TABLE literature ADD COLUMN accessed DATE;
