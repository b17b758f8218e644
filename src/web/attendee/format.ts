// Dates and times of an event, always in the venue's time zone (a ticket says when doors open
// there, not where the phone happens to be), in the reader's regional format when the browser
// has one for the chosen language: en-NG reads "Saturday 5 December", not the US "December 5".

export function regionalLocale(language: string): string {
  return navigator.languages?.find((l) => l.split('-')[0] === language) ?? language;
}

export function formatVenueTime(language: string, iso: string, timeZone: string, withDate: boolean): string {
  const options: Intl.DateTimeFormatOptions = withDate
    ? { timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' }
    : { timeZone, hour: 'numeric', minute: '2-digit' };
  return new Intl.DateTimeFormat(regionalLocale(language), options).format(new Date(iso));
}
