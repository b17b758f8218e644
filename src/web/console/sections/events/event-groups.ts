// The events list's three groups. Drafts are whatever is not published yet; the rest go by their
// end time, so an event that is on right now stays under "upcoming" until it ends.
export interface GroupedEvent { status: string; startsAt: string; endsAt: string }
export interface EventGroups<E> { upcoming: E[]; past: E[]; drafts: E[] }

export function groupEvents<E extends GroupedEvent>(events: readonly E[], nowMs: number): EventGroups<E> {
  const groups: EventGroups<E> = { upcoming: [], past: [], drafts: [] };
  for (const e of events) {
    if (e.status === 'draft') groups.drafts.push(e);
    else if (Date.parse(e.endsAt) >= nowMs) groups.upcoming.push(e);
    else groups.past.push(e);
  }
  const byStart = (a: E, b: E) => Date.parse(a.startsAt) - Date.parse(b.startsAt);
  groups.upcoming.sort(byStart);
  groups.drafts.sort(byStart);
  // The most recent past event first: that is the one an organizer looks back at.
  groups.past.sort((a, b) => byStart(b, a));
  return groups;
}

/** On now: started and not yet ended (published events only). */
export const isLive = (e: GroupedEvent, nowMs: number): boolean =>
  e.status === 'published' && Date.parse(e.startsAt) <= nowMs && nowMs <= Date.parse(e.endsAt);
