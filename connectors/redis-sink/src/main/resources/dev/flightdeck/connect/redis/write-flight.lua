-- Version-guarded write of one flight's read model: applies only if the stored version is older.
-- KEYS[1] flight hash, KEYS[2] taken-seat set, KEYS[3] route-and-day sorted set (put only)
-- ARGV[1] 'put' | 'del', ARGV[2] version, ARGV[3] ms until the keys expire (put) or the
-- deleted marker expires (del), ARGV[4] flight id (sorted-set member), ARGV[5] departure ms
-- (score), ARGV[6] n = number of field pairs, then n field/value pairs, then the taken seats.
-- Returns 1 when written, 0 when the stored version was the same or newer.
local stored = tonumber(redis.call('HGET', KEYS[1], 'version'))
local version = tonumber(ARGV[2])
if stored and stored >= version then
  return 0
end
local oldRoute = redis.call('HGET', KEYS[1], 'routeKey')
if ARGV[1] == 'del' then
  if oldRoute then
    redis.call('ZREM', oldRoute, ARGV[4])
  end
  redis.call('DEL', KEYS[1], KEYS[2])
  -- The marker keeps the version, so an older put redelivered later is still refused.
  redis.call('HSET', KEYS[1], 'version', ARGV[2], 'deleted', '1')
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
if oldRoute and oldRoute ~= KEYS[3] then
  redis.call('ZREM', oldRoute, ARGV[4])
end
redis.call('DEL', KEYS[1], KEYS[2])
local n = tonumber(ARGV[6])
local hash = {'version', ARGV[2], 'routeKey', KEYS[3]}
for i = 7, 6 + 2 * n do
  hash[#hash + 1] = ARGV[i]
end
redis.call('HSET', KEYS[1], unpack(hash))
if #ARGV > 6 + 2 * n then
  redis.call('SADD', KEYS[2], unpack(ARGV, 7 + 2 * n))
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
-- The route's set lives as long as its latest flight.
local ttl = redis.call('PTTL', KEYS[3])
if ttl >= 0 and ttl < tonumber(ARGV[3]) or ttl == -1 then
  redis.call('PEXPIRE', KEYS[3], ARGV[3])
end
return 1
