-- Each data set's rows, kept as one Parquet file (columns c0, c1, ... in the order of the
-- dataset's columns JSON), one row per data set. They used to be a table per data set
-- (dataset_<id>); a store that still has those is rebuilt once when it is opened (see
-- research_cycle/store/upgrade.py), so that no table is ever named from a value.
CREATE TABLE dataset_rows (
    dataset_id INTEGER PRIMARY KEY,
    data BLOB NOT NULL
);
