import { z } from 'zod';
import { templateSchema } from './template';

/** Where the published schema lives in the repository (for monaco-yaml and other editors). */
export const JSON_SCHEMA_PATH = 'resources/schemas/feature-template.schema.json';

/**
 * The JSON Schema of the template language, generated from the zod schema so the editor's
 * validation, completion and hover text can never drift from what the parser accepts.
 */
export function featureTemplateJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(templateSchema, { target: 'draft-7', unrepresentable: 'throw' });
  return {
    ...schema,
    $id: 'https://lode.dev/schemas/feature-template.schema.json',
    title: 'Lode feature template',
  };
}
