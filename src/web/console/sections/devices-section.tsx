// Door setup → devices: "Add door phone" makes a one-time setup code shown as the QR that /scan
// pairs with (the API's qrText, the very text the scanner's camera reads), and the list of phones
// with what the API reports about them: revoke, and allow guest names for offline search.
import { useState } from 'preact/hooks';
import { QrCode } from '../../shared/qr-code.tsx';
import { api, type Device, type SetupCode } from '../console-api.ts';
import { dateTime, t } from '../i18n.ts';
import { confirmThen, Field, Notice, SectionHeader, useAction, useLoad } from '../ui.tsx';
import { VenueChoice } from './venue-choice.tsx';

export default function DevicesSection() {
  const devices = useLoad(() => api.devices());
  return (
    <section class="section" aria-labelledby="devices-title">
      <SectionHeader title={t('devices.title')} intro={t('devices.intro')} />
      <AddDoorPhone onCreated={devices.reload} />
      <h2 id="devices-title">{t('devices.listTitle')}</h2>
      {devices.error ? <p class="notice notice--error" role="alert">{devices.error}</p> : null}
      {!devices.data ? (devices.error ? null : <p role="status">{t('common.loading')}</p>)
        : devices.data.devices.length === 0 ? <p class="empty">{t('devices.none')}</p>
        : <ul class="cards" data-testid="devices">{devices.data.devices.map((d) => <DeviceCard key={d.id} device={d} onChange={devices.reload} />)}</ul>}
      <button type="button" class="btn btn--ghost" onClick={devices.reload}>{t('common.refresh')}</button>
    </section>
  );
}

function AddDoorPhone({ onCreated }: { onCreated: () => void }) {
  const [venueId, setVenueId] = useState('');
  const [name, setName] = useState('');
  const [code, setCode] = useState<SetupCode | null>(null);
  const { busy, outcome, run } = useAction();
  const create = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      setCode(await api.createSetupCode(venueId, name.trim() || undefined));
      onCreated();
      return t('devices.codeReady');
    });
  };
  return (
    <form class="card" onSubmit={create} aria-labelledby="add-phone-title">
      <h2 id="add-phone-title">{t('devices.add')}</h2>
      <VenueChoice value={venueId} onChange={setVenueId} name="venueId" />
      <Field label={t('devices.name')} hint={t('devices.nameHint')}>
        <input name="phoneName" value={name} maxLength={100} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </Field>
      <button class="btn btn--primary" type="submit" disabled={busy || !venueId} data-testid="create-setup-code">
        {busy ? t('common.working') : t('devices.createCode')}
      </button>
      <Notice outcome={outcome} />
      {code ? (
        <div class="setup-code" data-testid="setup-code" data-qr-text={code.qrText}>
          <QrCode text={code.qrText} alphanumeric={false} label={t('devices.qrLabel')} class="setup-code__qr" testId="setup-qr" />
          <div>
            <p>{t('devices.scanThis')}</p>
            <p class="setup-code__text" data-testid="setup-code-text">{code.setupCode}</p>
            <p class="muted">{t('devices.expires', { time: dateTime(code.expiresAt) })}</p>
          </div>
        </div>
      ) : null}
    </form>
  );
}

function DeviceCard({ device, onChange }: { device: Device; onChange: () => void }) {
  const { busy, outcome, run } = useAction();
  const [names, setNames] = useState<boolean>(device.allowOfflineNames);
  const report = device.report;
  const revoked = device.revokedAt !== null;
  const revoke = () => confirmThen(t('devices.revokeConfirm', { name: device.name }), () => void run(async () => {
    await api.revokeDevice(device.id);
    onChange();
    return t('devices.revoked', { name: device.name });
  }));
  const setOffline = (allowed: boolean) => {
    const go = () => void run(async () => {
      setNames((await api.setOfflineNames(device.id, allowed)).allowOfflineNames);
      return t(allowed ? 'devices.namesAllowed' : 'devices.namesWithdrawn');
    });
    // Names in clear on a phone are personal data: allowing it is a decision, so it asks.
    if (allowed) confirmThen(t('devices.namesConfirm', { name: device.name }), go); else go();
  };
  return (
    <li class="card device" data-testid="device" data-device-id={device.id}>
      <h3>{device.name} {revoked ? <span class="badge badge--bad">{t('devices.revokedBadge')}</span> : null}</h3>
      {report.needsAttention && !revoked ? (
        <p class="notice notice--error" data-testid="device-attention">{t('devices.attention', { count: report.pendingScans ?? 0 })}</p>
      ) : null}
      <dl class="facts">
        <dt>{t('devices.kind')}</dt><dd>{t(device.kind === 'kiosk' ? 'devices.kiosk' : 'devices.door')}</dd>
        <dt>{t('devices.lastSeen')}</dt><dd>{device.lastSeenAt ? dateTime(device.lastSeenAt) : t('devices.never')}</dd>
        {report.appVersion ? <><dt>{t('devices.appVersion')}</dt><dd>{report.appVersion}</dd></> : null}
        {report.pendingScans !== null ? <><dt>{t('devices.pending')}</dt><dd>{report.pendingScans}</dd></> : null}
        {report.reportedAt ? <><dt>{t('devices.lastSync')}</dt><dd>{dateTime(report.reportedAt)}</dd></> : null}
        {report.manifest ? (
          <><dt>{t('devices.manifest')}</dt><dd data-testid="device-manifest">{report.manifest.changedSince === 0
            ? t('devices.manifestUpToDate', { position: report.manifest.position })
            : t('devices.manifestBehind', { count: report.manifest.changedSince, position: report.manifest.position })}</dd></>
        ) : null}
        {report.battery ? (
          <><dt>{t('devices.battery')}</dt><dd>{t(report.battery.charging ? 'devices.batteryCharging' : 'devices.batteryLevel', { percent: Math.round(report.battery.level * 100) })}</dd></>
        ) : null}
        <dt>{t('devices.offlineNames')}</dt><dd>{t(names ? 'common.yes' : 'common.no')}</dd>
      </dl>
      {revoked ? null : (
        <div class="actions">
          {device.kind === 'door' ? (
            <>
              <button type="button" class="btn" disabled={busy || names === true} onClick={() => setOffline(true)}>{t('devices.allowNames')}</button>
              <button type="button" class="btn" disabled={busy || names === false} onClick={() => setOffline(false)}>{t('devices.withdrawNames')}</button>
            </>
          ) : null}
          <button type="button" class="btn btn--danger" disabled={busy} onClick={revoke} data-testid="revoke">{t('devices.revoke')}</button>
        </div>
      )}
      <Notice outcome={outcome} />
    </li>
  );
}
