import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from '@crm/platform/csv/csv';

/**
 * The Maven Analytics "CRM Sales Opportunities" sample (../shared/data/b2b-sales-pipeline): four CSV
 * files, read as they are. Attribution and the import's mapping are in docs/b2b-import.md.
 */
export const ACCOUNT_COLUMNS = [
  'account',
  'sector',
  'year_established',
  'revenue',
  'employees',
  'office_location',
  'subsidiary_of',
] as const;
export const DEAL_COLUMNS = [
  'opportunity_id',
  'sales_agent',
  'product',
  'account',
  'deal_stage',
  'engage_date',
  'close_date',
  'close_value',
] as const;
export const TEAM_COLUMNS = ['sales_agent', 'manager', 'regional_office'] as const;
export const PRODUCT_COLUMNS = ['product', 'series', 'sales_price'] as const;

export type AccountCsvRow = Record<(typeof ACCOUNT_COLUMNS)[number], string>;
export type DealCsvRow = Record<(typeof DEAL_COLUMNS)[number], string>;
export type TeamCsvRow = Record<(typeof TEAM_COLUMNS)[number], string>;
export type ProductCsvRow = Record<(typeof PRODUCT_COLUMNS)[number], string>;

export interface B2bPipelineDataset {
  accounts: AccountCsvRow[];
  deals: DealCsvRow[];
  teams: TeamCsvRow[];
  products: ProductCsvRow[];
}

export const B2B_PIPELINE_FILES = {
  accounts: 'accounts.csv',
  deals: 'sales_pipeline.csv',
  teams: 'sales_teams.csv',
  products: 'products.csv',
} as const;

export const readB2bPipelineDataset = async (dir: string): Promise<B2bPipelineDataset> => {
  const read = async <C extends string>(file: string, columns: readonly C[]) =>
    parseCsv(await readFile(join(dir, file), 'utf8'), file, columns);
  const [accounts, deals, teams, products] = await Promise.all([
    read(B2B_PIPELINE_FILES.accounts, ACCOUNT_COLUMNS),
    read(B2B_PIPELINE_FILES.deals, DEAL_COLUMNS),
    read(B2B_PIPELINE_FILES.teams, TEAM_COLUMNS),
    read(B2B_PIPELINE_FILES.products, PRODUCT_COLUMNS),
  ]);
  return { accounts, deals, teams, products };
};
