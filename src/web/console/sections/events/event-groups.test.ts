import { describe, expect, it } from 'vitest';
import { groupEvents, isLive } from './event-groups.ts';

describe('event groups', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  const ev = (id: string, status: string, startsAt: string, endsAt: string) => ({ id, status, startsAt, endsAt });
  const events = [
    ev('past-old', 'published', '2026-01-01T10:00:00Z', '2026-01-01T12:00:00Z'),
    ev('live', 'published', '2026-06-01T10:00:00Z', '2026-06-01T14:00:00Z'),
    ev('soon', 'published', '2026-07-01T10:00:00Z', '2026-07-01T14:00:00Z'),
    ev('past-recent', 'archived', '2026-05-01T10:00:00Z', '2026-05-01T12:00:00Z'),
    ev('draft', 'draft', '2025-01-01T10:00:00Z', '2025-01-01T12:00:00Z'),
  ];

  it('puts drafts apart and the rest by their end: an event on now is upcoming', () => {
    const g = groupEvents(events, now);
    expect(g.upcoming.map((e) => e.id)).toEqual(['live', 'soon']);
    expect(g.past.map((e) => e.id)).toEqual(['past-recent', 'past-old']);
    expect(g.drafts.map((e) => e.id)).toEqual(['draft']);
    expect(isLive(events[1]!, now)).toBe(true);
    expect(isLive(events[2]!, now)).toBe(false);
  });
});
