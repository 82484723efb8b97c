/**
 * Lua scripts of the Redis engine. Each runs atomically on the server, which is what makes offsets, dedupe and
 * the MLS epoch check one step, and what orders the pub/sub fan-out exactly as the offsets.
 *
 * Keys of room R (one hash tag, so a Redis Cluster keeps them on one slot):
 *   ct:{R}:meta  hash  epoch, next, first, mls, owner, ttl
 *   ct:{R}:log   stream, entry id `0-(offset+1)`, fields m (msgId) e (epoch) c (ct) h (hs) a (at) x (exp, optional)
 *   ct:{R}:dd    hash  msgId → "offset:at" (dedupe window)
 *   ct:{R}:mb    hash  member → "cursor:expiresAt"
 * Channel ct:{R}:ch carries "m|offset|msgId|epoch|hs|at|ct", "s|at|from|data" and "d".
 * Global: ct:exp  sorted set  "offset|room" scored by exp: the disappearing messages every node's sweep erases.
 */

/** KEYS: meta log dd; ARGV: msgId epoch ct hs now dedupeMs historyMax channel exp ('' for none). */
export const APPEND_LUA = `
local ttl = redis.call('HGET', KEYS[1], 'ttl')
if not ttl then return {'no-room'} end
local now = tonumber(ARGV[5])
local d = redis.call('HGET', KEYS[3], ARGV[1])
if d then
  local sep = string.find(d, ':')
  local at = tonumber(string.sub(d, sep + 1))
  if at > now - tonumber(ARGV[6]) then return {'duplicate', string.sub(d, 1, sep - 1)} end
end
if ARGV[4] == '1' then
  local mls = redis.call('HGET', KEYS[1], 'mls')
  if mls ~= ARGV[2] then return {'stale', mls} end
  redis.call('HINCRBY', KEYS[1], 'mls', 1)
end
local off = redis.call('HINCRBY', KEYS[1], 'next', 1) - 1
local offs = string.format('%d', off)
local drop = off + 1 - tonumber(ARGV[7])
if drop >= 1 then
  local id = '0-' .. string.format('%d', drop)
  local e = redis.call('XRANGE', KEYS[2], id, id)
  if e[1] then redis.call('HDEL', KEYS[3], e[1][2][2]) end
end
if ARGV[9] == '' then
  redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[7], '0-' .. string.format('%d', off + 1),
    'm', ARGV[1], 'e', ARGV[2], 'c', ARGV[3], 'h', ARGV[4], 'a', ARGV[5])
else
  redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[7], '0-' .. string.format('%d', off + 1),
    'm', ARGV[1], 'e', ARGV[2], 'c', ARGV[3], 'h', ARGV[4], 'a', ARGV[5], 'x', ARGV[9])
end
local first = off + 1 - tonumber(ARGV[7])
if first < 0 then first = 0 end
redis.call('HSET', KEYS[1], 'first', string.format('%d', first))
redis.call('HSET', KEYS[3], ARGV[1], offs .. ':' .. ARGV[5])
local ttlms = tonumber(ttl)
redis.call('PEXPIRE', KEYS[1], ttlms)
redis.call('PEXPIRE', KEYS[2], ttlms)
redis.call('PEXPIRE', KEYS[3], ttlms)
redis.call('PUBLISH', ARGV[8], 'm|' .. offs .. '|' .. ARGV[1] .. '|' .. ARGV[2] .. '|' .. ARGV[4] .. '|' .. ARGV[5] .. '|' .. ARGV[3])
return {'stored', offs}
`;

/** KEYS: meta log dd mb; ARGV: epoch owner ttlMs. Returns the meta hash as a flat array. */
export const OPEN_ROOM_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
  redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'next', '0', 'first', '0', 'mls', '0', 'ttl', ARGV[3])
  if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'owner', ARGV[2]) end
end
local ttl = tonumber(redis.call('HGET', KEYS[1], 'ttl'))
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ttl) end
return redis.call('HGETALL', KEYS[1])
`;

/** KEYS: mb meta; ARGV: member offset now mailboxTtlMs maxMailboxes. */
export const ADVANCE_MAILBOX_LUA = `
local next = redis.call('HGET', KEYS[2], 'next')
if not next then return 0 end
local now = tonumber(ARGV[3])
local old = 0
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v then
  local sep = string.find(v, ':')
  if tonumber(string.sub(v, sep + 1)) > now then old = tonumber(string.sub(v, 1, sep - 1)) end
elseif redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[5]) then
  local all = redis.call('HGETALL', KEYS[1])
  for i = 1, #all, 2 do
    local sep = string.find(all[i + 1], ':')
    if tonumber(string.sub(all[i + 1], sep + 1)) <= now then redis.call('HDEL', KEYS[1], all[i]) end
  end
  if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[5]) then return 0 end
end
local c = math.min(tonumber(ARGV[2]), tonumber(next))
if old > c then c = old end
redis.call('HSET', KEYS[1], ARGV[1], string.format('%d', c) .. ':' .. string.format('%d', now + tonumber(ARGV[4])))
redis.call('PEXPIRE', KEYS[1], redis.call('PTTL', KEYS[2]))
return 1
`;

/** KEYS: bundle otks; ARGV: none. Pops one one-time prekey with the bundle. */
export const TAKE_BUNDLE_LUA = `
local b = redis.call('GET', KEYS[1])
if not b then return {} end
local otk = redis.call('LPOP', KEYS[2])
if otk then return {b, otk} end
return {b}
`;
