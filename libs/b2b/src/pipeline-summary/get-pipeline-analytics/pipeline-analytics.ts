/** Pure figures of a group of deals (an agent's, a manager's, an office's, the tenant's). */
export interface DealTotals {
  opportunities: number;
  openCount: number;
  openValue: number;
  wonCount: number;
  wonValue: number;
  lostCount: number;
  cycleDaysTotal: number;
  stalled: number;
}

export interface GroupFigures extends DealTotals {
  /** won / (won + lost); null before anything closed. */
  winRate: number | null;
  /** Mean engaged → closed days over closed deals. */
  avgCycleDays: number | null;
  avgWonValue: number | null;
  /**
   * Sales velocity, value per day: open deals × average won value × win rate ÷ average cycle days —
   * how much revenue the current pipeline is expected to bring in each day.
   */
  velocityPerDay: number | null;
}

export const groupFigures = (t: DealTotals): GroupFigures => {
  const closed = t.wonCount + t.lostCount;
  const winRate = closed > 0 ? t.wonCount / closed : null;
  const avgCycleDays = closed > 0 ? t.cycleDaysTotal / closed : null;
  const avgWonValue = t.wonCount > 0 ? t.wonValue / t.wonCount : null;
  const velocityPerDay =
    winRate !== null && avgCycleDays !== null && avgCycleDays > 0 && avgWonValue !== null
      ? (t.openCount * avgWonValue * winRate) / avgCycleDays
      : null;
  return { ...t, winRate, avgCycleDays, avgWonValue, velocityPerDay };
};
