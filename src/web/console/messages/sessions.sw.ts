// Maneno ya Kiswahili ya ukurasa wa vipindi (yanasambazwa ndani ya sw.ts), typed against the English keys.
import type { Message } from '../../shared/i18n.ts';
import type { SessionsMessageKey } from './sessions.en.ts';

const sessions: Record<SessionsMessageKey, Message> = {
  'sessions.nav': 'Vipindi na CPD',
  'sessions.title': 'Vipindi vya {name}',
  'sessions.intro': 'Weka alama za CPD za kila kipindi na muda ambao mhudhuriaji anapaswa kuwa ukumbini ili kuzipata. Mahudhurio yanatokana na skani kwenye mlango wa kila ukumbi.',
  'sessions.none': 'Tukio hili bado halina vipindi.',
  'sessions.csv': 'Pakua alama (CSV)',
  'sessions.csvHint': 'Safu moja kwa kila mhudhuriaji na kipindi chenye alama, pamoja na dakika na alama alizopata. Saa ni za ukumbi.',
  'sessions.when': '{start} – {end}',
  'sessions.length': { one: 'dakika {count}', other: 'dakika {count}' },
  'sessions.credits': 'Alama za CPD',
  'sessions.creditsHint': 'Acha wazi kama kipindi hiki hakitoi alama. Hadi desimali mbili, mf. 1.5.',
  'sessions.minShare': 'Mahudhurio yanayohitajika (%)',
  'sessions.minShareHint': 'Sehemu ya muda wa kipindi ambayo mhudhuriaji lazima awe ndani ili apate alama. Wazi: kipindi kizima.',
  'sessions.admits': 'Aina za tiketi zinazoruhusiwa',
  'sessions.admitsRoom': 'Kila aina inayoruhusu kuingia ukumbi huu',
  'sessions.save': 'Hifadhi',
  'sessions.saved': 'Imehifadhiwa.',
  'sessions.badCredits': 'Alama lazima ziwe zaidi ya 0 na zisizidi 999, hadi desimali mbili.',
  'sessions.badShare': 'Mahudhurio yanayohitajika lazima yawe namba kamili kuanzia 1 hadi 100.',
  'sessions.showAttendance': 'Onyesha mahudhurio',
  'sessions.hideAttendance': 'Ficha mahudhurio',
  'sessions.noAttendance': 'Bado hakuna aliyeskaniwa kuingia kipindi hiki.',
  'sessions.needed': 'Alama zinahitaji dakika {minutes} ndani.',
  'sessions.col.serial': 'Na.',
  'sessions.col.name': 'Jina',
  'sessions.col.type': 'Aina ya tiketi',
  'sessions.col.minutes': 'Dakika',
  'sessions.col.firstEntry': 'Kuingia kwa kwanza',
  'sessions.col.lastExit': 'Kutoka kwa mwisho',
  'sessions.col.credits': 'Alama',
  'sessions.attendees': { one: 'mhudhuriaji {count}', other: 'wahudhuriaji {count}' },
  'sessions.ticket.title': 'Vipindi na alama za CPD',
  'sessions.ticket.total': 'Alama zilizopatikana: {credits}',
  'sessions.ticket.earned': 'Imepatikana',
  'sessions.ticket.notEarned': 'Haijapatikana',
  'sessions.ticket.minutes': 'Dakika {minutes} kati ya {needed} zinazohitajika',
};

export default sessions;
