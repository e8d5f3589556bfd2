-- wrk script for .bench/load.
--
-- Without arguments wrk requests the URL it was given, as usual. With one
-- argument after "--" (a file of paths, one per line, such as /charts/x.png;
-- an optional second argument is wrk's thread count), every connection
-- cycles through those paths, each thread starting at a different point of
-- the list. The headers given with -H go with every
-- request.
--
-- done() prints one line that .bench/load parses:
--   WRK_RESULT requests=N duration_us=N bytes=N rps=F mean_us=F p50_us=N
--   p90_us=N p99_us=N max_us=N err_connect=N err_read=N err_write=N
--   err_status=N err_timeout=N
-- (err_status is wrk's "Non-2xx or 3xx responses": statuses above 399;
-- the other err_ fields are its "Socket errors".)

local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local requests = nil
local i = 1

function init(args)
  local file = args[1]
  if file == nil or file == "" then
    return
  end
  local paths = {}
  for line in io.lines(file) do
    line = line:gsub("%s+$", "")
    if line ~= "" and line:sub(1, 1) ~= "#" then
      table.insert(paths, line)
    end
  end
  if #paths == 0 then
    error("no paths in " .. file)
  end
  requests = {}
  for k, p in ipairs(paths) do
    requests[k] = wrk.format("GET", p)
  end
  -- spread the threads over the list so they do not ask for the same path
  -- at the same moment
  local nthreads = tonumber(args[2]) or 2
  i = (id * math.floor(#requests / math.max(nthreads, 1))) % #requests + 1
end

function request()
  if requests == nil then
    return wrk.format()
  end
  local r = requests[i]
  i = i % #requests + 1
  return r
end

function done(summary, latency, _)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d bytes=%d rps=%.2f mean_us=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration, summary.bytes, summary.requests / secs, latency.mean,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(90)),
    math.floor(latency:percentile(99)), math.floor(latency.max),
    e.connect, e.read, e.write, e.status, e.timeout))
end
