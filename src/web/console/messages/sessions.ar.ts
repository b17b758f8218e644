// الصيغ العربية لصفحة الجلسات (تُدمج في ar.ts), typed against the English keys.
import type { Message } from '../../shared/i18n.ts';
import type { SessionsMessageKey } from './sessions.en.ts';

const sessions: Record<SessionsMessageKey, Message> = {
  'sessions.nav': 'الجلسات ونقاط التطوير المهني',
  'sessions.title': 'جلسات {name}',
  'sessions.intro': 'حدّد نقاط التطوير المهني المستمر لكل جلسة، والمدة التي يجب أن يقضيها الحاضر في القاعة ليكسبها. يُحسب الحضور من عمليات المسح عند باب كل قاعة.',
  'sessions.none': 'لا توجد جلسات لهذه الفعالية بعد.',
  'sessions.csv': 'تنزيل النقاط (CSV)',
  'sessions.csvHint': 'صف لكل حاضر ولكل جلسة تمنح نقاطًا، مع الدقائق والنقاط المكتسبة. الأوقات بتوقيت المكان.',
  'sessions.when': '{start} – {end}',
  'sessions.length': {
    zero: 'لا دقائق',
    one: 'دقيقة واحدة',
    two: 'دقيقتان',
    few: '{count} دقائق',
    many: '{count} دقيقة',
    other: '{count} دقيقة',
  },
  'sessions.credits': 'نقاط التطوير المهني المستمر',
  'sessions.creditsHint': 'اتركه فارغًا إذا كانت الجلسة لا تمنح نقاطًا. حتى منزلتين عشريتين، مثل 1.5.',
  'sessions.minShare': 'الحضور المطلوب (%)',
  'sessions.minShareHint': 'نسبة مدة الجلسة التي يجب أن يقضيها الحاضر داخل القاعة ليكسب النقاط. إذا تُرك فارغًا: الجلسة كاملة.',
  'sessions.admits': 'أنواع التذاكر المقبولة',
  'sessions.admitsRoom': 'كل الأنواع التي تسمح بدخول هذه القاعة',
  'sessions.save': 'حفظ',
  'sessions.saved': 'تم الحفظ.',
  'sessions.badCredits': 'يجب أن تكون النقاط أكثر من 0 وألا تتجاوز 999، بمنزلتين عشريتين على الأكثر.',
  'sessions.badShare': 'يجب أن يكون الحضور المطلوب عددًا صحيحًا من 1 إلى 100.',
  'sessions.showAttendance': 'عرض الحضور',
  'sessions.hideAttendance': 'إخفاء الحضور',
  'sessions.noAttendance': 'لم يُمسح أحد لدخول هذه الجلسة بعد.',
  'sessions.needed': 'تتطلب النقاط {minutes} دقيقة داخل القاعة.',
  'sessions.col.serial': 'الرقم',
  'sessions.col.name': 'الاسم',
  'sessions.col.type': 'نوع التذكرة',
  'sessions.col.minutes': 'الدقائق',
  'sessions.col.firstEntry': 'أول دخول',
  'sessions.col.lastExit': 'آخر خروج',
  'sessions.col.credits': 'النقاط',
  'sessions.attendees': {
    zero: 'لا حاضرين',
    one: 'حاضر واحد',
    two: 'حاضران',
    few: '{count} حاضرين',
    many: '{count} حاضرًا',
    other: '{count} حاضر',
  },
};

export default sessions;
