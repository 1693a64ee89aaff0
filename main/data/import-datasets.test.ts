/** Every file of ../shared/datasets imports with the options its quirks call for (see its README). */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReadOptions } from '../../shared/services/data/imports';
import { type Bench, DATASETS, importOk, openBench, scalar } from './import-testing';

// A workspace per test: temp folders are removed after each test.
let bench: Bench;

beforeEach(async () => {
  bench = await openBench();
});

afterEach(async () => {
  await bench.host.close();
});

async function load(file: string, name: string, options: ReadOptions = {}) {
  const result = await importOk(bench, { path: join(DATASETS, file), table: { layer: 'ods', name }, options });
  expect(result.rejected).toBe(0);
  return result.table;
}

const typeOf = (table: { columns: { name: string; type: string }[] }, column: string) => table.columns.find((c) => c.name === column)?.type;
const q = (sql: string) => scalar(bench.workspace, sql);

describe('the shared datasets import with the right options', () => {
  it('bank marketing: `;`-separated and quoted', async () => {
    const full = await load('uci_bank_marketing/bank-full.csv', 'bank_full');
    expect([full.rows, full.columns.length]).toEqual([45211, 17]);
    const additional = await load('uci_bank_marketing/bank-additional-full.csv', 'bank_additional');
    expect([additional.rows, additional.columns.length]).toEqual([41188, 21]);
    const small = await load('uci_bank_marketing/bank.csv', 'bank');
    expect([small.rows, small.columns.length]).toEqual([4521, 17]);
    expect(typeOf(additional, 'emp.var.rate')).toBe('DOUBLE');
    expect(typeOf(additional, 'job')).toBe('VARCHAR');
    expect(await q(`SELECT round(avg(y::INT), 3) FROM ods.bank_additional`)).toBe(0.113);
    expect(await q(`SELECT job FROM ods.bank_full LIMIT 1`)).toBe('management');
  });

  it('adult: `, `-separated with `?` as missing; test labels keep their `.`', async () => {
    const options = { delimiter: ', ', nullStrings: ['?'] };
    const train = await load('uci_adult/adult.data', 'adult', options);
    expect([train.rows, train.columns.length]).toEqual([32561, 15]);
    expect(train.columns.map((c) => c.name).slice(0, 3)).toEqual(['age', 'workclass', 'fnlwgt']);
    expect(typeOf(train, 'age')).toBe('BIGINT');
    expect(await q(`SELECT count(*) - count(workclass) FROM ods.adult`)).toBe('1836');
    expect(await q(`SELECT count(*) - count(native_country) FROM ods.adult`)).toBe('583');
    expect(await q(`SELECT count(*) FROM ods.adult WHERE workclass LIKE ' %' OR workclass = '?'`)).toBe('0');
    expect(await q(`SELECT round(avg((ltgt50k = '>50K')::INT), 3) FROM ods.adult`)).toBe(0.241);
    const test = await load('uci_adult/adult.test', 'adult_test', options);
    expect([test.rows, test.columns.length]).toEqual([16281, 15]);
    expect(await q(`SELECT string_agg(DISTINCT ltgt50k, ' ' ORDER BY ltgt50k) FROM ods.adult_test`)).toBe('<=50K. >50K.');
    expect(await q(`SELECT round(avg((ltgt50k = '>50K.')::INT), 3) FROM ods.adult_test`)).toBe(0.236);
  });

  it('california housing: blank numbers are NULL and the measures are numeric', async () => {
    const housing = await load('california_housing/housing.csv', 'housing');
    expect([housing.rows, housing.columns.length]).toEqual([20640, 10]);
    expect(typeOf(housing, 'total_bedrooms')).toBe('DOUBLE');
    expect(typeOf(housing, 'median_house_value')).toBe('DOUBLE');
    expect(typeOf(housing, 'ocean_proximity')).toBe('VARCHAR');
    expect(await q(`SELECT count(*) - count(total_bedrooms) FROM ods.housing`)).toBe('207');
    expect(await q(`SELECT max(median_house_value) FROM ods.housing`)).toBe(500001);
  });

  it('credit and churn: empty fields are NULL', async () => {
    const credit = await load('modeldata_credit_churn/credit_data.csv', 'credit');
    expect([credit.rows, credit.columns.length]).toEqual([4454, 14]);
    expect(await q(`SELECT count(*) - count(Income) FROM ods.credit`)).toBe('381');
    expect(await q(`SELECT count(*) - count(Home) FROM ods.credit`)).toBe('6');
    expect(await q(`SELECT round(avg((Status = 'bad')::INT), 3) FROM ods.credit`)).toBe(0.282);
    const lending = await load('modeldata_credit_churn/lending_club.csv', 'lending_club');
    expect([lending.rows, lending.columns.length]).toEqual([9857, 23]);
    expect(typeOf(lending, 'int_rate')).toBe('DOUBLE');
    expect(await q(`SELECT round(avg((Class = 'bad')::INT), 3) FROM ods.lending_club`)).toBe(0.052);
  });

  it('titanic: quoted names with commas, missing ages and cabins', async () => {
    const titanic = await load('titanic/train.csv', 'titanic');
    expect([titanic.rows, titanic.columns.length]).toEqual([891, 12]);
    expect(typeOf(titanic, 'Age')).toBe('DOUBLE');
    expect(await q(`SELECT Name FROM ods.titanic WHERE PassengerId = 1`)).toBe('Braund, Mr. Owen Harris');
    expect(await q(`SELECT count(*) - count(Age) FROM ods.titanic`)).toBe('177');
    expect(await q(`SELECT count(*) - count(Cabin) FROM ods.titanic`)).toBe('687');
    expect(await q(`SELECT round(avg(Survived), 3) FROM ods.titanic`)).toBe(0.384);
  });

  it('movielens: ratings with unix-second timestamps, tags and movies', async () => {
    const ratings = await load('movielens_latest_small/ratings.csv', 'ratings');
    expect([ratings.rows, ratings.columns.length]).toEqual([100836, 4]);
    expect(typeOf(ratings, 'timestamp')).toBe('BIGINT');
    expect(typeOf(ratings, 'rating')).toBe('DOUBLE');
    expect(await q(`SELECT year(to_timestamp(min(timestamp))) || '-' || year(to_timestamp(max(timestamp))) FROM ods.ratings`)).toBe(
      '1996-2018',
    );
    expect(await q(`SELECT round(avg((rating >= 4)::INT), 3) FROM ods.ratings`)).toBe(0.482);
    const tags = await load('movielens_latest_small/tags.csv', 'tags');
    expect([tags.rows, tags.columns.length]).toEqual([3683, 4]);
    const movies = await load('movielens_latest_small/movies.csv', 'movies');
    expect([movies.rows, movies.columns.length]).toEqual([9742, 3]);
    // IMDb ids keep their leading zeros.
    const links = await load('movielens_latest_small/links.csv', 'links');
    expect(typeOf(links, 'imdbId')).toBe('VARCHAR');
  });

  it('CTR fixtures: criteo with empty fields, avazu ids beyond BIGINT kept exact as text', async () => {
    const criteo = await load('ctr_tiny_fixtures_deepctr/criteo_sample.txt', 'criteo');
    expect([criteo.rows, criteo.columns.length]).toEqual([200, 40]);
    expect(await q(`SELECT count(*) - count(I1) FROM ods.criteo`)).toBe('90');
    expect(await q(`SELECT count(*) - count(C26) FROM ods.criteo`)).toBe('82');
    expect(await q(`SELECT avg(label) FROM ods.criteo`)).toBe(0.245);
    const avazu = await load('ctr_tiny_fixtures_deepctr/avazu_sample.txt', 'avazu', { types: { id: 'VARCHAR' } });
    expect([avazu.rows, avazu.columns.length]).toEqual([100, 24]);
    expect(await q(`SELECT id FROM ods.avazu LIMIT 1 OFFSET 1`)).toBe('10000169349117863715');
    expect(await q(`SELECT avg(click) FROM ods.avazu`)).toBe(0.2);
    const sample = await load('ctr_tiny_fixtures_deepctr/movielens_sample.txt', 'movielens_sample');
    expect([sample.rows, sample.columns.length]).toEqual([200, 10]);
  });

  it('bike sharing: hourly and daily with dates', async () => {
    const hour = await load('bike_sharing_uci/hour.csv', 'bike_hour');
    expect([hour.rows, hour.columns.length]).toEqual([17379, 17]);
    expect(typeOf(hour, 'dteday')).toBe('DATE');
    expect(typeOf(hour, 'cnt')).toBe('BIGINT');
    const day = await load('bike_sharing_uci/day.csv', 'bike_day');
    expect([day.rows, day.columns.length]).toEqual([731, 16]);
    expect(await q(`SELECT sum(cnt) FROM ods.bike_day`)).toBe(await q(`SELECT sum(cnt) FROM ods.bike_hour`));
  });
});
