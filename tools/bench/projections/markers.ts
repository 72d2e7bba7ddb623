export const START_MARKER = '<!-- bench:projections:start -->';
export const END_MARKER = '<!-- bench:projections:end -->';

/**
 * Puts `section` between the projections markers of `existing` (the current docs/benchmarks.md,
 * undefined when missing), keeping everything outside them byte for byte — the store benchmark's
 * section included. The store's `replaceMarkedSection` is bound to its own markers, hence this
 * small twin. Without markers the section is appended.
 */
export const replaceSection = (existing: string | undefined, section: string): string => {
  const block = `${START_MARKER}\n${section.trim()}\n${END_MARKER}`;
  if (existing === undefined || existing.trim() === '') return `# Benchmarks\n\n${block}\n`;
  const start = existing.indexOf(START_MARKER);
  const end = existing.indexOf(END_MARKER, start + START_MARKER.length);
  if (start === -1 || end === -1) {
    if (start !== -1 || existing.includes(END_MARKER)) {
      throw new Error(`docs/benchmarks.md has only one of ${START_MARKER} / ${END_MARKER}: fix it by hand`);
    }
    return `${existing.replace(/\s*$/, '')}\n\n${block}\n`;
  }
  return `${existing.slice(0, start)}${block}${existing.slice(end + END_MARKER.length)}`;
};
