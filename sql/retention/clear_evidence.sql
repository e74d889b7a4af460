-- Clear the raw personal text of these evidence items: quotes, notes, who took part, and the summary
-- of those marked as holding personal or special-category data.
UPDATE evidence_item SET quotes = [], notes = '', participants = '',
       summary = CASE WHEN sensitivity <> 'none' THEN '' ELSE summary END
WHERE id IN (SELECT unnest(?::INTEGER[]));
