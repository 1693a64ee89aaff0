#!/usr/bin/env node
// Writes the demo sample that `lode demo` ships with (resources/demo/): a small online shop's
// customers and their behaviour log, generated from a fixed seed so the files are reproducible.
//
//   node scripts/make-demo-sample.mjs
//
// Customers have a hidden engagement level that drifts month by month; it drives how often they
// log in, browse, add to cart and buy, so recent activity predicts the next month's purchases
// about as well as it does in real shops (AUC around 0.8), and never perfectly.
import { writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'demo');
const CUSTOMERS = 2000;
const START = Date.UTC(2025, 10, 1); // 2025-11-01
const END = Date.UTC(2026, 6, 1); // 2026-07-01, exclusive
const DAY = 86_400_000;

// mulberry32: small, fast, and the same everywhere.
let state = 20261122;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items, weights) => {
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) if ((r -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
};
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const poisson = (mean) => {
  let k = 0;
  for (let p = Math.exp(-mean), s = random(); s > p; s *= random()) k++;
  return k;
};
const iso = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

const customers = ['customer_id,signup_date,plan,country,age,channel'];
const events = ['customer_id,ts,event,amount'];
const plans = ['free', 'basic', 'plus'];
const countries = ['DE', 'FR', 'ES', 'IT', 'NL', 'PL'];
const channels = ['search', 'social', 'referral', 'email'];

for (let id = 1; id <= CUSTOMERS; id++) {
  const signup = Date.UTC(2024, 0, 1) + Math.floor(random() * ((END - 60 * DAY - Date.UTC(2024, 0, 1)) / DAY)) * DAY;
  const plan = pick(plans, [5, 3, 2]);
  const channel = pick(channels, [4, 3, 2, 1]);
  const age = Math.max(18, Math.min(80, Math.round(38 + 12 * normal())));
  customers.push(`${id},${iso(signup).slice(0, 10)},${plan},${pick(countries, [5, 4, 3, 3, 2, 2])},${age},${channel}`);

  // A lasting level (plan, channel, taste) plus a monthly swing that persists for a while.
  const base = normal() * 0.7 + (plan === 'plus' ? 0.5 : plan === 'basic' ? 0.2 : -0.3) + (channel === 'referral' ? 0.3 : 0) - 0.2;
  let swing = 0;
  for (let month = START; month < END; month += 30 * DAY) {
    swing = 0.6 * swing + 0.5 * normal();
    const engagement = base + swing;
    if (month + 30 * DAY <= signup) continue;
    const activity = Math.exp(engagement);
    const from = Math.max(month, signup);
    const days = (Math.min(month + 30 * DAY, END) - from) / DAY;
    const sessions = poisson(activity * 2 * (days / 30));
    for (let s = 0; s < sessions; s++) {
      const at = from + Math.floor(random() * days * DAY);
      events.push(`${id},${iso(at)},login,`);
      const views = 1 + poisson(1.2 * activity);
      for (let v = 0; v < views; v++) events.push(`${id},${iso(at + (v + 1) * 40_000)},view,`);
      if (random() < 0.25 * Math.min(activity, 2)) {
        events.push(`${id},${iso(at + (views + 1) * 40_000)},cart,`);
        if (random() < 0.45) {
          const amount = Math.round((15 + 60 * random() * (plan === 'plus' ? 1.6 : 1)) * 100) / 100;
          events.push(`${id},${iso(at + (views + 2) * 40_000)},purchase,${amount.toFixed(2)}`);
        }
      }
      if (random() < 0.03) events.push(`${id},${iso(at + (views + 3) * 40_000)},support,`);
    }
  }
}

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'customers.csv'), `${customers.join('\n')}\n`);
writeFileSync(join(out, 'events.csv.gz'), gzipSync(`${events.join('\n')}\n`, { level: 9 }));
console.log(`wrote ${CUSTOMERS} customers and ${events.length - 1} events to ${out}`);
