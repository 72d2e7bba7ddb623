/**
 * A small, made-up B2B book of business for the `demo` tenant: two groups of companies with
 * subsidiaries, people with an org chart, deals in every state (one mid-approval, one won with an
 * overdue instalment, one with committee gaps). Dates are relative to `now` so the demo looks current.
 */
import type { AccountProfile } from '../accounts/account.events';
import type { BuyingRole, Stance } from '../opportunities/opportunity.events';
import type { InteractionKind } from '../interactions/interaction.events';

const profile = (name: string, sector: string, employees: number, officeLocation: string): AccountProfile => ({
  name,
  sector,
  yearEstablished: null,
  revenueMillions: null,
  employees,
  officeLocation,
});

export const DEMO_ACCOUNTS: { accountId: string; profile: AccountProfile; parentId: string | null }[] = [
  {
    accountId: 'northwind-holdings',
    profile: profile('Northwind Holdings', 'logistics', 5200, 'Norway'),
    parentId: null,
  },
  {
    accountId: 'northwind-logistics',
    profile: profile('Northwind Logistics', 'logistics', 3100, 'Norway'),
    parentId: 'northwind-holdings',
  },
  {
    accountId: 'northwind-retail',
    profile: profile('Northwind Retail', 'retail', 1400, 'Sweden'),
    parentId: 'northwind-holdings',
  },
  {
    accountId: 'contoso-manufacturing',
    profile: profile('Contoso Manufacturing', 'manufacturing', 2600, 'Germany'),
    parentId: null,
  },
  { accountId: 'fabrikam-health', profile: profile('Fabrikam Health', 'medical', 1800, 'France'), parentId: null },
  {
    accountId: 'fabrikam-labs',
    profile: profile('Fabrikam Labs', 'medical', 240, 'France'),
    parentId: 'fabrikam-health',
  },
];

export interface DemoContact {
  contactId: string;
  name: string;
  title: string;
  department: string;
  accountIds: string[];
  reportsToId: string | null;
}

const person = (
  contactId: string,
  name: string,
  title: string,
  department: string,
  accountIds: string[],
  reportsToId: string | null = null,
): DemoContact => ({
  contactId,
  name,
  title,
  department,
  accountIds,
  reportsToId,
});

/** Managers come before their reports, so every reports-to exists when the report is added. */
export const DEMO_CONTACTS: DemoContact[] = [
  person('olivia-hart', 'Olivia Hart', 'Chief Executive Officer', 'Executive', ['northwind-holdings']),
  person('raj-patel', 'Raj Patel', 'Chief Financial Officer', 'Finance', ['northwind-holdings'], 'olivia-hart'),
  person(
    'mei-lin',
    'Mei Lin',
    'Chief Technology Officer',
    'Technology',
    ['northwind-holdings', 'northwind-logistics'],
    'olivia-hart',
  ),
  person('tom-berg', 'Tom Berg', 'Head of Fleet Systems', 'Operations', ['northwind-logistics'], 'mei-lin'),
  person(
    'ana-souza',
    'Ana Souza',
    'Procurement Lead',
    'Finance',
    ['northwind-logistics', 'northwind-retail'],
    'raj-patel',
  ),
  person('lars-nilsen', 'Lars Nilsen', 'Chief Operating Officer', 'Operations', ['contoso-manufacturing']),
  person('eva-kowalski', 'Eva Kowalski', 'Plant Manager', 'Production', ['contoso-manufacturing'], 'lars-nilsen'),
  person('sam-obi', 'Sam Obi', 'Automation Engineer', 'Production', ['contoso-manufacturing'], 'eva-kowalski'),
  person('claire-dubois', 'Claire Dubois', 'Head of Research IT', 'Research', ['fabrikam-health', 'fabrikam-labs']),
  person('hugo-martin', 'Hugo Martin', 'Lab Manager', 'Research', ['fabrikam-labs'], 'claire-dubois'),
];

export interface DemoDeal {
  opportunityId: string;
  accountId: string;
  name: string;
  amount: number;
  product: string;
  owner: { salesAgent: string; manager: string; regionalOffice: string };
  openedDaysAgo: number;
  /** Stage moves after opening: [stage, days ago]. */
  moves: [string, number][];
  close?: { outcome: 'won' | 'lost'; daysAgo: number; reason: string };
  committee: [string, BuyingRole, Stance][];
  interactions: { kind: InteractionKind; contactId: string; daysAgo: number; subject: string; minutes?: number }[];
  approval?: {
    approvalId: string;
    kind: 'discount' | 'contract';
    discountPercent: number | null;
    requestedDaysAgo: number;
    chain: [string, string][];
    /** Steps already approved: [approver, days ago, comment]. */
    approved: [string, number, string][];
  };
  /** Instalments as [due in days (negative: past), amount, paid]. */
  payments?: [number, number, number][];
}

const north = { salesAgent: 'Ingrid Dahl', manager: 'Erik Sol', regionalOffice: 'Nordics' };
const central = { salesAgent: 'Jonas Weber', manager: 'Petra Lang', regionalOffice: 'Central' };
const west = { salesAgent: 'Lea Moreau', manager: 'Petra Lang', regionalOffice: 'West' };

export const DEMO_DEALS: DemoDeal[] = [
  {
    opportunityId: 'nw-fleet-analytics',
    accountId: 'northwind-logistics',
    name: 'Fleet analytics platform',
    amount: 180_000,
    product: 'Analytics Enterprise',
    owner: north,
    openedDaysAgo: 120,
    moves: [
      ['Engaging', 100],
      ['Proposal', 45],
      ['Negotiation', 12],
    ],
    committee: [
      ['olivia-hart', 'decision-maker', 'supportive'],
      ['raj-patel', 'economic-buyer', 'skeptical'],
      ['mei-lin', 'technical-evaluator', 'supportive'],
      ['tom-berg', 'champion', 'supportive'],
      ['ana-souza', 'influencer', 'neutral'],
    ],
    interactions: [
      { kind: 'demo', contactId: 'tom-berg', daysAgo: 60, subject: 'Live fleet dashboard', minutes: 90 },
      { kind: 'proposal-sent', contactId: 'raj-patel', daysAgo: 45, subject: 'Proposal v2, 3-year term' },
      { kind: 'meeting', contactId: 'mei-lin', daysAgo: 9, subject: 'Security review', minutes: 60 },
      { kind: 'call', contactId: 'tom-berg', daysAgo: 2, subject: 'Roll-out plan', minutes: 25 },
    ],
    approval: {
      approvalId: 'nw-fleet-discount',
      kind: 'discount',
      discountPercent: 12,
      requestedDaysAgo: 6,
      chain: [
        ['erik.sol', 'manager'],
        ['finance.desk', 'finance'],
        ['ceo.office', 'ceo'],
      ],
      approved: [['erik.sol', 4, 'Strategic logo, OK at 12 %']],
    },
  },
  {
    opportunityId: 'nw-retail-pos',
    accountId: 'northwind-retail',
    name: 'Store POS integration',
    amount: 64_000,
    product: 'Connect Retail',
    owner: north,
    openedDaysAgo: 50,
    moves: [
      ['Engaging', 40],
      ['Proposal', 8],
    ],
    committee: [['ana-souza', 'economic-buyer', 'neutral']],
    interactions: [{ kind: 'email-sent', contactId: 'ana-souza', daysAgo: 8, subject: 'Contract draft' }],
    approval: {
      approvalId: 'nw-retail-contract',
      kind: 'contract',
      discountPercent: null,
      requestedDaysAgo: 3,
      chain: [
        ['erik.sol', 'manager'],
        ['legal.team', 'legal'],
      ],
      approved: [],
    },
  },
  {
    opportunityId: 'contoso-mes',
    accountId: 'contoso-manufacturing',
    name: 'MES roll-out, two plants',
    amount: 240_000,
    product: 'Factory Suite',
    owner: central,
    openedDaysAgo: 210,
    moves: [
      ['Engaging', 190],
      ['Proposal', 120],
      ['Negotiation', 80],
    ],
    close: { outcome: 'won', daysAgo: 70, reason: 'Best fit for the plant floor' },
    committee: [
      ['lars-nilsen', 'decision-maker', 'supportive'],
      ['eva-kowalski', 'champion', 'supportive'],
      ['sam-obi', 'technical-evaluator', 'neutral'],
    ],
    interactions: [
      { kind: 'demo', contactId: 'sam-obi', daysAgo: 150, subject: 'Line integration demo', minutes: 120 },
      { kind: 'meeting', contactId: 'lars-nilsen', daysAgo: 75, subject: 'Final terms', minutes: 45 },
    ],
    payments: [
      [-60, 80_000, 80_000],
      [-10, 80_000, 30_000],
      [20, 80_000, 0],
    ],
  },
  {
    opportunityId: 'contoso-spares',
    accountId: 'contoso-manufacturing',
    name: 'Spare parts portal',
    amount: 35_000,
    product: 'Connect Commerce',
    owner: central,
    openedDaysAgo: 150,
    moves: [['Engaging', 140]],
    close: { outcome: 'lost', daysAgo: 90, reason: 'Built in-house' },
    committee: [['eva-kowalski', 'economic-buyer', 'opposed']],
    interactions: [],
  },
  {
    opportunityId: 'fabrikam-lab-data',
    accountId: 'fabrikam-health',
    name: 'Lab data platform',
    amount: 95_000,
    product: 'Analytics Enterprise',
    owner: west,
    openedDaysAgo: 75,
    moves: [['Engaging', 70]],
    // No decision maker or economic buyer yet, and the lab manager went quiet: coverage gaps.
    committee: [
      ['claire-dubois', 'champion', 'supportive'],
      ['hugo-martin', 'technical-evaluator', 'unknown'],
    ],
    interactions: [
      { kind: 'meeting', contactId: 'hugo-martin', daysAgo: 48, subject: 'Requirements workshop', minutes: 120 },
      { kind: 'email-received', contactId: 'claire-dubois', daysAgo: 5, subject: 'Budget timing' },
    ],
  },
  {
    opportunityId: 'fabrikam-labs-pilot',
    accountId: 'fabrikam-labs',
    name: 'Sequencing pipeline pilot',
    amount: 18_000,
    product: 'Analytics Starter',
    owner: west,
    openedDaysAgo: 20,
    moves: [],
    committee: [],
    interactions: [],
  },
];
