/**
 * Transitional: the rule maintainer's /regler/stil.css still prepends the console stylesheet
 * until its pages link /static/console.css (helper D2); then this file goes.
 */
import { readFileSync } from 'node:fs';

export const CONSOLE_CSS = readFileSync(new URL('../assets/console.css', import.meta.url), 'utf8');
