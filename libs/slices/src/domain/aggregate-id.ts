/**
 * Ids of aggregates travel in stream ids (`<tenant>/account-<id>`) and URLs: letters, digits and
 * `.`, `_`, `:`, `-`, starting with a letter or digit, at most 128 characters.
 */
export const AGGREGATE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const isAggregateId = (id: string): boolean => AGGREGATE_ID_PATTERN.test(id);
