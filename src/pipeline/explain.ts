// Owns making an explanation from an ExplainConfig: the catalog, detection settings and pseudonym key it names,
// one streaming pass over the inputs that keeps the subject's sign-ins and runs the detections on every counted
// one (explain/collect.ts), a second pass for the rest of a request id's flow, the coverage warnings, the names as
// the run shows them, and the explanation (explain/index.ts); or, when the subject has no sign-in in the inputs,
// why not and the nearest names. The explain command runs it; rendering and writing are its.

import { finishFindings, loadDetectionSettings } from '../analyze/findings/index.js';
import { canonicalUser, identityOf } from '../analyze/dimensions.js';
import { networkOf } from '../ip.js';
import { listOf } from '../analyze/findings/text.js';
import { loadCatalog } from '../catalog/index.js';
import type { ExplainConfig } from '../config/explain.js';
import { warningDiagnostic } from '../diagnostics.js';
import { collectFlow, collectSubject, type Step } from '../explain/collect.js';
import { accountsOf } from '../explain/subject.js';
import { AS_THEY_ARE, buildExplanation, type Explanation, type SubjectKind } from '../explain/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { coverageOf, coverageWarnings } from '../view/coverage.js';
import { keyIdOf, pseudonymMap, shownNames, type PrivacyInfo, type PrivateKind } from '../view/privacy.js';
import { loadPseudonymKey } from '../view/pseudonym-key.js';
import type { ReportContext } from './report.js';
import { count } from '../words.js';

export type ExplainOutcome =
  | { readonly found: true; readonly explanation: Explanation }
  /** What to say on stderr: why nothing was found, and the nearest names or ids. */
  | { readonly found: false; readonly message: string; readonly hint: string };

export async function explainSubject(config: ExplainConfig, context: ReportContext): Promise<ExplainOutcome> {
  const catalog = await loadCatalog(config.catalogFile);
  const detections = config.detections.enabled ? await loadDetectionSettings(config.detections.file) : null;
  const { privacy } = config;
  const key = privacy.keyFile === null ? null : await loadPseudonymKey(privacy.keyFile, true);
  const setupWarnings = [...config.warnings, ...(key?.warnings ?? [])];
  for (const item of setupWarnings) context.diagnose(warningDiagnostic(item));

  const setup = { inputs: config.inputs, ingest: config.ingest, criteria: config.filter, window: config.window, catalog };
  const io = { stdin: context.stdin, cwd: config.cwd };
  const collected = await collectSubject({ ...setup, detections, asked: config.subject }, { ...io, stderr: context.stderr, diagnose: context.diagnose });
  const coverage = coverageOf(collected.ingest.inputs, {
    window: config.window,
    now: config.now,
    types: config.filter.types,
    keepDuplicates: config.ingest.keepDuplicates,
  });
  const ownWarnings = coverageWarnings(coverage);
  for (const item of ownWarnings) context.diagnose(warningDiagnostic(item));

  const kind: SubjectKind | undefined = (['user', 'request', 'correlation'] as const).find((candidate) => collected.steps[candidate].length > 0);
  if (kind === undefined) {
    const asked = JSON.stringify(config.subject.trim());
    const { leftOut, nearest } = collected;
    return {
      found: false,
      message:
        leftOut > 0
          ? `no sign-in of ${asked} in the time window and filters (${leftOut} of its sign-ins ${leftOut === 1 ? 'falls' : 'fall'} outside them)`
          : `no sign-in of ${asked} in the inputs (${count(collected.ingest.rowsRead, 'row')} read)`,
      hint:
        leftOut > 0
          ? 'widen --since/--until or --period, or leave out the filters'
          : nearest.length > 0
            ? `closest in the inputs: ${nearest.join(', ')}`
            : 'check the spelling (a UPN, display name, object id, request id or correlation id), and that the inputs cover the day it happened',
    };
  }

  if (kind === 'user') {
    const accounts = accountsOf(
      collected.steps.user.map((step) => step.signIn),
      config.subject,
    );
    if (accounts.length > 1) {
      return {
        found: false,
        message: `${JSON.stringify(config.subject.trim())} names ${accounts.length} accounts: ${listOf(accounts, 5)}`,
        hint: 'ask for one of them by user principal name or object id: their sign-ins are not one person’s',
      };
    }
  }

  let steps: readonly Step[] = collected.steps[kind];
  let complete = true;
  if (kind === 'request') {
    const correlationId = steps[0]!.signIn.correlationId;
    if (correlationId !== '') {
      // Rows of the flow read before the request's own were not kept: read the inputs again for them, unless
      // they came from standard input, which cannot be read twice.
      if (config.inputs.includes('-')) {
        steps = [...steps, ...collected.steps.flow];
        complete = false;
      } else {
        steps = await collectFlow(setup, correlationId, io);
      }
    }
  }

  const kinds = [...privacy.pseudonymize];
  const map = key === null || kinds.length === 0 ? null : pseudonymMap(key.key, personalValues(steps, detections?.network), kinds, privacy.keepDomain);
  // One set of names for the findings and the rest, so a placeholder stands for the same value everywhere.
  const shownForFindings = shownNames(map, privacy);
  const shown = shownForFindings ?? AS_THEY_ARE;
  const info: PrivacyInfo | null =
    privacy.pseudonymize.length === 0 && privacy.redact.length === 0
      ? null
      : {
          pseudonymized: [...privacy.pseudonymize],
          redacted: [...privacy.redact],
          keepDomain: privacy.keepDomain,
          keyId: key === null ? null : keyIdOf(key.key),
        };
  const findings = collected.findings === null ? null : finishFindings(collected.findings, shownForFindings);
  return {
    found: true,
    explanation: buildExplanation({
      kind,
      asked: config.subject,
      steps,
      findings,
      detections,
      shown,
      tool: { name: TOOL_NAME, version: TOOL_VERSION, catalogVersion: catalog.version },
      generatedAt: config.now,
      window: config.window,
      period: config.period === null ? null : { label: config.period.label, timeZone: config.period.timeZone },
      ingest: collected.ingest,
      accounting: { signIns: collected.counted, outsideWindow: collected.outsideWindow, filteredOut: collected.filteredOut },
      complete,
      privacy: info,
      warnings: [...setupWarnings, ...collected.ingest.warnings, ...ownWarnings],
    }),
  };
}

/** The users, addresses (and their networks) and applications the explanation shows, for pseudonyms made up front. */
function personalValues(
  steps: readonly Step[],
  network: { readonly ipv4PrefixBits: number; readonly ipv6PrefixBits: number } | undefined,
): Record<PrivateKind, string[]> {
  const values: Record<PrivateKind, string[]> = { users: [], apps: [], ips: [] };
  for (const { signIn } of steps) {
    values.users.push(identityOf(signIn), canonicalUser(identityOf(signIn)), signIn.userPrincipalName, signIn.userDisplayName, signIn.userId);
    values.users.push(signIn.servicePrincipalName, signIn.servicePrincipalId);
    values.apps.push(signIn.appName, signIn.appId, signIn.resource);
    if (signIn.ipAddress !== '') {
      values.ips.push(signIn.ipAddress);
      if (network !== undefined) values.ips.push(networkOf(signIn.ipAddress, network.ipv4PrefixBits, network.ipv6PrefixBits));
    }
  }
  for (const kind of Object.keys(values) as PrivateKind[]) values[kind] = values[kind].filter((value) => value !== '');
  return values;
}
