/**
 * What every workflow's messages share: who acts, why a transition happened, how a refusal
 * travels, and the search attributes the lists of running workflows are filtered by.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** One step in a lifecycle: when, who (HSA-id or "system"), why. */
export type Transition = { at: string; from: string | null; to: string; actor: string; cause: string };

export type Reason = { code: string; message: string };

export type Actor = { hsaId: string; orgNumber: string };

export const RegionKey = defineSearchAttributeKey('Region', SearchAttributeType.KEYWORD);
export const QuarterKey = defineSearchAttributeKey('Quarter', SearchAttributeType.KEYWORD);
export const StateKey = defineSearchAttributeKey('State', SearchAttributeType.KEYWORD);

/** Business refusals travel as non-retryable ApplicationFailures of this type, details [Reason[]]. */
export const REFUSAL = 'MelkerRefusal';
