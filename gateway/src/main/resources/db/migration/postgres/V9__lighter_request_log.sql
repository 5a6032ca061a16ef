-- Every request writes a request_log row, so each index is paid at the gateway's full rate, and
-- the (key_id, created_at) one put every row at a random place in its B-tree when many keys
-- serve. Per-key figures come from usage_hourly; the logs page's key filter walks the time index.
DROP INDEX request_log_key;
