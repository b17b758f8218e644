/** Names for demo attendees: a mix from across West and East Africa, so the demo looks like Lagos. */
export const FIRST_NAMES = [
  'Adaeze', 'Chinedu', 'Folake', 'Tunde', 'Ngozi', 'Emeka', 'Aisha', 'Ibrahim', 'Yetunde', 'Segun',
  'Amaka', 'Obinna', 'Zainab', 'Musa', 'Funmilayo', 'Kelechi', 'Halima', 'Babatunde', 'Chiamaka', 'Olumide',
  'Wanjiru', 'Kamau', 'Achieng', 'Otieno', 'Amani', 'Baraka', 'Nia', 'Jabari', 'Imani', 'Zuri',
  'Kwame', 'Ama', 'Kofi', 'Akosua', 'Yaw', 'Efua', 'Mamadou', 'Fatou', 'Aminata', 'Ousmane',
  'Thandiwe', 'Sipho', 'Lindiwe', 'Tendai', 'Rudo', 'Chipo', 'Abebe', 'Selam', 'Dawit', 'Hanna',
];
export const LAST_NAMES = [
  'Okafor', 'Adeyemi', 'Balogun', 'Eze', 'Nwosu', 'Okonkwo', 'Bello', 'Abubakar', 'Adebayo', 'Ogunleye',
  'Chukwu', 'Olawale', 'Danjuma', 'Ibekwe', 'Afolabi', 'Mwangi', 'Odhiambo', 'Kariuki', 'Njoroge', 'Wambui',
  'Mensah', 'Boateng', 'Owusu', 'Diallo', 'Ndiaye', 'Traoré', 'Dlamini', 'Nkosi', 'Moyo', 'Tesfaye',
];

/** Deterministic name for the i-th demo ticket (no randomness: reruns show the same guests). */
export function demoHolderName(i: number): string {
  const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
  const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]!;
  return `${first} ${last}`;
}

export const DEMO_ORGANIZER = { name: 'Karibu Demo Events' } as const;
export const DEMO_VENUE = {
  name: 'Eko Convention Centre',
  address: 'Plot 1415 Adetokunbo Ademola Street, Victoria Island, Lagos',
  timezone: 'Africa/Lagos',
  /** The zone tree, outermost first: BACKSTAGE ⊃ VIP ⊃ GA (a pass for a zone opens the zones below it). */
  zones: [
    { code: 'BACKSTAGE', name: 'Backstage', parent: null },
    { code: 'VIP', name: 'VIP lounge', parent: 'BACKSTAGE' },
    { code: 'GA', name: 'General admission', parent: 'VIP' },
  ],
  gates: [
    { name: 'Main', zone: 'GA' },
    { name: 'VIP', zone: 'VIP' },
    { name: 'Backstage', zone: 'BACKSTAGE' },
  ],
};
/**
 * Created in this order (a fresh demo gets type numbers 1–4; tickets name their type by id). The phone pass allows no static code:
 * its attendee page shows a QR that rotates, which is what the demo lets people see. General
 * Admission holders may pass their ticket on from their ticket page; the named VIP and Crew may not.
 */
export const DEMO_TICKET_TYPES = [
  { name: 'General Admission', zones: ['GA'], allowStatic: true, allowTransfer: true },
  { name: 'VIP', zones: ['VIP'], allowStatic: true, allowTransfer: false },
  { name: 'Crew', zones: ['BACKSTAGE'], allowStatic: true, allowTransfer: false },
  { name: 'Phone Pass', zones: ['GA'], allowStatic: false, allowTransfer: true },
] as const;
