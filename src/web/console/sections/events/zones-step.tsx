// Step 2: the venue's zones and its gates. Both are the venue's (the next event there reuses
// them); Next needs at least one zone and one gate, since a door phone scans at a gate.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n.ts';
import { Notice, type Outcome } from '../../ui.tsx';
import { stepProblem } from './flow-steps.ts';
import { GatesEditor } from './gates-editor.tsx';
import { StepNav, type StepProps } from './step-nav.tsx';
import { ZoneTreeEditor } from './zone-tree-editor.tsx';

export function ZonesStep({ draft, update, next, back }: StepProps) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const venue = draft.venue!;
  // "Add a gate first" is old news once one is added.
  useEffect(() => setOutcome(null), [draft.zones.length, draft.gates.length]);
  const submit = (e: Event) => {
    e.preventDefault();
    const problem = stepProblem('zones', draft);
    if (problem) setOutcome({ kind: 'error', text: t(problem) }); else next();
  };
  return (
    <>
      <p>{t('events.zones.stepIntro', { venue: venue.name })}</p>
      <ZoneTreeEditor venue={venue} zones={draft.zones} gateZoneIds={new Set(draft.gates.map((g) => g.zoneId))}
        onChange={(zones) => update({ zones })} />
      <GatesEditor venue={venue} zones={draft.zones} gates={draft.gates} onChange={(gates) => update({ gates })} />
      <form onSubmit={submit}>
        <Notice outcome={outcome} />
        <StepNav onBack={back} />
      </form>
    </>
  );
}
