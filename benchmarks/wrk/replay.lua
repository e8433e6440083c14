-- Replays prepared requests, one per line of the file given after `--`:
--   METHOD <tab> PATH <tab> TOKEN <tab> BODY
-- Each wrk thread takes every n-th line and cycles through its share; `wraps` counts the cycles, so a
-- caller replaying one-shot requests (quiz submissions) can tell whether any was sent twice.
-- done() writes the summary as JSON to $WRK_OUT.
local threads = {}
local counter = 1

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local path = args[1]
  local nthreads = tonumber(args[2] or "1")
  requests = {}
  wraps = 0
  local n = 0
  for line in io.lines(path) do
    n = n + 1
    if (n - 1) % nthreads == (tid - 1) then
      local method, target, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
      local headers = {}
      if token ~= "" then headers["Authorization"] = "Token " .. token end
      if body ~= nil and body ~= "" then
        headers["Content-Type"] = "application/json"
      else
        body = nil
      end
      table.insert(requests, wrk.format(method, target, headers, body))
    end
  end
  i = 0
end

function request()
  i = i + 1
  if i > #requests then
    i = 1
    wraps = wraps + 1
  end
  return requests[i]
end

function done(summary, latency, requests)
  local total_wraps = 0
  for _, t in ipairs(threads) do total_wraps = total_wraps + (t:get("wraps") or 0) end
  local e = summary.errors
  local out = io.open(os.getenv("WRK_OUT"), "w")
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "wraps": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p99": %d, "p999": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes, total_wraps,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max))
  out:close()
end
