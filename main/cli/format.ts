/** Plain-text tables and CSV for the terminal. */

export function textTable(header: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
  const shown = rows.map((row) => row.map((v) => (v === null ? 'NULL' : v.replace(/\s+/g, ' '))));
  const widths = header.map((h, i) => Math.min(40, Math.max(h.length, ...shown.map((r) => (r[i] ?? '').length))));
  const fit = (v: string, w: number) => (v.length > w ? `${v.slice(0, w - 1)}…` : v.padEnd(w));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => fit(c, widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...shown.map(line)].join('\n');
}

export function csvLine(values: readonly (string | null)[]): string {
  return values.map((v) => (v === null ? '' : /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',');
}
