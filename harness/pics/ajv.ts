// ajv is CommonJS; under NodeNext its default export is the module object at type level but
// the class at run time (module.exports = Ajv). One place resolves that for every schema user.
import AjvModule from 'ajv';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';

type AjvClass = typeof AjvModule.default;
const Ajv: AjvClass = ((AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass));

export type { ErrorObject, ValidateFunction };

export function newAjv(options: Options = {}): InstanceType<AjvClass> {
  return new Ajv({ allErrors: true, strict: true, useDefaults: true, verbose: true, ...options });
}

/**
 * One line per ajv error that names the field the way a user writes it:
 * `pics.chainLimit: must be integer ≥ 0`, `pics.roles[1]: must be one of MN, SPoS, TPoS`.
 */
export function formatAjvErrors(root: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  const lines = (errors ?? []).map((e) => `${root}${pointerToPath(e.instancePath)}${extraField(e)}: ${message(e)}`);
  return [...new Set(lines)];
}

function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .split('/')
    .slice(1)
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`))
    .join('');
}

function extraField(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `.${String(e.params['additionalProperty'])}`;
  if (e.keyword === 'required') return `.${String(e.params['missingProperty'])}`;
  return '';
}

function message(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return 'is not a known field';
    case 'required':
      return 'is required';
    case 'enum':
      return `must be one of ${(p['allowedValues'] as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p['allowedValue'])}`;
    case 'minimum':
    case 'exclusiveMinimum': {
      const parent = e.parentSchema as { type?: string } | undefined;
      return `must be ${parent?.type ?? 'number'} ${p['comparison'] === '>=' ? '≥' : String(p['comparison'])} ${String(p['limit'])}`;
    }
    case 'maximum':
    case 'exclusiveMaximum': {
      const parent = e.parentSchema as { type?: string } | undefined;
      return `must be ${parent?.type ?? 'number'} ${p['comparison'] === '<=' ? '≤' : String(p['comparison'])} ${String(p['limit'])}`;
    }
    case 'type': {
      const parent = e.parentSchema as { minimum?: number } | undefined;
      if (p['type'] === 'integer' && typeof parent?.minimum === 'number') return `must be integer ≥ ${parent.minimum}`;
      return `must be ${String(p['type'])}`;
    }
    default:
      return e.message ?? e.keyword;
  }
}
