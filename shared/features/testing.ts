import type { SchemaCatalog } from './model';

/** A small workspace schema for validator tests: events, a spine and a user dimension. */
export const CATALOG: SchemaCatalog = {
  tables: {
    'ods.events': [
      { name: 'user_id', type: 'BIGINT' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'event', type: 'VARCHAR' },
      { name: 'amount', type: 'DOUBLE' },
      { name: 'item', type: 'VARCHAR' },
      { name: 'day', type: 'DATE' },
    ],
    'ods.spine': [
      { name: 'user_id', type: 'BIGINT' },
      { name: 'as_of', type: 'TIMESTAMP' },
      { name: 'country', type: 'VARCHAR' },
      { name: 'churned', type: 'BOOLEAN' },
      { name: 'signup_at', type: 'TIMESTAMP' },
      { name: 'age', type: 'INTEGER' },
    ],
    'ods.users': [
      { name: 'id', type: 'BIGINT' },
      { name: 'plan', type: 'VARCHAR' },
    ],
  },
};

/** A template head (entity, spine, sources) to put features under. */
export const HEAD = `name: churn
entity:
  keys: [user_id]
spine:
  table: ods.spine
  time: as_of
sources:
  events:
    table: ods.events
    time: ts
  users:
    table: ods.users
    on: { user_id: id }
`;
