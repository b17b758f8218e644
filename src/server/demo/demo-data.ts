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

export const DEMO_TENANT = { name: 'Karibu Demo Events', slug: 'demo' } as const;
export const DEMO_VENUE = {
  name: 'Eko Convention Centre',
  timezone: 'Africa/Lagos',
  zones: [
    { code: 'GA', name: 'General admission' },
    { code: 'VIP', name: 'VIP lounge' },
    { code: 'BACKSTAGE', name: 'Backstage' },
  ],
  gates: [
    { name: 'Main', zone: 'GA' },
    { name: 'VIP', zone: 'VIP' },
    { name: 'Backstage', zone: 'BACKSTAGE' },
  ],
};
export const DEMO_TICKET_TYPES = [
  { typeNo: 1, name: 'General Admission', zones: ['GA'], share: 0.9 },
  { typeNo: 2, name: 'VIP', zones: ['VIP'], share: 0.08 },
  { typeNo: 3, name: 'Crew', zones: ['BACKSTAGE'], share: 0.02 },
] as const;
