// The Amharic words of the event summary PDF (keys and placeholders of summary-messages.en.ts).
import type { SummaryCatalog } from './summary-messages.types.ts';

const am: SummaryCatalog = {
  docTitle: 'የተሳትፎ ማጠቃለያ — {event}',
  title: 'የተሳትፎ ማጠቃለያ',
  titleDraft: 'የተሳትፎ ማጠቃለያ (ረቂቅ ዝግጅት)',
  titleCancelled: 'የተሳትፎ ማጠቃለያ (የተሰረዘ ዝግጅት)',
  titleArchived: 'የተሳትፎ ማጠቃለያ (በማህደር የተቀመጠ ዝግጅት)',
  venue: 'ቦታ',
  doorsOpen: 'በሮች የሚከፈቱት',
  starts: 'የሚጀምረው',
  ends: 'የሚያበቃው',
  timeZone: 'የሰዓት ክልል',
  expected: 'የሚጠበቁ',
  checkedIn: 'የገቡ',
  noShows: 'ያልመጡ',
  insideNow: 'አሁን ውስጥ ያሉ',
  ticketType: 'የትኬት ዓይነት',
  turnout: 'የመጡ በመቶ',
  noTypes: 'ይህ ዝግጅት ምንም የትኬት ዓይነት የለውም።',
  otherTypes: { one: '{count} ሌላ ዓይነት', other: '{count} ሌሎች ዓይነቶች' },
  arrivals: {
    one: 'አገባብ፦ በየደቂቃው የገቡ (ተመልሰው የገቡትን ጨምሮ)',
    other: 'አገባብ፦ በየ{count} ደቂቃው የገቡ (ተመልሰው የገቡትን ጨምሮ)',
  },
  noAdmissions: 'እስካሁን ማንም አልገባም።',
  generated: 'በKaribu የተዘጋጀ፦ {time}። ሁሉም ሰዓቶች የቦታው ሰዓት ናቸው ({zone})።',
  definitions: 'የሚጠበቁ፦ የሚሰሩ ትኬቶች። የገቡ፦ ቢያንስ አንድ ጊዜ የገቡ (የተቀለበሱ ስካኖች አይቆጠሩም)። ያልመጡ፦ የሚጠበቁ ሲቀነስ የገቡ።',
};

export default am;
