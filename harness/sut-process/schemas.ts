// Validators for the published message schemas (schemas/sut-protocol/*.schema.json): every
// line an SUT writes is checked before the tester believes it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageFile } from '../package-root.ts';
import { formatAjvErrors, newAjv, type ValidateFunction } from '../pics/ajv.ts';

let cache: Map<string, ValidateFunction> | undefined;

function validators(): Map<string, ValidateFunction> {
  if (cache === undefined) {
    const ajv = newAjv({ useDefaults: false, strictRequired: false });
    cache = new Map();
    const dir = packageFile('schemas/sut-protocol');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.schema.json'))) {
      const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as object;
      cache.set(file.replace(/\.schema\.json$/, ''), ajv.compile(schema));
    }
  }
  return cache;
}

/** Problems of `value` as a message `direction.type` (empty when valid). */
export function checkMessage(direction: 'request' | 'response', value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${direction}: must be a JSON object`];
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return [`${direction}.type: is required (a string)`];
  const check = validators().get(`${direction}.${type}`);
  if (check === undefined) return [`${direction}.type: unknown message type ${JSON.stringify(type).slice(0, 40)}`];
  return check(value) ? [] : formatAjvErrors(direction, check.errors);
}
