// የትኬት ኢሜይል እና PDF ቃላት በአማርኛ (Amharic words of the ticket email and PDF). Same keys and
// placeholders as the English catalog in ticket-messages.ts; the lead wires it in.
const am = {
  subject: 'ትኬትዎ: {event}',
  greeting: 'ሰላም {name}፣',
  intro: 'የ{event} ትኬትዎ ይኸውና።',
  openTicket: 'ትኬቴን ክፈት',
  staticNote: 'ይህን QR ኮድ በሩ ላይ በስልክዎ ወይም ታትሞ ያሳዩ። የሚታተመው ትኬትዎ በPDF ተያይዟል።',
  rotatingNote: 'በሩ ላይ ትኬትዎን በስልክዎ ይክፈቱ: QR ኮዱ በየ30 ሰከንዱ ስለሚቀየር ስክሪንሾት ወይም የታተመ ወረቀት አይሰራም። አንዴ ከተከፈተ ያለ ኢንተርኔትም ይሰራል።',
  fallbackNote: 'ስማርት ስልክ የለዎትም? የበር ሰራተኞች በትኬት ኮድዎ ወይም በPINዎ ሊያስገቡዎት ይችላሉ።',
  privateNote: 'ይህን ትኬት ለማንም አያጋሩ: መጀመሪያ ያሳየው ሰው ነው የሚገባው።',
  linkNote: 'ትኬትዎ ኦንላይን: {link}',
  event: 'ዝግጅት',
  when: 'መቼ',
  doors: 'በሮች የሚከፈቱት',
  venue: 'ቦታ',
  holder: 'ስም',
  type: 'ትኬት',
  code: 'የትኬት ኮድ',
  pin: 'PIN',
  footer: 'ይህን ኢሜይል Karibu በ{organizer} ስም ልኮታል።',
  pdfTitle: 'ትኬት',
  pdfRotating: 'የዚህ ትኬት QR ኮድ በየ30 ሰከንዱ ይቀየራል። በሩ ላይ ትኬትዎን በስልክዎ ይክፈቱ:',
  pdfScan: 'ይህን ኮድ በሩ ላይ ያሳዩ',
  timeInZone: '{time} (የ{zone} ሰዓት)',
  transferSubject: 'የ{event} ትኬትዎ ለሌላ ሰው ተላልፏል',
  transferBody: 'የ{event} ትኬትዎ አሁን የ{name} ነው። የድሮው ሊንክዎ፣ QR ኮድዎ፣ የትኬት ኮድዎ እና PINዎ ከአሁን በኋላ አይሰሩም።',
  transferNotYou: 'ይህን ያደረጉት እርስዎ ካልሆኑ ወዲያውኑ {organizer}ን ያነጋግሩ።',
};

export default am;
