/** A workflow's page in the Temporal Web UI (timelines and simulations link to it), or null when no UI is configured. */
export function temporalUiLink(base: string | null | undefined, workflowId: string, runId?: string): string | null {
  if (!base) return null;
  return `${base.replace(/\/+$/, '')}/namespaces/default/workflows/${encodeURIComponent(workflowId)}${runId ? `/${encodeURIComponent(runId)}` : ''}`;
}
