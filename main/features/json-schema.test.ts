import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { featureTemplateJsonSchema, JSON_SCHEMA_PATH } from '../../shared/features';
import { AGGREGATE_FUNCTIONS, FEATURE_KINDS } from '../../shared/features/template';

const FILE = join(import.meta.dirname, '..', '..', JSON_SCHEMA_PATH);
const rendered = async () => format(JSON.stringify(featureTemplateJsonSchema()), { ...(await resolveConfig(FILE)), parser: 'json' });

describe('the published JSON Schema of the template language', () => {
  it('is exactly what the zod schema generates', async () => {
    // Regenerate after changing shared/features/template.ts: LODE_UPDATE_SCHEMA=1 npx vitest run main/features/json-schema.test.ts
    if (process.env.LODE_UPDATE_SCHEMA === '1') await writeFile(FILE, await rendered());
    const published = JSON.parse(await readFile(FILE, 'utf8')) as unknown;
    expect(published, `${JSON_SCHEMA_PATH} is out of date; regenerate it with LODE_UPDATE_SCHEMA=1`).toEqual(featureTemplateJsonSchema());
  });

  it('offers every feature kind and aggregate function to the editor, with descriptions', () => {
    const schema = featureTemplateJsonSchema() as {
      properties: {
        features: { items: { oneOf: { properties: { kind: { const: string }; function?: { enum: string[] } }; description?: string }[] } };
      };
    };
    const options = schema.properties.features.items.oneOf;
    expect(options.map((o) => o.properties.kind.const)).toEqual([...FEATURE_KINDS]);
    expect(options.every((o) => typeof o.description === 'string')).toBe(true);
    expect(options.find((o) => o.properties.kind.const === 'aggregation')!.properties.function!.enum).toEqual([...AGGREGATE_FUNCTIONS]);
  });
});
