export * from './feed-import.js';
export * from './examination.js';
export * from './application.js';
export * from './simulation.js';
