/**
 * Lua run atomically inside Redis by the Redis router state. Redis 7 replicates scripts by
 * effects, so reading `TIME` before writing is allowed. Some keys are built inside the scripts
 * (the minute window, the live instances), which standalone Redis and Sentinel accept and Redis
 * Cluster would not.
 */
export const ROUTER_SCRIPTS = {
  /**
   * KEYS[1] rpm key without its window suffix; ARGV[1] limit; ARGV[2] key TTL ms.
   * The window comes from the Redis clock, so every process counts into the same minute.
   * Returns { reserved 0|1, count after, window, redis now ms }.
   */
  reserve: `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = math.floor(now / 60000)
local key = KEYS[1] .. window
local count = tonumber(redis.call('GET', key) or '0')
if count >= tonumber(ARGV[1]) then return {0, count, window, now} end
count = redis.call('INCR', key)
if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[2]) end
return {1, count, window, now}
`,
  /** KEYS[1] cooldown key; ARGV[1] reason; ARGV[2] ms. A longer running cooldown is kept. */
  cooldown: `
if redis.call('PTTL', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`,
  /**
   * Publishes this instance's absolute in-flight counts and sums everyone else's.
   * ARGV: prefix, instance id, ttl ms, n own pairs, dep1, count1, …, then the deployments to sum.
   * Each instance owns one hash `inflight:<instance>` with a TTL, and a score (its expiry) in
   * `instances`; a crashed process's counts vanish when its TTL runs out.
   * Returns { redis now ms, sum for each deployment asked }.
   */
  inFlightSync: `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local prefix, me, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3])
local own = prefix .. 'inflight:' .. me
local instances = prefix .. 'instances'
local owned = tonumber(ARGV[4])
redis.call('DEL', own)
if owned > 0 then
  local fields = {}
  for i = 0, owned - 1 do
    fields[#fields + 1] = ARGV[5 + i * 2]
    fields[#fields + 1] = ARGV[6 + i * 2]
  end
  redis.call('HSET', own, unpack(fields))
  redis.call('PEXPIRE', own, ttl)
end
redis.call('ZADD', instances, now + ttl, me)
redis.call('PEXPIRE', instances, ttl * 4)
redis.call('ZREMRANGEBYSCORE', instances, '-inf', now)
local members = redis.call('ZRANGE', instances, 0, -1)
local result = {now}
for d = 5 + owned * 2, #ARGV do
  local sum = 0
  for _, member in ipairs(members) do
    if member ~= me then sum = sum + tonumber(redis.call('HGET', prefix .. 'inflight:' .. member, ARGV[d]) or '0') end
  end
  result[#result + 1] = sum
end
return result
`,
} as const;
