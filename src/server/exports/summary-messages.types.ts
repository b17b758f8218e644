// The shape every summary catalog has: English's keys, a string where English has one and plural
// forms where English counts. Apart from summary-messages.ts so the catalogs can import it
// without an import cycle.
import type en from './summary-messages.en.ts';

export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
type English = typeof en;
export type SummaryKey = keyof English;
export type SummaryCatalog = { [K in SummaryKey]: English[K] extends string ? string : PluralMessage };
