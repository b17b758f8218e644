// Full screen for the door: the QR as large as the screen allows, and the screen kept awake
// (Screen Wake Lock where the browser has it) so it does not dim while the queue moves.
import { useEffect } from 'preact/hooks';

/** Asks for real full screen; must run inside the tap's event handler. Failing is fine (iOS). */
export function enterFullscreen(): void {
  const el = document.documentElement;
  if (!document.fullscreenElement && el.requestFullscreen) el.requestFullscreen({ navigationUI: 'hide' }).catch(() => undefined);
}

export function exitFullscreen(): void {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
}

/** Holds a screen wake lock while `active`, taking it again when the page becomes visible. */
export function useWakeLock(active: boolean): void {
  useEffect(() => {
    if (!active || !('wakeLock' in navigator)) return;
    let sentinel: WakeLockSentinel | null = null;
    let stopped = false;
    const acquire = async () => {
      if (document.visibilityState !== 'visible' || (sentinel && !sentinel.released)) return;
      try {
        const lock = await navigator.wakeLock.request('screen');
        if (stopped) void lock.release(); else sentinel = lock;
      } catch { /* battery saver or permission: the screen may dim, nothing else breaks */ }
    };
    void acquire();
    document.addEventListener('visibilitychange', acquire);
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', acquire);
      void sentinel?.release().catch(() => undefined);
    };
  }, [active]);
}

/** Calls `onExit` when the browser leaves full screen by itself (Back button, swipe, Esc). */
export function useFullscreenExit(active: boolean, onExit: () => void): void {
  useEffect(() => {
    if (!active) return;
    const handler = () => { if (!document.fullscreenElement) onExit(); };
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onExit(); };
    document.addEventListener('fullscreenchange', handler);
    document.addEventListener('keydown', onKey);
    return () => { document.removeEventListener('fullscreenchange', handler); document.removeEventListener('keydown', onKey); };
  }, [active, onExit]);
}
