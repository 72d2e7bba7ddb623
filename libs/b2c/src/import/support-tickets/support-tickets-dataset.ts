import { parseCsv } from '@crm/platform/csv/csv';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * The public "Customer Support Ticket Dataset" sample (../shared/data/support-tickets, 2,769 closed
 * tickets over email, phone, chat and social media). Attribution and the mapping: ADR 0007.
 */
export const SUPPORT_TICKETS_FILE = 'customer_support_tickets.csv';

export const REQUIRED_COLUMNS = [
  'Ticket_ID',
  'Customer_Email',
  'Ticket_Priority',
  'Ticket_Channel',
  'First_Response_Time',
  'Time_to_Resolution',
  'Customer_Satisfaction_Rating',
] as const;

/** Read when present; the other columns (name, age, gender, product, purchase date) are not imported. */
export const OPTIONAL_COLUMNS = ['Ticket_Type', 'Ticket_Subject'] as const;

export type SupportTicketRow = Record<(typeof REQUIRED_COLUMNS)[number], string> &
  Partial<Record<(typeof OPTIONAL_COLUMNS)[number], string>>;

/** The CSV file itself, or the folder holding `customer_support_tickets.csv`. */
export const resolveSupportTicketsFile = async (path: string): Promise<string> =>
  (await stat(path)).isDirectory() ? join(path, SUPPORT_TICKETS_FILE) : path;

export const readSupportTickets = async (file: string): Promise<SupportTicketRow[]> =>
  parseCsv(await readFile(file, 'utf8'), basename(file), REQUIRED_COLUMNS);
