/**
 * The message contract between workflows, activities, services and the web tier: a leaf module
 * (only Temporal's define* helpers, @temporalio/common and pure domain/ code), so importing it
 * never loads workflow or activity code.
 */
export * from './common.js';
export * from './config.js';
export * from './examination.js';
export * from './application.js';
export * from './simulation.js';
export * from './feed-import.js';
