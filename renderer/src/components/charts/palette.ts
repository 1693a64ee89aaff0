/*
 * One colour per run across every chart of a comparison (Tableau 10: distinguishable, and
 * readable on both the light and the dark theme). More runs than colours repeat with dashes.
 */
const colours = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function seriesColour(index: number): string {
  return colours[index % colours.length]!;
}

export function seriesDash(index: number): string | undefined {
  return index < colours.length ? undefined : '6 3';
}
