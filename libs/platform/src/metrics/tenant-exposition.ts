/**
 * The part of a Prometheus text exposition one tenant may see: the samples labelled with its own tenant id,
 * under their HELP and TYPE lines. Series without a tenant label (HTTP totals, the store head, the process)
 * describe every tenant's traffic together, and other tenants' series name them: both are the platform
 * operator's only.
 */
export const tenantExposition = (text: string, tenantId: string): string => {
  const out: string[] = [];
  let header: string[] = [];
  let headerWritten = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('# HELP ')) {
      header = [line];
      headerWritten = false;
    } else if (line.startsWith('# TYPE ')) {
      header.push(line);
    } else if (line !== '' && !line.startsWith('#') && labelsOf(line).get('tenant') === tenantId) {
      if (!headerWritten) out.push(...header);
      headerWritten = true;
      out.push(line);
    }
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
};

/**
 * The labels of a sample line `name{a="x",b="y\"z"} value`, parsed rather than searched, so a label value
 * that merely contains `tenant="…"` cannot pass for the tenant label.
 */
export const labelsOf = (line: string): Map<string, string> => {
  const labels = new Map<string, string>();
  const open = line.indexOf('{');
  const space = line.indexOf(' ');
  if (open < 0 || (space >= 0 && space < open)) return labels;
  let i = open + 1;
  while (i < line.length && line[i] !== '}') {
    const eq = line.indexOf('="', i);
    if (eq < 0) return new Map();
    const name = line.slice(i, eq);
    let value = '';
    let j = eq + 2;
    for (; j < line.length && line[j] !== '"'; j++) {
      if (line[j] === '\\' && j + 1 < line.length) {
        j += 1;
        value += line[j] === 'n' ? '\n' : line[j];
      } else value += line[j];
    }
    labels.set(name, value);
    i = line[j + 1] === ',' ? j + 2 : j + 1;
  }
  return labels;
};
