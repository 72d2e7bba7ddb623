/**
 * Moves focus to the main heading of the page just opened, so that keyboard and screen-reader users start
 * there rather than on whatever the old page left focused (or on nothing, when it went with the old page).
 * The headings carry `tabindex="-1"`: focusable from script, not a tab stop.
 */
export const focusMainHeading = (): void => {
  const heading = document.querySelector<HTMLElement>('main h1');
  if (!heading) return;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus();
};
