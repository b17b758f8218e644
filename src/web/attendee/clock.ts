// Time as the server sees it, ticking once a second on the second: the rotating code changes at
// the same instant the door expects it, whatever the phone's own clock says.
import { useEffect, useState } from 'preact/hooks';

export function useServerNow(offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const at = Date.now() + offsetMs;
      setNow(at);
      timer = setTimeout(tick, 1000 - (at % 1000) + 5);
    };
    tick();
    // Timers sleep in a background tab: catch up the moment the page is shown again.
    const onVisible = () => { if (document.visibilityState === 'visible') { clearTimeout(timer); tick(); } };
    document.addEventListener('visibilitychange', onVisible);
    return () => { clearTimeout(timer); document.removeEventListener('visibilitychange', onVisible); };
  }, [offsetMs]);
  return now;
}
