import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { money } from './customer-360.query';

/** The fixed answer of `GET /v1/b2c/stats`. */
export interface B2cStats {
  /** Persons (canonical profiles). */
  profiles: number;
  profilesWithOrders: number;
  /** Persons with a second order: the loyalty signal. */
  repeatCustomers: number;
  /** Distinct orders attributed to a person. */
  orders: number;
  /** Sum of their amounts (gross of refunds, currencies not converted). */
  revenue: number;
}

export const b2cStats = async (rm: ReadModelStore, tenantId: string): Promise<B2cStats> => {
  const [row] = await rm.query<{
    profiles: number;
    withOrders: number | null;
    repeat: number | null;
    orders: number | null;
    revenue: number | null;
  }>(
    `SELECT count(*) AS profiles, sum(CASE WHEN orders > 0 THEN 1 ELSE 0 END) AS "withOrders",
            sum(CASE WHEN orders > 1 THEN 1 ELSE 0 END) AS repeat, sum(orders) AS orders, sum(total_amount) AS revenue
       FROM b2c_profiles WHERE tenant_id = ?`,
    [tenantId],
  );
  return {
    profiles: Number(row?.profiles ?? 0),
    profilesWithOrders: Number(row?.withOrders ?? 0),
    repeatCustomers: Number(row?.repeat ?? 0),
    orders: Number(row?.orders ?? 0),
    revenue: money(row?.revenue ?? 0),
  };
};
