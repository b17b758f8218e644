// The live overview's smaller cards: zones as a tree, gates, ticket types, open conflicts, the
// venue's door phones (one gone quiet is flagged in words) and the no-shows.
import type { ComponentChildren } from 'preact';
import type { Dashboard } from '../../../console-api.ts';
import { i18n, t } from '../../../i18n.ts';
import type { MessageKey } from '../../../messages/en.ts';
import { onLinkClick } from '../../../router.ts';
import { treeRows } from '../zone-tree.ts';
import { quietMinutes } from './live-figures.ts';
import { venueClock } from './venue-clock.ts';

interface CardProps { d: Dashboard; locale: string }

function Card({ id, title, children, testId, wide = false }: { id: string; title: string; children: ComponentChildren; testId: string; wide?: boolean }) {
  return (
    <section class={`card live-card${wide ? ' live-card--wide' : ''}`} aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function ZonesCard({ d }: CardProps) {
  const rows = treeRows(d.byZone.map((z) => ({ ...z, id: z.zoneId })));
  return (
    <Card id="live-zones" title={t('live.zones.title')} testId="live-zones">
      {rows.length === 0 ? <p class="empty">{t('live.zones.none')}</p> : (
        <ul class="tree live-tree">
          {rows.map(({ zone, depth }) => (
            <li key={zone.zoneId} class="live-tree__row" style={{ paddingInlineStart: `${depth * 1.25}rem` }}>
              <span>{depth > 0 ? <span aria-hidden="true">└ </span> : null}{zone.name}</span>
              <span class="live-num">
                {zone.capacity === null ? t('live.zones.inside', { count: zone.insideNow })
                  : t('live.capacityOf', { inside: i18n.number(zone.insideNow), capacity: i18n.number(zone.capacity) })}
              </span>
              {zone.capacity !== null && zone.level > 0
                ? <span class={`badge ${zone.level === 100 ? 'badge--bad' : 'badge--warn'}`}>{t(`live.level.${zone.level}` as MessageKey)}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function GatesCard({ d }: CardProps) {
  return (
    <Card id="live-gates" title={t('live.gates.title')} testId="live-gates">
      {d.byGate.length === 0 ? <p class="empty">{t('live.none')}</p> : (
        <table class="live-table">
          <thead><tr><th scope="col">{t('live.gates.gate')}</th><th scope="col">{t('live.entries')}</th><th scope="col">{t('live.exits')}</th></tr></thead>
          <tbody>
            {d.byGate.map((g) => (
              <tr key={g.gateId}><th scope="row">{g.name}</th><td>{i18n.number(g.entries)}</td><td>{i18n.number(g.exits)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export function TicketTypesCard({ d }: CardProps) {
  return (
    <Card id="live-types" title={t('live.types.title')} testId="live-types" wide>
      {d.byTicketType.length === 0 ? <p class="empty">{t('live.none')}</p> : (
        <table class="live-table">
          <thead>
            <tr><th scope="col">{t('live.types.type')}</th><th scope="col">{t('live.types.expected')}</th>
              <th scope="col">{t('live.checkedIn')}</th><th scope="col">{t('live.types.inside')}</th></tr>
          </thead>
          <tbody>
            {d.byTicketType.map((tt) => (
              <tr key={tt.ticketTypeId}>
                <th scope="row">{tt.name}</th><td>{i18n.number(tt.expected)}</td><td>{i18n.number(tt.checkedIn)}</td><td>{i18n.number(tt.insideNow)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export function ConflictsCard({ d }: CardProps) {
  const open = d.conflicts.open;
  return (
    <Card id="live-conflicts" title={t('live.conflicts.title')} testId="live-conflicts">
      <p class={open > 0 ? 'live-alert' : ''}>
        {open > 0 ? <span aria-hidden="true">! </span> : null}{t('live.conflicts.open', { count: open })}
      </p>
      {open > 0 ? (
        <a class="btn" href="/console/conflicts" onClick={(e) => onLinkClick(e, '/conflicts')}>{t('live.conflicts.link')}</a>
      ) : null}
    </Card>
  );
}

export function DevicesCard({ d, locale, serverNow }: CardProps & { serverNow: number }) {
  const clock = (iso: string) => venueClock(iso, d.timezone, locale);
  return (
    <Card id="live-devices" title={t('live.devices.title')} testId="live-devices">
      {d.devices.length === 0 ? <p class="empty">{t('live.devices.none')}</p> : (
        <ul class="plain live-list">
          {d.devices.map((dev) => {
            const quiet = quietMinutes(dev.lastSeenAt, serverNow);
            return (
              <li key={dev.deviceId} class="live-list__row" data-testid="live-device" data-quiet={quiet !== null}>
                <span class="live-list__name">{dev.name}{dev.kind === 'kiosk' ? <span class="muted"> ({t('live.devices.kiosk')})</span> : null}</span>
                <span class="muted">
                  {dev.lastSeenAt ? t('live.devices.lastSeen', { time: clock(dev.lastSeenAt) }) : t('live.devices.neverSeen')}
                  {' · '}{dev.lastScanAt ? t('live.devices.lastScan', { time: clock(dev.lastScanAt) }) : t('live.devices.noScan')}
                  {' · '}{t('live.devices.scans', { count: dev.scans })}
                </span>
                {dev.report.needsAttention
                  ? <span class="badge badge--bad"><span aria-hidden="true">⚠ </span>{t('live.devices.attention', { count: dev.report.pendingScans ?? 0 })}</span>
                  : quiet !== null ? <span class="badge badge--warn"><span aria-hidden="true">⚠ </span>{t('live.devices.quiet', { count: quiet })}</span> : null}
                {!dev.report.needsAttention && (dev.report.pendingScans ?? 0) > 0
                  ? <span class="muted">{t('live.devices.pending', { count: dev.report.pendingScans ?? 0 })}</span> : null}
                {dev.report.manifest?.eventId === d.eventId ? (
                  <span class="muted" data-testid="live-device-manifest">{dev.report.manifest.changedSince === 0
                    ? t('live.devices.manifestUpToDate') : t('live.devices.manifestBehind', { count: dev.report.manifest.changedSince })}</span>
                ) : null}
                {dev.report.battery ? <span class="muted">{t('live.devices.battery', { percent: Math.round(dev.report.battery.level * 100) })}</span> : null}
              </li>
            );
          })}
        </ul>
      )}
      {d.devicesTotal > d.devices.length ? <p class="muted">{t('live.devices.more', { count: d.devicesTotal - d.devices.length })}</p> : null}
    </Card>
  );
}

/** What the event raised, once each: capacity steps (the event's or a zone's) and the no-show count. */
export function AlertsCard({ d, locale }: CardProps) {
  const clock = (iso: string) => venueClock(iso, d.timezone, locale);
  const zoneName = (id: string | null) => d.byZone.find((z) => z.zoneId === id)?.name ?? '';
  return (
    <Card id="live-alerts" title={t('live.alerts.title')} testId="live-alerts">
      {d.alerts.length === 0 ? <p class="empty">{t('live.alerts.none')}</p> : (
        <ul class="plain live-list" role="list">
          {[...d.alerts].reverse().map((a) => (
            <li key={`${a.kind}-${a.zoneId ?? 'event'}-${a.threshold}`} class="live-list__row" data-testid="live-alert">
              {a.kind === 'attendance.no_shows' ? t('live.alerts.noShows', { count: a.count ?? 0, time: clock(a.raisedAt) })
                : t(a.zoneId ? 'live.alerts.zoneCapacity' : 'live.alerts.capacity', {
                  zone: zoneName(a.zoneId), threshold: a.threshold, time: clock(a.raisedAt),
                  inside: i18n.number(a.insideNow ?? 0), capacity: i18n.number(a.capacity ?? 0),
                })}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function NoShowsCard({ d, locale }: CardProps) {
  const { count, tickets, from } = d.noShows;
  return (
    <Card id="live-no-shows" title={t('live.noShows.title')} testId="live-no-shows">
      {count === null ? <p>{t('live.noShows.from', { time: venueClock(from, d.timezone, locale) })}</p> : (
        <>
          <p class="live-num" data-testid="no-show-count">{t('live.noShows.count', { count })}</p>
          {d.view === 'door' ? <p class="muted">{t('live.noShows.doorView')}</p>
            : tickets.length > 0 ? (
              // Folded: a hundred names must not push the feed off a phone's screen.
              <details data-testid="no-show-names">
                <summary>{t('live.noShows.first', { count: tickets.length })}</summary>
                <ul class="plain live-list">
                  {tickets.map((nt) => (
                    <li key={nt.ticketId} class="live-list__row"><span class="live-list__name">{nt.holderName}</span>
                      <span class="muted">{nt.ticketType} · <code>{nt.code}</code></span></li>
                  ))}
                </ul>
              </details>
            ) : null}
        </>
      )}
    </Card>
  );
}
