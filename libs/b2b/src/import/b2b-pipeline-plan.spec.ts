import type { B2bPipelineDataset } from './b2b-pipeline-dataset';
import { ImportPlanError, planB2bPipelineImport } from './b2b-pipeline-plan';

const account = (name: string, parent = '') => ({
  account: name,
  sector: 'technolgy',
  year_established: '1996',
  revenue: '1100.04',
  employees: '2822',
  office_location: 'United States',
  subsidiary_of: parent,
});

const deal = (id: string, stage: string, accountName: string, engage = '', close = '', value = '') => ({
  opportunity_id: id,
  sales_agent: 'Moses Frase',
  product: 'GTXPro',
  account: accountName,
  deal_stage: stage,
  engage_date: engage,
  close_date: close,
  close_value: value,
});

const dataset = (overrides: Partial<B2bPipelineDataset> = {}): B2bPipelineDataset => ({
  // A subsidiary listed before its parent: the plan must still register the parent first.
  accounts: [account('Codehow', 'Acme Corporation'), account('Acme Corporation'), account('Gekko & Co', 'Codehow')],
  deals: [
    deal('W1', 'Won', 'Codehow', '2016-10-20', '2017-03-01', '1054'),
    deal('L1', 'Lost', 'Acme Corporation', '2016-11-01', '2017-01-01', '0'),
    deal('E1', 'Engaging', '', '2017-12-20'),
    deal('P1', 'Prospecting', ''),
  ],
  teams: [{ sales_agent: 'Moses Frase', manager: 'Dustin Brinkmann', regional_office: 'Central' }],
  products: [{ product: 'GTX Pro', series: 'GTX', sales_price: '4821' }],
  ...overrides,
});

describe('planB2bPipelineImport', () => {
  it('orders accounts parents first, with kebab ids and the source’s sector spelling', () => {
    const plan = planB2bPipelineImport(dataset());
    expect(plan.accounts.map((a) => [a.accountId, a.parentId])).toEqual([
      ['acme-corporation', null],
      ['codehow', 'acme-corporation'],
      ['gekko-co', 'codehow'],
    ]);
    expect(plan.accounts[0]!.profile).toEqual({
      name: 'Acme Corporation',
      sector: 'technolgy',
      yearEstablished: 1996,
      revenueMillions: 1100.04,
      employees: 2822,
      officeLocation: 'United States',
    });
  });

  it('opens engaged deals in Engaging at the engage date and closes won and lost ones at the close date', () => {
    const [won, lost] = planB2bPipelineImport(dataset()).deals;
    expect(won).toEqual({
      details: {
        opportunityId: 'W1',
        accountId: 'codehow',
        name: 'GTXPro for Codehow',
        amount: 4821,
        currency: 'USD',
        pipelineId: 'default',
        stage: 'Engaging',
        expectedCloseDate: null,
        product: 'GTXPro',
        owner: { salesAgent: 'Moses Frase', manager: 'Dustin Brinkmann', regionalOffice: 'Central' },
      },
      openedAt: '2016-10-20T00:00:00.000Z',
      close: { outcome: 'won', amount: 1054, at: '2017-03-01T00:00:00.000Z' },
    });
    expect(lost!.close).toEqual({ outcome: 'lost', at: '2017-01-01T00:00:00.000Z' });
  });

  it('keeps account-less deals, and dates undated Prospecting deals at the latest date of the file', () => {
    const plan = planB2bPipelineImport(dataset());
    const [, , engaging, prospecting] = plan.deals;
    expect(engaging).toMatchObject({ details: { accountId: null, stage: 'Engaging' }, close: null });
    expect(prospecting).toMatchObject({
      details: { accountId: null, stage: 'Prospecting' },
      openedAt: '2017-12-20T00:00:00.000Z',
    });
    expect(plan.snapshotDate).toBe('2017-12-20T00:00:00.000Z');
    expect(plan.registeredAt).toBe('2016-10-20T00:00:00.000Z');
  });

  it('warns about an unknown product and an agent in no team, and goes on', () => {
    const plan = planB2bPipelineImport(
      dataset({ deals: [{ ...deal('X', 'Prospecting', ''), product: 'Mystery', sales_agent: 'Nobody' }] }),
    );
    expect(plan.deals[0]!.details).toMatchObject({ amount: 0, owner: { manager: null, regionalOffice: null } });
    expect(plan.warnings).toHaveLength(2);
  });

  it('collects every problem before anything is written', () => {
    let error: unknown;
    try {
      planB2bPipelineImport(
        dataset({
          accounts: [account('A', 'B'), account('B', 'A')],
          deals: [
            deal('W1', 'Won', 'A', '2016-10-20', '', '5'),
            deal('W1', 'Won', 'A', '2016-10-20', '2017-01-01', '5'),
            deal('S1', 'Closed', 'A'),
            deal('E1', 'Engaging', 'Nowhere', '2016-10-20'),
          ],
        }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportPlanError);
    expect((error as ImportPlanError).problems).toEqual([
      'accounts.csv: subsidiary_of forms a cycle among a, b',
      'sales_pipeline.csv row 2: a Won deal needs close_date YYYY-MM-DD',
      'sales_pipeline.csv row 3: opportunity_id W1 twice',
      'sales_pipeline.csv row 4: unknown deal_stage "Closed"',
      'sales_pipeline.csv row 5: account "Nowhere" is not in accounts.csv',
    ]);
  });
});
