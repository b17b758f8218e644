-- The online scan batch functions (0010) keep one plan per statement for the life of the
-- connection instead of planning again on every call.
--
-- Why: PL/pgSQL statements with parameters start on "custom" plans, made for each call's values,
-- and switch to the connection's cached generic plan only when it looks no dearer. With
-- enable_seqscan off (0010) the estimates of the two kinds are not comparable, so the batch
-- opener kept planning afresh — ten joins and an inlined karibu_principal — on every call:
-- 1.3 ms of PostgreSQL CPU for a batch of one scan, 0.5 ms with the generic plan
-- (bench/reports/scan.json, issue 4). Every statement here looks rows up by key, so the one
-- generic plan is the right plan whatever the values; triggers fired by the batch's writes run
-- under the same setting.
ALTER FUNCTION karibu_scan_open_batch(uuid, uuid, json) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION karibu_scan_record_batch(uuid, json, json) SET plan_cache_mode = force_generic_plan;
