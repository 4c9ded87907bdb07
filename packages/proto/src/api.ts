export * from './gen/kubeling/api/v1/api.js';
