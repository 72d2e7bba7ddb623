/**
 * What `npm start` prints in dev mode (no CRM_API_KEYS): the generated key and a request to try it,
 * framed so it stands out between JSON log lines. Printed once; the key is gone with the process.
 */
export const devKeyBanner = (baseUrl: string, tenantId: string, key: string): string => {
  const rule = '='.repeat(100);
  return [
    '',
    rule,
    `DEV MODE: no CRM_API_KEYS configured. Tenant "${tenantId}" has this API key (all scopes), valid until exit:`,
    '',
    `    ${key}`,
    '',
    `Try:  curl -H "Authorization: Bearer ${key}" ${baseUrl}/v1/whoami`,
    `Docs: ${baseUrl}/docs`,
    'Set CRM_API_KEYS (or CRM_API_KEYS_FILE) to use your own keys; NODE_ENV=production requires them.',
    rule,
    '',
  ].join('\n');
};
