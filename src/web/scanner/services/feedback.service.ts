// Sound and vibration for a verdict, so staff need not look at the screen for every guest: a short
// rising two-tone for admitted, a falling one for an exit, a long low double buzz for refused, and
// one flat mid tone for a repeat of this phone's own earlier answer (nothing new happened).
// Web Audio synthesises the tones (no audio files to download or cache).
import type { Verdict } from '../../../core/index.ts';

let audio: AudioContext | undefined;

/** Browsers only allow sound after a user gesture: call from a tap handler (sign in, start scanning). */
export function unlockAudio(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    audio = undefined; // no Web Audio: vibration and the screen still tell
  }
}

function tone(ctx: AudioContext, frequency: number, start: number, duration: number, type: OscillatorType, volume: number): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = type;
  osc.frequency.value = frequency;
  // Short attack and release: no clicks, and loud enough for a noisy gate.
  gain.gain.setValueAtTime(0, start);
  gain.gain.linearRampToValueAtTime(volume, start + 0.01);
  gain.gain.setValueAtTime(volume, start + duration - 0.03);
  gain.gain.linearRampToValueAtTime(0, start + duration);
  osc.connect(gain).connect(ctx.destination);
  osc.start(start);
  osc.stop(start + duration + 0.02);
}

export type Signal = Verdict | 'repeat';

const PATTERNS: Record<Signal, { tones: [number, number, number][]; type: OscillatorType; vibrate: number[] }> = {
  // [frequency Hz, start offset s, duration s]
  admitted: { tones: [[988, 0, 0.09], [1319, 0.1, 0.14]], type: 'sine', vibrate: [70] },
  exited: { tones: [[1319, 0, 0.09], [988, 0.1, 0.12]], type: 'sine', vibrate: [40, 60, 40] },
  refused: { tones: [[220, 0, 0.22], [196, 0.3, 0.32]], type: 'square', vibrate: [250, 120, 250] },
  repeat: { tones: [[660, 0, 0.12]], type: 'triangle', vibrate: [30] },
};

export function signalVerdict(verdict: Signal): void {
  const pattern = PATTERNS[verdict];
  try { navigator.vibrate?.(pattern.vibrate); } catch { /* not allowed without a gesture: fine */ }
  if (!audio || audio.state !== 'running') return;
  const now = audio.currentTime + 0.01;
  for (const [f, at, d] of pattern.tones) tone(audio, f, now + at, d, pattern.type, pattern.type === 'square' ? 0.12 : 0.3);
}
