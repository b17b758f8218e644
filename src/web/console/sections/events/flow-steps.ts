// The new-event flow's steps and what each needs before "Next": pure, so the rules a first-time
// organizer meets are tested without a browser, and the shell, the steps and the review agree.
import type { EventCreate, Gate, PolicyTemplateName, TicketTypeView, VenueRecord, Zone, EventView } from '../../console-api.ts';
import type { MessageKey } from '../../messages/en.ts';
import { localToUtc } from './event-time.ts';

export const STEPS = ['venue', 'zones', 'event', 'tickets', 'review'] as const;
export type StepId = (typeof STEPS)[number];

/** Scan rules in plain words, in the order offered; the default is the server's default. */
export const TEMPLATES: readonly PolicyTemplateName[] = ['conference-single-entry', 'reentry-after-exit', 'festival-reentry', 'multi-day'];
export const DEFAULT_TEMPLATE: PolicyTemplateName = 'reentry-after-exit';

export interface VenueForm { mode: 'existing' | 'new'; venueId: string; name: string; timezone: string; address: string }
/** Times as typed: venue-local "YYYY-MM-DDTHH:mm". */
export interface EventForm { name: string; starts: string; ends: string; capacity: string; template: PolicyTemplateName }

export interface Draft {
  venueForm: VenueForm;
  venue: VenueRecord | null;
  zones: Zone[];
  gates: Gate[];
  eventForm: EventForm;
  /** The event once saved (as a draft: it is published at the end). */
  event: EventView | null;
  ticketTypes: TicketTypeView[];
}

export function emptyDraft(timezone: string): Draft {
  return {
    venueForm: { mode: 'new', venueId: '', name: '', timezone, address: '' },
    venue: null, zones: [], gates: [],
    eventForm: { name: '', starts: '', ends: '', capacity: '', template: DEFAULT_TEMPLATE },
    event: null, ticketTypes: [],
  };
}

/** A capacity as typed: empty is "no limit" (null), else a whole number ≥ 0; undefined when invalid. */
export function parseCapacity(text: string): number | null | undefined {
  const s = text.trim();
  if (s === '') return null;
  if (!/^\d{1,8}$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 10_000_000 ? n : undefined;
}

export type EventBody = Pick<EventCreate, 'name' | 'startsAt' | 'endsAt' | 'capacity'>;

/** The event's wire fields from the form, in UTC, or the first problem in words. */
export function eventBody(form: EventForm, timeZone: string): { body: EventBody } | { problem: MessageKey; field: keyof EventForm } {
  const name = form.name.trim();
  if (!name) return { problem: 'events.problem.name', field: 'name' };
  const starts = localToUtc(form.starts, timeZone);
  if (!starts) return { problem: 'events.problem.starts', field: 'starts' };
  const ends = localToUtc(form.ends, timeZone);
  if (!ends) return { problem: 'events.problem.ends', field: 'ends' };
  if (Date.parse(ends.iso) <= Date.parse(starts.iso)) return { problem: 'events.problem.order', field: 'ends' };
  const capacity = parseCapacity(form.capacity);
  if (capacity === undefined) return { problem: 'events.problem.capacity', field: 'capacity' };
  return { body: { name, startsAt: starts.iso, endsAt: ends.iso, capacity } };
}

/** What keeps a step from being finished, or null: the review lists them, "Next" shows the first. */
export function stepProblem(step: StepId, d: Draft): MessageKey | null {
  switch (step) {
    case 'venue': return d.venue ? null : 'events.problem.venue';
    case 'zones': return d.zones.length === 0 ? 'events.problem.zones' : d.gates.length === 0 ? 'events.problem.gates' : null;
    case 'event': return d.event ? null : 'events.problem.event';
    case 'tickets': return d.ticketTypes.length === 0 ? 'events.problem.tickets' : null;
    case 'review': return null;
  }
}

/** The furthest step one may open: every step before it is finished. */
export function furthestStep(d: Draft): number {
  const open = STEPS.findIndex((s) => stepProblem(s, d) !== null);
  return open === -1 ? STEPS.length - 1 : open;
}

/** Whether the saved event still says what the form says (else "Next" saves it again). */
export function eventMatches(saved: EventView | null, body: EventBody, template: PolicyTemplateName, venueId: string): boolean {
  return saved !== null && saved.name === body.name && saved.venueId === venueId && saved.capacity === body.capacity
    && Date.parse(saved.startsAt) === Date.parse(body.startsAt) && Date.parse(saved.endsAt) === Date.parse(body.endsAt)
    && saved.policyTemplate === template;
}
