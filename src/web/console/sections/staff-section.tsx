// Staff: invite someone with a role and where they may work (the whole organizer, one venue, or
// one event), change a role, deactivate (their sessions end at once) or bring them back.
import { useState } from 'preact/hooks';
import { api, type Role, type Scope, type StaffMember } from '../console-api.ts';
import { t } from '../i18n.ts';
import type { MessageKey } from '../messages/en.ts';
import { session } from '../session.ts';
import { confirmThen, Field, Notice, SectionHeader, useAction, useLoad } from '../ui.tsx';
import { EventChoice, VenueChoice } from './venue-choice.tsx';

const ROLES: Role[] = ['owner', 'admin', 'manager', 'staff'];
const roleName = (r: Role) => t(`role.${r}` as MessageKey);

export default function StaffSection() {
  const staff = useLoad(() => api.staff());
  return (
    <section class="section">
      <SectionHeader title={t('staff.title')} intro={t('staff.intro')} />
      <InviteForm onInvited={staff.reload} />
      <h2>{t('staff.listTitle')}</h2>
      {staff.error ? <p class="notice notice--error" role="alert">{staff.error}</p> : null}
      {staff.data ? (
        <ul class="cards" data-testid="staff">{staff.data.staff.map((m) => <StaffCard key={m.id} member={m} onChange={staff.reload} />)}</ul>
      ) : staff.error ? null : <p role="status">{t('common.loading')}</p>}
    </section>
  );
}

function RoleSelect({ value, onChange, name }: { value: Role; onChange: (r: Role) => void; name: string }) {
  return (
    <select name={name} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value as Role)}>
      {ROLES.map((r) => <option key={r} value={r}>{roleName(r)}</option>)}
    </select>
  );
}

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [reach, setReach] = useState<'all' | 'venue' | 'event'>('venue');
  const [venueId, setVenueId] = useState('');
  const [eventId, setEventId] = useState('');
  const [password, setPassword] = useState<string | null>(null);
  const { busy, outcome, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    const scopes: Scope[] = reach === 'all' ? [] : [{ venueId, eventId: reach === 'event' ? eventId : null }];
    void run(async () => {
      const created = await api.inviteStaff({ email: email.trim(), displayName: displayName.trim(), role, scopes });
      setPassword(created.password);
      setEmail(''); setDisplayName('');
      onInvited();
      return t('staff.invited', { name: created.displayName });
    });
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="invite-title">
      <h2 id="invite-title">{t('staff.invite')}</h2>
      <div class="grid">
        <Field label={t('staff.email')}>
          <input name="email" type="email" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        </Field>
        <Field label={t('staff.name')}>
          <input name="displayName" required maxLength={200} value={displayName} onInput={(e) => setDisplayName((e.target as HTMLInputElement).value)} />
        </Field>
        <Field label={t('staff.role')} hint={t(`role.${role}.hint` as MessageKey)}>
          <RoleSelect name="role" value={role} onChange={setRole} />
        </Field>
      </div>
      <fieldset class="choices">
        <legend>{t('staff.reach')}</legend>
        {(['all', 'venue', 'event'] as const).map((r) => (
          <label key={r} class="choice">
            <input type="radio" name="reach" value={r} checked={reach === r} onChange={() => setReach(r)} /> {t(`staff.reach.${r}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      {reach !== 'all' ? <VenueChoice value={venueId} onChange={setVenueId} name="scopeVenue" /> : null}
      {reach === 'event' ? <EventChoice value={eventId} onChange={setEventId} name="scopeEvent" /> : null}
      <button class="btn btn--primary" type="submit" disabled={busy}>{busy ? t('common.working') : t('staff.inviteSubmit')}</button>
      <Notice outcome={outcome} />
      {password ? (
        <p class="secret" data-testid="staff-password">
          {t('staff.passwordOnce')} <code>{password}</code>
        </p>
      ) : null}
    </form>
  );
}

function StaffCard({ member, onChange }: { member: StaffMember; onChange: () => void }) {
  const [role, setRole] = useState<Role>(member.role);
  const { busy, outcome, run } = useAction();
  const self = session.value?.staffId === member.id;
  const save = () => void run(async () => {
    await api.updateStaff(member.id, { role });
    onChange();
    return t('staff.saved', { name: member.displayName });
  });
  const setActive = (active: boolean) => {
    const go = () => void run(async () => {
      await api.updateStaff(member.id, { active });
      onChange();
      return t(active ? 'staff.reactivated' : 'staff.deactivated', { name: member.displayName });
    });
    if (active) go(); else confirmThen(t('staff.deactivateConfirm', { name: member.displayName }), go);
  };
  const reach = member.scopes.length === 0 ? t('staff.reach.all') : t('staff.scopeCount', { count: member.scopes.length });
  return (
    <li class="card" data-testid="staff-member" data-email={member.email}>
      <h3>{member.displayName} {member.active ? null : <span class="badge badge--bad">{t('staff.inactive')}</span>}</h3>
      <p class="muted">{member.email} · {reach}</p>
      <div class="actions">
        <label class="inline">
          <span class="visually-hidden">{t('staff.roleOf', { name: member.displayName })}</span>
          <RoleSelect name="memberRole" value={role} onChange={setRole} />
        </label>
        <button type="button" class="btn" disabled={busy || role === member.role} onClick={save}>{t('staff.save')}</button>
        {self ? null : member.active
          ? <button type="button" class="btn btn--danger" disabled={busy} onClick={() => setActive(false)}>{t('staff.deactivate')}</button>
          : <button type="button" class="btn" disabled={busy} onClick={() => setActive(true)}>{t('staff.reactivate')}</button>}
      </div>
      <Notice outcome={outcome} />
    </li>
  );
}
