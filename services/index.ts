export * from './result.js';
export * from './examinations.js';
export * from './applications.js';
