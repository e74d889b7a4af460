-- Delete these attachments and their content.
DELETE FROM attachment WHERE id IN (SELECT unnest(?::INTEGER[]));
