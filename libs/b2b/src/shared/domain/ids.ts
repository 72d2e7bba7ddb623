/**
 * `Acme Corporation` → `acme-corporation`, `Gekko & Co` → `gekko-co`: the account id an import (or a
 * registration without an explicit id) derives from a name, so the same company gets the same id.
 */
export const kebabId = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 128)
    .replace(/-+$/, '');
