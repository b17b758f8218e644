import type { AppContext } from '../app-context.ts';
import { asSystem, withTenant } from '../db/database.ts';
import { DEFAULT_LOCKOUT, Lockout } from '../judging/lockout.ts';
import { MemoryStore, RedisStore, type BlockLedger } from '../judging/lockout-stores.ts';
import { activeChannelBlocks, saveChannelBlock } from './sms-lockout.repository.ts';

/**
 * The guessing lockout of SMS and USSD check-in. A channel is a door of its own: every texted PIN
 * that names no ticket of this sender (unknown, or another phone's) spends a unit of the channel's
 * budget, exactly as an unknown PIN typed at a door spends the door phone's — the same Lockout,
 * the same limits (DEFAULT_LOCKOUT), the same stores (Redis when configured, else the process with
 * blocks kept in sms_lockouts so a restart does not lift them). Spreading guesses over many phone
 * numbers therefore gains nothing over one door. The per-sender limit (sms-check-in.service.ts) is
 * separate and comes first.
 */
const instances = new WeakMap<AppContext, Lockout>();

export function smsLockoutOf(ctx: AppContext): Lockout {
  let lockout = instances.get(ctx);
  if (lockout) return lockout;
  const report = (what: string) => (err: unknown) => ctx.log.error({ err }, what);
  if (ctx.redis) {
    lockout = new Lockout(new RedisStore(ctx.redis, new MemoryStore(), report('handing sms lockout blocks to redis failed')), DEFAULT_LOCKOUT);
  } else {
    const ledger: BlockLedger = {
      load: async () => new Map((await asSystem(ctx.db, activeChannelBlocks)).map((r) => [r.channel_id, new Date(r.blocked_until).getTime()])),
      save: (tenantId, channelId, until) => withTenant(ctx.db, tenantId, (trx) => saveChannelBlock(trx, tenantId, channelId, new Date(until))),
    };

    lockout = new Lockout(new MemoryStore(ledger, report('sms lockout block ledger failed')), DEFAULT_LOCKOUT);
  }
  instances.set(ctx, lockout);
  return lockout;
}
