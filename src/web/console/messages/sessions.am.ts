// የክፍለ ጊዜዎች ገጽ የአማርኛ ቃላት (በam.ts ውስጥ ይዘረጋሉ), typed against the English keys.
import type { Message } from '../../shared/i18n.ts';
import type { SessionsMessageKey } from './sessions.en.ts';

const sessions: Record<SessionsMessageKey, Message> = {
  'sessions.nav': 'ክፍለ ጊዜዎችና CPD',
  'sessions.title': 'የ{name} ክፍለ ጊዜዎች',
  'sessions.intro': 'እያንዳንዱ ክፍለ ጊዜ የሚሰጠውን የCPD ነጥብና ተሳታፊው ነጥቡን ለማግኘት በአዳራሹ ውስጥ መቆየት ያለበትን ጊዜ ያስገቡ። ተሳትፎ የሚቆጠረው በእያንዳንዱ አዳራሽ በር ላይ ከሚደረገው ቅኝት ነው።',
  'sessions.none': 'ይህ ዝግጅት እስካሁን ክፍለ ጊዜ የለውም።',
  'sessions.csv': 'ነጥቦቹን ያውርዱ (CSV)',
  'sessions.csvHint': 'ነጥብ ለሚሰጥ ለእያንዳንዱ ተሳታፊና ክፍለ ጊዜ አንድ ረድፍ፣ ከደቂቃዎቹና ከተገኘው ነጥብ ጋር። ሰዓቱ የቦታው ሰዓት ነው።',
  'sessions.when': '{start} – {end}',
  'sessions.length': { one: '{count} ደቂቃ', other: '{count} ደቂቃ' },
  'sessions.credits': 'የCPD ነጥብ',
  'sessions.creditsHint': 'ይህ ክፍለ ጊዜ ነጥብ ካልሰጠ ባዶ ይተዉት። እስከ ሁለት አስርዮሽ፣ ለምሳሌ 1.5።',
  'sessions.minShare': 'የሚያስፈልገው ተሳትፎ (%)',
  'sessions.minShareHint': 'ተሳታፊው ነጥቡን ለማግኘት በውስጥ መቆየት ያለበት የክፍለ ጊዜው ድርሻ። ባዶ ከሆነ ሙሉ ክፍለ ጊዜው።',
  'sessions.admits': 'የሚገቡ የትኬት ዓይነቶች',
  'sessions.admitsRoom': 'ይህን አዳራሽ የሚፈቅዱ ሁሉም ዓይነቶች',
  'sessions.save': 'አስቀምጥ',
  'sessions.saved': 'ተቀምጧል።',
  'sessions.badCredits': 'ነጥቡ ከ0 በላይና ከ999 ያልበለጠ፣ እስከ ሁለት አስርዮሽ መሆን አለበት።',
  'sessions.badShare': 'የሚያስፈልገው ተሳትፎ ከ1 እስከ 100 ሙሉ ቁጥር መሆን አለበት።',
  'sessions.showAttendance': 'ተሳትፎውን አሳይ',
  'sessions.hideAttendance': 'ተሳትፎውን ደብቅ',
  'sessions.noAttendance': 'እስካሁን ወደዚህ ክፍለ ጊዜ የተቃኘ ሰው የለም።',
  'sessions.needed': 'ነጥቡ በውስጥ {minutes} ደቂቃ ይጠይቃል።',
  'sessions.col.serial': 'ቁ.',
  'sessions.col.name': 'ስም',
  'sessions.col.type': 'የትኬት ዓይነት',
  'sessions.col.minutes': 'ደቂቃ',
  'sessions.col.firstEntry': 'የመጀመሪያ መግቢያ',
  'sessions.col.lastExit': 'የመጨረሻ መውጫ',
  'sessions.col.credits': 'ነጥብ',
  'sessions.attendees': { one: '{count} ተሳታፊ', other: '{count} ተሳታፊዎች' },
  'sessions.ticket.title': 'ክፍለ ጊዜዎች እና የCPD ክሬዲቶች',
  'sessions.ticket.total': 'የተገኙ ክሬዲቶች፦ {credits}',
  'sessions.ticket.earned': 'ተገኝቷል',
  'sessions.ticket.notEarned': 'አልተገኘም',
  'sessions.ticket.minutes': 'ከሚያስፈልጉት {needed} ደቂቃ {minutes} ደቂቃ',
};

export default sessions;
