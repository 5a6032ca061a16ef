-- Every request writes a request_log row, and each index is one more B-tree to update on the
-- write-behind path. Statistics come from usage_hourly now: (created_at) is covered by
-- (created_at, status), and nothing filters the log by provider alone.
DROP INDEX request_log_created;
DROP INDEX request_log_provider;
