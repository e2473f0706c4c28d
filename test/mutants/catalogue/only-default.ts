// The `only` mark of a mutant the standard run's fixed world never reaches (catalogue.ts Mutant).
export const onlyDefault = (why: string) => ({ check: 'default-check', why }) as const;
