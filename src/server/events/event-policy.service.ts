import { makePolicy, validatePolicyRules, POLICY_TEMPLATES, type Policy, type PolicyRules, type PolicyTemplateName } from '../../core/index.ts';
import type { Trx } from '../db/database.ts';
import { zoneParentsByCode } from '../venues/zone-tree.ts';

/**
 * What an event's `policy` column holds: the organizer-editable rules (from a template, possibly
 * adjusted) and where a venue day starts. The event facts decide() also needs (doors, end, zone
 * order, UTC offset) are derived from the event and venue rows, never stored twice.
 */
export interface StoredPolicy {
  template: PolicyTemplateName | null;
  rules: PolicyRules;
  /** Minutes after local midnight at which a new venue day starts (multi-day events). */
  dayStartMinutes: number;
}

export function storedPolicyFromTemplate(template: PolicyTemplateName, overrides: Partial<PolicyRules> = {}, dayStartMinutes = 0): StoredPolicy {
  return { template, rules: { ...POLICY_TEMPLATES[template], ...overrides }, dayStartMinutes };
}

export function parseStoredPolicy(value: unknown): StoredPolicy {
  const v = (typeof value === 'string' ? JSON.parse(value) : value) as Partial<StoredPolicy> | null;
  const rules = validatePolicyRules(v?.rules);
  if (!rules.ok) throw new Error(`event policy is invalid: ${rules.errors.join('; ')}`);
  return { template: (v?.template ?? null) as PolicyTemplateName | null, rules: rules.value, dayStartMinutes: v?.dayStartMinutes ?? 0 };
}

/** Offset east of UTC, in minutes, of an IANA time zone at an instant (Intl; no tz database of ours). */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

export interface GateInfo { id: string; name: string; zone: string }
export interface TicketTypeInfo {
  id: string; typeNo: number; name: string; zones: string[]; allowStatic: boolean; validFrom: Date | null; validUntil: Date | null;
  /** The type's note for door staff (0029); null: none. */
  attentionNote: string | null;
  /** Door phones show the holder's photo beside the verdict (0032). */
  photoCheck: boolean;
}

/** Everything about an event that judging a scan needs, loaded in one place for server and sync. */
export interface ScanContext {
  eventId: string;
  tenantId: string;
  venueId: string;
  eventName: string;
  timezone: string;
  policy: Policy;
  stored: StoredPolicy;
  gates: Map<string, GateInfo>;
  typesByNo: Map<number, TicketTypeInfo>;
}

export async function loadScanContext(trx: Trx, eventId: string): Promise<ScanContext | undefined> {
  const event = await trx.selectFrom('events')
    .innerJoin('venues', 'venues.id', 'events.venue_id')
    .select(['events.id', 'events.tenant_id', 'events.venue_id', 'events.name', 'events.starts_at', 'events.ends_at',
      'events.doors_open_at', 'events.policy', 'events.status', 'venues.timezone'])
    .where('events.id', '=', eventId)
    .executeTakeFirst();
  if (!event) return undefined;
  const [zones, gates, types] = await Promise.all([
    trx.selectFrom('zones').select(['id', 'code', 'parent_id']).where('venue_id', '=', event.venue_id).execute(),
    trx.selectFrom('gates').innerJoin('zones', 'zones.id', 'gates.zone_id')
      .select(['gates.id', 'gates.name', 'zones.code as zone']).where('gates.venue_id', '=', event.venue_id).execute(),
    trx.selectFrom('ticket_types').select(['id', 'type_no', 'name', 'zone_codes', 'allow_static', 'valid_from', 'valid_until', 'attention_note', 'photo_check'])
      .where('event_id', '=', eventId).execute(),
  ]);
  const stored = parseStoredPolicy(event.policy);
  const policy = makePolicy(stored.rules, {
    doorsOpenAt: event.doors_open_at.getTime(),
    endsAt: event.ends_at.getTime(),
    zoneParents: zoneParentsByCode(zones),
    utcOffsetMinutes: utcOffsetMinutes(event.timezone, event.starts_at),
    dayStartMinutes: stored.dayStartMinutes,
    // Doors refuse every scan of a cancelled event; the flag travels to phones in the manifest.
    ...(event.status === 'cancelled' ? { cancelled: true as const } : {}),
  });
  return {
    eventId: event.id, tenantId: event.tenant_id, venueId: event.venue_id, eventName: event.name,
    timezone: event.timezone, policy, stored,
    gates: new Map(gates.map((g) => [g.id, { id: g.id, name: g.name, zone: g.zone }])),
    typesByNo: new Map(types.map((t) => [t.type_no, {
      id: t.id, typeNo: t.type_no, name: t.name, zones: t.zone_codes, allowStatic: t.allow_static,
      validFrom: t.valid_from, validUntil: t.valid_until, attentionNote: t.attention_note, photoCheck: t.photo_check,
    }])),
  };
}
