/** Display formats, fixed (not the browser's locale) so that screenshots and tests read the same everywhere. */
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export const formatCount = (n: number): string => integer.format(n);

/** Chart axis values: round ticks may be fractional (0.5). */
export const formatAxis = (n: number): string => oneDecimal.format(n);

export const formatRate = (perSecond: number): string => `${oneDecimal.format(perSecond)}/s`;

export const formatMoney = (amount: number | null, currency: string | null = null): string => {
  if (amount === null) return '–';
  const text = integer.format(amount);
  return currency ? `${text} ${currency}` : text;
};

/**
 * A sum of deal values, with the currencies of the deals in it (as the API lists them). Over several
 * currencies the sum is no amount of money, so none is shown: the deals show theirs one by one.
 */
export const formatTotal = (amount: number, currencies: readonly string[]): string => {
  if (currencies.length > 1) return `mixed currencies (${currencies.join(', ')})`;
  return formatMoney(amount, currencies[0] ?? null);
};

export const formatDays = (days: number | null): string => {
  if (days === null) return 'never';
  const whole = Math.floor(days);
  return `${whole} day${whole === 1 ? '' : 's'}`;
};

/** `2026-11-20T10:15:03.120Z` → `2026-11-20 10:15` (UTC). */
export const formatInstant = (iso: string | null): string =>
  iso === null ? '–' : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

/** `2026-11-20T10:15:03.120Z` → `10:15:03` (UTC): chart axes span minutes, not days. */
export const formatClock = (iso: string): string => `${iso.slice(11, 19)} UTC`;

export const formatDate = (iso: string | null): string => (iso === null ? '–' : iso.slice(0, 10));

export const formatPercent = (ratio: number | null): string =>
  ratio === null ? '–' : `${oneDecimal.format(ratio * 100)} %`;

export const formatEta = (seconds: number | null): string => {
  if (seconds === null) return '–';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} min`;
  return `${oneDecimal.format(seconds / 3600)} h`;
};
