-- Add a reference; returns its id.
INSERT INTO literature (enquiry_id, authors, year, title, source, volume, issue, pages, publisher, place, doi, url,
                        kind, key_points, bearing, abstract, accessed, created_by, created_at)
VALUES ($enquiry_id, $authors, $year, $title, $source, $volume, $issue, $pages, $publisher, $place, $doi, $url,
        $kind, $key_points, $bearing, $abstract, $accessed, $created_by, $created_at)
RETURNING id;
