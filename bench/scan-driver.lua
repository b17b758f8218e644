-- wrk script for bench/scan.bench.ts: door devices posting scans. Written in Lua for wrk (a C load
-- generator) so that, like pgbench for the bare transaction, the load generator costs little of
-- the two cores it shares with the server and PostgreSQL.
--
-- Arguments (after `--`): data file, mean think time in ms (0 = as fast as answered), thread count.
-- The data file is line-oriented: "P <path>", "G <gate id>", "D <bearer token> <client address>",
-- "Q <qr text>". Each request comes from the next device in turn (its own token and address),
-- 90 % of scans are first entries (the next ticket of this thread's share) and 10 % repeat a
-- ticket this thread scanned before. Think times are exponential: 1,000 independent doors.

local threads = {}
local counter = 1

function setup(thread)
  thread:set("thread_no", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local path, gates, devices, qrs = nil, {}, {}, {}
local mean_delay, nthreads, index = 0, 1, 1
local next_fresh, fresh_count, device_at = 0, 0, 0

function init(args)
  mean_delay = tonumber(args[2]) or 0
  nthreads = tonumber(args[3]) or 1
  index = tonumber(thread_no) or 1
  for line in io.lines(args[1]) do
    local kind, rest = line:sub(1, 1), line:sub(3)
    if kind == "P" then path = rest
    elseif kind == "G" then table.insert(gates, rest)
    elseif kind == "D" then
      local token, ip = rest:match("^(%S+) (%S+)$")
      table.insert(devices, { token = token, ip = ip })
    elseif kind == "Q" then table.insert(qrs, rest) end
  end
  math.randomseed(os.time() * 1000 + index)
  next_fresh = index - 1 -- this thread's tickets: index-1, index-1+n, …
  device_at = index - 1
end

local hex = "0123456789abcdef"
local function uuid()
  local t = {}
  for i = 1, 32 do
    local r = math.random(1, 16)
    t[i] = hex:sub(r, r)
  end
  local s = table.concat(t)
  return s:sub(1, 8) .. "-" .. s:sub(9, 12) .. "-4" .. s:sub(14, 16) .. "-a" .. s:sub(18, 20) .. "-" .. s:sub(21, 32)
end

local function pick()
  if fresh_count > 100 and math.random() < 0.1 then
    local k = math.random(0, fresh_count - 1)
    return qrs[(index - 1 + k * nthreads) % #qrs + 1]
  end
  local q = qrs[next_fresh % #qrs + 1]
  next_fresh = next_fresh + nthreads
  fresh_count = fresh_count + 1
  return q
end

function request()
  device_at = (device_at + nthreads) % #devices
  local d = devices[device_at + 1]
  local gate = gates[device_at % #gates + 1]
  local body = '{"scanId":"' .. uuid() .. '","qr":"' .. pick() .. '","gateId":"' .. gate .. '","direction":"in"}'
  return wrk.format("POST", path, {
    ["content-type"] = "application/json",
    ["authorization"] = "Bearer " .. d.token,
    ["x-forwarded-for"] = d.ip,
  }, body)
end

function delay()
  if mean_delay <= 0 then return 0 end
  return math.floor(-math.log(1 - math.random()) * mean_delay)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationUs":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,"non2xx":%d,' ..
    '"p50":%d,"p95":%d,"p99":%d,"max":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
