// Handheld barcode scanners (USB or Bluetooth) "type" what they read, like a keyboard, ending with
// Enter — common with tablets and laptops at the door. On the scan screen such a burst is judged
// like a camera read, with no field to focus first. A burst is told from a person typing by its
// pace: scanners send a key every few milliseconds, people every hundred or so. Typing into a
// field (the manual entry, the name search) is left to that field, which takes a whole token too.
import { STATIC_TOKEN_LENGTH, TOKEN_PREFIX } from '../../core/index.ts';
import type { ScanInput } from '../shared/api-client.ts';
import { manualFeedback } from './manual-input.ts';

/**
 * Scanners send a key every 1–30 ms, people one every ~100 ms or more. A short burst (a code or a
 * PIN, which a person might type) is judged by its average pace. A whole signed ticket token is
 * 128+ characters nobody types by hand, so its pace is not held against it: a busy phone that
 * delivers the keys late still gets the scan.
 */
export const WEDGE_MAX_AVERAGE_MS = 50;
/** A pause this long ends whatever was being typed. */
export const WEDGE_RESET_MS = 1000;
/** Shortest burst taken for a scan: a PIN has six digits. */
export const WEDGE_MIN_LENGTH = 6;

/** What a burst of text names: a QR token, a ticket code or a PIN, or nothing to judge. */
export function wedgeInput(text: string): ScanInput | null {
  if (text.trim().length < WEDGE_MIN_LENGTH) return null;
  return manualFeedback(text).submit;
}

/** Collects keystrokes; `key` returns what a finished fast burst names (on Enter), if anything. */
export class WedgeBuffer {
  private text = '';
  private first = 0;
  private last = -Infinity;

  /** True while keys are arriving as a scanner's (so a space in them is text, not a press). */
  bursting(at: number): boolean {
    return this.text.length > 0 && at - this.last <= WEDGE_RESET_MS && (this.text.startsWith(TOKEN_PREFIX) || this.fast(at));
  }

  private fast(at: number): boolean {
    if (this.text.length >= STATIC_TOKEN_LENGTH && this.text.startsWith(TOKEN_PREFIX)) return true;
    return (at - this.first) / Math.max(1, this.text.length) <= WEDGE_MAX_AVERAGE_MS;
  }

  key(key: string, at: number): ScanInput | null | undefined {
    if (this.text.length === 0 || at - this.last > WEDGE_RESET_MS) {
      this.text = '';
      this.first = at;
    }
    this.last = at;
    if (key === 'Enter') {
      const input = this.text.length > 0 && this.fast(at) ? wedgeInput(this.text) : null;
      this.text = '';
      return input;
    }
    if (key.length === 1) this.text += key;
    else this.text = ''; // a named key (Tab, arrows…) in the middle: not a scanner burst
    return undefined;
  }
}

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

/**
 * Listens on the whole page for scanner bursts and hands each named ticket to `onScan`. Returns
 * the function that stops listening. Keys of a burst are kept from the page (a space or Enter on a
 * focused button would press it).
 */
export function listenForWedge(doc: Document, onScan: (input: ScanInput) => void): () => void {
  const buffer = new WedgeBuffer();
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || typingInField(e.target)) return;
    const inBurst = buffer.bursting(e.timeStamp);
    const input = buffer.key(e.key, e.timeStamp);
    if (input) {
      e.preventDefault();
      e.stopPropagation();
      onScan(input);
    } else if (inBurst && (e.key === ' ' || e.key === 'Enter')) {
      e.preventDefault();
    }
  };
  // A focused button is pressed on the key's release: swallow the release of a burst's space too.
  const onKeyUp = (e: KeyboardEvent) => {
    if (e.key === ' ' && !typingInField(e.target) && buffer.bursting(e.timeStamp)) e.preventDefault();
  };
  doc.addEventListener('keydown', onKeyDown, true);
  doc.addEventListener('keyup', onKeyUp, true);
  return () => {
    doc.removeEventListener('keydown', onKeyDown, true);
    doc.removeEventListener('keyup', onKeyUp, true);
  };
}
