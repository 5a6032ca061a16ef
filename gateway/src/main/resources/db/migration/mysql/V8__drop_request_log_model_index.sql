-- Nothing reads the request log by model any more: model statistics come from usage_hourly,
-- and the logs page matches a model as text. The index was one more B-tree per logged request.
DROP INDEX request_log_model ON request_log;
