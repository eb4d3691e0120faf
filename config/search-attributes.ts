/**
 * The workflows' custom search attributes in a Temporal namespace. The migrate step creates the
 * missing ones where the operator allows it (MELKER_CREATE_SEARCH_ATTRIBUTES=true); otherwise, and
 * at every worker start, they are only checked, and a missing one stops the process with the
 * command an operator runs to create it.
 */
import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';

const { temporal } = proto;

export const SEARCH_ATTRIBUTES = { Region: 'Keyword', Quarter: 'Keyword', State: 'Keyword' } as const;
export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;

/** A client or native (worker) connection: both expose the operator service. */
type WithOperator = { operatorService: Pick<Connection['operatorService'], 'listSearchAttributes' | 'addSearchAttributes'> };

const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

/** The attributes the namespace lacks, or has with another type (named with the type found). */
export async function searchAttributeProblems(connection: WithOperator, namespace: string): Promise<{ missing: SearchAttributeName[]; wrongType: string[] }> {
  const existing = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  const missing: SearchAttributeName[] = [];
  const wrongType: string[] = [];
  for (const name of Object.keys(SEARCH_ATTRIBUTES) as SearchAttributeName[]) {
    if (!(name in existing)) missing.push(name);
    else if (existing[name] !== KEYWORD) wrongType.push(`${name} (${temporal.api.enums.v1.IndexedValueType[existing[name]!] ?? existing[name]})`);
  }
  return { missing, wrongType };
}

/** Creates the missing attributes; returns those it created. */
export async function createSearchAttributes(connection: WithOperator, namespace: string): Promise<SearchAttributeName[]> {
  const { missing } = await searchAttributeProblems(connection, namespace);
  if (missing.length) {
    await connection.operatorService.addSearchAttributes({
      namespace, searchAttributes: Object.fromEntries(missing.map((name) => [name, KEYWORD])),
    });
  }
  return missing;
}

/** The Swedish problem lines for a namespace that is not ready, with the operator's commands. */
export function searchAttributeMessages(namespace: string, p: { missing: string[]; wrongType: string[] }): string[] {
  const lines: string[] = [];
  if (p.missing.length) {
    lines.push(`Temporal-namnrymden ${namespace} saknar sökattributen ${p.missing.join(', ')}. Skapa dem med ` +
      `${p.missing.map((n) => `temporal operator search-attribute create --namespace ${namespace} --name ${n} --type Keyword`).join(' ; ')}` +
      ' eller kör npm run migrate med MELKER_CREATE_SEARCH_ATTRIBUTES=true.');
  }
  if (p.wrongType.length) lines.push(`Temporal-namnrymden ${namespace} har sökattributen ${p.wrongType.join(', ')} med fel typ: de ska vara Keyword.`);
  return lines;
}
