/**
 * Reading deploy/kubernetes as CI can without a cluster: every YAML document, the JSON schema of
 * its kind (kubernetes-models for Kubernetes' own kinds, @kubernetes-models/keda for KEDA's), a
 * strict check that no field is one the kind does not have (the TypeScript compiler's
 * excess-property check over the same models' types: what kubeconform's -strict adds to its
 * schemas), and kustomize's JSON patches, applied as kustomize applies them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

export const REPO = path.resolve(__dirname, '../..');
export const DEPLOY = path.join(REPO, 'deploy/kubernetes');

type ModelClass = new (data: never) => { validate(): void };
const kind = (Model: ModelClass, module: string, type: string) => ({
  validate: (doc: unknown) => new Model(doc as never).validate(),
  module,
  type,
});

/** Each kind we ship: its model (schema) and the module and interface of its type (strict check). */
const KINDS: Record<string, { validate(doc: unknown): void; module: string; type: string }> = {
  'v1/ConfigMap': kind(ConfigMap, 'kubernetes-models/v1/ConfigMap', 'IConfigMap'),
  'v1/Secret': kind(Secret, 'kubernetes-models/v1/Secret', 'ISecret'),
  'v1/Service': kind(Service, 'kubernetes-models/v1/Service', 'IService'),
  'apps/v1/Deployment': kind(Deployment, 'kubernetes-models/apps/v1/Deployment', 'IDeployment'),
  'policy/v1/PodDisruptionBudget': kind(PodDisruptionBudget, 'kubernetes-models/policy/v1/PodDisruptionBudget', 'IPodDisruptionBudget'),
  'autoscaling/v2/HorizontalPodAutoscaler': kind(
    HorizontalPodAutoscaler,
    'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    'IHorizontalPodAutoscaler',
  ),
  'keda.sh/v1alpha1/ScaledObject': kind(ScaledObject, '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject', 'IScaledObject'),
  'keda.sh/v1alpha1/TriggerAuthentication': kind(
    TriggerAuthentication,
    '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication',
    'ITriggerAuthentication',
  ),
};

export interface Manifest {
  /** File (from deploy/kubernetes) and document number, for messages. */
  where: string;
  file: string;
  doc: any;
}

/** Every .yaml file under deploy/kubernetes, relative to it. */
export function yamlFiles(): string[] {
  return readdirSync(DEPLOY, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

/** The documents of a file; a YAML error (a duplicate key, a bad indent) throws, naming the file. */
export function documentsOf(file: string): Manifest[] {
  const docs = parseAllDocuments(readFileSync(path.join(DEPLOY, file), 'utf8'));
  if (!Array.isArray(docs)) throw new Error(`${file}: no documents`);
  return docs.map((d, i) => {
    if (d.errors.length) throw new Error(`${file}, document ${i + 1}: ${d.errors.map((e) => e.message).join('; ')}`);
    return { where: `${file}#${i + 1}`, file, doc: d.toJS() };
  });
}

export const kindOf = (doc: { apiVersion?: string; kind?: string }) => `${doc.apiVersion}/${doc.kind}`;

/** The schema's complaint about a document, or undefined; a kind we have no schema for is a complaint too. */
export function schemaError(m: Manifest): string | undefined {
  const kind = KINDS[kindOf(m.doc)];
  if (!kind) return `${m.where}: no schema for ${kindOf(m.doc)}`;
  try {
    kind.validate(m.doc);
    return undefined;
  } catch (err) {
    return `${m.where}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * Fields the kinds do not have, and values of the wrong type, found by type-checking each document
 * as an object literal of its model's interface. One program for all of them (a few seconds).
 */
export function strictErrors(manifests: Manifest[]): string[] {
  const known = manifests.filter((m) => KINDS[kindOf(m.doc)]);
  const file = path.join(REPO, 'test/deploy/__manifests__.ts');
  const source = known
    .map((m, i) => {
      const kind = KINDS[kindOf(m.doc)] as { module: string; type: string };
      return `import type { ${kind.type} as T${i} } from '${kind.module}';\nexport const d${i}: T${i} = ${JSON.stringify(m.doc)};`;
    })
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: [],
  };
  const disk = ts.createCompilerHost(options);
  const host: ts.CompilerHost = {
    ...disk,
    getSourceFile: (name, version, ...rest) => (name === file ? ts.createSourceFile(name, source, version) : disk.getSourceFile(name, version, ...rest)),
    fileExists: (name) => name === file || disk.fileExists(name),
    readFile: (name) => (name === file ? source : disk.readFile(name)),
  };
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const where = d.file?.fileName === file ? (known[Math.floor(line / 2)]?.where ?? '?') : (d.file?.fileName ?? 'compiler');
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** A kustomize JSON 6902 patch's `add` operations applied to a copy of `doc` (the only op we use). */
export function applyJsonPatch(doc: unknown, ops: { op: string; path: string; value: unknown }[]): any {
  const copy = structuredClone(doc) as any;
  for (const op of ops) {
    if (op.op !== 'add') throw new Error(`unexpected patch op ${op.op}`);
    const keys = op.path
      .split('/')
      .slice(1)
      .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop() as string;
    const parent = keys.reduce((node, key) => {
      if (node?.[key] === undefined) throw new Error(`${op.path}: nothing at ${key}`);
      return node[key];
    }, copy);
    parent[last] = op.value;
  }
  return copy;
}

/** A Kubernetes quantity in bytes (memory: Mi, Gi, M, G) or cores (cpu: "1", 250m). */
export function quantity(q: string | number): number {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|k|M|G)?$/.exec(String(q));
  if (!m) throw new Error(`not a quantity this test reads: ${q}`);
  const unit = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, k: 1e3, M: 1e6, G: 1e9 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}
