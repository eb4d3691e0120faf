/**
 * The layers import each other in one direction only (ARCHITECTURE.md, STYLE.md): the message
 * contract is a leaf, activities never load workflow code, the web tier reaches workflows and
 * activities only through contract/ and services/. Pure: reads the source files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  APPLICATION_WORKFLOW, COVERAGE_RECOMPUTE_WORKFLOW, EXAMINATION_WORKFLOW, FEED_IMPORT_WORKFLOW, RULE_SIMULATION_WORKFLOW,
  type ApplicationWorkflow, type ExaminationWorkflow, type RuleSimulationWorkflow,
} from '../contract/index.js';
import * as workflows from '../workflows/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join(folder, f));
}

type Import = { file: string; from: string; target: string; names: string[]; typeOnly: boolean };

/** Every static, side-effect and dynamic import of a file; `target` is repository-relative for relative imports. */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found: Import[] = [];
  const add = (from: string, clause: string) => {
    const target = from.startsWith('.') ? relative(root, resolve(root, dirname(file), from)) : from;
    const typeOnly = /^\s*type\s/.test(clause);
    const names = (clause.match(/\{([^}]*)\}/)?.[1] ?? '').split(',').map((n) => n.trim()).filter(Boolean);
    found.push({ file, from, target, names, typeOnly });
  };
  for (const m of text.matchAll(/^\s*(?:import|export)\s+([^'";]*?)\s*from\s*'([^']+)'/gms)) add(m[2]!, m[1]!);
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) add(m[1]!, '');
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) add(m[1]!, '');
  return found;
}

const into = (folder: string) => (i: Import) => i.target === folder || i.target.startsWith(`${folder}/`);
const describeImport = (i: Import) => `${i.file}: ${i.from}`;

describe('layering', () => {
  it('keeps activities/ free of workflow code', () => {
    expect(sourceFiles('activities').flatMap(importsOf).filter(into('workflows')).map(describeImport)).toEqual([]);
  });

  it('lets web/ reach workflows and activities only through contract/ and services/', () => {
    const imports = sourceFiles('web').flatMap(importsOf);
    expect(imports.filter((i) => into('workflows')(i) || into('activities')(i)).map(describeImport)).toEqual([]);
  });

  it('lets services/ take nothing from workflows/ but workflow functions to start', () => {
    const bad = sourceFiles('services').flatMap(importsOf).filter(into('workflows'))
      .filter((i) => i.typeOnly || i.names.length === 0 || !i.names.every((n) => /^\w+Workflow$/.test(n)));
    expect(bad.map(describeImport)).toEqual([]);
  });

  it('keeps contract/ a leaf: Temporal define* helpers, @temporalio/common, pure domain/ and itself', () => {
    const bad = sourceFiles('contract').flatMap(importsOf).filter((i) => {
      if (i.target === '@temporalio/common') return false;
      if (i.target === '@temporalio/workflow') return !i.names.every((n) => /^(type\s+)?define\w+$/.test(n));
      return !(into('contract')(i) || into('domain')(i));
    });
    expect(bad.map(describeImport)).toEqual([]);
  });

  it('names the workflow types the clients start by', () => {
    const byName = workflows as unknown as Record<string, unknown>;
    for (const name of [EXAMINATION_WORKFLOW, APPLICATION_WORKFLOW, RULE_SIMULATION_WORKFLOW, FEED_IMPORT_WORKFLOW, COVERAGE_RECOMPUTE_WORKFLOW]) {
      expect(typeof byName[name], name).toBe('function');
    }
    // The contract's signatures are the workflows' own (checked by tsc).
    const signatures: { examinationWorkflow: ExaminationWorkflow; applicationWorkflow: ApplicationWorkflow; ruleSimulationWorkflow: RuleSimulationWorkflow } = workflows;
    expect(Object.keys(signatures)).toEqual(expect.arrayContaining([EXAMINATION_WORKFLOW, APPLICATION_WORKFLOW, RULE_SIMULATION_WORKFLOW]));
  });
});
