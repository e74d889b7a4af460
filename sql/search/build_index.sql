-- Rebuild the full-text index over the search documents: English stemming, accents folded, and
-- no stop-word list (the default list drops words teachers search for, such as "know" or "help";
-- BM25 already gives common words little weight).
PRAGMA create_fts_index('search_doc', 'id', 'title', 'body', stemmer = 'english', stopwords = 'none',
                        strip_accents = 1, overwrite = 1);
