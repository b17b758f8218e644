import type { SmsTextKey } from './sms-catalog.en.ts';

/**
 * Swahili SMS and USSD replies, as spoken in Kenya and Tanzania. Swahili needs no letter outside
 * GSM-7, so these stay GSM-7 (160 characters a segment): straight apostrophes only. The keyword
 * the replies teach is INGIA (sms-parse.ts).
 */
export const sw: Record<SmsTextKey, string> = {
  admitted: 'Karibu {name}! Umeingia {event}. Elekea {gate} na uonyeshe ujumbe huu. Msimbo wa mlango: {code}',
  duplicate: '{name}, tayari umeingia {event}. Elekea {gate} na uonyeshe ujumbe huu. Msimbo wa mlango: {code}',
  alreadyInside: '{name}, tiketi hii tayari imetumika kuingia {event}. Kama si wewe, ongea na wahudumu wa {gate}.',
  notStarted: 'Milango ya {event} itafunguliwa saa {time}. Tuma PIN yako tena wakati huo, au waonyeshe wahudumu wa {gate}.',
  ended: 'Muda wa kuingia {event} umekwisha. Ukihitaji msaada, wasiliana na mwandaaji.',
  eventCancelled: 'Tukio {event} limefutwa, kwa hiyo hakuna kuingia. Tafadhali wasiliana na mwandaaji.',
  ticketInvalid: 'Tiketi hii ya {event} si halali tena. Tafadhali ongea na wahudumu wa mlangoni au wasiliana na mwandaaji.',
  usedUp: 'Tiketi hii imemaliza idadi yake ya kuingia {event}. Tafadhali ongea na wahudumu wa {gate}.',
  cooldown: 'Umeingia au kutoka muda mfupi uliopita. Subiri dakika chache kisha tuma PIN yako tena, au waonyeshe wahudumu wa {gate}.',
  notValidNow: 'Tiketi hii si halali kwa {event} wakati huu. Tafadhali ongea na wahudumu wa {gate}.',
  wrongZone: 'Tiketi hii haiingii kupitia {gate}. Tafadhali waonyeshe wahudumu wa mlangoni PIN yako; watakuelekeza.',
  refused: 'Hatukuweza kukuingiza {event} kwa SMS. Tafadhali waonyeshe wahudumu wa {gate} PIN yako.',
  notFound: 'Hatukupata tiketi yenye PIN hii kwa simu hii. Hakikisha tarakimu 6 na utume INGIA na PIN kutoka simu iliyo kwenye tiketi, au waonyeshe wahudumu wa mlangoni.',
  unreadable: 'Ili kuingia, tuma INGIA na PIN ya tarakimu 6 iliyo kwenye tiketi yako, kwa mfano: INGIA 482916',
  ambiguous: 'PIN hii ni halali kwa matukio zaidi ya moja. Tuma INGIA {pin} na msimbo wa tukio: {codes}',
  rateLimited: 'Majaribio mengi mno kutoka simu hii. Subiri dakika {minutes} kisha ujaribu tena, au waonyeshe wahudumu wa mlangoni PIN yako.',
  paused: 'Kuingia kwa SMS kumesimamishwa kwa muda. Tafadhali waonyeshe wahudumu wa mlangoni PIN yako.',
  test: 'Ujumbe wa majaribio wa Karibu: namba yako ya SMS {number} inafanya kazi.',
  pin: 'PIN yako ya kuingia {event} ni {pin}. Ukifika mlangoni, tuma INGIA {pin} kwenda {number}.',
  pinWithUssd: 'PIN yako ya kuingia {event} ni {pin}. Ukifika mlangoni, tuma INGIA {pin} kwenda {number} au piga {ussd}.',
  ussdMenu: 'Karibu: kuingia\n1 Ingia (weka PIN)\n2 Tiketi zangu (kwa SMS)\n3 Lugha',
  ussdAskPin: 'Weka PIN ya tarakimu 6 iliyo kwenye tiketi yako:',
  ussdAskEvent: 'PIN hii ni halali kwa matukio zaidi ya moja. Chagua:',
  ussdLanguage: 'Chagua lugha:',
  ussdLanguageSet: 'Umechagua Kiswahili. Piga tena ili uingie.',
  ussdTicketsSent: 'Tumetuma tiketi zako kwa SMS kwenye simu hii.',
  ussdNoTickets: 'Hatukupata tiketi ya simu hii. Muombe mwandaaji aongeze namba yako kwenye tiketi yako.',
  ussdBad: 'Samahani, hatukuelewa. Tafadhali piga tena.',
  ticketLine: '{event}: PIN {pin}, tiketi {code}',
  resend: 'Tiketi yako ya {event}: {link} Namba ya tiketi {code}, PIN {pin}.',
};
