/**
 * Ids of B2B aggregates travel in stream ids (`<tenant>/account-<id>`) and URLs: letters, digits and
 * `.`, `_`, `:`, `-`, starting with a letter or digit, at most 128 characters.
 */
export const AGGREGATE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const isAggregateId = (id: string): boolean => AGGREGATE_ID_PATTERN.test(id);

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
