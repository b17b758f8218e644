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
local id_prefix, id_count = nil, 0 -- scan ids (scan_id below)

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
  id_prefix = string.format("%08x-%04x", math.random(0, 2147483646) * 2 + (index % 2), math.random(0, 65535))
  -- Each device's request head, built once: only the body changes from scan to scan.
  for _, d in ipairs(devices) do
    d.head = "POST " .. path .. " HTTP/1.1\r\nHost: " .. wrk.host .. ":" .. wrk.port ..
      "\r\ncontent-type: application/json\r\nauthorization: Bearer " .. d.token ..
      "\r\nx-forwarded-for: " .. d.ip .. "\r\ncontent-length: "
  end
  next_fresh = index - 1 -- this thread's tickets: index-1, index-1+n, …
  device_at = index - 1
end

-- Scan ids: a random 48-bit prefix per thread and run, then a counter. Unique, and cheap: a
-- random UUID per request built in Lua cost the shared cores more than the rest of the script.
local function scan_id()
  id_count = id_count + 1
  return string.format("%s-4000-a000-%012x", id_prefix, id_count)
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
  local body = '{"scanId":"' .. scan_id() .. '","qr":"' .. pick() .. '","gateId":"' .. gate .. '","direction":"in"}'
  return d.head .. #body .. "\r\n\r\n" .. body
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
