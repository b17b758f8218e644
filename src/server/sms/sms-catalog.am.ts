import type { SmsTextKey } from './sms-catalog.en.ts';

/**
 * Amharic SMS and USSD replies, in Ge'ez script. Ge'ez is UCS-2: 70 characters a segment and 80 on
 * a USSD screen, so the words are short; the door code comes before the way to the gate, so a cut
 * USSD screen still shows it. Keyword: «ግባ» (sms-parse.ts, which also takes GIBA for phones
 * without Ge'ez input). Vocabulary as the ticket email (ticket-messages.am.ts): ትኬት, PIN, ዝግጅት,
 * የበር ሰራተኞች.
 */
export const am: Record<SmsTextKey, string> = {
  admitted: 'እንኳን ደህና መጡ {name}! ወደ {event} መግባትዎ ተመዝግቧል። የበር ኮድ፦ {code}። ወደ {gate} ሄደው ይህን መልዕክት ያሳዩ።',
  duplicate: '{name}፣ ወደ {event} መግባትዎ ቀድሞ ተመዝግቧል። የበር ኮድ፦ {code}። ወደ {gate} ሄደው ይህን መልዕክት ያሳዩ።',
  alreadyInside: '{name}፣ ይህ ትኬት ቀድሞ ወደ {event} ገብቷል። እርስዎ ካልሆኑ {gate} ላይ ያሉ ሰራተኞችን ያነጋግሩ።',
  notStarted: 'የ{event} በሮች {time} ላይ ይከፈታሉ። ያኔ PINዎን እንደገና ይላኩ፣ ወይም {gate} ላይ ላሉ ሰራተኞች ያሳዩ።',
  ended: 'የ{event} መግቢያ ተዘግቷል። እርዳታ ከፈለጉ አዘጋጁን ያነጋግሩ።',
  eventCancelled: '{event} ተሰርዟል፤ መግባት አይቻልም። እባክዎ አዘጋጁን ያነጋግሩ።',
  ticketInvalid: 'ይህ የ{event} ትኬት ከአሁን በኋላ አያገለግልም። በመግቢያው ያሉ ሰራተኞችን ወይም አዘጋጁን ያነጋግሩ።',
  usedUp: 'ይህ ትኬት ለ{event} የተፈቀደለትን መግቢያ ጨርሷል። {gate} ላይ ያሉ ሰራተኞችን ያነጋግሩ።',
  cooldown: 'ከጥቂት ጊዜ በፊት ገብተዋል ወይም ወጥተዋል። ጥቂት ደቂቃዎች ቆይተው PINዎን እንደገና ይላኩ፣ ወይም {gate} ላይ ላሉ ሰራተኞች ያሳዩ።',
  notValidNow: 'ይህ ትኬት ለ{event} በዚህ ሰዓት አያገለግልም። {gate} ላይ ያሉ ሰራተኞችን ያነጋግሩ።',
  wrongZone: 'ይህ ትኬት በ{gate} በኩል አያስገባም። PINዎን ለበር ሰራተኞች ያሳዩ፤ መንገዱን ያሳዩዎታል።',
  refused: 'ወደ {event} በኤስኤምኤስ ልናስገባዎ አልቻልንም። PINዎን {gate} ላይ ላሉ ሰራተኞች ያሳዩ።',
  notFound: 'በዚህ PIN ለዚህ ስልክ ትኬት አላገኘንም። 6ቱን አሃዞች አረጋግጠው ከትኬቱ ስልክ «ግባ» እና PINዎን ይላኩ፣ ወይም PINዎን ለበር ሰራተኞች ያሳዩ።',
  unreadable: 'ለመግባት «ግባ» እና በትኬትዎ ላይ ያለውን ባለ 6 አሃዝ PIN ይላኩ፤ ለምሳሌ፦ ግባ 482916',
  ambiguous: 'ይህ PIN ከአንድ በላይ ለሆኑ ዝግጅቶች ያገለግላል። «ግባ {pin}» እና የዝግጅቱን ኮድ ይላኩ፦ {codes}',
  rateLimited: 'ከዚህ ስልክ ብዙ ሙከራ ተደርጓል። {minutes} ደቂቃ ቆይተው እንደገና ይሞክሩ፣ ወይም PINዎን ለበር ሰራተኞች ያሳዩ።',
  paused: 'በኤስኤምኤስ መግባት ለጊዜው ቆሟል። እባክዎ PINዎን በመግቢያው ላሉ ሰራተኞች ያሳዩ።',
  test: 'የKaribu ሙከራ መልዕክት፦ የኤስኤምኤስ ቁጥርዎ {number} ይሰራል።',
  pin: 'የ{event} መግቢያ PINዎ {pin} ነው። በሩ ላይ «ግባ {pin}» ወደ {number} ይላኩ።',
  pinWithUssd: 'የ{event} መግቢያ PINዎ {pin} ነው። በሩ ላይ «ግባ {pin}» ወደ {number} ይላኩ ወይም {ussd} ይደውሉ።',
  ussdMenu: 'Karibu መግቢያ\n1 ግባ (PIN)\n2 ትኬቶቼ (በኤስኤምኤስ)\n3 ቋንቋ',
  ussdAskPin: 'በትኬትዎ ላይ ያለውን ባለ 6 አሃዝ PIN ያስገቡ፦',
  ussdAskEvent: 'ይህ PIN ለብዙ ዝግጅቶች ያገለግላል። ይምረጡ፦',
  ussdLanguage: 'ቋንቋ ይምረጡ፦',
  ussdLanguageSet: 'አማርኛ ተመርጧል። ለመግባት እንደገና ይደውሉ።',
  ussdTicketsSent: 'ትኬቶችዎን በኤስኤምኤስ ወደዚህ ስልክ ልከናል።',
  ussdNoTickets: 'ለዚህ ስልክ ትኬት አላገኘንም። አዘጋጁ ቁጥርዎን በትኬትዎ ላይ እንዲጨምር ይጠይቁ።',
  ussdBad: 'ይቅርታ፣ አልገባንም። እባክዎ እንደገና ይደውሉ።',
  ticketLine: '{event}፦ PIN {pin}፣ ትኬት {code}',
  resend: 'የ{event} ትኬትዎ፦ {link} የትኬት ኮድ {code}፣ PIN {pin}።',
};
