-- One charge, all or nothing: checks every counter of the chain and the lease, then (in commit mode)
-- adds every amount and takes or extends the lease, held from then on by the caller. Amounts are whole numbers (millionths).
-- KEYS: [1] the charge's id, [2 .. n+1] the counters, [n+2] the lease (optional)
-- ARGV: [1] deadline (ms since the epoch, the server's clock), [2] 'check' or 'commit', [3] n,
--       per counter i: [3i+1] amount, [3i+2] limit, [3i+3] time to live (ms);
--       for a lease: [3n+4] its length (ms), [3n+5] the holder, [3n+6 ..] the holder's family
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local commit = ARGV[2] == 'commit'
if commit and redis.call('EXISTS', KEYS[1]) == 1 then
  return {'done'}
end
local deadline = tonumber(ARGV[1])
if now > deadline then
  return {'late'}
end
local n = tonumber(ARGV[3])
local lease = KEYS[n + 2]
local holder = ARGV[3 * n + 5]
if lease then
  local held = redis.call('LRANGE', lease, 0, -1)
  if #held > 0 then
    local shared = false
    for i = 2, #held do
      if held[i] == holder then shared = true end
    end
    for i = 3 * n + 6, #ARGV do
      if ARGV[i] == held[1] then shared = true end
    end
    if not shared then
      return {'held', held[1], string.format('%.0f', now + redis.call('PTTL', lease))}
    end
  end
end
for i = 1, n do
  local spent = tonumber(redis.call('GET', KEYS[i + 1]) or '0')
  if spent + tonumber(ARGV[3 * i + 1]) > tonumber(ARGV[3 * i + 2]) then
    return {'over', tostring(i), string.format('%.0f', spent)}
  end
end
if not commit then
  return {'ok'}
end
for i = 1, n do
  if redis.call('INCRBY', KEYS[i + 1], ARGV[3 * i + 1]) == tonumber(ARGV[3 * i + 1]) then
    redis.call('PEXPIRE', KEYS[i + 1], ARGV[3 * i + 3]) -- a new window's counter: it expires after its window
  end
end
if lease then
  -- the lease passes to whoever of the delegation line acted last, so a sibling of theirs is kept out
  redis.call('DEL', lease)
  redis.call('RPUSH', lease, holder, unpack(ARGV, 3 * n + 6))
  redis.call('PEXPIRE', lease, ARGV[3 * n + 4])
end
redis.call('SET', KEYS[1], '1', 'PX', deadline - now + 1000)
return {'ok'}
