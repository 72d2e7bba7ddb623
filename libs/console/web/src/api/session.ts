/**
 * The API key is typed once and kept in sessionStorage: it lives as long as the tab, is never written to
 * disk by us, and is sent as a header on each request (no cookie, so no CSRF). Closing the tab signs out.
 */
const KEY = 'crm-console.api-key';

export const storedApiKey = (): string | null => sessionStorage.getItem(KEY);

export const storeApiKey = (key: string): void => sessionStorage.setItem(KEY, key);

export const forgetApiKey = (): void => sessionStorage.removeItem(KEY);
