import { formatCount } from '../ui/format';

/** What the console reads of a dead letter's message value (the API's `DeadLetterView`). */
export interface DeadLetterValue {
  value: string | null;
  valueEncoding: 'utf8' | 'base64';
  valueCut: boolean;
  valueBytes?: number | null;
}

/**
 * The line above a dead letter's message: how it is encoded when not text, and how much is shown when the
 * API cut it for display, so a cut value never reads as the whole message. Null when nothing needs saying. Pure.
 */
export const deadLetterValueNote = (entry: DeadLetterValue): string | null => {
  if (entry.value === null) return null;
  const notes: string[] = [];
  if (entry.valueEncoding === 'base64') notes.push('Not UTF-8 text: shown as base64');
  if (entry.valueCut) {
    const whole = entry.valueBytes ? ` of a ${formatCount(entry.valueBytes)}-byte message` : '';
    notes.push(`Cut: the first ${formatCount(entry.value.length)} characters${whole} are shown`);
  }
  return notes.length === 0 ? null : `${notes.join('. ')}.`;
};

/** The refs a replay sends: those ticked that are on screen and replayable, never a hidden one. Pure. */
export const replayableRefs = (
  chosen: ReadonlySet<string>,
  shown: readonly { ref: string; truncated: boolean }[],
): string[] => shown.filter((e) => chosen.has(e.ref) && !e.truncated).map((e) => e.ref);
