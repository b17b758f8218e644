import type { EmailLocale } from '../notifications/ticket-messages.ts';

/**
 * The words of the CPD certificate, per language: whole phrases with named placeholders, so each
 * language orders its own words. Phrased around the holder's name ("awarded to … for attending …")
 * so no sentence needs the holder's grammatical gender (Arabic, French, Portuguese would).
 * certificate-messages.test.ts checks every language has every key with the same placeholders.
 */
const en = {
  pdfTitle: 'CPD certificate',
  title: 'Certificate of attendance',
  awardedTo: 'This certificate is awarded to',
  attended: 'for attending {event}',
  creditsEarned: 'CPD credits earned: {credits}',
  colSession: 'Session',
  colMinutes: 'Minutes',
  colCredits: 'Credits',
  issued: 'Issued by {organizer} on {date}',
  code: 'Verification code: {code}',
  verify: 'Check this certificate at {url}',
};
export type CertificateKey = keyof typeof en;
type Catalog = Record<CertificateKey, string>;

const fr: Catalog = {
  pdfTitle: 'Attestation de formation continue',
  title: 'Attestation de présence',
  awardedTo: 'Cette attestation est délivrée à',
  attended: 'pour sa participation à {event}',
  creditsEarned: 'Crédits de formation continue obtenus : {credits}',
  colSession: 'Session',
  colMinutes: 'Minutes',
  colCredits: 'Crédits',
  issued: 'Délivrée par {organizer} le {date}',
  code: 'Code de vérification : {code}',
  verify: 'Vérifiez cette attestation sur {url}',
};

const sw: Catalog = {
  pdfTitle: 'Cheti cha CPD',
  title: 'Cheti cha Mahudhurio',
  awardedTo: 'Cheti hiki kimetolewa kwa',
  attended: 'kwa kuhudhuria {event}',
  creditsEarned: 'Alama za CPD alizopata: {credits}',
  colSession: 'Kipindi',
  colMinutes: 'Dakika',
  colCredits: 'Alama',
  issued: 'Kimetolewa na {organizer} tarehe {date}',
  code: 'Nambari ya uthibitisho: {code}',
  verify: 'Thibitisha cheti hiki kwenye {url}',
};

const am: Catalog = {
  pdfTitle: 'የCPD የምስክር ወረቀት',
  title: 'የተሳትፎ የምስክር ወረቀት',
  awardedTo: 'ይህ የምስክር ወረቀት የተሰጠው ለ፦',
  attended: '{event} ላይ ስለተሳተፉ',
  creditsEarned: 'ያገኙት የCPD ነጥብ፦ {credits}',
  colSession: 'ክፍለ ጊዜ',
  colMinutes: 'ደቂቃ',
  colCredits: 'ነጥብ',
  issued: 'የተሰጠው በ፦ {organizer}፣ {date}',
  code: 'የማረጋገጫ ኮድ፦ {code}',
  verify: 'ይህን የምስክር ወረቀት እዚህ ያረጋግጡ፦ {url}',
};

const ar: Catalog = {
  pdfTitle: 'شهادة التطوير المهني المستمر',
  title: 'شهادة حضور',
  awardedTo: 'تُمنح هذه الشهادة إلى',
  attended: 'تقديرًا لحضور {event}',
  creditsEarned: 'نقاط التطوير المهني المستمر: {credits}',
  colSession: 'الجلسة',
  colMinutes: 'الدقائق',
  colCredits: 'النقاط',
  issued: 'صدرت عن {organizer} بتاريخ {date}',
  code: 'رمز التحقق: {code}',
  verify: 'تحقق من هذه الشهادة على {url}',
};

const pt: Catalog = {
  pdfTitle: 'Certificado de formação contínua',
  title: 'Certificado de presença',
  awardedTo: 'Este certificado é atribuído a',
  attended: 'pela participação em {event}',
  creditsEarned: 'Créditos de formação contínua obtidos: {credits}',
  colSession: 'Sessão',
  colMinutes: 'Minutos',
  colCredits: 'Créditos',
  issued: 'Emitido por {organizer} em {date}',
  code: 'Código de verificação: {code}',
  verify: 'Verifique este certificado em {url}',
};

export const CERTIFICATE_CATALOGS: Record<EmailLocale, Catalog> = { en, fr, sw, am, ar, pt };

export function certificateText(locale: EmailLocale): (key: CertificateKey, params?: Record<string, string>) => string {
  const catalog = CERTIFICATE_CATALOGS[locale];
  return (key, params = {}) => catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
