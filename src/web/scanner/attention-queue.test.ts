// A group check-in with several noted tickets: each note gets its own verdict screen, one after
// another, and none is swept away by the next until staff dismiss it.
import { describe, expect, it } from 'vitest';
import { awaitsAttention, dismissVerdict, showVerdicts, verdict, type VerdictView } from './state.ts';

const view = (scanId: string, attentionNote?: string): VerdictView => ({
  scanId, verdict: 'admitted', reason: 'admitted', offline: false, shownAt: 0, ...(attentionNote ? { attentionNote } : {}),
});

describe('verdicts with notes, in turn', () => {
  it('shows each noted verdict until dismissed, then the next, then nothing', () => {
    verdict.value = view('plain');
    expect(awaitsAttention(verdict.value)).toBe(false);
    showVerdicts([view('a', 'Speaker — green room'), view('b', 'Uses a wheelchair — ramp gate')]);
    expect(verdict.value?.scanId).toBe('a');
    // More arriving while a note is up wait behind it.
    showVerdicts([view('c', 'VIP: escort')]);
    expect(verdict.value?.scanId).toBe('a');
    dismissVerdict();
    expect(verdict.value?.scanId).toBe('b');
    dismissVerdict();
    expect(verdict.value?.scanId).toBe('c');
    dismissVerdict();
    expect(verdict.value).toBeNull();
  });
});
